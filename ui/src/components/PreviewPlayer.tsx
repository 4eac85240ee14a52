import { useEffect, useState } from "react";
import { api, errorMessage, type Job, type JobProgress } from "../api";
import { t } from "../i18n";

interface Props {
  job: Job;
  live: JobProgress["progress"] | undefined;
}

/**
 * The video of a completed preview, played from memory: WebKitGTK's player cannot read the app's
 * asset URLs, so the bytes come over IPC and play from a `blob:` address.
 */
function useBlobUrl(job: Job): { url: string | null; error: string | null } {
  const [state, setState] = useState<{ url: string | null; error: string | null }>({ url: null, error: null });
  const ready = job.status === "completed";
  useEffect(() => {
    if (!ready) return;
    let url: string | null = null;
    let stale = false;
    api.previewBytes(job.id).then(
      (bytes) => {
        if (stale) return;
        url = URL.createObjectURL(new Blob([bytes], { type: "video/mp4" }));
        setState({ url, error: null });
      },
      (e) => !stale && setState({ url: null, error: errorMessage(e) }),
    );
    return () => {
      stale = true;
      if (url) URL.revokeObjectURL(url);
      setState({ url: null, error: null });
    };
  }, [job.id, ready]);
  return state;
}

/** A project's preview: its progress while it renders, then the video, playable in the window. */
export function PreviewPlayer({ job, live }: Props) {
  const video = useBlobUrl(job);
  if (job.status === "completed" && video.url) {
    return (
      <div className="preview" data-testid="preview">
        <video src={video.url} controls autoPlay playsInline data-testid="preview-video" />
      </div>
    );
  }
  const fraction = Math.max(live?.fraction ?? 0, job.progress);
  const failure = video.error ?? (job.status === "failed" || job.status === "canceled" ? (job.error ?? t.status[job.status]) : null);
  return (
    <div className="preview pending" data-testid="preview" data-status={job.status}>
      {failure ? (
        <p className="error-text">
          {t.previewFailed} {failure}
        </p>
      ) : (
        <p className="muted">
          {t.previewRendering} {job.status === "completed" ? 100 : Math.floor(fraction * 100)}%
        </p>
      )}
    </div>
  );
}
