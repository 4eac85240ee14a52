//! Opening a queue file: the schema brought up to date, a damaged file found at once and, when
//! asked, moved aside for a new queue.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::Connection;

use super::{set_aside_path, Queue, QueueConfig};
use crate::{QueueError, MIGRATIONS};

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
            store: super::Store::Sqlite(Mutex::new(conn)),
            target: crate::QueueTarget::Sqlite(path.to_owned()),
            config,
        })
    }

    /// [`Queue::connect`], but a damaged SQLite file is moved aside as
    /// [`Queue::open_or_set_aside`] does (a server's database is never touched).
    ///
    /// # Errors
    /// See [`Queue::connect`].
    pub fn connect_or_set_aside(
        target: &crate::QueueTarget,
        config: QueueConfig,
    ) -> Result<(Self, Option<PathBuf>), QueueError> {
        match target {
            crate::QueueTarget::Sqlite(path) => Self::open_or_set_aside(path, config),
            crate::QueueTarget::Postgres(_) => Self::connect(target, config).map(|q| (q, None)),
        }
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
}
