//! What people and the reaper do to jobs: cancel, retry, remove, clear, and taking back the jobs
//! of workers that died.

use estudio_words::Message;

use super::{record_attempt_end, Queue, Stored};
use crate::store::{vals, Tx};
use crate::{Job, JobStatus, QueueError, Transition};

impl Queue {
    /// Cancels a job: a queued one at once; a processing one is flagged, and its worker stops
    /// ffmpeg and ends it `canceled` at its next heartbeat.
    ///
    /// # Errors
    /// [`QueueError::NotFound`], or [`QueueError::InvalidTransition`] for a finished job.
    pub fn cancel(&self, id: &str) -> Result<Job, QueueError> {
        self.write(|tx| {
            let now = tx.now_ms()?;
            let job = Self::locked(tx, id)?;
            if job.status != JobStatus::Processing {
                let canceled = Stored::of(&Message::Canceled);
                let cancel = Transition::CancelQueued;
                cancel.check(job.status, id)?;
                tx.execute(
                    &format!(
                        "UPDATE render_jobs SET status = '{to}', cancel_requested_at = $2, finished_at = $2,
                            updated_at = $2, error = $4, error_detail = $5, error_kind = $3
                         WHERE id = $1 AND {from}",
                        to = cancel.to(),
                        from = cancel.sql_from()
                    ),
                    vals![id, now, crate::ErrorKind::Canceled.as_str(), canceled.words, canceled.detail],
                )?;
            } else {
                tx.execute(
                    "UPDATE render_jobs SET cancel_requested_at = COALESCE(cancel_requested_at, $2), updated_at = $2
                     WHERE id = $1",
                    vals![id, now],
                )?;
            }
            Self::job_in(tx, id)
        })
    }

    /// The job, its row locked until the transaction ends on PostgreSQL (so what is decided from
    /// it still holds when the write lands; SQLite's one writer gives that already).
    fn locked(tx: &mut dyn Tx, id: &str) -> Result<Job, QueueError> {
        tx.query_opt(
            &format!(
                "SELECT id FROM render_jobs WHERE id = $1{}",
                tx.dialect().for_update()
            ),
            vals![id],
        )?
        .ok_or_else(|| QueueError::NotFound(id.to_owned()))?;
        Self::job_in(tx, id)
    }

    /// Puts a failed or canceled job back in the queue for a new attempt with the same snapshot.
    ///
    /// # Errors
    /// [`QueueError::NotFound`], or [`QueueError::InvalidTransition`] unless failed or canceled.
    pub fn retry(&self, id: &str) -> Result<Job, QueueError> {
        self.write(|tx| {
            let now = tx.now_ms()?;
            // Enqueues hold the settings row while they check the paths: so does this.
            tx.query(
                &format!("SELECT id FROM queue_settings WHERE id = 1{}", tx.dialect().for_update()),
                &[],
            )?;
            let job = Self::locked(tx, id)?;
            // Only a finished, unsuccessful job is retried by hand; processing -> queued is the
            // reaper's and the worker's move (Requeue), not the user's.
            let retry = Transition::Retry;
            retry.check(job.status, id)?;
            // Its files may meanwhile have been taken by another unfinished job.
            let taken = tx.query_opt(
                "SELECT o.path, j.id, j.status, j.project_title FROM render_job_outputs mine
                 JOIN render_job_outputs o ON o.path = mine.path AND o.job_id <> mine.job_id
                 JOIN render_jobs j ON j.id = o.job_id
                 WHERE mine.job_id = $1 AND j.finished_at IS NULL LIMIT 1",
                vals![id],
            )?;
            if let Some(row) = taken {
                return Err(QueueError::OutputTaken {
                    path: row.str("path")?,
                    job: row.str("id")?,
                    title: row.str("project_title")?,
                    status: row.str("status")?.parse()?,
                });
            }
            tx.execute(
                &format!(
                    "UPDATE render_jobs SET status = '{to}', run_after = $2, updated_at = $2, finished_at = NULL,
                        cancel_requested_at = NULL, progress = 0, error = NULL, error_detail = NULL, error_kind = NULL,
                        max_attempts = CASE WHEN max_attempts > attempts + 1 THEN max_attempts ELSE attempts + 1 END
                     WHERE id = $1 AND {from}",
                    to = retry.to(),
                    from = retry.sql_from()
                ),
                vals![id, now],
            )?;
            Self::job_in(tx, id)
        })
    }

    /// Deletes a job that is not being rendered.
    ///
    /// # Errors
    /// [`QueueError::NotFound`], or [`QueueError::Running`] while it is processing.
    pub fn remove(&self, id: &str) -> Result<(), QueueError> {
        self.write(|tx| {
            let job = Self::locked(tx, id)?;
            if job.status == JobStatus::Processing {
                return Err(QueueError::Running { id: id.to_owned() });
            }
            tx.execute("DELETE FROM render_jobs WHERE id = $1", vals![id])?;
            Ok(())
        })
    }

    /// Deletes every finished job (completed, failed, canceled) and returns their ids.
    ///
    /// # Errors
    /// Database errors only.
    pub fn clear_finished(&self) -> Result<Vec<String>, QueueError> {
        self.write(|tx| {
            tx.query(
                "DELETE FROM render_jobs WHERE finished_at IS NOT NULL RETURNING id",
                &[],
            )?
            .iter()
            .map(|r| r.str("id"))
            .collect()
        })
    }

    /// Returns jobs whose lease expired to the queue (or fails them when their attempts are used
    /// up, or cancels them when a cancel was asked), by the database's clock, sparing the jobs
    /// in `spare` (the caller's own live renders: their lease may look expired after the
    /// computer slept, but their worker is alive and renews it at its next heartbeat). Returns
    /// the changed jobs.
    ///
    /// # Errors
    /// Database errors only.
    pub fn reap_expired(
        &self,
        spare: &std::collections::HashSet<String>,
    ) -> Result<Vec<Job>, QueueError> {
        self.reap(None, spare)
    }

    /// [`Queue::reap_expired`] as if the time were `now` (Unix ms), for tests.
    ///
    /// # Errors
    /// Database errors only.
    pub fn reap_expired_at(
        &self,
        now: i64,
        spare: &std::collections::HashSet<String>,
    ) -> Result<Vec<Job>, QueueError> {
        self.reap(Some(now), spare)
    }

    fn reap(
        &self,
        now: Option<i64>,
        spare: &std::collections::HashSet<String>,
    ) -> Result<Vec<Job>, QueueError> {
        self.write(|tx| {
            let now = match now {
                Some(now) => now,
                None => tx.now_ms()?,
            };
            // SKIP LOCKED: two reapers at once each take different jobs, and a job whose
            // worker is writing its outcome right now is left to that worker.
            let expired = tx.query(
                &format!(
                    "SELECT id, attempts, max_attempts, cancel_requested_at IS NOT NULL AS cancel FROM render_jobs
                     WHERE status = 'processing' AND lease_expires_at < $1{}",
                    tx.dialect().skip_locked()
                ),
                vals![now],
            )?;
            let mut changed = Vec::with_capacity(expired.len());
            for row in expired {
                let id = row.str("id")?;
                if spare.contains(&id) {
                    continue;
                }
                let attempts = row.i64("attempts")?;
                let transition = if row.bool("cancel")? {
                    Transition::FinishCanceled
                } else if attempts < row.i64("max_attempts")? {
                    Transition::Requeue
                } else {
                    Transition::Fail
                };
                let to = transition.to();
                let (error, kind) = match to {
                    JobStatus::Canceled => (Message::Canceled, crate::ErrorKind::Canceled),
                    _ => (Message::WorkerLost, crate::ErrorKind::Lost),
                };
                let error = Stored::of(&error);
                let finished_at = to.is_terminal().then_some(now);
                tx.execute(
                    &format!(
                        "UPDATE render_jobs SET status = $2, lease_owner = NULL, lease_expires_at = NULL,
                            finished_at = $3, updated_at = $4, run_after = $4, error = $5, error_kind = $6,
                            error_detail = $7
                         WHERE id = $1 AND {}",
                        transition.sql_from()
                    ),
                    vals![&id, to.as_str(), finished_at, now, &error.words, kind.as_str(), &error.detail],
                )?;
                record_attempt_end(tx, &id, attempts, now, crate::AttemptOutcome::Lost, Some(&error), None)?;
                changed.push(Self::job_in(tx, &id)?);
            }
            super::pieces::reap_pieces(tx, now)?;
            Ok(changed)
        })
    }
}
