//! A job's life as its worker sees it: enqueue, claim, heartbeat, and the outcome of each
//! attempt (complete, fail, canceled, released), every later write guarded by the lease.

use rusqlite::{named_params, Connection, OptionalExtension};

use estudio_words::Message;

use super::{duration_ms, job_from_row, now_ms, record_attempt_end, Queue, Stored, JOB_COLUMNS};
use crate::{Claimed, Job, JobStatus, Lease, NewJob, QueueError, Transition};

impl Queue {
    /// Adds a job with status `queued` and returns it.
    ///
    /// # Errors
    /// [`QueueError::OutputTaken`] when an unfinished job already writes its output or one of
    /// its side files (decided in the same transaction, so two processes cannot both get it).
    pub fn enqueue(&self, new: &NewJob) -> Result<Job, QueueError> {
        let id = uuid::Uuid::now_v7().to_string();
        let now = now_ms();
        let paths: Vec<&str> = std::iter::once(new.output.as_str())
            .chain(new.side_outputs.iter().map(String::as_str))
            .collect();
        self.write(|tx| {
            for path in &paths {
                let holder: Option<(String, String)> = tx
                    .prepare_cached(
                        "SELECT j.id, j.status FROM render_job_outputs o JOIN render_jobs j ON j.id = o.job_id
                         WHERE o.path = ?1 AND j.finished_at IS NULL LIMIT 1",
                    )?
                    .query_row([path], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                if let Some((job, status)) = holder {
                    return Err(QueueError::OutputTaken {
                        path: (*path).to_owned(),
                        job,
                        status: status.parse()?,
                    });
                }
            }
            tx.prepare_cached(
                "INSERT INTO render_jobs (id, status, project_path, project_title, project_snapshot, preset,
                    options, output_path, duration_secs, priority, run_after, max_attempts, created_at, updated_at)
                 VALUES (:id, 'queued', :project_path, :title, :snapshot, :preset, :options, :output,
                    :duration, :priority, :now, :max_attempts, :now, :now)",
            )?
            .execute(named_params! {
                ":id": id, ":project_path": new.project_path, ":title": new.project_title,
                ":snapshot": new.snapshot, ":preset": new.preset, ":options": new.options,
                ":output": new.output, ":duration": new.duration_secs, ":priority": new.priority,
                ":now": now, ":max_attempts": new.max_attempts.max(1),
            })?;
            for path in &paths {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO render_job_outputs (job_id, path) VALUES (?1, ?2)",
                )?
                .execute([&id, *path])?;
            }
            Self::job_in(tx, &id)
        })
    }

    /// Claims the best job that is ready (highest priority, then oldest) for `owner`, or `None`.
    /// Exactly one caller, in any process, gets each job.
    ///
    /// # Errors
    /// Database errors only.
    pub fn claim(&self, owner: &str) -> Result<Option<Claimed>, QueueError> {
        let now = now_ms();
        let expires = now + duration_ms(self.config.lease);
        let claim = Transition::Claim;
        self.write(|tx| {
            let claimed = tx
                .prepare_cached(&format!(
                    "UPDATE render_jobs
                     SET status = '{to}', attempts = attempts + 1, lease_owner = :owner,
                         lease_expires_at = :expires, started_at = :now, updated_at = :now,
                         progress = 0, error = NULL, error_detail = NULL, error_kind = NULL
                     WHERE id = (SELECT id FROM render_jobs
                                 WHERE {from} AND run_after <= :now
                                   -- pause and the queue-wide limit, decided in the same transaction
                                   AND NOT (SELECT paused FROM queue_settings WHERE id = 1)
                                   AND (SELECT count(*) FROM render_jobs WHERE status = 'processing')
                                       < (SELECT concurrency FROM queue_settings WHERE id = 1)
                                 ORDER BY priority DESC, run_after, created_at, id LIMIT 1)
                     RETURNING {JOB_COLUMNS}, project_snapshot, options",
                    to = claim.to(),
                    from = claim.sql_from(),
                ))?
                .query_row(named_params! {":owner": owner, ":expires": expires, ":now": now}, |row| {
                    Ok((job_from_row(row)?, row.get::<_, String>("project_snapshot")?, row.get::<_, String>("options")?))
                })
                .optional()?;
            let Some((job, snapshot, options)) = claimed else { return Ok(None) };
            tx.prepare_cached(
                "INSERT INTO render_job_attempts (job_id, attempt, worker, started_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(rusqlite::params![job.id, job.attempts, owner, now])?;
            let lease = Lease { job_id: job.id.clone(), owner: owner.to_owned(), attempt: job.attempts };
            Ok(Some(Claimed { job, snapshot, options, lease }))
        })
    }

    /// Renews `lease` and records `progress` (never lower than what is recorded). Returns whether
    /// a cancel was requested.
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the job is no longer this worker's: stop rendering.
    pub fn heartbeat(&self, lease: &Lease, progress: f64) -> Result<bool, QueueError> {
        let now = now_ms();
        let expires = now + duration_ms(self.config.lease);
        self.write(|tx| {
            tx.prepare_cached(
                "UPDATE render_jobs
                 SET lease_expires_at = :expires, updated_at = :now,
                     progress = MAX(progress, MIN(MAX(:progress, 0.0), 1.0))
                 WHERE id = :id AND lease_owner = :owner AND attempts = :attempt AND status = 'processing'
                 RETURNING cancel_requested_at IS NOT NULL",
            )?
            .query_row(
                named_params! {":expires": expires, ":now": now, ":progress": progress,
                    ":id": lease.job_id, ":owner": lease.owner, ":attempt": lease.attempt},
                |row| row.get::<_, bool>(0),
            )
            .optional()?
            .ok_or_else(|| QueueError::LeaseLost(lease.job_id.clone()))
        })
    }

    /// Ends a leased job `completed`.
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the job is no longer this worker's.
    pub fn complete(&self, lease: &Lease, log: &str) -> Result<Job, QueueError> {
        self.finish(lease, Outcome::Completed, log)
    }

    /// Ends a leased job `canceled` (its cancel was requested and the render stopped).
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the job is no longer this worker's.
    pub fn finish_canceled(&self, lease: &Lease, log: &str) -> Result<Job, QueueError> {
        self.finish(lease, Outcome::Canceled, log)
    }

    /// Records a failed attempt. With `retry` and attempts left, the job goes back to the queue
    /// after an exponential backoff; otherwise it ends `failed`.
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the job is no longer this worker's.
    pub fn fail(
        &self,
        lease: &Lease,
        error: &Message,
        kind: crate::ErrorKind,
        log: &str,
        retry: bool,
    ) -> Result<Job, QueueError> {
        self.finish(lease, Outcome::Failed { error, kind, retry }, log)
    }

    fn finish(&self, lease: &Lease, outcome: Outcome<'_>, log: &str) -> Result<Job, QueueError> {
        let now = now_ms();
        let backoff = self.backoff_ms(lease.attempt);
        self.write(|tx| {
            // Decided inside the transaction, against the job as it is now: its attempts, and
            // whether a cancel was asked. A cancel asked at any moment wins over a failure, so a
            // job that failed while it was being canceled is not run again.
            let job = Self::held(tx, lease)?;
            let (transition, error, kind) = match outcome {
                Outcome::Completed => (Transition::Complete, None, None),
                Outcome::Canceled => {
                    (Transition::FinishCanceled, Some(Stored::of(&Message::Canceled)), Some(crate::ErrorKind::Canceled))
                }
                Outcome::Failed { .. } if job.cancel_requested => {
                    (Transition::FinishCanceled, Some(Stored::of(&Message::Canceled)), Some(crate::ErrorKind::Canceled))
                }
                Outcome::Failed { error, kind, retry } => {
                    let again = retry && job.attempts < job.max_attempts;
                    (if again { Transition::Requeue } else { Transition::Fail }, Some(Stored::of(error)), Some(kind))
                }
            };
            let to = transition.to();
            let (finished_at, run_after) = if to.is_terminal() { (Some(now), now) } else { (None, now + backoff) };
            tx.prepare_cached(&format!(
                "UPDATE render_jobs
                 SET status = :status, lease_owner = NULL, lease_expires_at = NULL, updated_at = :now,
                     finished_at = :finished_at, run_after = :run_after, error = :error,
                     error_detail = :detail, error_kind = :kind,
                     log = :log, progress = CASE WHEN :status = 'completed' THEN 1.0 ELSE progress END
                 WHERE id = :id AND {from}",
                from = transition.sql_from()
            ))?
            .execute(named_params! {
                ":status": to.as_str(), ":now": now, ":finished_at": finished_at, ":run_after": run_after,
                ":error": error.as_ref().map(|e| &e.words), ":detail": error.as_ref().map(|e| &e.detail),
                ":kind": kind.map(crate::ErrorKind::as_str), ":log": log, ":id": lease.job_id,
            })?;
            let outcome = match to {
                JobStatus::Completed => crate::AttemptOutcome::Completed,
                JobStatus::Canceled => crate::AttemptOutcome::Canceled,
                JobStatus::Failed => crate::AttemptOutcome::Failed,
                JobStatus::Queued | JobStatus::Processing => crate::AttemptOutcome::Retry,
            };
            record_attempt_end(tx, &lease.job_id, lease.attempt, now, outcome, error.as_ref(), Some(log))?;
            Self::job_in(tx, &lease.job_id)
        })
    }

    /// The job `lease` holds, read inside a write transaction.
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when it is no longer this lease's (another attempt, another
    /// owner, or no longer processing).
    fn held(tx: &Connection, lease: &Lease) -> Result<Job, QueueError> {
        let held: Option<String> = tx
            .prepare_cached(
                "SELECT id FROM render_jobs
                 WHERE id = ?1 AND lease_owner = ?2 AND attempts = ?3 AND status = 'processing'",
            )?
            .query_row(
                rusqlite::params![lease.job_id, lease.owner, lease.attempt],
                |r| r.get(0),
            )
            .optional()?;
        match held {
            Some(_) => Self::job_in(tx, &lease.job_id),
            None => Err(QueueError::LeaseLost(lease.job_id.clone())),
        }
    }

    fn backoff_ms(&self, attempt: i64) -> i64 {
        let shift = u32::try_from(attempt.clamp(1, 10) - 1).unwrap_or(0);
        duration_ms(self.config.backoff).saturating_mul(1 << shift)
    }

    /// Gives a leased job back to the queue without counting the attempt: the worker is shutting
    /// down cleanly (the app is quitting), which says nothing about the job.
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the job is no longer this worker's.
    pub fn release(&self, lease: &Lease) -> Result<Job, QueueError> {
        let now = now_ms();
        let job = self.write(|tx| {
            let job = Self::held(tx, lease)?;
            if job.cancel_requested {
                return Ok(None);
            }
            let release = Transition::Release;
            tx.execute(
                &format!(
                    "UPDATE render_jobs SET status = '{to}', lease_owner = NULL, lease_expires_at = NULL,
                        attempts = attempts - 1, progress = 0, run_after = ?2, updated_at = ?2
                     WHERE id = ?1 AND {from}",
                    to = release.to(),
                    from = release.sql_from()
                ),
                rusqlite::params![lease.job_id, now],
            )?;
            // The attempt row goes too: the number will be used again by the next claim.
            tx.execute(
                "DELETE FROM render_job_attempts WHERE job_id = ?1 AND attempt = ?2",
                rusqlite::params![lease.job_id, lease.attempt],
            )?;
            Self::job_in(tx, &lease.job_id).map(Some)
        })?;
        match job {
            Some(job) => Ok(job),
            // Stopped while a cancel was asked: it ends canceled, as the user wanted.
            None => self.finish(lease, Outcome::Canceled, ""),
        }
    }
}

/// How an attempt ended, as the worker reports it.
enum Outcome<'a> {
    Completed,
    Canceled,
    /// `retry`: the failure may pass on its own (ffmpeg was killed), so try again if attempts remain.
    Failed {
        error: &'a Message,
        kind: crate::ErrorKind,
        retry: bool,
    },
}
