//! The queue's operations. Each write is one short `BEGIN IMMEDIATE` transaction; none is held
//! across a render.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{
    named_params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior,
};

use crate::{
    Attempt, Changes, Claimed, Job, JobStatus, Lease, NewJob, QueueError, QueueSettings,
    Transition, MIGRATIONS,
};

/// Unix time in milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Where a damaged file is kept: `NAME.corrupt-UNIXTIME` beside it (the queue's database, the
/// preferences), so nothing the user had is lost.
pub fn set_aside_path(path: &Path) -> PathBuf {
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".corrupt-{}", now_ms() / 1000));
    PathBuf::from(aside)
}

/// Timing policy of a queue.
#[derive(Debug, Clone)]
pub struct QueueConfig {
    /// How long a claim stays valid without a heartbeat. A worker heartbeats several times
    /// within it; a crashed worker's job is back in the queue this long after its last beat.
    pub lease: Duration,
    /// Wait before the first automatic retry; doubled on each further attempt.
    pub backoff: Duration,
    /// How long a writer waits for another one before giving up (never surfaces as "database is
    /// locked" in normal use: every transaction here takes milliseconds).
    pub busy_timeout: Duration,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(10),
            backoff: Duration::from_secs(5),
            busy_timeout: Duration::from_secs(10),
        }
    }
}

/// A handle on the queue file. Share it between threads (`Arc<Queue>`); open one per process.
pub struct Queue {
    conn: Mutex<Connection>,
    path: PathBuf,
    config: QueueConfig,
}

const JOB_COLUMNS: &str = "id, status, project_path, project_title, preset, output_path, duration_secs, \
    priority, progress, attempts, max_attempts, error, error_kind, cancel_requested_at, created_at, started_at, \
    finished_at, updated_at, run_after";

fn job_from_row(row: &Row<'_>) -> rusqlite::Result<Job> {
    let status: String = row.get("status")?;
    Ok(Job {
        id: row.get("id")?,
        status: status.parse().map_err(|e: QueueError| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?,
        project_path: row.get("project_path")?,
        project_title: row.get("project_title")?,
        preset: row.get("preset")?,
        output: row.get("output_path")?,
        duration_secs: row.get("duration_secs")?,
        priority: row.get("priority")?,
        progress: row.get("progress")?,
        attempts: row.get("attempts")?,
        max_attempts: row.get("max_attempts")?,
        error: row.get("error")?,
        error_kind: row
            .get::<_, Option<String>>("error_kind")?
            .as_deref()
            .and_then(crate::ErrorKind::from_stored),
        cancel_requested: row.get::<_, Option<i64>>("cancel_requested_at")?.is_some(),
        created_at: row.get("created_at")?,
        started_at: row.get("started_at")?,
        finished_at: row.get("finished_at")?,
        updated_at: row.get("updated_at")?,
        run_after: row.get("run_after")?,
    })
}

impl Queue {
    /// Opens (creating if needed) the queue at `path` and brings its schema up to date.
    ///
    /// # Errors
    /// The folder cannot be created, the file is not a usable SQLite database, or a migration
    /// failed.
    pub fn open(path: &Path) -> Result<Self, QueueError> {
        Self::open_with(path, QueueConfig::default())
    }

    /// [`Queue::open`] with an explicit timing policy.
    ///
    /// # Errors
    /// See [`Queue::open`].
    pub fn open_with(path: &Path, config: QueueConfig) -> Result<Self, QueueError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| QueueError::Folder {
                path: dir.to_owned(),
                source,
            })?;
        }
        let classify = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
                QueueError::Corrupt {
                    path: path.to_owned(),
                    detail: e.to_string(),
                }
            }
            Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen) => {
                QueueError::ReadOnly(path.to_owned())
            }
            _ => QueueError::Database(e),
        };
        let mut conn = Connection::open(path).map_err(classify)?;
        conn.busy_timeout(config.busy_timeout).map_err(classify)?;
        // WAL lets readers and one writer work at once across processes; FULL makes every
        // commit durable (an accepted Export survives a power cut).
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(classify)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(classify)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(classify)?;
        // A damaged file is found now, not half-way through someone's export.
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(classify)?;
        if check != "ok" {
            return Err(QueueError::Corrupt {
                path: path.to_owned(),
                detail: check,
            });
        }
        match MIGRATIONS.to_latest(&mut conn) {
            Err(rusqlite_migration::Error::RusqliteError { err, .. }) => return Err(classify(err)),
            other => other?,
        }
        Ok(Self {
            conn: Mutex::new(conn),
            path: path.to_owned(),
            config,
        })
    }

    /// [`Queue::open_with`], but a damaged database is moved aside (as
    /// `NAME.corrupt-UNIXTIME`, with its journal files) and a new, empty queue started; the
    /// second value says where the old file went, so the front end can tell the user.
    ///
    /// # Errors
    /// See [`Queue::open`]; also when the damaged file cannot be moved.
    pub fn open_or_set_aside(
        path: &Path,
        config: QueueConfig,
    ) -> Result<(Self, Option<PathBuf>), QueueError> {
        match Self::open_with(path, config.clone()) {
            Err(QueueError::Corrupt { .. }) => {
                let aside = set_aside_path(path);
                let folder_err = |source| QueueError::Folder {
                    path: path.to_owned(),
                    source,
                };
                std::fs::rename(path, &aside).map_err(folder_err)?;
                for suffix in ["-wal", "-shm"] {
                    let mut from = path.as_os_str().to_owned();
                    from.push(suffix);
                    let mut to = aside.as_os_str().to_owned();
                    to.push(suffix);
                    if Path::new(&from).exists() {
                        std::fs::rename(&from, &to).map_err(folder_err)?;
                    }
                }
                tracing::error!(aside = %aside.display(), "the queue database was damaged; moved aside");
                Ok((Self::open_with(path, config)?, Some(aside)))
            }
            other => other.map(|q| (q, None)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn config(&self) -> &QueueConfig {
        &self.config
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction half-done (it rolls back on
        // drop), so a poisoned lock is safe to keep using.
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `f` in one IMMEDIATE transaction: it takes the write lock up front, so it never fails
    /// with SQLITE_BUSY half-way (a DEFERRED read-then-write transaction would).
    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, QueueError>,
    ) -> Result<T, QueueError> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    fn job_in(tx: &Connection, id: &str) -> Result<Job, QueueError> {
        tx.prepare_cached(&format!(
            "SELECT {JOB_COLUMNS} FROM render_jobs WHERE id = ?1"
        ))?
        .query_row([id], job_from_row)
        .optional()?
        .ok_or_else(|| QueueError::NotFound(id.to_owned()))
    }

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
                         progress = 0, error = NULL, error_kind = NULL
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
        error: &str,
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
                Outcome::Canceled => (Transition::FinishCanceled, Some("canceled"), Some(crate::ErrorKind::Canceled)),
                Outcome::Failed { .. } if job.cancel_requested => {
                    (Transition::FinishCanceled, Some("canceled"), Some(crate::ErrorKind::Canceled))
                }
                Outcome::Failed { error, kind, retry } => {
                    let again = retry && job.attempts < job.max_attempts;
                    (if again { Transition::Requeue } else { Transition::Fail }, Some(error), Some(kind))
                }
            };
            let to = transition.to();
            let (finished_at, run_after) = if to.is_terminal() { (Some(now), now) } else { (None, now + backoff) };
            tx.prepare_cached(&format!(
                "UPDATE render_jobs
                 SET status = :status, lease_owner = NULL, lease_expires_at = NULL, updated_at = :now,
                     finished_at = :finished_at, run_after = :run_after, error = :error, error_kind = :kind,
                     log = :log, progress = CASE WHEN :status = 'completed' THEN 1.0 ELSE progress END
                 WHERE id = :id AND {from}",
                from = transition.sql_from()
            ))?
            .execute(named_params! {
                ":status": to.as_str(), ":now": now, ":finished_at": finished_at, ":run_after": run_after,
                ":error": error, ":kind": kind.map(crate::ErrorKind::as_str), ":log": log, ":id": lease.job_id,
            })?;
            let outcome = if to == JobStatus::Queued { "retry" } else { to.as_str() };
            record_attempt_end(tx, &lease.job_id, lease.attempt, now, outcome, error, Some(log))?;
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
                let cancel = Transition::CancelQueued;
                cancel.check(job.status, id)?;
                tx.execute(
                    &format!(
                        "UPDATE render_jobs SET status = '{to}', cancel_requested_at = ?2, finished_at = ?2,
                            updated_at = ?2, error = 'canceled', error_kind = ?3 WHERE id = ?1 AND {from}",
                        to = cancel.to(),
                        from = cancel.sql_from()
                    ),
                    rusqlite::params![id, now, crate::ErrorKind::Canceled.as_str()],
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
                        cancel_requested_at = NULL, progress = 0, error = NULL, error_kind = NULL,
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
                    JobStatus::Canceled => ("canceled", crate::ErrorKind::Canceled),
                    _ => (
                        "the worker rendering this job stopped (crashed or was killed)",
                        crate::ErrorKind::Lost,
                    ),
                };
                let finished_at = to.is_terminal().then_some(now);
                tx.prepare_cached(&format!(
                    "UPDATE render_jobs SET status = ?2, lease_owner = NULL, lease_expires_at = NULL,
                        finished_at = ?3, updated_at = ?4, run_after = ?4, error = ?5, error_kind = ?6
                     WHERE id = ?1 AND {}",
                    transition.sql_from()
                ))?
                .execute(rusqlite::params![id, to.as_str(), finished_at, now, error, kind.as_str()])?;
                record_attempt_end(tx, &id, attempts, now, "lost", Some(error), None)?;
                changed.push(Self::job_in(tx, &id)?);
            }
            Ok(changed)
        })
    }

    /// The queue-wide settings.
    ///
    /// # Errors
    /// Database errors only.
    pub fn settings(&self) -> Result<QueueSettings, QueueError> {
        Ok(self.conn().query_row(
            "SELECT paused, concurrency, keep_finished_days FROM queue_settings WHERE id = 1",
            [],
            |r| {
                Ok(QueueSettings {
                    paused: r.get(0)?,
                    concurrency: r.get(1)?,
                    keep_finished_days: r.get(2)?,
                })
            },
        )?)
    }

    /// Replaces the queue-wide settings (values are clamped to their ranges).
    ///
    /// # Errors
    /// Database errors only.
    pub fn set_settings(&self, s: &QueueSettings) -> Result<QueueSettings, QueueError> {
        let now = now_ms();
        self.write(|tx| {
            tx.execute(
                "UPDATE queue_settings SET paused = ?1, concurrency = ?2, keep_finished_days = ?3, updated_at = ?4
                 WHERE id = 1",
                rusqlite::params![s.paused, s.concurrency.clamp(1, 16), s.keep_finished_days.max(0), now],
            )?;
            Ok(())
        })?;
        self.settings()
    }

    /// Pauses (`true`) or resumes the whole queue: while paused no job starts; running ones
    /// finish.
    ///
    /// # Errors
    /// Database errors only.
    pub fn set_paused(&self, paused: bool) -> Result<QueueSettings, QueueError> {
        // Only this column: another process may be changing the other settings at the same time.
        let now = now_ms();
        self.write(|tx| {
            tx.execute(
                "UPDATE queue_settings SET paused = ?1, updated_at = ?2 WHERE id = 1",
                rusqlite::params![paused, now],
            )?;
            Ok(())
        })?;
        self.settings()
    }

    /// Deletes finished jobs older than the `keep_finished_days` setting; returns their ids.
    ///
    /// # Errors
    /// Database errors only.
    pub fn prune(&self) -> Result<Vec<String>, QueueError> {
        self.prune_at(now_ms())
    }

    /// [`Queue::prune`] as if the time were `now` (Unix ms).
    ///
    /// # Errors
    /// Database errors only.
    pub fn prune_at(&self, now: i64) -> Result<Vec<String>, QueueError> {
        self.write(|tx| {
            let days: i64 = tx.query_row("SELECT keep_finished_days FROM queue_settings WHERE id = 1", [], |r| r.get(0))?;
            if days == 0 {
                return Ok(Vec::new());
            }
            let cutoff = now.saturating_sub(days.saturating_mul(86_400_000));
            let ids = tx
                .prepare_cached("DELETE FROM render_jobs WHERE finished_at IS NOT NULL AND finished_at < ?1 RETURNING id")?
                .query_map([cutoff], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })
    }

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
            "SELECT attempt, worker, started_at, finished_at, outcome, error, log FROM render_job_attempts
             WHERE job_id = ?1 ORDER BY attempt",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(Attempt {
                    attempt: r.get(0)?,
                    worker: r.get(1)?,
                    started_at: r.get(2)?,
                    finished_at: r.get(3)?,
                    outcome: r.get(4)?,
                    error: r.get(5)?,
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

/// How an attempt ended, as the worker reports it.
enum Outcome<'a> {
    Completed,
    Canceled,
    /// `retry`: the failure may pass on its own (ffmpeg was killed), so try again if attempts remain.
    Failed {
        error: &'a str,
        kind: crate::ErrorKind,
        retry: bool,
    },
}

fn record_attempt_end(
    tx: &Connection,
    job_id: &str,
    attempt: i64,
    now: i64,
    outcome: &str,
    error: Option<&str>,
    log: Option<&str>,
) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "UPDATE render_job_attempts SET finished_at = ?3, outcome = ?4, error = ?5, log = ?6
         WHERE job_id = ?1 AND attempt = ?2",
    )?
    .execute(rusqlite::params![job_id, attempt, now, outcome, error, log])
}

fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
