import { memo, useState } from "react";
import { api, errorMessage, type Attempt, type Job, type JobProgress } from "../api";
import type { PresetInfo } from "../bindings/PresetInfo";
import { fileName } from "../files";
import { useNow } from "../hooks/useNow";
import { formatDuration, formatNumber, t } from "../i18n";

interface Props {
  job: Job;
  live: JobProgress["progress"] | undefined;
  /** The job's preset as the engine describes it (undefined for one this build lacks). */
  preset: PresetInfo | undefined;
}

export const JobRow = memo(function JobRow({ job, live, preset }: Props) {
  // What the engine allows for the job's status (JobStatus::actions): buttons show only those.
  const can = (action: Job["actions"][number]) => job.actions.includes(action);
  const running = job.status === "processing";
  const now = useNow(running);
  const [log, setLog] = useState<Attempt[] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const fraction = running ? Math.max(live?.fraction ?? 0, job.progress) : job.progress;
  const percent = Math.floor(fraction * 100);
  // Only for the current attempt: a retried job waiting in the queue has no elapsed time yet.
  const timed = job.started_at !== null && (running || job.finished_at !== null);
  const elapsed = timed && job.started_at !== null ? ((job.finished_at ?? now) - job.started_at) / 1000 : null;

  const act = (f: () => Promise<unknown>) => () => {
    setActionError(null);
    f().catch((e) => setActionError(errorMessage(e)));
  };
  const toggleLog = () => {
    if (log) setLog(null);
    else api.jobLog(job.id).then(setLog, (e) => setActionError(errorMessage(e)));
  };

  return (
    <li className={`job ${job.status}`} data-testid="job" data-job-id={job.id} data-status={job.status}
      data-attempts={job.attempts}>
      <div className="job-head">
        <div className="job-title">
          <strong>{job.project_title}</strong>
          <span className="muted" title={job.output}>
            {/* A preview's file is the app's own, named by a hash: say what it is instead. */}
            {preset?.preview ? t.previewJob : `${fileName(job.output)} · ${preset?.label ?? job.preset}`}
          </span>
        </div>
        <span className={`badge ${job.status}`} data-testid="job-status">
          {job.cancel_requested && running ? t.canceling : t.status[job.status]}
        </span>
      </div>
      {(running || job.status === "queued") && (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div className="bar" style={{ width: `${fraction * 100}%` }} />
          <span className="pct" data-testid="job-percent">
            {percent}%
          </span>
        </div>
      )}
      <div className="job-meta muted">
        {running && live && (
          <span data-testid="job-stats">
            {live.fps > 0 ? `${formatNumber(live.fps, 0)} ${t.fps} · ${formatNumber(live.speed, 2)}×` : t.preparing} ·{" "}
            {live.eta_secs !== null ? `${formatDuration(live.eta_secs)} ${t.eta}` : "–"}
            {live.reused_scenes > 0 && ` · ${t.fromCache(live.reused_scenes, live.scenes)}`}
          </span>
        )}
        {elapsed !== null && (
          <span data-testid="job-elapsed">
            {job.finished_at !== null ? t.tookSecs : t.elapsed} {formatDuration(elapsed)}
          </span>
        )}
        {running && job.worker && <span data-testid="job-worker">{t.renderingOn(job.worker)}</span>}
        {job.attempts > 1 && (
          <span>
            {t.attempt} {job.attempts}/{job.max_attempts}
          </span>
        )}
      </div>
      {job.status === "failed" && job.error && (
        <p className="error-text" data-testid="job-error">
          {job.error}
        </p>
      )}
      {/* Queued, but farm machines could not reach its files: it waits for one that can. */}
      {job.status === "queued" && job.error_kind === "out_of_reach" && job.error && (
        <p className="muted" data-testid="job-waiting">
          {job.error}
        </p>
      )}
      {actionError && <p className="error-text">{actionError}</p>}
      <div className="job-actions">
        {can("cancel") && (
          <button onClick={act(() => api.cancelJob(job.id))} disabled={job.cancel_requested} data-testid="cancel">
            {t.cancel}
          </button>
        )}
        {can("retry") && (
          <button onClick={act(() => api.retryJob(job.id))} data-testid="retry">
            {t.retry}
          </button>
        )}
        {can("open") && (
          <>
            <button onClick={act(() => api.openOutput(job.id))} data-testid="open-video">
              {t.openVideo}
            </button>
            <button onClick={act(() => api.revealOutput(job.id))} data-testid="reveal">
              {t.reveal}
            </button>
          </>
        )}
        {job.attempts > 0 && (
          <button onClick={toggleLog} data-testid="log">
            {log ? t.hideLog : t.log}
          </button>
        )}
        {can("remove") && (
          <button className="quiet" onClick={act(() => api.removeJob(job.id))} data-testid="remove">
            {t.remove}
          </button>
        )}
      </div>
      {log && (
        <div className="log" data-testid="job-log">
          {log.map((a) => (
            <details key={a.attempt} open={a.attempt === log.length}>
              <summary>
                {t.attempt} {a.attempt} · {a.outcome ? t.outcome[a.outcome] : t.status.processing}
                {a.error ? ` · ${a.error}` : ""}
              </summary>
              <pre>{a.log ?? ""}</pre>
            </details>
          ))}
        </div>
      )}
    </li>
  );
});
