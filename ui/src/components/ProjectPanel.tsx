import { useEffect, useState } from "react";
import type { Job, JobProgress, TransitionKind, VoiceChoice } from "../api";
import type { Change } from "../bindings/Change";
import { fileName } from "../files";
import type { OpenedProject } from "../hooks/useProjects";
import { formatLength, t } from "../i18n";
import { Inspector } from "./Inspector";
import { PreviewPlayer } from "./PreviewPlayer";
import { ProblemList } from "./ProblemList";
import { SceneList } from "./SceneList";

/** What the panel needs to edit the project it shows. */
export interface Editing {
  voices: VoiceChoice[];
  transitions: TransitionKind[];
  imageExtensions: string[];
  onChange: (change: Change) => void;
  onUndo: () => void;
  onRedo: () => void;
  onSave: () => void;
  onSaveAs: () => void;
}

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
  editing: Editing;
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
  editing,
}: Props) {
  // The selected scenes; a tab's panel is its own (keyed by the project), so each tab keeps none
  // of another's.
  const [selected, setSelected] = useState<number[]>([0]);
  const count = project?.kind === "loaded" ? project.summary.scenes.length : 0;
  useEffect(() => {
    setSelected((s) => {
      const kept = s.filter((i) => i < count);
      return kept.length > 0 || count === 0 ? kept : [0];
    });
  }, [count]);
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
  const { view } = project;
  const readOnly = view.read_only !== null;
  const change = (c: Change, select?: number[]) => {
    editing.onChange(c);
    if (select) setSelected(select);
  };
  return (
    <section className="panel project editing" data-testid="project-panel">
      <div className="panel-head">
        <div className="title-line">
          <h2 data-testid="project-title">{p.title}</h2>
          {view.outcome.dirty && (
            <span className="dirty" data-testid="dirty" title={t.unsaved}>
              •<span className="sr-only"> {t.unsaved}</span>
            </span>
          )}
          {readOnly && <span className="badge">{t.readOnlyTab}</span>}
        </div>
        <div className="row wrap">
          <button onClick={editing.onUndo} disabled={!view.outcome.can_undo || readOnly} data-testid="undo" title="Ctrl+Z">
            {t.undo}
          </button>
          <button onClick={editing.onRedo} disabled={!view.outcome.can_redo || readOnly} data-testid="redo" title="Ctrl+Shift+Z">
            {t.redo}
          </button>
          <button onClick={editing.onSave} disabled={!view.outcome.dirty || readOnly} data-testid="save" title="Ctrl+S">
            {t.save}
          </button>
          <button onClick={editing.onSaveAs} disabled={readOnly} data-testid="save-as" title="Ctrl+Shift+S">
            {t.saveAs}
          </button>
          <button disabled={!canExport} onClick={onPreview} data-testid="preview-button" title="Ctrl+P">
            {t.preview}
          </button>
          <button className="primary" disabled={!canExport} onClick={onExport} data-testid="export" title="Ctrl+E">
            {t.export}
          </button>
        </div>
      </div>
      <div className="project-body">
      <p className="path" title={view.path}>
        {view.path}
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
      {view.problems.length > 0 && (
        <>
          <h3>{t.problems}</h3>
          <ProblemList problems={view.problems} />
        </>
      )}
      {preview && <PreviewPlayer job={preview.job} live={preview.live} />}
      <div className="editor">
        <div>
          <h3>{t.sceneList}</h3>
          <SceneList project={p} view={view} selected={selected} onSelect={setSelected} onChange={readOnly ? null : change} />
        </div>
        <Inspector
          view={view}
          summary={p}
          selected={selected}
          voices={editing.voices}
          transitions={editing.transitions}
          imageExtensions={editing.imageExtensions}
          onChange={editing.onChange}
        />
      </div>
      </div>
    </section>
  );
}
