//! What people and the reaper do to jobs: cancel, retry, remove, clear, and taking back the jobs
//! of workers that died.

use rusqlite::OptionalExtension;

use estudio_words::Message;

use super::{now_ms, record_attempt_end, Queue, Stored};
use crate::{Job, JobStatus, QueueError, Transition};

impl Queue {
    /// Cancels a job: a queued one at once; a processing one is flagged, and its worker stops
    /// ffmpeg and ends it `canceled` at its next heartbeat.
    ///
    /// # Errors
    /// [`QueueError::NotFound`], or [`QueueError::InvalidTransition`] for a finished job.
    pub fn cancel(&self, id: &str) -> Result<Job, QueueError> {
        let now = now_ms();
        self.write(|tx| {
            let job = Self::job_in(tx, id)?;
            if job.status != JobStatus::Processing {
                let canceled = Stored::of(&Message::Canceled);
                let cancel = Transition::CancelQueued;
                cancel.check(job.status, id)?;
                tx.execute(
                    &format!(
                        "UPDATE render_jobs SET status = '{to}', cancel_requested_at = ?2, finished_at = ?2,
                            updated_at = ?2, error = ?4, error_detail = ?5, error_kind = ?3
                         WHERE id = ?1 AND {from}",
                        to = cancel.to(),
                        from = cancel.sql_from()
                    ),
                    rusqlite::params![
                        id,
                        now,
                        crate::ErrorKind::Canceled.as_str(),
                        canceled.words,
                        canceled.detail
                    ],
                )?;
            } else {
                tx.execute(
                    "UPDATE render_jobs SET cancel_requested_at = COALESCE(cancel_requested_at, ?2), updated_at = ?2
                     WHERE id = ?1",
                    rusqlite::params![id, now],
                )?;
            }
            Self::job_in(tx, id)
        })
    }

    /// Puts a failed or canceled job back in the queue for a new attempt with the same snapshot.
    ///
    /// # Errors
    /// [`QueueError::NotFound`], or [`QueueError::InvalidTransition`] unless failed or canceled.
    pub fn retry(&self, id: &str) -> Result<Job, QueueError> {
        let now = now_ms();
        self.write(|tx| {
            let job = Self::job_in(tx, id)?;
            // Only a finished, unsuccessful job is retried by hand; processing -> queued is the
            // reaper's and the worker's move (Requeue), not the user's.
            let retry = Transition::Retry;
            retry.check(job.status, id)?;
            // Its files may meanwhile have been taken by another unfinished job.
            let taken: Option<(String, String, String)> = tx
                .prepare_cached(
                    "SELECT o.path, j.id, j.status FROM render_job_outputs mine
                     JOIN render_job_outputs o ON o.path = mine.path AND o.job_id <> mine.job_id
                     JOIN render_jobs j ON j.id = o.job_id
                     WHERE mine.job_id = ?1 AND j.finished_at IS NULL LIMIT 1",
                )?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
            if let Some((path, job, status)) = taken {
                return Err(QueueError::OutputTaken { path, job, status: status.parse()? });
            }
            tx.execute(
                &format!(
                    "UPDATE render_jobs SET status = '{to}', run_after = ?2, updated_at = ?2, finished_at = NULL,
                        cancel_requested_at = NULL, progress = 0, error = NULL, error_detail = NULL, error_kind = NULL,
                        max_attempts = MAX(max_attempts, attempts + 1)
                     WHERE id = ?1 AND {from}",
                    to = retry.to(),
                    from = retry.sql_from()
                ),
                rusqlite::params![id, now],
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
            let job = Self::job_in(tx, id)?;
            if job.status == JobStatus::Processing {
                return Err(QueueError::Running { id: id.to_owned() });
            }
            tx.execute("DELETE FROM render_jobs WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Deletes every finished job (completed, failed, canceled) and returns their ids.
    ///
    /// # Errors
    /// Database errors only.
    pub fn clear_finished(&self) -> Result<Vec<String>, QueueError> {
        self.write(|tx| {
            let ids = tx
                .prepare("DELETE FROM render_jobs WHERE finished_at IS NOT NULL RETURNING id")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })
    }

    /// Returns jobs whose lease expired before `now` to the queue (or fails them when their
    /// attempts are used up, or cancels them when a cancel was asked). Returns the changed jobs.
    ///
    /// # Errors
    /// Database errors only.
    pub fn reap_expired(&self) -> Result<Vec<Job>, QueueError> {
        self.reap_expired_at(now_ms(), &std::collections::HashSet::new())
    }

    /// [`Queue::reap_expired`] as if the time were `now` (Unix ms), sparing the jobs in `spare`
    /// (the caller's own live renders: their lease may look expired after the computer slept,
    /// but their worker is alive and renews it at its next heartbeat).
    ///
    /// # Errors
    /// Database errors only.
    pub fn reap_expired_at(
        &self,
        now: i64,
        spare: &std::collections::HashSet<String>,
    ) -> Result<Vec<Job>, QueueError> {
        self.write(|tx| {
            let expired: Vec<(String, i64, i64, bool)> = tx
                .prepare_cached(
                    "SELECT id, attempts, max_attempts, cancel_requested_at IS NOT NULL FROM render_jobs
                     WHERE status = 'processing' AND lease_expires_at < ?1",
                )?
                .query_map([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            let mut changed = Vec::with_capacity(expired.len());
            for (id, attempts, max_attempts, cancel) in expired {
                if spare.contains(&id) {
                    continue;
                }
                let transition = if cancel {
                    Transition::FinishCanceled
                } else if attempts < max_attempts {
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
                tx.prepare_cached(&format!(
                    "UPDATE render_jobs SET status = ?2, lease_owner = NULL, lease_expires_at = NULL,
                        finished_at = ?3, updated_at = ?4, run_after = ?4, error = ?5, error_kind = ?6,
                        error_detail = ?7
                     WHERE id = ?1 AND {}",
                    transition.sql_from()
                ))?
                .execute(rusqlite::params![
                    id,
                    to.as_str(),
                    finished_at,
                    now,
                    error.words,
                    kind.as_str(),
                    error.detail
                ])?;
                record_attempt_end(tx, &id, attempts, now, crate::AttemptOutcome::Lost, Some(&error), None)?;
                changed.push(Self::job_in(tx, &id)?);
            }
            Ok(changed)
        })
    }
}
