import { useCallback, useEffect, useState } from "react";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open } from "@tauri-apps/plugin-dialog";
import { api, errorMessage, isCommandError, type AppInfo, type ProjectSummary } from "./api";
import type { Problem } from "./bindings/Problem";
import { ExportDialog } from "./components/ExportDialog";
import { ProjectPanel } from "./components/ProjectPanel";
import { QueuePanel } from "./components/QueuePanel";
import { useQueue } from "./hooks/useQueue";
import { t } from "./i18n";

/** A project the window shows: loaded, or refused with its problems. */
export type OpenedProject =
  | { kind: "loaded"; summary: ProjectSummary }
  | { kind: "failed"; path: string; message: string; problems: Problem[] };

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [project, setProject] = useState<OpenedProject | null>(null);
  const [dragging, setDragging] = useState(false);
  const [exporting, setExporting] = useState(false);
  const queue = useQueue();

  // Drops and the Open button go through this one function.
  const openProject = useCallback(async (path: string) => {
    try {
      setProject({ kind: "loaded", summary: await api.openProject(path) });
    } catch (e) {
      setProject({
        kind: "failed",
        path,
        message: errorMessage(e),
        problems: isCommandError(e) ? e.problems : [],
      });
    }
  }, []);

  useEffect(() => {
    api.appInfo().then((i) => {
      setInfo(i);
      if (i.sample_project) void openProject(i.sample_project);
    });
  }, [openProject]);

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
          const file = p.paths.find((f) => /\.(estudio|json)$/i.test(f)) ?? p.paths[0];
          if (file) void openProject(file);
        }
      })
      .then((un) => (disposed ? un() : (unlisten = un)));
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, [openProject]);

  const chooseProject = async () => {
    const picked = await open({
      multiple: false,
      directory: false,
      filters: [{ name: "Estúdio", extensions: ["estudio", "json"] }],
    });
    if (typeof picked === "string") await openProject(picked);
  };

  const loaded = project?.kind === "loaded" ? project.summary : null;

  return (
    <div className={`app ${dragging ? "dragging" : ""}`}>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>▶</span>
          <div>
            <h1>Estúdio</h1>
            <p className="muted">{t.appSubtitle}</p>
          </div>
        </div>
        <button onClick={chooseProject} data-testid="open-project">
          {t.open}
        </button>
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
      <main className="columns">
        <ProjectPanel
          project={project}
          canExport={!!loaded && loaded.problems.length === 0}
          onExport={() => setExporting(true)}
        />
        <QueuePanel queue={queue} />
      </main>
      {exporting && loaded && info && (
        <ExportDialog project={loaded} presets={info.presets} onClose={() => setExporting(false)} />
      )}
      {dragging && (
        <div className="drop-overlay" aria-hidden>
          <div>{t.dropHere}</div>
        </div>
      )}
    </div>
  );
}
