//! Rows of the queue as Rust values.

use serde::{Deserialize, Serialize};

use crate::JobStatus;

/// A job as the app and the CLI show it (the project snapshot is left out: it can be large).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct Job {
    pub id: String,
    pub status: JobStatus,
    pub project_path: String,
    pub project_title: String,
    pub preset: String,
    pub output: String,
    /// Length of the video being rendered, in seconds.
    pub duration_secs: f64,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub priority: i64,
    /// 0..=1, as last recorded (at most about once a second while rendering).
    pub progress: f64,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub attempts: i64,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub max_attempts: i64,
    /// The last error, in words.
    pub error: Option<String>,
    /// What kind of error it was (for the window to decide on and translate).
    pub error_kind: Option<crate::ErrorKind>,
    pub cancel_requested: bool,
    /// What the window may offer for it now ([`JobStatus::actions`]).
    pub actions: Vec<crate::JobAction>,
    /// The name of the worker that rendered it last (`--name`, or its computer's name).
    pub worker: Option<String>,
    /// Unix milliseconds.
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub created_at: i64,
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub started_at: Option<i64>,
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub finished_at: Option<i64>,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub updated_at: i64,
    /// Not claimed before this (Unix ms): a retry's backoff.
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub run_after: i64,
}

/// What enqueueing needs.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    pub project_path: String,
    pub project_title: String,
    /// The project as it should be rendered (JSON, media paths absolute).
    pub snapshot: String,
    pub preset: String,
    /// Per-job render overrides (JSON object).
    pub options: String,
    pub output: String,
    /// Other files the job writes beside its output (poster, captions). No two unfinished jobs
    /// may write the same file: enqueue refuses the second.
    pub side_outputs: Vec<String>,
    pub duration_secs: f64,
    pub priority: i64,
    pub max_attempts: i64,
}

/// What changed in the queue since a reader last looked ([`crate::Queue::changes_since`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    /// Jobs inserted or updated since, oldest change first.
    pub jobs: Vec<Job>,
    /// The queue's change counter as read with them: pass it to the next call.
    pub seq: i64,
}

/// A worker's hold on a claimed job. Every write the worker makes is guarded by all three fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub job_id: String,
    pub owner: String,
    pub attempt: i64,
}

/// A job a worker has claimed, with what it needs to render it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub job: Job,
    pub snapshot: String,
    pub options: String,
    pub lease: Lease,
}

/// One attempt at a job, for its log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct Attempt {
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub attempt: i64,
    pub worker: String,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub started_at: i64,
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub finished_at: Option<i64>,
    /// `None` while it runs.
    pub outcome: Option<crate::AttemptOutcome>,
    pub error: Option<String>,
    pub log: Option<String>,
}

/// Queue-wide settings, shared by every process using the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct QueueSettings {
    /// No job starts while paused; running ones finish.
    pub paused: bool,
    /// Renders at once across every worker of every process (1-16).
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub concurrency: i64,
    /// Finished jobs older than this many days are deleted; 0 keeps them forever.
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub keep_finished_days: i64,
}

/// Who claims: `owner` is unique to one worker thread of one run (the lease's owner), `name` is
/// what people see ("rendering on sala-3": `--name`, or the computer's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerId {
    pub owner: String,
    pub name: String,
}

impl WorkerId {
    pub fn new(owner: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            owner: owner.into(),
            name: name.into(),
        }
    }
}

impl From<&str> for WorkerId {
    /// A worker whose name is its owner id (tests, tools).
    fn from(owner: &str) -> Self {
        Self::new(owner, owner)
    }
}

/// A live worker, as `estudio-cli workers` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct WorkerInfo {
    pub id: String,
    pub name: String,
    pub host: String,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub pid: i64,
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub started_at: i64,
    /// Its last heartbeat, Unix ms by the database's clock.
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub seen_at: i64,
    /// The job it renders now.
    pub job_id: Option<String>,
}
