//! Reading the queue: jobs, their attempts and snapshots, and what changed since a point.

use rusqlite::OptionalExtension;

use super::{job_from_row, Queue, JOB_COLUMNS};
use crate::{Attempt, Changes, Job, JobStatus, QueueError};

impl Queue {
    /// One job.
    ///
    /// # Errors
    /// [`QueueError::NotFound`].
    pub fn get(&self, id: &str) -> Result<Job, QueueError> {
        Self::job_in(&self.conn(), id)
    }

    /// Jobs, newest first, optionally only those with `status`.
    ///
    /// # Errors
    /// Database errors only.
    pub fn list(&self, status: Option<JobStatus>) -> Result<Vec<Job>, QueueError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {JOB_COLUMNS} FROM render_jobs WHERE (?1 IS NULL OR status = ?1) ORDER BY created_at DESC, id DESC"
        ))?;
        let jobs = stmt
            .query_map([status.map(JobStatus::as_str)], job_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(jobs)
    }

    /// The queue's change counter: every insert, update or delete of a job moves it on.
    ///
    /// # Errors
    /// Database errors only.
    pub fn change_seq(&self) -> Result<i64, QueueError> {
        Ok(self
            .conn()
            .query_row("SELECT seq FROM queue_clock WHERE id = 1", [], |r| r.get(0))?)
    }

    /// Jobs inserted or updated after change `seq` (from [`Queue::change_seq`] or an earlier
    /// call), oldest change first, with the counter as read in the same snapshot. Numbers are
    /// taken inside each writing transaction and writers are serialised, so no commit is missed,
    /// however long a writer waited for the lock.
    ///
    /// # Errors
    /// Database errors only.
    pub fn changes_since(&self, seq: i64) -> Result<Changes, QueueError> {
        let mut conn = self.conn();
        // One read transaction: the jobs and the counter come from the same snapshot.
        let tx = conn.transaction()?;
        let jobs = tx
            .prepare_cached(&format!(
                "SELECT {JOB_COLUMNS} FROM render_jobs WHERE change_seq > ?1 ORDER BY change_seq"
            ))?
            .query_map([seq], job_from_row)?
            .collect::<Result<_, _>>()?;
        let seq = tx.query_row("SELECT seq FROM queue_clock WHERE id = 1", [], |r| r.get(0))?;
        tx.commit()?;
        Ok(Changes { jobs, seq })
    }

    /// The ids of every job.
    ///
    /// # Errors
    /// Database errors only.
    pub fn ids(&self) -> Result<std::collections::HashSet<String>, QueueError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached("SELECT id FROM render_jobs")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// The job's attempts, oldest first, with each one's error and log.
    ///
    /// # Errors
    /// Database errors only.
    pub fn attempts(&self, id: &str) -> Result<Vec<Attempt>, QueueError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT attempt, worker, started_at, finished_at, outcome, error, log, error_detail
             FROM render_job_attempts
             WHERE job_id = ?1 ORDER BY attempt",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(Attempt {
                    attempt: r.get(0)?,
                    worker: r.get(1)?,
                    started_at: r.get(2)?,
                    finished_at: r.get(3)?,
                    outcome: r
                        .get::<_, Option<String>>(4)?
                        .as_deref()
                        .and_then(crate::AttemptOutcome::from_stored),
                    error: super::in_words(r.get(5)?, r.get(7)?),
                    log: r.get(6)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The project snapshot a job renders.
    ///
    /// # Errors
    /// [`QueueError::NotFound`].
    pub fn snapshot(&self, id: &str) -> Result<String, QueueError> {
        self.conn()
            .query_row(
                "SELECT project_snapshot FROM render_jobs WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| QueueError::NotFound(id.to_owned()))
    }

    /// Whether any job is processing, or queued and able to start (the queue is not paused), in
    /// any process.
    ///
    /// # Errors
    /// Database errors only.
    pub fn has_pending(&self) -> Result<bool, QueueError> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM render_jobs WHERE status = 'processing')
                 OR (EXISTS (SELECT 1 FROM render_jobs WHERE status = 'queued')
                     AND NOT (SELECT paused FROM queue_settings WHERE id = 1))",
            [],
            |r| r.get(0),
        )?)
    }

    /// A number that changes whenever another connection commits (SQLite's `data_version`):
    /// a cheap way to notice work enqueued by another process.
    ///
    /// # Errors
    /// Database errors only.
    pub fn data_version(&self) -> Result<i64, QueueError> {
        Ok(self
            .conn()
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file.
    ///
    /// # Errors
    /// Database errors only.
    pub fn integrity_check(&self) -> Result<String, QueueError> {
        Ok(self
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}
