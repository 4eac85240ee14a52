import { useCallback, useMemo, useRef } from "react";
import { api } from "../api";
import type { PresetInfo } from "../bindings/PresetInfo";
import type { QueueState } from "../hooks/useQueue";
import { t } from "../i18n";
import { JobRow } from "./JobRow";

export function QueuePanel({ queue, presets }: { queue: QueueState; presets: PresetInfo[] }) {
  const jobs = useMemo(
    () => [...queue.jobs.values()].sort((a, b) => b.created_at - a.created_at || b.id.localeCompare(a.id)),
    [queue.jobs],
  );
  const finished = jobs.some((j) => j.finished_at !== null);
  const paused = queue.settings?.paused ?? false;
  // After a job is removed, focus rests on the queue's heading, not on the next row's button.
  const heading = useRef<HTMLHeadingElement>(null);
  // One function for every row and render: the rows are memoised.
  const focusHeading = useCallback(() => heading.current?.focus(), []);
  return (
    <section className="panel queue" data-testid="queue-panel">
      <div className="panel-head">
        <h2 ref={heading} tabIndex={-1} data-testid="queue-heading">
          {t.queue}
          {paused && <span className="badge paused">{t.paused}</span>}
        </h2>
        <div className="row">
          <button
            onClick={() => void api.setPaused(!paused)}
            disabled={!queue.settings}
            aria-pressed={paused}
            data-testid="pause"
          >
            {paused ? t.resume : t.pause}
          </button>
          <button disabled={!finished} onClick={() => void api.clearFinished()} data-testid="clear-finished">
            {t.clearFinished}
          </button>
        </div>
      </div>
      {queue.error && <p className="error-text">{queue.error}</p>}
      {!queue.loaded ? (
        <p className="muted">{t.loading}</p>
      ) : jobs.length === 0 ? (
        <p className="muted empty-queue">{t.emptyQueue}</p>
      ) : (
        <ul className="jobs" data-testid="jobs">
          {jobs.map((job) => (
            <JobRow
              key={job.id}
              job={job}
              live={queue.live.get(job.id)}
              preset={presets.find((p) => p.id === job.preset)}
              onRemoved={focusHeading}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
