//! Reading the queue: jobs, their attempts and snapshots, and what changed since a point.

use super::{job_from_row, Queue, JOB_COLUMNS};
use crate::store::vals;
use crate::{Attempt, Changes, Job, JobStatus, QueueError};

impl Queue {
    /// One job.
    ///
    /// # Errors
    /// [`QueueError::NotFound`].
    pub fn get(&self, id: &str) -> Result<Job, QueueError> {
        self.read(|tx| Self::job_in(tx, id))
    }

    /// Jobs, newest first, optionally only those with `status`.
    ///
    /// # Errors
    /// Database errors only.
    pub fn list(&self, status: Option<JobStatus>) -> Result<Vec<Job>, QueueError> {
        self.read(|tx| {
            let rows = match status {
                Some(s) => tx.query(
                    &format!("SELECT {JOB_COLUMNS} FROM render_jobs WHERE status = $1 ORDER BY created_at DESC, id DESC"),
                    vals![s.as_str()],
                )?,
                None => tx.query(
                    &format!("SELECT {JOB_COLUMNS} FROM render_jobs ORDER BY created_at DESC, id DESC"),
                    &[],
                )?,
            };
            rows.iter().map(job_from_row).collect()
        })
    }

    /// Some jobs by id (those that still exist), for a listener told that they changed.
    ///
    /// # Errors
    /// Database errors only.
    pub fn get_many(&self, ids: &[String]) -> Result<Vec<Job>, QueueError> {
        self.read(|tx| {
            let mut jobs = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(row) = tx.query_opt(
                    &format!("SELECT {JOB_COLUMNS} FROM render_jobs WHERE id = $1"),
                    vals![id],
                )? {
                    jobs.push(job_from_row(&row)?);
                }
            }
            Ok(jobs)
        })
    }

    /// The queue's change counter: every insert, update or delete of a job moves it on
    /// (SQLite; a server announces changes with NOTIFY instead, see [`crate::Subscription`]).
    ///
    /// # Errors
    /// Database errors only.
    pub fn change_seq(&self) -> Result<i64, QueueError> {
        self.read(|tx| {
            tx.query_one("SELECT seq FROM queue_clock WHERE id = 1", &[])?
                .i64("seq")
        })
    }

    /// Jobs inserted or updated after change `seq` (from [`Queue::change_seq`] or an earlier
    /// call), oldest change first, with the counter as read in the same snapshot. Numbers are
    /// taken inside each writing transaction and writers are serialised, so no commit is missed,
    /// however long a writer waited for the lock. SQLite only.
    ///
    /// # Errors
    /// Database errors only.
    pub fn changes_since(&self, seq: i64) -> Result<Changes, QueueError> {
        // One read transaction: the jobs and the counter come from the same snapshot.
        self.read(|tx| {
            let jobs = tx
                .query(
                    &format!("SELECT {JOB_COLUMNS} FROM render_jobs WHERE change_seq > $1 ORDER BY change_seq"),
                    vals![seq],
                )?
                .iter()
                .map(job_from_row)
                .collect::<Result<_, _>>()?;
            let seq = tx
                .query_one("SELECT seq FROM queue_clock WHERE id = 1", &[])?
                .i64("seq")?;
            Ok(Changes { jobs, seq })
        })
    }

    /// The ids of every job.
    ///
    /// # Errors
    /// Database errors only.
    pub fn ids(&self) -> Result<std::collections::HashSet<String>, QueueError> {
        self.read(|tx| {
            tx.query("SELECT id FROM render_jobs", &[])?
                .iter()
                .map(|r| r.str("id"))
                .collect()
        })
    }

    /// The job's attempts, oldest first, with each one's error and log.
    ///
    /// # Errors
    /// Database errors only.
    pub fn attempts(&self, id: &str) -> Result<Vec<Attempt>, QueueError> {
        self.read(|tx| {
            tx.query(
                "SELECT attempt, worker, started_at, finished_at, outcome, error, log, error_detail
                 FROM render_job_attempts
                 WHERE job_id = $1 ORDER BY attempt",
                vals![id],
            )?
            .iter()
            .map(|r| {
                Ok(Attempt {
                    attempt: r.i64("attempt")?,
                    worker: r.str("worker")?,
                    started_at: r.i64("started_at")?,
                    finished_at: r.opt_i64("finished_at")?,
                    outcome: r
                        .opt_str("outcome")?
                        .as_deref()
                        .and_then(crate::AttemptOutcome::from_stored),
                    error: super::in_words(r.opt_str("error")?, r.opt_str("error_detail")?),
                    log: r.opt_str("log")?,
                })
            })
            .collect()
        })
    }

    /// The project snapshot a job renders.
    ///
    /// # Errors
    /// [`QueueError::NotFound`].
    pub fn snapshot(&self, id: &str) -> Result<String, QueueError> {
        self.read(|tx| {
            tx.query_opt(
                "SELECT project_snapshot FROM render_jobs WHERE id = $1",
                vals![id],
            )?
            .ok_or_else(|| QueueError::NotFound(id.to_owned()))?
            .str("project_snapshot")
        })
    }

    /// Whether any job is processing, or queued and able to start (the queue is not paused), in
    /// any process.
    ///
    /// # Errors
    /// Database errors only.
    pub fn has_pending(&self) -> Result<bool, QueueError> {
        self.read(|tx| {
            tx.query_one(
                "SELECT EXISTS (SELECT 1 FROM render_jobs WHERE status = 'processing')
                     OR (EXISTS (SELECT 1 FROM render_jobs WHERE status = 'queued')
                         AND NOT (SELECT paused FROM queue_settings WHERE id = 1)) AS pending",
                &[],
            )?
            .bool("pending")
        })
    }

    /// A number that changes whenever another connection commits (SQLite's `data_version`):
    /// a cheap way to notice work enqueued by another process. `None` on a server.
    ///
    /// # Errors
    /// Database errors only.
    pub fn data_version(&self) -> Result<Option<i64>, QueueError> {
        match self.sqlite() {
            Some(conn) => Ok(Some(
                conn.query_row("PRAGMA data_version", [], |r| r.get(0))?,
            )),
            None => Ok(None),
        }
    }

    /// `"ok"` for a sound database (SQLite's `PRAGMA integrity_check`; a server checks itself).
    ///
    /// # Errors
    /// Database errors only.
    pub fn integrity_check(&self) -> Result<String, QueueError> {
        match self.sqlite() {
            Some(conn) => Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?),
            None => Ok("ok".to_owned()),
        }
    }
}
