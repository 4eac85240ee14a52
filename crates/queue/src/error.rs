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
            QueueError::OutputTaken { path, job, status } => Message::OutputTaken {
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
            QueueError::Folder { path, source } => Message::QueueFolder {
                path: shown(path),
                cause: Cause::from(source),
            },
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
