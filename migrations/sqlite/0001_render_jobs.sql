-- Estúdio render queue, version 1. Append-only: later changes go in new numbered files.
-- Times are Unix milliseconds (UTC).

CREATE TABLE render_jobs (
    id                  TEXT PRIMARY KEY NOT NULL,        -- UUID v7, time-ordered
    status              TEXT NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'canceled')),
    project_path        TEXT NOT NULL,                    -- the file the user opened, for display
    project_title       TEXT NOT NULL,
    project_snapshot    TEXT NOT NULL,                    -- the project as queued (JSON, absolute paths)
    preset              TEXT NOT NULL,
    options             TEXT NOT NULL DEFAULT '{}',       -- per-job overrides (JSON)
    output_path         TEXT NOT NULL,
    duration_secs       REAL NOT NULL,                    -- length of the video to render
    priority            INTEGER NOT NULL DEFAULT 0,       -- higher first
    run_after           INTEGER NOT NULL,                 -- not claimed before this (backoff)
    attempts            INTEGER NOT NULL DEFAULT 0,       -- claims so far
    max_attempts        INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    lease_owner         TEXT,                             -- worker id while processing
    lease_expires_at    INTEGER,                          -- renewed by the worker's heartbeat
    progress            REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
    cancel_requested_at INTEGER,
    error               TEXT,                             -- last error, in words
    error_kind          TEXT,
    log                 TEXT,                             -- last attempt's command and ffmpeg output tail
    created_at          INTEGER NOT NULL,
    started_at          INTEGER,
    finished_at         INTEGER,
    updated_at          INTEGER NOT NULL,
    CHECK ((finished_at IS NOT NULL) = (status IN ('completed', 'failed', 'canceled'))),
    CHECK ((lease_owner IS NOT NULL) = (status = 'processing'))
);

-- The claim: the best queued job whose time has come.
CREATE INDEX render_jobs_claim ON render_jobs (priority DESC, run_after, created_at, id)
    WHERE status = 'queued';
-- The reaper: leases that may have expired.
CREATE INDEX render_jobs_leases ON render_jobs (lease_expires_at) WHERE status = 'processing';
-- Pruning finished jobs.
CREATE INDEX render_jobs_finished ON render_jobs (finished_at) WHERE finished_at IS NOT NULL;

-- One row per attempt: who ran it, how it ended, its error and log.
CREATE TABLE render_job_attempts (
    job_id      TEXT NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    worker      TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    outcome     TEXT CHECK (outcome IN ('completed', 'failed', 'canceled', 'lost', 'retry')),
    error       TEXT,
    log         TEXT,
    PRIMARY KEY (job_id, attempt)
);
