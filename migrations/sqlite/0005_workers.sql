-- Version 5: workers by name, and a job's parts in pieces that several workers share.
-- Workers by name: A job shows who renders it ("rendering on sala-3"), and each live
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

-- One video rendered by many: a long job's parts in pieces (`estudio_render::Pieces`), which any
-- worker of the farm may claim while the job's owner renders too. The owner publishes them,
-- joins the parts once every piece is done and commits the output.
CREATE TABLE render_job_pieces (
    job_id           TEXT NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
    piece            INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done')),
    claims           INTEGER NOT NULL DEFAULT 0,
    lease_owner      TEXT,
    lease_expires_at INTEGER,
    worker_name      TEXT,
    started_at       INTEGER,
    finished_at      INTEGER,
    PRIMARY KEY (job_id, piece),
    CHECK ((lease_owner IS NOT NULL) = (status = 'processing'))
);
CREATE INDEX render_job_pieces_queued ON render_job_pieces (job_id, piece) WHERE status = 'queued';
