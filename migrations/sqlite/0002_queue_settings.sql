-- Queue-wide settings shared by every process: pause, how many renders run at once, how long
-- finished jobs are kept. One row.
CREATE TABLE queue_settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    paused             INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    -- Renders at once across all workers; ffmpeg already uses every core for one.
    concurrency        INTEGER NOT NULL DEFAULT 1 CHECK (concurrency BETWEEN 1 AND 16),
    -- Finished jobs older than this are deleted; 0 keeps them forever.
    keep_finished_days INTEGER NOT NULL DEFAULT 30 CHECK (keep_finished_days >= 0),
    updated_at         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO queue_settings (id) VALUES (1);
