import { memo, useEffect, useRef, useState } from "react";
import { api, errorMessage, isCommandError, type Attempt, type Job, type JobProgress } from "../api";
import type { PresetInfo } from "../bindings/PresetInfo";
import { fileName, folderOf } from "../files";
import { useNow } from "../hooks/useNow";
import { formatDuration, formatNumber, t } from "../i18n";

interface Props {
  job: Job;
  live: JobProgress["progress"] | undefined;
  /** The job's preset as the engine describes it (undefined for one this build lacks). */
  preset: PresetInfo | undefined;
  /** Called once the job is removed, so focus goes somewhere sensible (not the next row's Remove). */
  onRemoved?: () => void;
}

export const JobRow = memo(function JobRow({ job, live, preset, onRemoved }: Props) {
  // What the engine allows for the job's status (JobStatus::actions): buttons show only those.
  const can = (action: Job["actions"][number]) => job.actions.includes(action);
  const running = job.status === "processing";
  const now = useNow(running);
  const [log, setLog] = useState<Attempt[] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // The desktop opened nothing for Open video / Show in folder: where the video is, to reach it
  // another way. Not the job's failure: said beside the buttons, and dismissed.
  const [nothingOpened, setNothingOpened] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  // Remove asks first: a second press of Enter must not remove the next row too.
  const [confirmRemove, setConfirmRemove] = useState(false);
  const keepButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirmRemove) keepButton.current?.focus();
  }, [confirmRemove]);
  const fraction = running ? Math.max(live?.fraction ?? 0, job.progress) : job.progress;
  const percent = Math.floor(fraction * 100);
  // Only for the current attempt: a retried job waiting in the queue has no elapsed time yet.
  const timed = job.started_at !== null && (running || job.finished_at !== null);
  const elapsed = timed && job.started_at !== null ? ((job.finished_at ?? now) - job.started_at) / 1000 : null;

  const act = (f: () => Promise<unknown>) => () => {
    setActionError(null);
    setNothingOpened(null);
    f().catch((e) => {
      if (isCommandError(e) && e.kind === "nothing_opened") setNothingOpened(e.message);
      else setActionError(errorMessage(e));
    });
  };
  const remove = () => {
    setConfirmRemove(false);
    api.removeJob(job.id).then(
      () => onRemoved?.(),
      (e) => setActionError(errorMessage(e)),
    );
  };
  const copyFolder = () => {
    navigator.clipboard.writeText(folderOf(job.output)).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  // Only an automatic retry (the last attempt failed on its own) is worth a count: a job retried
  // by hand after a cancel simply starts again.
  const retrying =
    (running || job.status === "queued") &&
    job.attempts > 0 &&
    job.error_kind !== null &&
    job.error_kind !== "out_of_reach";
  const speed = live && live.speed > 0 ? ` · ${formatNumber(live.speed, 2)}×` : "";
  const toggleLog = () => {
    if (log) setLog(null);
    else api.jobLog(job.id).then(setLog, (e) => setActionError(errorMessage(e)));
  };

  return (
    <li className={`job ${job.status}`} data-testid="job" data-job-id={job.id} data-status={job.status}
      data-attempts={job.attempts}>
      <div className="job-head">
        <div className="job-title">
          <span>
            <strong>{job.project_title}</strong>{" "}
            {/* Rows of one title (a deck imported twice) differ by their project's file. */}
            <span className="muted" title={job.project_path} data-testid="job-project">
              {fileName(job.project_path)}
            </span>
          </span>
          {/* A preview's file is the app's own, named by a hash: say what it is instead. */}
          {preset?.preview ? (
            <span className="muted">{t.previewJob}</span>
          ) : (
            <span className="muted job-output" title={folderOf(job.output)} data-testid="job-output">
              {job.output} · {preset?.label ?? job.preset}
            </span>
          )}
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
            {live.fps > 0 ? `${formatNumber(live.fps, 0)} ${t.fps}${speed}` : t.preparing} ·{" "}
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
        {retrying && <span data-testid="job-retrying">{t.retrying(job.attempts, job.max_attempts)}</span>}
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
      {nothingOpened && (
        <div className="notice" role="status" data-testid="nothing-opened">
          <p>{nothingOpened}</p>
          <div className="row">
            <input readOnly value={folderOf(job.output)} onFocus={(e) => e.target.select()} aria-label={t.videoFolder} />
            <button onClick={copyFolder} data-testid="copy-folder">
              {copied ? t.copied : t.copyFolder}
            </button>
            <button className="quiet" onClick={() => setNothingOpened(null)} aria-label={t.close}>
              ×
            </button>
          </div>
        </div>
      )}
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
        {can("remove") && !confirmRemove && (
          <button className="quiet" onClick={() => setConfirmRemove(true)} data-testid="remove">
            {t.remove}
          </button>
        )}
      </div>
      {confirmRemove && (
        <div className="confirm" role="alertdialog" aria-label={t.remove} data-testid="remove-confirm">
          <p>{job.status === "completed" ? t.removeAskCompleted : t.removeAsk}</p>
          <div className="row">
            <button ref={keepButton} onClick={() => setConfirmRemove(false)} data-testid="keep-job">
              {t.keepJob}
            </button>
            <button className="danger" onClick={remove} data-testid="confirm-remove">
              {t.remove}
            </button>
          </div>
        </div>
      )}
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
