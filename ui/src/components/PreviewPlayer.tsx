import { convertFileSrc } from "@tauri-apps/api/core";
import type { Job, JobProgress } from "../api";
import { t } from "../i18n";

interface Props {
  job: Job;
  live: JobProgress["progress"] | undefined;
}

/** A project's preview: its progress while it renders, then the video, playable in the window. */
export function PreviewPlayer({ job, live }: Props) {
  if (job.status === "completed") {
    // The same file is replaced by each new preview: the finish time makes the address new.
    const src = `${convertFileSrc(job.output)}?v=${job.finished_at ?? 0}`;
    return (
      <div className="preview" data-testid="preview">
        <video src={src} controls autoPlay playsInline data-testid="preview-video" />
      </div>
    );
  }
  const fraction = Math.max(live?.fraction ?? 0, job.progress);
  return (
    <div className="preview pending" data-testid="preview" data-status={job.status}>
      {job.status === "failed" || job.status === "canceled" ? (
        <p className="error-text">
          {t.previewFailed} {job.error ?? t.status[job.status]}
        </p>
      ) : (
        <p className="muted">
          {t.previewRendering} {Math.floor(fraction * 100)}%
        </p>
      )}
    </div>
  );
}
