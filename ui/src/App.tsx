import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { open, save as saveDialog } from "@tauri-apps/plugin-dialog";
import {
  api,
  errorMessage,
  events,
  isCommandError,
  type AppInfo,
  type Prefs,
  type Recoverable,
  type TransitionKind,
  type VoiceChoice,
} from "./api";
import { ExportDialog } from "./components/ExportDialog";
import { ProjectPanel } from "./components/ProjectPanel";
import { ProjectTabs } from "./components/ProjectTabs";
import { QueuePanel } from "./components/QueuePanel";
import { QuitDialog } from "./components/QuitDialog";
import { UnsavedDialog } from "./components/UnsavedDialog";
import { UpdateReport } from "./components/UpdateReport";
import type { DeckUpdated } from "./bindings/DeckUpdated";
import { SettingsDialog } from "./components/SettingsDialog";
import { fileName, planDrop } from "./files";
import { useJobNotifications, useWindowProgress } from "./hooks/useDesktopSignals";
import { isDirty, useProjects, type OpenedProject } from "./hooks/useProjects";
import { setQueueClockOffset } from "./hooks/useNow";
import { useQueue } from "./hooks/useQueue";
import { useShortcuts } from "./hooks/useShortcuts";
import { formatWhen, t } from "./i18n";

/** An engine's message as a sentence of its own: a capital first letter and a full stop. */
function sentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [prefs, setPrefs] = useState<Prefs | null>(null);
  const [dragging, setDragging] = useState(false);
  const [dialog, setDialog] = useState<"export" | "settings" | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  // Decks being imported: their path and how far each is, in the engine's words.
  const [imports, setImports] = useState<Map<string, string>>(new Map());
  /** A deck dropped on a project imported from a deck: update it, or import a new project? */
  const [deckChoice, setDeckChoice] = useState<{ deck: string; project: string } | null>(null);
  const [updateReport, setUpdateReport] = useState<{ path: string; deck: string; report: DeckUpdated } | null>(null);
  // Renders of this process a close would stop, while the person is asked (0: not asking).
  const [quitAsked, setQuitAsked] = useState(0);
  const quitting = useRef(false);
  // The person answered the unsaved-changes question of this close (saved or discarded).
  const unsavedAnswered = useRef(false);
  // Another program changed a project that has unsaved changes here: the person chooses.
  const [conflict, setConflict] = useState<{ path: string; message: string } | null>(null);
  // Unsaved changes a previous run left (a crash, a kill), offered back.
  const [recoverable, setRecoverable] = useState<Recoverable[]>([]);
  // Tabs (or the whole window: `null`) waiting on the unsaved-changes question.
  const [closing, setClosing] = useState<{ paths: string[]; window: boolean } | null>(null);
  const [voices, setVoices] = useState<VoiceChoice[]>([]);
  const [transitions, setTransitions] = useState<TransitionKind[]>([]);
  const projects = useProjects((message, kind) => {
    if (kind === "changed_on_disk" && selectedRef.current) setConflict({ path: selectedRef.current, message });
    else setNotice({ text: message, error: true });
  });
  const { openProjects } = projects;
  const selectedRef = useRef<string | null>(null);
  selectedRef.current = projects.selected;
  const projectsRef = useRef(projects);
  projectsRef.current = projects;
  const queue = useQueue();
  useWindowProgress(queue);
  useJobNotifications(prefs?.notifications ?? true);

  // The recent list changes whenever a project opens: read it again then.
  const refreshPrefs = useCallback(() => {
    api.prefs().then(setPrefs, () => undefined);
  }, []);
  const openAndRemember = useCallback(
    (paths: string[]) => {
      setNotice(null);
      // Opening a project puts it in the recent list: read the list back once they are open.
      void openProjects(paths).then(refreshPrefs);
    },
    [openProjects, refreshPrefs],
  );

  useEffect(() => {
    api.appInfo().then((i) => {
      setQueueClockOffset(i.queue_clock_offset_ms);
      setInfo(i);
      if (i.open_at_start.length > 0) openAndRemember(i.open_at_start);
      else if (i.sample_project) void openProjects([i.sample_project]);
    });
    refreshPrefs();
    api.recoverableProjects().then(setRecoverable, () => undefined);
    api.listVoices().then(setVoices, () => undefined);
    api.transitionKinds().then(setTransitions, () => undefined);
  }, [openProjects, openAndRemember, refreshPrefs]);

  // Another program changed an open project's file: a clean one was reloaded (one undo away), a
  // dirty one asks.
  useEffect(() => {
    let disposed = false;
    let unlisten: (() => void) | undefined;
    events
      .onProjectOutside((c) => {
        if (c.kind === "reloaded" && c.view) {
          projectsRef.current.showView(c.view);
          setNotice({ text: t.reloadedFromDisk(fileName(c.path)), error: false });
        } else if (c.kind === "conflict") {
          const tab = projectsRef.current.open.find((p) => p.path === c.path || (p.kind === "loaded" && p.view.path === c.path));
          setConflict({ path: tab?.path ?? c.path, message: c.message });
        } else setNotice({ text: c.message, error: true });
      })
      .then((un) => (disposed ? un() : (unlisten = un)));
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, []);

  useEffect(() => {
    let disposed = false;
    let unlisten: (() => void) | undefined;
    events
      .onImportProgress((p) => setImports((m) => (m.has(p.deck) ? new Map(m).set(p.deck, p.text) : m)))
      .then((un) => (disposed ? un() : (unlisten = un)));
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, []);

  // Each deck becomes a project beside it, opened once made; what it could not keep is said.
  const importDecks = useCallback(
    async (decks: string[]) => {
      for (const deck of decks) {
        setImports((m) => new Map(m).set(deck, ""));
        try {
          const made = await api.importDeck(deck);
          openAndRemember([made.path]);
          // One sentence a line: what was kept last, after what could not be.
          setNotice({ text: made.notes.map(sentence).join("\n"), error: false });
        } catch (e) {
          const canceled = isCommandError(e) && e.kind === "canceled";
          setNotice({ text: canceled ? t.importCanceled : errorMessage(e), error: !canceled });
        } finally {
          setImports((m) => {
            const next = new Map(m);
            next.delete(deck);
            return next;
          });
        }
      }
    },
    [openAndRemember],
  );

  // A new version of the open project's deck, merged in as one step of its history.
  const updateFromDeck = useCallback(async (project: string, deck: string) => {
    setImports((m) => new Map(m).set(deck, ""));
    try {
      const report = await projectsRef.current.updateFromDeck(project, deck);
      if (report) setUpdateReport({ path: project, deck, report });
    } finally {
      setImports((m) => {
        const next = new Map(m);
        next.delete(deck);
        return next;
      });
    }
  }, []);

  const drop = useCallback(
    async (paths: string[], position?: { x: number; y: number }) => {
      // Before the engine has said what it takes (a moment at start), nothing is taken.
      const plan = info ? planDrop(paths, info.file_kinds) : ({ kind: "nothing" } as const);
      // Pictures dropped on a scene of the open project: on its picture, they replace its
      // background; elsewhere on it, they come in as new scenes before or after it.
      const target = plan.kind === "slideshow" ? sceneAt(position) : null;
      const tab = projectsRef.current.current;
      if (target && info && tab?.kind === "loaded" && !tab.view.read_only) {
        const images = paths.filter((p) => info.file_kinds.image.includes(p.split(".").pop()?.toLowerCase() ?? ""));
        if (images.length > 0) {
          if (target.onPicture) {
            void projectsRef.current.edit(tab.path, { change: "background", scenes: [target.scene], background: { image: images[0]! } });
          } else {
            void projectsRef.current.edit(tab.path, {
              change: "insert_pictures",
              at: target.scene + (target.after ? 1 : 0),
              pictures: images,
            });
          }
          return;
        }
      }
      // One deck on a project imported from a deck: perhaps its new version.
      if (plan.kind === "import" && plan.decks.length === 1 && tab?.kind === "loaded" && !tab.view.read_only && hasDeck(tab.view.doc)) {
        setDeckChoice({ deck: plan.decks[0]!, project: tab.path });
        return;
      }
      if (plan.kind === "open") openAndRemember(plan.projects);
      else if (plan.kind === "import") void importDecks(plan.decks);
      else if (plan.kind === "slideshow") {
        try {
          const made = await api.createSlideshow(plan.files);
          openAndRemember([made.path]);
          setNotice({
            text:
              `${t.slideshowMade} ${fileName(made.path)}` +
              (made.unused.length > 0 ? ` ${t.slideshowUnused} ${made.unused.map(fileName).join(", ")}` : ""),
            error: false,
          });
        } catch (e) {
          setNotice({ text: errorMessage(e), error: true });
        }
      } else setNotice({ text: t.dropNothing, error: true });
    },
    [openAndRemember, importDecks, info],
  );

  useEffect(() => {
    let disposed = false;
    let unlisten: (() => void) | undefined;
    getCurrentWebview()
      .onDragDropEvent((e) => {
        const p = e.payload;
        if (p.type === "enter" || p.type === "over") setDragging(true);
        else if (p.type === "leave") setDragging(false);
        else if (p.type === "drop") {
          setDragging(false);
          void drop(p.paths, p.position);
        }
      })
      .then((un) => (disposed ? un() : (unlisten = un)));
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, [drop]);

  // Closing the window (or Ctrl+Q) while this process renders asks first: those renders stop
  // and resume at the next start.
  useEffect(() => {
    let disposed = false;
    let unlisten: (() => void) | undefined;
    getCurrentWindow()
      .onCloseRequested(async (event) => {
        if (quitting.current) return;
        const dirty = projectsRef.current.open.filter(isDirty).map((p) => p.path);
        if (dirty.length > 0 && !unsavedAnswered.current) {
          event.preventDefault();
          setClosing({ paths: dirty, window: true });
          return;
        }
        const renders = await api.rendersHere().catch(() => 0);
        if (renders > 0) {
          event.preventDefault();
          setQuitAsked(renders);
        }
      })
      .then((un) => (disposed ? un() : (unlisten = un)));
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, []);
  const quitAnyway = () => {
    quitting.current = true;
    void getCurrentWindow().destroy();
  };

  // Projects open; slide decks chosen here are imported, as when dropped.
  const chooseProjects = async () => {
    const kinds = info?.file_kinds;
    const picked = await open({
      multiple: true,
      directory: false,
      filters: [{ name: "Estúdio", extensions: [...(kinds?.project ?? ["estudio", "json"]), ...(kinds?.deck ?? [])] }],
    });
    const paths = Array.isArray(picked) ? picked : typeof picked === "string" ? [picked] : [];
    if (paths.length > 0) void drop(paths);
  };

  const current = projects.current;
  const loaded = current?.kind === "loaded" ? current.summary : null;
  const currentView = current?.kind === "loaded" ? current.view : null;
  const canExport = !!loaded && !!currentView && currentView.problems.length === 0 && !info?.ffmpeg_error;

  /** Export and Preview render the file: unsaved changes are saved first. */
  const savedFirst = async (): Promise<boolean> => {
    if (!current || !currentView || currentView.read_only) return true;
    // Saving a document without changes writes nothing.
    return (await projects.save(current.path)) !== null;
  };

  // A project imported from a deck takes a new version of it.
  const chooseDeckUpdate = async () => {
    if (!current || !currentView || currentView.read_only) return;
    const picked = await open({ multiple: false, directory: false, filters: [{ name: t.updateFromDeck, extensions: info?.file_kinds.deck ?? [] }] });
    if (typeof picked === "string") void updateFromDeck(current.path, picked);
  };

  const undo = () => current && currentView && !currentView.read_only && void projects.undo(current.path);
  const redo = () => current && currentView && !currentView.read_only && void projects.redo(current.path);
  // The field being typed in counts: the document may become dirty only as it is applied.
  const saveCurrent = () => current && currentView && !currentView.read_only && void projects.save(current.path);
  const saveCurrentAs = async () => {
    if (!current || !currentView) return;
    const to = await saveDialog({
      defaultPath: currentView.path,
      filters: [{ name: "Estúdio", extensions: info?.file_kinds.project ?? ["estudio"] }],
    });
    if (typeof to === "string") await projects.saveAs(current.path, to);
  };

  const tabTitle = (path: string) => {
    const p = projects.open.find((o) => o.path === path);
    return p?.kind === "loaded" ? p.summary.title : fileName(path);
  };
  const closeTab = async (path: string) => {
    // What was being typed counts as a change: applied, then the tab's state read again.
    await projects.settled();
    await new Promise((r) => setTimeout(r, 20));
    const p = projectsRef.current.open.find((o) => o.path === path);
    if (p && isDirty(p)) setClosing({ paths: [path], window: false });
    else projectsRef.current.close(path);
  };
  const finishClosing = async (save: boolean) => {
    if (!closing) return;
    const { paths, window } = closing;
    setClosing(null);
    for (const path of paths) {
      // A save that fails (the file changed meanwhile, a full disk) keeps its tab open.
      if (save && (await projects.save(path)) === null) return;
      if (!window) projects.close(path);
    }
    if (window) {
      // Discarded changes are dropped for good, not offered back at the next start.
      if (!save) await Promise.all(paths.map((p) => api.closeProject(viewPathOf(projects.open, p)).catch(() => undefined)));
      unsavedAnswered.current = true;
      // Asked again only if this close is stopped (renders running, and the person stays).
      void getCurrentWindow()
        .close()
        .finally(() => (unsavedAnswered.current = false));
    }
  };

  // The project's latest preview job, found in the queue (so it survives a restart too).
  const previewJob = useMemo(() => {
    if (!loaded) return null;
    let latest = null;
    for (const j of queue.jobs.values()) {
      if (j.preset === "preview" && j.project_path === loaded.path && (!latest || j.created_at > latest.created_at)) latest = j;
    }
    return latest;
  }, [queue.jobs, loaded]);

  const preview = async () => {
    if (!loaded || !canExport) return;
    if (!(await savedFirst())) return;
    try {
      await api.previewProject(loaded.path);
    } catch (e) {
      setNotice({ text: errorMessage(e), error: true });
    }
  };

  const exportNow = async () => {
    if (canExport && (await savedFirst())) setDialog("export");
  };

  useShortcuts({
    open: () => void chooseProjects(),
    export: () => void exportNow(),
    undo,
    redo,
    save: saveCurrent,
    saveAs: () => void saveCurrentAs(),
    preview: () => void preview(),
    settings: () => queue.settings && prefs && setDialog("settings"),
    quit: () => void getCurrentWindow().close(),
  });

  return (
    <div className={`app ${dragging ? "dragging" : ""}`}>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            ▶
          </span>
          <div>
            <h1>Estúdio</h1>
            <p className="muted">{t.appSubtitle}</p>
          </div>
        </div>
        <div className="row">
          <button onClick={chooseProjects} data-testid="open-project" title="Ctrl+O">
            {t.open}
          </button>
          {prefs && prefs.recent.length > 0 && (
            <select
              className="recent-menu"
              value=""
              aria-label={t.recent}
              onChange={(e) => e.target.value && openAndRemember([e.target.value])}
              data-testid="recent-menu"
            >
              <option value="">{t.recent}…</option>
              {prefs.recent.map((path) => (
                <option key={path} value={path} title={path}>
                  {fileName(path)}
                </option>
              ))}
            </select>
          )}
          {current && currentView && !currentView.read_only && hasDeck(currentView.doc) && (
            <button onClick={() => void chooseDeckUpdate()} title={t.updateFromDeckHint} data-testid="update-from-deck">
              {t.updateFromDeck}
            </button>
          )}
          <button
            onClick={() => setDialog("settings")}
            disabled={!queue.settings || !prefs}
            data-testid="settings"
            title="Ctrl+,"
          >
            {t.settings}
          </button>
        </div>
      </header>
      {info?.ffmpeg_error && (
        <div className="banner error" role="alert" data-testid="ffmpeg-missing">
          {t.ffmpegMissing} {info.ffmpeg_error}
        </div>
      )}
      {info?.queue_notice && (
        <div className="banner error" role="alert" data-testid="queue-notice">
          {info.queue_notice}
        </div>
      )}
      {[...imports].map(([deck, text]) => (
        <div className="banner info" role="status" data-testid="import" key={deck}>
          <span>
            {t.importing} {fileName(deck)}
            {text ? `: ${text}` : "…"}
          </span>
          <button onClick={() => void api.cancelImport(deck)} data-testid="import-cancel">
            {t.cancel}
          </button>
        </div>
      ))}
      {deckChoice && (
        <div className="banner info" role="alert" data-testid="deck-choice">
          <span>{t.deckDropChoice(fileName(deckChoice.deck), fileName(deckChoice.project))}</span>
          <div className="row">
            <button
              className="primary"
              onClick={() => {
                void updateFromDeck(deckChoice.project, deckChoice.deck);
                setDeckChoice(null);
              }}
              autoFocus
              data-testid="deck-update"
            >
              {t.deckUpdate}
            </button>
            <button
              onClick={() => {
                void importDecks([deckChoice.deck]);
                setDeckChoice(null);
              }}
              data-testid="deck-new"
            >
              {t.deckNewProject}
            </button>
            <button onClick={() => setDeckChoice(null)} data-testid="deck-choice-cancel">
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {recoverable.map((r) => (
        <div className="banner info" role="status" data-testid="recover" key={r.id}>
          <span>
            {t.recoverAsk(fileName(r.path), r.changes)}
            {r.when_ms !== null && ` (${formatWhen(r.when_ms)})`} {r.changed_on_disk ? t.recoverChangedOnDisk : ""}
          </span>
          <div className="row">
            <button
              className="primary"
              onClick={async () => {
                try {
                  projects.adopt(await api.recoverProject(r.id));
                  setRecoverable((list) => list.filter((x) => x.id !== r.id));
                } catch (e) {
                  setNotice({ text: errorMessage(e), error: true });
                }
              }}
              data-testid="recover-restore"
            >
              {t.recoverIt}
            </button>
            <button
              onClick={() => {
                setRecoverable((list) => list.filter((x) => x.id !== r.id));
                void api.discardRecovery(r.id);
              }}
              data-testid="recover-discard"
            >
              {t.discard}
            </button>
          </div>
        </div>
      ))}
      {conflict && (
        <div className="banner error" role="alert" data-testid="conflict">
          <span>{conflict.message}</span>
          <div className="row">
            <button
              onClick={() => {
                void projects.reload(conflict.path);
                setConflict(null);
              }}
              data-testid="conflict-reload"
            >
              {t.reloadFromDisk}
            </button>
            <button
              onClick={() => {
                void projects.save(conflict.path, true);
                setConflict(null);
              }}
              data-testid="conflict-keep"
            >
              {t.keepMine}
            </button>
          </div>
        </div>
      )}
      {notice && (
        <div className={`banner ${notice.error ? "error" : "info"}`} role="status" data-testid="notice">
          <span>{notice.text}</span>
          <button className="quiet" onClick={() => setNotice(null)} aria-label={t.close}>
            ×
          </button>
        </div>
      )}
      {updateReport && (
        <UpdateReport
          deck={fileName(updateReport.deck)}
          notes={updateReport.report.notes}
          conflicts={updateReport.report.conflicts}
          onTake={async (change) => (await projects.edit(updateReport.path, change)) !== null}
          onClose={() => setUpdateReport(null)}
        />
      )}
      <main className="columns">
        <div className="project-column">
          <ProjectTabs
            projects={projects.open}
            selected={projects.selected}
            onSelect={projects.select}
            onClose={(path) => void closeTab(path)}
          />
          <ProjectPanel
            key={current?.path ?? ""}
            project={current}
            recent={prefs?.recent ?? []}
            onOpen={openAndRemember}
            canExport={canExport}
            onExport={() => void exportNow()}
            onPreview={() => void preview()}
            onCancelOpen={(path) => void api.cancelOpen(path)}
            preview={previewJob ? { job: previewJob, live: queue.live.get(previewJob.id) } : null}
            editing={{
              voices,
              transitions,
              imageExtensions: info?.file_kinds.image ?? [],
              onChange: (c) => current && void projects.edit(current.path, c),
              onUndo: undo,
              onRedo: redo,
              onSave: () => saveCurrent(),
              onSaveAs: () => void saveCurrentAs(),
            }}
          />
        </div>
        <QueuePanel queue={queue} presets={info?.presets ?? []} />
      </main>
      {dialog === "export" && loaded && info && (
        <ExportDialog
          project={loaded}
          presets={info.presets}
          defaultPreset={info.default_preset}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "settings" && queue.settings && prefs && (
        <SettingsDialog
          queue={queue.settings}
          prefs={prefs}
          queueFromEnv={info?.queue_from_env ? info.queue_db : null}
          onSaved={setPrefs}
          onClose={() => setDialog(null)}
        />
      )}
      {closing && (
        <UnsavedDialog
          names={closing.paths.map(tabTitle)}
          onSave={() => void finishClosing(true)}
          onDiscard={() => void finishClosing(false)}
          onCancel={() => setClosing(null)}
        />
      )}
      {quitAsked > 0 && <QuitDialog renders={quitAsked} onQuit={quitAnyway} onStay={() => setQuitAsked(0)} />}
      {dragging && (
        <div className="drop-overlay" aria-hidden>
          <div>{t.dropHere}</div>
        </div>
      )}
    </div>
  );
}

/** The file a tab's document has (its canonical path once loaded). */
function viewPathOf(open: OpenedProject[], path: string): string {
  const p = open.find((o) => o.path === path);
  return p?.kind === "loaded" ? p.view.path : path;
}

/**
 * The scene of the list under a drop (the webview gives the point in physical pixels): its
 * index, whether the point is on its picture, and whether on its lower half.
 */
function sceneAt(position?: { x: number; y: number }): { scene: number; onPicture: boolean; after: boolean } | null {
  if (!position) return null;
  const ratio = window.devicePixelRatio || 1;
  const x = position.x / ratio;
  const y = position.y / ratio;
  // Every element under the point: the drop overlay, shown while dragging, is above the list.
  for (const el of document.elementsFromPoint(x, y)) {
    const row = el.closest("[data-scene]");
    if (!row) continue;
    const box = row.getBoundingClientRect();
    return {
      scene: Number(row.getAttribute("data-scene")),
      onPicture: el.closest(".thumb") !== null,
      after: y > box.top + box.height / 2,
    };
  }
  return null;
}

/** Whether a project's file remembers the deck it was imported from. */
function hasDeck(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && "imported" in doc;
}
