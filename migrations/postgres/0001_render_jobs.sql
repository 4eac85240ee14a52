-- Estúdio render queue on PostgreSQL, version 1: the same tables and rules as the SQLite queue
-- (migrations/sqlite/0001-0005), in PostgreSQL's types. Append-only: later changes go in new
-- numbered files. Times are Unix milliseconds (UTC) by the server's clock.

CREATE TABLE render_jobs (
    id                  TEXT PRIMARY KEY NOT NULL,        -- UUID v7, time-ordered
    status              TEXT NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'canceled')),
    project_path        TEXT NOT NULL,
    project_title       TEXT NOT NULL,
    project_snapshot    TEXT NOT NULL,
    preset              TEXT NOT NULL,
    options             TEXT NOT NULL DEFAULT '{}',
    output_path         TEXT NOT NULL,
    duration_secs       DOUBLE PRECISION NOT NULL,
    priority            BIGINT NOT NULL DEFAULT 0,
    run_after           BIGINT NOT NULL,
    attempts            BIGINT NOT NULL DEFAULT 0,
    max_attempts        BIGINT NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    lease_owner         TEXT,
    lease_expires_at    BIGINT,
    progress            DOUBLE PRECISION NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
    cancel_requested_at BIGINT,
    error               TEXT,
    error_detail        TEXT,
    error_kind          TEXT,
    log                 TEXT,
    worker_name         TEXT,
    created_at          BIGINT NOT NULL,
    started_at          BIGINT,
    finished_at         BIGINT,
    updated_at          BIGINT NOT NULL,
    CHECK ((finished_at IS NOT NULL) = (status IN ('completed', 'failed', 'canceled'))),
    CHECK ((lease_owner IS NOT NULL) = (status = 'processing'))
);
CREATE INDEX render_jobs_claim ON render_jobs (priority DESC, run_after, created_at, id)
    WHERE status = 'queued';
CREATE INDEX render_jobs_leases ON render_jobs (lease_expires_at) WHERE status = 'processing';
CREATE INDEX render_jobs_finished ON render_jobs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE render_job_attempts (
    job_id       TEXT NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
    attempt      BIGINT NOT NULL,
    worker       TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    outcome      TEXT CHECK (outcome IN ('completed', 'failed', 'canceled', 'lost', 'retry')),
    error        TEXT,
    error_detail TEXT,
    log          TEXT,
    PRIMARY KEY (job_id, attempt)
);

CREATE TABLE render_job_outputs (
    job_id TEXT NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
    path   TEXT NOT NULL,
    PRIMARY KEY (job_id, path)
);
CREATE INDEX render_job_outputs_path ON render_job_outputs (path);

-- One row. A farm's machines each bring their own cores, so up to 16 renders at once by
-- default (each worker process still runs only as many as it has threads).
CREATE TABLE queue_settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    paused             BOOLEAN NOT NULL DEFAULT false,
    concurrency        BIGINT NOT NULL DEFAULT 16 CHECK (concurrency BETWEEN 1 AND 16),
    keep_finished_days BIGINT NOT NULL DEFAULT 30 CHECK (keep_finished_days >= 0),
    updated_at         BIGINT NOT NULL DEFAULT 0
);
INSERT INTO queue_settings (id) VALUES (1);

CREATE TABLE queue_workers (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    host       TEXT NOT NULL,
    pid        BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL,
    job_id     TEXT
);
CREATE INDEX queue_workers_seen ON queue_workers (seen_at);

-- One video rendered by many: a long job's parts in pieces (`estudio_render::Pieces`), which any
-- worker of the farm may claim while the job's owner renders too. The owner publishes them,
-- joins the parts once every piece is done and commits the output.
CREATE TABLE render_job_pieces (
    job_id           TEXT NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
    piece            BIGINT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done')),
    claims           BIGINT NOT NULL DEFAULT 0,
    lease_owner      TEXT,
    lease_expires_at BIGINT,
    worker_name      TEXT,
    started_at       BIGINT,
    finished_at      BIGINT,
    PRIMARY KEY (job_id, piece),
    CHECK ((lease_owner IS NOT NULL) = (status = 'processing'))
);
CREATE INDEX render_job_pieces_queued ON render_job_pieces (job_id, piece) WHERE status = 'queued';

-- Every change of a job or of the settings is announced on channel estudio_queue when its
-- transaction commits (NOTIFY is delivered in commit order, never for a rolled-back change):
-- 'job:ID', 'removed:ID', 'settings', 'pieces:JOB'. Listeners read the job itself; the payload is only a name.
CREATE FUNCTION estudio_notify_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('estudio_queue', 'removed:' || OLD.id);
        RETURN OLD;
    END IF;
    PERFORM pg_notify('estudio_queue', 'job:' || NEW.id);
    RETURN NEW;
END
$$;
CREATE TRIGGER render_jobs_notify AFTER INSERT OR UPDATE OR DELETE ON render_jobs
    FOR EACH ROW EXECUTE FUNCTION estudio_notify_job();

CREATE FUNCTION estudio_notify_settings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('estudio_queue', 'settings');
    RETURN NEW;
END
$$;
CREATE TRIGGER queue_settings_notify AFTER UPDATE ON queue_settings
    FOR EACH ROW EXECUTE FUNCTION estudio_notify_settings();

-- 'pieces:JOB' when a job's pieces are published or one goes back to the queue: idle workers
-- wake to take them.
CREATE FUNCTION estudio_notify_pieces() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'queued' THEN
        PERFORM pg_notify('estudio_queue', 'pieces:' || NEW.job_id);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER render_job_pieces_notify AFTER INSERT OR UPDATE ON render_job_pieces
    FOR EACH ROW EXECUTE FUNCTION estudio_notify_pieces();
