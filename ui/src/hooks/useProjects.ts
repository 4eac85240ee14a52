// The projects open in the window (several can be dropped at once), which one is shown, and the
// editing of each: every change goes to the back end's document as a step, and its answer (an
// EditorView) replaces what the tab shows.
import { useCallback, useReducer, useRef } from "react";
import { api, errorMessage, isCommandError, type EditorView, type ProjectSummary } from "../api";
import type { DeckUpdated } from "../bindings/DeckUpdated";
import type { Change } from "../bindings/Change";
import type { Problem } from "../bindings/Problem";

/** A project the window shows: being read, loaded (open for editing), or refused. */
export type OpenedProject =
  | { kind: "opening"; path: string }
  | {
      kind: "loaded";
      path: string;
      view: EditorView;
      /** The last summary the project had: kept while its JSON cannot be read as a project. */
      summary: ProjectSummary;
    }
  | { kind: "failed"; path: string; message: string; problems: Problem[] };

export interface ProjectsState {
  open: OpenedProject[];
  selected: string | null;
}

type Action =
  | { type: "opening"; path: string; select: boolean }
  | { type: "settled"; project: OpenedProject }
  | { type: "view"; path: string; view: EditorView }
  | { type: "renamed"; path: string; view: EditorView }
  | { type: "select"; path: string }
  | { type: "close"; path: string };

/** The tab's project with a newer view (an older answer that crossed a newer one is dropped). */
function withView(p: OpenedProject, view: EditorView): OpenedProject {
  if (p.kind === "loaded") {
    if (view.revision < p.view.revision) return p;
    return { ...p, view, summary: view.summary ?? p.summary };
  }
  if (!view.summary) return p;
  return { kind: "loaded", path: p.path, view, summary: view.summary };
}

export function reduceProjects(state: ProjectsState, action: Action): ProjectsState {
  switch (action.type) {
    case "opening": {
      const exists = state.open.some((p) => p.path === action.path);
      // A project opened again keeps its place and what it showed until the new reading arrives.
      const open = exists ? state.open : [...state.open, { kind: "opening" as const, path: action.path }];
      return { open, selected: action.select || !state.selected ? action.path : state.selected };
    }
    case "settled": {
      // Closed while it was being read: stays closed.
      if (!state.open.some((p) => p.path === action.project.path)) return state;
      return { ...state, open: state.open.map((p) => (p.path === action.project.path ? action.project : p)) };
    }
    case "view":
      return {
        ...state,
        open: state.open.map((p) => (p.path === action.path || (p.kind === "loaded" && p.view.path === action.path) ? withView(p, action.view) : p)),
      };
    case "renamed": {
      // Saved as another file: the tab shows that file now.
      const open = state.open.map((p): OpenedProject =>
        p.path === action.path && action.view.summary
          ? { kind: "loaded", path: action.view.path, view: action.view, summary: action.view.summary }
          : p,
      );
      return { open, selected: state.selected === action.path ? action.view.path : state.selected };
    }
    case "select":
      return { ...state, selected: action.path };
    case "close": {
      const i = state.open.findIndex((p) => p.path === action.path);
      if (i < 0) return state;
      const open = state.open.filter((p) => p.path !== action.path);
      const selected =
        state.selected === action.path ? (open[Math.min(i, open.length - 1)]?.path ?? null) : state.selected;
      return { open, selected };
    }
  }
}

/**
 * Applies what is typed in the field that has the focus (fields apply when left): Ctrl+S,
 * Export or closing while typing keep what was typed. The field's handler runs on blur, then
 * its step is queued before whatever comes next.
 */
export async function applyFieldBeingEdited(): Promise<void> {
  const active = document.activeElement;
  if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) {
    active.blur();
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** Whether a tab has changes not saved yet. */
export function isDirty(p: OpenedProject): boolean {
  return p.kind === "loaded" && p.view.outcome.dirty;
}

export function useProjects(onError: (message: string, kind: string | null) => void) {
  const [state, dispatch] = useReducer(reduceProjects, { open: [], selected: null });
  const errorRef = useRef(onError);
  errorRef.current = onError;

  const settle = useCallback((path: string, view: EditorView) => {
    if (view.summary) dispatch({ type: "settled", project: { kind: "loaded", path, view, summary: view.summary } });
    else
      dispatch({
        type: "settled",
        project: { kind: "failed", path, message: view.problems[0]?.message ?? "", problems: view.problems },
      });
  }, []);

  /** Opens (or re-reads) each path; the last one is shown. Resolves once every one is read. */
  const openProjects = useCallback(
    (paths: string[]) => {
      const reads = paths.map((path, i) => {
        dispatch({ type: "opening", path, select: i === paths.length - 1 });
        return api.openProject(path).then(
          (view) => settle(path, view),
          (e) =>
            dispatch({
              type: "settled",
              project: { kind: "failed", path, message: errorMessage(e), problems: isCommandError(e) ? e.problems : [] },
            }),
        );
      });
      return Promise.all(reads).then(() => undefined);
    },
    [settle],
  );

  // Steps run one after another, in the order they were asked: a Save asked while a field's
  // change is on its way saves that change too.
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  /** Runs one step of a tab's document; its answer becomes what the tab shows. */
  const run = useCallback((path: string, step: () => Promise<EditorView>): Promise<EditorView | null> => {
    const next = chain.current.then(async () => {
      try {
        const view = await step();
        dispatch({ type: "view", path, view });
        return view;
      } catch (e) {
        errorRef.current(errorMessage(e), isCommandError(e) ? e.kind : null);
        return null;
      }
    });
    chain.current = next;
    return next;
  }, []);

  const current = state.open.find((p) => p.path === state.selected) ?? null;
  const viewPath = (path: string) => {
    const p = state.open.find((o) => o.path === path);
    return p?.kind === "loaded" ? p.view.path : path;
  };
  return {
    ...state,
    current,
    openProjects,
    /** A project recovered after a crash, opened with its unsaved changes. */
    adopt: (view: EditorView) => {
      dispatch({ type: "opening", path: view.path, select: true });
      settle(view.path, view);
    },
    edit: (path: string, change: Change) => run(path, () => api.editProject(viewPath(path), change)),
    /** A new version of the project's deck merged in, as one step of its history: the report,
     * or null when it did not happen (the error is said). */
    updateFromDeck: async (path: string, deck: string): Promise<DeckUpdated | null> => {
      const got: { report: DeckUpdated | null } = { report: null };
      await run(path, async () => {
        got.report = await api.updateFromDeck(viewPath(path), deck);
        return got.report.view;
      });
      return got.report;
    },
    undo: (path: string) => run(path, () => api.undoProject(viewPath(path))),
    redo: (path: string) => run(path, () => api.redoProject(viewPath(path))),
    /** Saves, after the change of the field being edited (if any) is applied. */
    save: async (path: string, over = false) => {
      await applyFieldBeingEdited();
      return run(path, () => api.saveProject(viewPath(path), over));
    },
    reload: (path: string) => run(path, () => api.reloadProject(viewPath(path))),
    saveAs: async (path: string, to: string) => {
      await applyFieldBeingEdited();
      await chain.current;
      try {
        const view = await api.saveProjectAs(viewPath(path), to);
        dispatch({ type: "renamed", path, view });
        return view;
      } catch (e) {
        errorRef.current(errorMessage(e), isCommandError(e) ? e.kind : null);
        return null;
      }
    },
    /** Waits for every step asked so far (the field being edited applied first). */
    settled: async () => {
      await applyFieldBeingEdited();
      await chain.current;
    },
    /** A view the back end sent by itself (the file reloaded after another program changed it). */
    showView: (view: EditorView) => dispatch({ type: "view", path: view.path, view }),
    select: (path: string) => dispatch({ type: "select", path }),
    /** Closes a tab (the window asked about unsaved changes first). */
    close: (path: string) => {
      // A project closed while it is read stops being read (its narrations being spoken).
      if (state.open.some((p) => p.path === path && p.kind === "opening")) void api.cancelOpen(path);
      void api.closeProject(viewPath(path)).catch(() => undefined);
      dispatch({ type: "close", path });
    },
  };
}
