import type { Job, JobProgress } from "../api";
import { fileName } from "../files";
import type { OpenedProject } from "../hooks/useProjects";
import { formatLength, t } from "../i18n";
import { PreviewPlayer } from "./PreviewPlayer";
import { ProblemList } from "./ProblemList";
import { SceneList } from "./SceneList";

interface Props {
  project: OpenedProject | null;
  recent: string[];
  onOpen: (paths: string[]) => void;
  canExport: boolean;
  onExport: () => void;
  onPreview: () => void;
  /** Stops opening the project (its narrations stop being spoken). */
  onCancelOpen: (path: string) => void;
  preview: { job: Job; live: JobProgress["progress"] | undefined } | null;
}

export function ProjectPanel({
  project,
  recent,
  onOpen,
  canExport,
  onExport,
  onPreview,
  onCancelOpen,
  preview,
}: Props) {
  if (!project) {
    return (
      <section className="panel project empty" data-testid="project-panel">
        <div className="dropzone">
          <strong>{t.dropHere}</strong>
          <span className="muted">{t.dropHint}</span>
        </div>
        {recent.length > 0 && (
          <>
            <h3>{t.recent}</h3>
            <ul className="recent" data-testid="recent">
              {recent.map((path) => (
                <li key={path}>
                  <button className="link" onClick={() => onOpen([path])} title={path}>
                    {fileName(path)}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    );
  }
  if (project.kind === "opening") {
    return (
      <section className="panel project" data-testid="project-panel" aria-busy>
        <h2>{fileName(project.path)}</h2>
        <div className="row">
          <p className="muted">{t.opening}</p>
          <button onClick={() => onCancelOpen(project.path)} data-testid="open-cancel">
            {t.openCancel}
          </button>
        </div>
      </section>
    );
  }
  if (project.kind === "failed") {
    return (
      <section className="panel project" data-testid="project-panel">
        <h2>{t.openFailed}</h2>
        <p className="path" title={project.path}>
          {project.path}
        </p>
        <p className="error-text" data-testid="project-error">
          {project.message}
        </p>
        <ProblemList problems={project.problems} />
      </section>
    );
  }
  const p = project.summary;
  return (
    <section className="panel project" data-testid="project-panel">
      <div className="panel-head">
        <h2 data-testid="project-title">{p.title}</h2>
        <div className="row">
          <button disabled={!canExport} onClick={onPreview} data-testid="preview-button" title="Ctrl+P">
            {t.preview}
          </button>
          <button className="primary" disabled={!canExport} onClick={onExport} data-testid="export" title="Ctrl+E">
            {t.export}
          </button>
        </div>
      </div>
      <p className="path" title={p.path}>
        {p.path}
      </p>
      <dl className="facts">
        <div>
          <dt>{t.duration}</dt>
          <dd data-testid="project-duration">{formatLength(p.duration_secs)}</dd>
        </div>
        <div>
          <dt>{t.scenes}</dt>
          <dd data-testid="project-scenes">{p.scene_count}</dd>
        </div>
        <div>
          <dt>{t.canvas}</dt>
          <dd>
            {p.width}×{p.height} · {p.fps} {t.fps}
          </dd>
        </div>
      </dl>
      {p.problems.length > 0 && (
        <>
          <h3>{t.problems}</h3>
          <ProblemList problems={p.problems} />
        </>
      )}
      {preview && <PreviewPlayer job={preview.job} live={preview.live} />}
      <h3>{t.sceneList}</h3>
      <SceneList project={p} />
    </section>
  );
}
