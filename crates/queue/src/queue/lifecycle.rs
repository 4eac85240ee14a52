//! A job's life as its worker sees it: enqueue, claim, heartbeat, and the outcome of each
//! attempt (complete, fail, canceled, released), every later write guarded by the lease.

use estudio_words::Message;

use super::{duration_ms, job_from_row, record_attempt_end, Queue, Stored, JOB_COLUMNS};
use crate::store::{vals, Tx};
use crate::{Claimed, Job, JobStatus, Lease, NewJob, QueueError, Transition, WorkerId};

impl Queue {
    /// Adds a job with status `queued` and returns it.
    ///
    /// # Errors
    /// [`QueueError::OutputTaken`] when an unfinished job already writes its output or one of
    /// its side files (decided in the same transaction, so two processes cannot both get it).
    pub fn enqueue(&self, new: &NewJob) -> Result<Job, QueueError> {
        let id = uuid::Uuid::now_v7().to_string();
        let paths: Vec<&str> = std::iter::once(new.output.as_str())
            .chain(new.side_outputs.iter().map(String::as_str))
            .collect();
        self.write(|tx| {
            let now = tx.now_ms()?;
            // On PostgreSQL two enqueuers could both find a path free under READ COMMITTED;
            // locking the paths' rows first is not possible (they do not exist yet), so the
            // check runs under the settings row's lock, which every enqueue takes.
            tx.query(
                &format!("SELECT id FROM queue_settings WHERE id = 1{}", tx.dialect().for_update()),
                &[],
            )?;
            for path in &paths {
                // Two lookups by index, not a join: a plan that holds however the tables grow
                // (PostgreSQL plans prepared statements once, maybe while they are empty).
                let mut holder = None;
                for writer in tx.query("SELECT job_id FROM render_job_outputs WHERE path = $1", vals![*path])? {
                    holder = tx.query_opt(
                        "SELECT id, status, project_title FROM render_jobs WHERE id = $1 AND finished_at IS NULL",
                        vals![writer.str("job_id")?],
                    )?;
                    if holder.is_some() {
                        break;
                    }
                }
                if let Some(row) = holder {
                    return Err(QueueError::OutputTaken {
                        path: (*path).to_owned(),
                        job: row.str("id")?,
                        title: row.str("project_title")?,
                        status: row.str("status")?.parse()?,
                    });
                }
            }
            tx.execute(
                "INSERT INTO render_jobs (id, status, project_path, project_title, project_snapshot, preset,
                    options, output_path, duration_secs, priority, run_after, max_attempts, created_at, updated_at)
                 VALUES ($1, 'queued', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $10)",
                vals![
                    &id, &new.project_path, &new.project_title, &new.snapshot, &new.preset,
                    &new.options, &new.output, new.duration_secs, new.priority, now,
                    new.max_attempts.max(1)
                ],
            )?;
            for path in &paths {
                tx.execute(
                    "INSERT INTO render_job_outputs (job_id, path) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    vals![&id, *path],
                )?;
            }
            Self::job_in(tx, &id)
        })
    }

    /// Claims the best job that is ready (highest priority, then oldest) for `worker`, or
    /// `None`. Exactly one caller, in any process on any machine, gets each job.
    ///
    /// # Errors
    /// Database errors only.
    pub fn claim(&self, worker: &WorkerId) -> Result<Option<Claimed>, QueueError> {
        self.claim_skipping(worker, &[])
    }

    /// [`Queue::claim`], passing over the jobs in `skip` (ones this worker found it cannot
    /// render: their media are out of its reach).
    ///
    /// # Errors
    /// Database errors only.
    pub fn claim_skipping(
        &self,
        worker: &WorkerId,
        skip: &[String],
    ) -> Result<Option<Claimed>, QueueError> {
        let lease_ms = duration_ms(self.config.lease);
        let not_in = if skip.is_empty() {
            String::new()
        } else {
            let marks: Vec<String> = (0..skip.len()).map(|i| format!("${}", i + 5)).collect();
            format!(" AND id NOT IN ({})", marks.join(", "))
        };
        let claim = Transition::Claim;
        self.write(|tx| {
            let now = tx.now_ms()?;
            let dialect = tx.dialect();
            // Pause and the queue-wide limit are decided in the claim's transaction. On
            // PostgreSQL the settings row is locked first, so two claimers cannot both see a
            // free slot; the job itself is then picked with SKIP LOCKED, passing over a job
            // that another transaction (a cancel, a retry) holds at that moment.
            let settings = tx.query_one(
                &format!(
                    "SELECT paused, concurrency, (SELECT count(*) FROM render_jobs WHERE status = 'processing') AS running
                     FROM queue_settings WHERE id = 1{}",
                    dialect.for_update()
                ),
                &[],
            )?;
            if settings.bool("paused")? || settings.i64("running")? >= settings.i64("concurrency")? {
                return Ok(None);
            }
            let claimed = tx.query_opt(
                &format!(
                    "UPDATE render_jobs
                     SET status = '{to}', attempts = attempts + 1, lease_owner = $1, worker_name = $2,
                         lease_expires_at = $3, started_at = $4, updated_at = $4,
                         progress = 0, error = NULL, error_detail = NULL, error_kind = NULL
                     WHERE id = (SELECT id FROM render_jobs
                                 WHERE {from} AND run_after <= $4{not_in}
                                 ORDER BY priority DESC, run_after, created_at, id LIMIT 1{skip})
                     RETURNING {JOB_COLUMNS}, project_snapshot, options",
                    to = claim.to(),
                    from = claim.sql_from(),
                    skip = dialect.skip_locked(),
                ),
                &[
                    vals![&worker.owner, &worker.name, now + lease_ms, now],
                    &skip.iter().map(crate::store::Value::from).collect::<Vec<_>>(),
                ]
                .concat(),
            )?;
            let Some(row) = claimed else { return Ok(None) };
            let job = job_from_row(&row)?;
            tx.execute(
                "INSERT INTO render_job_attempts (job_id, attempt, worker, started_at) VALUES ($1, $2, $3, $4)",
                vals![&job.id, job.attempts, &worker.owner, now],
            )?;
            let lease = Lease { job_id: job.id.clone(), owner: worker.owner.clone(), attempt: job.attempts };
            Ok(Some(Claimed {
                snapshot: row.str("project_snapshot")?,
                options: row.str("options")?,
                job,
                lease,
            }))
        })
    }

    /// Renews `lease` and records `progress` (never lower than what is recorded). Returns whether
    /// a cancel was requested.
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the job is no longer this worker's: stop rendering.
    pub fn heartbeat(&self, lease: &Lease, progress: f64) -> Result<bool, QueueError> {
        let lease_ms = duration_ms(self.config.lease);
        let progress = if progress.is_nan() {
            0.0
        } else {
            progress.clamp(0.0, 1.0)
        };
        self.write(|tx| {
            let now = tx.now_ms()?;
            tx.query_opt(
                "UPDATE render_jobs
                 SET lease_expires_at = $1, updated_at = $2,
                     progress = CASE WHEN progress > $3 THEN progress ELSE $3 END
                 WHERE id = $4 AND lease_owner = $5 AND attempts = $6 AND status = 'processing'
                 RETURNING cancel_requested_at IS NOT NULL AS cancel",
                vals![
                    now + lease_ms,
                    now,
                    progress,
                    &lease.job_id,
                    &lease.owner,
                    lease.attempt
                ],
            )?
            .map(|r| r.bool("cancel"))
            .transpose()?
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
        let backoff = self.backoff_ms(lease.attempt);
        self.write(|tx| {
            let now = tx.now_ms()?;
            // Decided inside the transaction, against the job as it is now (its row locked on
            // PostgreSQL): its attempts, and whether a cancel was asked. A cancel asked at any
            // moment wins over a failure, so a job that failed while it was being canceled is
            // not run again.
            let job = Self::held(tx, lease)?;
            let (transition, error, kind) = match outcome {
                Outcome::Completed => (Transition::Complete, None, None),
                Outcome::Canceled => (
                    Transition::FinishCanceled,
                    Some(Stored::of(&Message::Canceled)),
                    Some(crate::ErrorKind::Canceled),
                ),
                Outcome::Failed { .. } if job.cancel_requested => (
                    Transition::FinishCanceled,
                    Some(Stored::of(&Message::Canceled)),
                    Some(crate::ErrorKind::Canceled),
                ),
                Outcome::Failed { error, kind, retry } => {
                    let again = retry && job.attempts < job.max_attempts;
                    (
                        if again {
                            Transition::Requeue
                        } else {
                            Transition::Fail
                        },
                        Some(Stored::of(error)),
                        Some(kind),
                    )
                }
            };
            let to = transition.to();
            let (finished_at, run_after) = if to.is_terminal() {
                (Some(now), now)
            } else {
                (None, now + backoff)
            };
            tx.execute(
                &format!(
                    "UPDATE render_jobs
                     SET status = $1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $2,
                         finished_at = $3, run_after = $4, error = $5,
                         error_detail = $6, error_kind = $7,
                         log = $8, progress = CASE WHEN $1 = 'completed' THEN 1.0 ELSE progress END
                     WHERE id = $9 AND {from}",
                    from = transition.sql_from()
                ),
                vals![
                    to.as_str(),
                    now,
                    finished_at,
                    run_after,
                    error.as_ref().map(|e| &e.words),
                    error.as_ref().map(|e| &e.detail),
                    kind.map(crate::ErrorKind::as_str),
                    log,
                    &lease.job_id
                ],
            )?;
            let outcome = match to {
                JobStatus::Completed => crate::AttemptOutcome::Completed,
                JobStatus::Canceled => crate::AttemptOutcome::Canceled,
                JobStatus::Failed => crate::AttemptOutcome::Failed,
                JobStatus::Queued | JobStatus::Processing => crate::AttemptOutcome::Retry,
            };
            record_attempt_end(
                tx,
                &lease.job_id,
                lease.attempt,
                now,
                outcome,
                error.as_ref(),
                Some(log),
            )?;
            Self::job_in(tx, &lease.job_id)
        })
    }

    /// The job `lease` holds, read inside a write transaction (and its row locked until the
    /// transaction ends, on PostgreSQL).
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when it is no longer this lease's (another attempt, another
    /// owner, or no longer processing).
    fn held(tx: &mut dyn Tx, lease: &Lease) -> Result<Job, QueueError> {
        let held = tx.query_opt(
            &format!(
                "SELECT id FROM render_jobs
                 WHERE id = $1 AND lease_owner = $2 AND attempts = $3 AND status = 'processing'{}",
                tx.dialect().for_update()
            ),
            vals![&lease.job_id, &lease.owner, lease.attempt],
        )?;
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
        self.give_back(lease, None)
    }

    /// Gives a leased job back to the queue without counting the attempt, because this machine
    /// cannot reach its files (`why`, an [`Message::OutOfReach`]): it waits, queued, for one
    /// that can, and says why until one claims it.
    ///
    /// # Errors
    /// [`QueueError::LeaseLost`] when the job is no longer this worker's.
    pub fn leave_to_others(&self, lease: &Lease, why: &Message) -> Result<Job, QueueError> {
        self.give_back(lease, Some(why))
    }

    fn give_back(&self, lease: &Lease, why: Option<&Message>) -> Result<Job, QueueError> {
        let why = why.map(|m| (Stored::of(m), crate::ErrorKind::OutOfReach.as_str()));
        let job = self.write(|tx| {
            let now = tx.now_ms()?;
            let job = Self::held(tx, lease)?;
            if job.cancel_requested {
                return Ok(None);
            }
            let release = Transition::Release;
            tx.execute(
                &format!(
                    "UPDATE render_jobs SET status = '{to}', lease_owner = NULL, lease_expires_at = NULL,
                        attempts = attempts - 1, progress = 0, run_after = $2, updated_at = $2,
                        error = $3, error_detail = $4, error_kind = $5
                     WHERE id = $1 AND {from}",
                    to = release.to(),
                    from = release.sql_from()
                ),
                vals![
                    &lease.job_id,
                    now,
                    why.as_ref().map(|w| &w.0.words),
                    why.as_ref().map(|w| &w.0.detail),
                    why.as_ref().map(|w| w.1)
                ],
            )?;
            // The attempt row goes too: the number will be used again by the next claim.
            tx.execute(
                "DELETE FROM render_job_attempts WHERE job_id = $1 AND attempt = $2",
                vals![&lease.job_id, lease.attempt],
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
