// The projects open in the window (several can be dropped at once) and which one is shown.
import { useCallback, useReducer } from "react";
import { api, errorMessage, isCommandError, type ProjectSummary } from "../api";
import type { Problem } from "../bindings/Problem";

/** A project the window shows: being read, loaded, or refused with its problems. */
export type OpenedProject =
  | { kind: "opening"; path: string }
  | { kind: "loaded"; path: string; summary: ProjectSummary }
  | { kind: "failed"; path: string; message: string; problems: Problem[] };

export interface ProjectsState {
  open: OpenedProject[];
  selected: string | null;
}

type Action =
  | { type: "opening"; path: string; select: boolean }
  | { type: "settled"; project: OpenedProject }
  | { type: "select"; path: string }
  | { type: "close"; path: string };

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

export function useProjects() {
  const [state, dispatch] = useReducer(reduceProjects, { open: [], selected: null });

  /** Opens (or re-reads) each path; the last one is shown. Resolves once every one is read. */
  const openProjects = useCallback((paths: string[]) => {
    const reads = paths.map((path, i) => {
      dispatch({ type: "opening", path, select: i === paths.length - 1 });
      return api.openProject(path).then(
        // The back end answers with the canonical path; the tab keeps the one it was opened by.
        (summary) => dispatch({ type: "settled", project: { kind: "loaded", path, summary } }),
        (e) =>
          dispatch({
            type: "settled",
            project: { kind: "failed", path, message: errorMessage(e), problems: isCommandError(e) ? e.problems : [] },
          }),
      );
    });
    return Promise.all(reads).then(() => undefined);
  }, []);

  const current = state.open.find((p) => p.path === state.selected) ?? null;
  return {
    ...state,
    current,
    openProjects,
    select: (path: string) => dispatch({ type: "select", path }),
    close: (path: string) => {
      // A project closed while it is read stops being read (its narrations being spoken).
      if (state.open.some((p) => p.path === path && p.kind === "opening")) void api.cancelOpen(path);
      dispatch({ type: "close", path });
    },
  };
}
