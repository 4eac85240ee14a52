-- A job's error as a message kind with parameters (JSON, estudio_words::Message), so each reader
-- words it in its own language; `error` keeps the words of the process that failed the job.
ALTER TABLE render_jobs ADD COLUMN error_detail TEXT;
ALTER TABLE render_job_attempts ADD COLUMN error_detail TEXT;
