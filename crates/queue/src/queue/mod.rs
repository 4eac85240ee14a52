//! The queue's operations, by what they are: opening (and damaged files) in [`open`], a job's
//! life from enqueue to its outcome in [`lifecycle`], the user's controls and the reaper in
//! [`control`], queue-wide settings and pruning in [`settings`], reads in [`reads`], who is
//! working in [`workers`]. Here: the handle itself and the one way to write, on either database
//! ([`crate::store`]). Each write is one short transaction; none is held across a render.

mod control;
mod lifecycle;
mod open;
mod pieces;
mod reads;
mod settings;
mod workers;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use estudio_words::Message;

use crate::store::postgres::PgStore;
use crate::store::sqlite::SqliteTx;
use crate::store::{vals, Row, Tx};
use crate::{Job, QueueError, QueueTarget};

pub use pieces::{ClaimedPiece, PieceInfo, PieceLease, PiecesLeft};

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

/// A handle on the queue: a SQLite file or a PostgreSQL server. Share it between threads
/// (`Arc<Queue>`); open one per process.
pub struct Queue {
    store: Store,
    target: QueueTarget,
    config: QueueConfig,
}

pub(crate) enum Store {
    Sqlite(Mutex<Connection>),
    Postgres(Box<PgStore>),
}

pub(crate) const JOB_COLUMNS: &str = "id, status, project_path, project_title, preset, output_path, duration_secs, \
    priority, progress, attempts, max_attempts, error, error_detail, error_kind, cancel_requested_at, created_at, started_at, \
    finished_at, updated_at, run_after, worker_name";

pub(crate) fn job_from_row(row: &Row) -> Result<Job, QueueError> {
    let status: crate::JobStatus = row.str("status")?.parse()?;
    Ok(Job {
        id: row.str("id")?,
        status,
        project_path: row.str("project_path")?,
        project_title: row.str("project_title")?,
        preset: row.str("preset")?,
        output: row.str("output_path")?,
        duration_secs: row.f64("duration_secs")?,
        priority: row.i64("priority")?,
        progress: row.f64("progress")?,
        attempts: row.i64("attempts")?,
        max_attempts: row.i64("max_attempts")?,
        error: in_words(row.opt_str("error")?, row.opt_str("error_detail")?),
        error_kind: row
            .opt_str("error_kind")?
            .as_deref()
            .and_then(crate::ErrorKind::from_stored),
        cancel_requested: row.opt_i64("cancel_requested_at")?.is_some(),
        actions: status.actions(),
        worker: row.opt_str("worker_name")?,
        created_at: row.i64("created_at")?,
        started_at: row.opt_i64("started_at")?,
        finished_at: row.opt_i64("finished_at")?,
        updated_at: row.i64("updated_at")?,
        run_after: row.i64("run_after")?,
    })
}

impl Queue {
    /// Opens the queue `target` names: a SQLite file ([`Queue::open_with`]) or a PostgreSQL
    /// server, connected to and migrated now.
    ///
    /// # Errors
    /// As [`Queue::open_with`]; for a server also [`QueueError::Unreachable`],
    /// [`QueueError::Login`], [`QueueError::NoDatabase`].
    pub fn connect(target: &QueueTarget, config: QueueConfig) -> Result<Self, QueueError> {
        match target {
            QueueTarget::Sqlite(path) => Self::open_with(path, config),
            QueueTarget::Postgres(pg) => Ok(Self {
                store: Store::Postgres(Box::new(PgStore::connect((**pg).clone())?)),
                target: target.clone(),
                config,
            }),
        }
    }

    /// Another handle on the same queue, with a connection of its own.
    ///
    /// # Errors
    /// As [`Queue::connect`].
    pub fn reopen(&self) -> Result<Self, QueueError> {
        Self::connect(&self.target, self.config.clone())
    }

    /// Where the queue is.
    pub fn target(&self) -> &QueueTarget {
        &self.target
    }

    /// The SQLite file, or `None` on a server.
    pub fn path(&self) -> Option<&Path> {
        self.target.sqlite_path()
    }

    pub fn config(&self) -> &QueueConfig {
        &self.config
    }

    /// The time by the queue's clock, Unix ms: the one every time in its rows comes from (on
    /// PostgreSQL the server's, on SQLite this computer's).
    ///
    /// # Errors
    /// The database cannot be reached.
    pub fn clock_ms(&self) -> Result<i64, QueueError> {
        self.read(|tx| tx.now_ms())
    }

    /// How far the queue's clock is ahead of this computer's, in ms (negative: behind), read
    /// in the middle of the round trip. Add it to this computer's time before comparing it
    /// with a time in the queue (how long a job has been rendering, when a worker was seen).
    ///
    /// # Errors
    /// The database cannot be reached.
    pub fn clock_offset_ms(&self) -> Result<i64, QueueError> {
        let before = now_ms();
        let queue = self.clock_ms()?;
        let after = now_ms();
        Ok(queue - (before + (after - before) / 2))
    }

    /// Runs `f` in one write transaction. On SQLite it is IMMEDIATE: it takes the write lock up
    /// front, so it never fails with SQLITE_BUSY half-way (a DEFERRED read-then-write
    /// transaction would). On PostgreSQL it is READ COMMITTED; the claim locks its rows itself.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, QueueError>,
    ) -> Result<T, QueueError> {
        match &self.store {
            Store::Sqlite(conn) => {
                let mut conn = lock(conn);
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = f(&mut SqliteTx(&tx))?;
                tx.commit()?;
                Ok(out)
            }
            Store::Postgres(pg) => pg.write(f),
        }
    }

    /// Runs `f` in one read transaction: what it reads comes from one snapshot.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&mut dyn Tx) -> Result<T, QueueError>,
    ) -> Result<T, QueueError> {
        match &self.store {
            Store::Sqlite(conn) => {
                let mut conn = lock(conn);
                let tx = conn.transaction()?;
                let out = f(&mut SqliteTx(&tx))?;
                tx.commit()?;
                Ok(out)
            }
            Store::Postgres(pg) => pg.write(f),
        }
    }

    /// The SQLite connection, for what only SQLite has (`PRAGMA`s).
    pub(crate) fn sqlite(&self) -> Option<MutexGuard<'_, Connection>> {
        match &self.store {
            Store::Sqlite(conn) => Some(lock(conn)),
            Store::Postgres(_) => None,
        }
    }

    pub(crate) fn job_in(tx: &mut dyn Tx, id: &str) -> Result<Job, QueueError> {
        tx.query_opt(
            &format!("SELECT {JOB_COLUMNS} FROM render_jobs WHERE id = $1"),
            vals![id],
        )?
        .map(|r| job_from_row(&r))
        .transpose()?
        .ok_or_else(|| QueueError::NotFound(id.to_owned()))
    }
}

fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock cannot leave a transaction half-done (it rolls back on
    // drop), so a poisoned lock is safe to keep using.
    conn.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub(crate) fn record_attempt_end(
    tx: &mut dyn Tx,
    job_id: &str,
    attempt: i64,
    now: i64,
    outcome: crate::AttemptOutcome,
    error: Option<&Stored>,
    log: Option<&str>,
) -> Result<u64, QueueError> {
    tx.execute(
        "UPDATE render_job_attempts SET finished_at = $3, outcome = $4, error = $5, log = $6,
            error_detail = $7
         WHERE job_id = $1 AND attempt = $2",
        vals![
            job_id,
            attempt,
            now,
            outcome.as_str(),
            error.map(|e| &e.words),
            log,
            error.map(|e| &e.detail)
        ],
    )
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
