-- Version 3: a change counter that cannot miss a commit, and the files each job will write.

-- Every insert or update of a job takes the next number of one counter, inside the writing
-- transaction. SQLite serialises writers, so numbers follow commit order: a reader that has seen
-- every change up to N finds each later commit by `change_seq > N`, whatever the clocks say
-- (a time stamp read before waiting for the write lock can be older than what a reader already
-- saw).
CREATE TABLE queue_clock (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO queue_clock (id, seq) VALUES (1, 0);

ALTER TABLE render_jobs ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX render_jobs_changes ON render_jobs (change_seq);

-- Triggers, so no write path can forget to bump it. recursive_triggers is off (SQLite's
-- default), so the inner UPDATE does not fire the trigger again.
CREATE TRIGGER render_jobs_inserted AFTER INSERT ON render_jobs
BEGIN
    UPDATE queue_clock SET seq = seq + 1 WHERE id = 1;
    UPDATE render_jobs SET change_seq = (SELECT seq FROM queue_clock WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER render_jobs_updated AFTER UPDATE ON render_jobs
BEGIN
    UPDATE queue_clock SET seq = seq + 1 WHERE id = 1;
    UPDATE render_jobs SET change_seq = (SELECT seq FROM queue_clock WHERE id = 1) WHERE id = NEW.id;
END;
-- Deletions bump it too, so a watcher knows to look for removed jobs.
CREATE TRIGGER render_jobs_deleted AFTER DELETE ON render_jobs
BEGIN
    UPDATE queue_clock SET seq = seq + 1 WHERE id = 1;
END;

-- The files a job writes (the video and its side files), so two unfinished jobs never write
-- the same file: enqueue refuses a path an active job already holds.
CREATE TABLE render_job_outputs (
    job_id TEXT NOT NULL REFERENCES render_jobs (id) ON DELETE CASCADE,
    path   TEXT NOT NULL,
    PRIMARY KEY (job_id, path)
);
CREATE INDEX render_job_outputs_path ON render_job_outputs (path);
INSERT INTO render_job_outputs (job_id, path) SELECT id, output_path FROM render_jobs;
