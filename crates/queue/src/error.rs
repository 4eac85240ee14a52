use estudio_words::{Cause, Message, Status};

use crate::JobStatus;

/// Everything the queue can refuse or fail at. Domain errors first, then infrastructure.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    NotFound(String),
    InvalidTransition {
        id: String,
        from: JobStatus,
        to: JobStatus,
    },
    /// Another unfinished job will write this file.
    OutputTaken {
        path: String,
        job: String,
        /// The other job's project title, as its row shows it.
        title: String,
        status: JobStatus,
    },
    Running {
        id: String,
    },
    /// The worker's lease on this job ended (it expired and the job was re-queued or finished
    /// elsewhere): the worker must stop and write nothing more.
    LeaseLost(String),
    UnknownStatus(String),
    Corrupt {
        path: std::path::PathBuf,
        detail: String,
    },
    ReadOnly(std::path::PathBuf),
    Database(#[from] rusqlite::Error),
    Migration(#[from] rusqlite_migration::Error),
    /// A PostgreSQL error other than the connection ones below.
    Postgres(#[from] postgres::Error),
    /// The PostgreSQL server did not answer, or the connection to it broke.
    Unreachable {
        server: String,
        detail: String,
    },
    Login {
        server: String,
        user: String,
    },
    NoDatabase {
        server: String,
        dbname: String,
    },
    /// A queue address that cannot be read.
    Address(String),
    Tls(String),
    /// The schema is newer than this build knows.
    Newer {
        found: u32,
        known: u32,
    },
    /// A row that does not hold what the schema says (a column missing or of another type).
    Column(String),
    Folder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

impl QueueError {
    /// In words, for people.
    pub fn message(&self) -> Message {
        let shown = |p: &std::path::Path| p.display().to_string();
        match self {
            QueueError::NotFound(id) => Message::NoSuchJob { id: id.clone() },
            QueueError::InvalidTransition { id, from, to } => Message::CannotBecome {
                id: id.clone(),
                from: (*from).into(),
                to: (*to).into(),
            },
            QueueError::OutputTaken {
                path,
                job,
                title,
                status,
            } => Message::OutputTaken {
                title: title.clone(),
                path: path.clone(),
                job: job.clone(),
                status: (*status).into(),
            },
            QueueError::Running { id } => Message::JobRunning { id: id.clone() },
            QueueError::LeaseLost(id) => Message::LeaseLost { id: id.clone() },
            QueueError::UnknownStatus(value) => Message::UnknownStatus {
                value: value.clone(),
            },
            QueueError::Corrupt { path, detail } => Message::DatabaseDamaged {
                path: shown(path),
                detail: detail.clone(),
            },
            QueueError::ReadOnly(path) => Message::DatabaseReadOnly { path: shown(path) },
            QueueError::Database(e) => Message::DatabaseUnusable {
                detail: e.to_string(),
            },
            QueueError::Migration(e) => Message::MigrationFailed {
                detail: e.to_string(),
            },
            QueueError::Postgres(e) => Message::DatabaseUnusable {
                detail: e
                    .as_db_error()
                    .map_or_else(|| e.to_string(), |d| d.message().to_owned()),
            },
            QueueError::Unreachable { server, detail } => Message::DatabaseUnreachable {
                server: server.clone(),
                detail: detail.clone(),
            },
            QueueError::Login { server, user } => Message::DatabaseLogin {
                server: server.clone(),
                user: user.clone(),
            },
            QueueError::NoDatabase { server, dbname } => Message::DatabaseMissing {
                server: server.clone(),
                dbname: dbname.clone(),
            },
            QueueError::Address(detail) => Message::DatabaseAddress {
                detail: detail.clone(),
            },
            QueueError::Tls(detail) => Message::DatabaseTls {
                detail: detail.clone(),
            },
            QueueError::Newer { found, known } => Message::DatabaseNewer {
                found: *found,
                known: *known,
            },
            QueueError::Column(detail) => Message::DatabaseUnusable {
                detail: detail.clone(),
            },
            QueueError::Folder { path, source } => Message::QueueFolder {
                path: shown(path),
                cause: Cause::from(source),
            },
        }
    }
}

impl QueueError {
    /// Whether the database could not be reached or the connection broke: the operation may
    /// work again once it is back (a worker keeps its job and tries again).
    pub fn connection_lost(&self) -> bool {
        match self {
            QueueError::Unreachable { .. } => true,
            QueueError::Postgres(e) => {
                let io = std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>());
                // The server is shutting down or restarting (admin_shutdown, crash_shutdown,
                // cannot_connect_now).
                let restarting = e
                    .as_db_error()
                    .is_some_and(|d| matches!(d.code().code(), "57P01" | "57P02" | "57P03"));
                e.is_closed() || io || restarting
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for QueueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl From<JobStatus> for Status {
    fn from(s: JobStatus) -> Self {
        match s {
            JobStatus::Queued => Status::Queued,
            JobStatus::Processing => Status::Processing,
            JobStatus::Completed => Status::Completed,
            JobStatus::Failed => Status::Failed,
            JobStatus::Canceled => Status::Canceled,
        }
    }
}
