-- Version 5: workers by name. A job shows who renders it ("rendering on sala-3"), and each live
-- worker keeps a row with its last heartbeat, for `estudio-cli workers`.
ALTER TABLE render_jobs ADD COLUMN worker_name TEXT;

CREATE TABLE queue_workers (
    id         TEXT PRIMARY KEY NOT NULL,   -- the lease owner: unique per worker thread and run
    name       TEXT NOT NULL,               -- --name, or the host name
    host       TEXT NOT NULL,
    pid        INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,            -- its last heartbeat (Unix ms)
    job_id     TEXT                         -- what it renders now
);
CREATE INDEX queue_workers_seen ON queue_workers (seen_at);
