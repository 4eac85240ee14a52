//! The queue's operations, by what they are: opening (and damaged files) in [`open`], a job's
//! life from enqueue to its outcome in [`lifecycle`], the user's controls and the reaper in
//! [`control`], queue-wide settings and pruning in [`settings`], reads in [`reads`]. Here: the
//! handle itself and the one way to write. Each write is one short `BEGIN IMMEDIATE`
//! transaction; none is held across a render.

mod control;
mod lifecycle;
mod open;
mod reads;
mod settings;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

use estudio_words::Message;

use crate::{Job, QueueError};

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
    priority, progress, attempts, max_attempts, error, error_detail, error_kind, cancel_requested_at, created_at, started_at, \
    finished_at, updated_at, run_after";

fn job_from_row(row: &Row<'_>) -> rusqlite::Result<Job> {
    let status: String = row.get("status")?;
    let status: crate::JobStatus = status.parse().map_err(|e: QueueError| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Job {
        id: row.get("id")?,
        status,
        project_path: row.get("project_path")?,
        project_title: row.get("project_title")?,
        preset: row.get("preset")?,
        output: row.get("output_path")?,
        duration_secs: row.get("duration_secs")?,
        priority: row.get("priority")?,
        progress: row.get("progress")?,
        attempts: row.get("attempts")?,
        max_attempts: row.get("max_attempts")?,
        error: in_words(row.get("error")?, row.get("error_detail")?),
        error_kind: row
            .get::<_, Option<String>>("error_kind")?
            .as_deref()
            .and_then(crate::ErrorKind::from_stored),
        cancel_requested: row.get::<_, Option<i64>>("cancel_requested_at")?.is_some(),
        actions: status.actions(),
        created_at: row.get("created_at")?,
        started_at: row.get("started_at")?,
        finished_at: row.get("finished_at")?,
        updated_at: row.get("updated_at")?,
        run_after: row.get("run_after")?,
    })
}

impl Queue {
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
}

pub(crate) fn record_attempt_end(
    tx: &Connection,
    job_id: &str,
    attempt: i64,
    now: i64,
    outcome: crate::AttemptOutcome,
    error: Option<&Stored>,
    log: Option<&str>,
) -> rusqlite::Result<usize> {
    tx.prepare_cached(
        "UPDATE render_job_attempts SET finished_at = ?3, outcome = ?4, error = ?5, log = ?6,
            error_detail = ?7
         WHERE job_id = ?1 AND attempt = ?2",
    )?
    .execute(rusqlite::params![
        job_id,
        attempt,
        now,
        outcome.as_str(),
        error.map(|e| &e.words),
        log,
        error.map(|e| &e.detail)
    ])
}

/// An error as the database keeps it: words in English (for anyone reading the file or an
/// older Estúdio) and the message as JSON, which readers word in their own language.
pub(crate) struct Stored {
    pub words: String,
    pub detail: String,
}

impl Stored {
    pub fn of(message: &Message) -> Self {
        Self {
            words: message.words(estudio_words::Lang::En),
            // A message is plain data: serialising it cannot fail.
            detail: serde_json::to_string(message).unwrap_or_default(),
        }
    }
}

/// A stored error in the reader's language; the stored words when the detail is missing (a job
/// failed before migration 4) or from a newer Estúdio with kinds this one does not know.
pub(crate) fn in_words(words: Option<String>, detail: Option<String>) -> Option<String> {
    detail
        .and_then(|d| serde_json::from_str::<Message>(&d).ok())
        .map(|m| m.to_string())
        .or(words)
}

pub(crate) fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
