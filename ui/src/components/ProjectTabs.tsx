import { fileName } from "../files";
import type { OpenedProject } from "../hooks/useProjects";
import { t } from "../i18n";

interface Props {
  projects: OpenedProject[];
  selected: string | null;
  onSelect: (path: string) => void;
  onClose: (path: string) => void;
}

function tabName(p: OpenedProject): string {
  return p.kind === "loaded" ? p.summary.title : fileName(p.path);
}

/** The open projects, one tab each; shown once more than one is open. */
export function ProjectTabs({ projects, selected, onSelect, onClose }: Props) {
  if (projects.length < 2) return null;
  return (
    <div className="tabs" role="tablist" data-testid="project-tabs">
      {projects.map((p) => (
        <div key={p.path} className={`tab ${p.path === selected ? "active" : ""} ${p.kind}`}>
          <button
            role="tab"
            aria-selected={p.path === selected}
            onClick={() => onSelect(p.path)}
            title={p.path}
            data-testid="project-tab"
          >
            {p.kind === "failed" ? "⚠ " : ""}
            {tabName(p)}
          </button>
          <button className="quiet close" onClick={() => onClose(p.path)} aria-label={`${t.close} ${tabName(p)}`}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
