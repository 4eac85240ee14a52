use crate::JobStatus;

/// Everything the queue can refuse or fail at. Domain errors first, then infrastructure.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("no job with id {0}")]
    NotFound(String),
    #[error("job {id} is {from}; it cannot become {to}")]
    InvalidTransition {
        id: String,
        from: JobStatus,
        to: JobStatus,
    },
    /// Another unfinished job will write this file.
    #[error("job {job} (still {status}) already writes {path}; wait for it, cancel it or choose another file")]
    OutputTaken {
        path: String,
        job: String,
        status: JobStatus,
    },
    #[error("job {id} is being rendered; cancel it first")]
    Running { id: String },
    /// The worker's lease on this job ended (it expired and the job was re-queued or finished
    /// elsewhere): the worker must stop and write nothing more.
    #[error("the lease on job {0} was lost")]
    LeaseLost(String),
    #[error("unknown job status {0:?} in the database")]
    UnknownStatus(String),
    #[error("the queue database {path} is damaged ({detail})")]
    Corrupt {
        path: std::path::PathBuf,
        detail: String,
    },
    #[error("the queue database {0} cannot be written (read-only file or folder); check its permissions")]
    ReadOnly(std::path::PathBuf),
    #[error("the queue database is not usable: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the queue database could not be migrated: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("cannot create the queue's folder {path}: {source}")]
    Folder {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}
