import type { OpenedProject } from "../App";
import { formatLength, t } from "../i18n";
import { ProblemList } from "./ProblemList";

interface Props {
  project: OpenedProject | null;
  canExport: boolean;
  onExport: () => void;
}

export function ProjectPanel({ project, canExport, onExport }: Props) {
  if (!project) {
    return (
      <section className="panel project empty" data-testid="project-panel">
        <div className="dropzone">
          <strong>{t.dropHere}</strong>
          <span className="muted">{t.dropHint}</span>
        </div>
      </section>
    );
  }
  if (project.kind === "failed") {
    return (
      <section className="panel project" data-testid="project-panel">
        <h2>{t.openFailed}</h2>
        <p className="path" title={project.path}>{project.path}</p>
        <p className="error-text" data-testid="project-error">{project.message}</p>
        <ProblemList problems={project.problems} />
      </section>
    );
  }
  const p = project.summary;
  return (
    <section className="panel project" data-testid="project-panel">
      <h2 data-testid="project-title">{p.title}</h2>
      <p className="path" title={p.path}>{p.path}</p>
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
            {p.width}×{p.height} · {p.fps} fps
          </dd>
        </div>
      </dl>
      {p.problems.length > 0 && (
        <>
          <h3>{t.problems}</h3>
          <ProblemList problems={p.problems} />
        </>
      )}
      <div className="actions">
        <button className="primary" disabled={!canExport} onClick={onExport} data-testid="export">
          {t.export}
        </button>
      </div>
    </section>
  );
}
