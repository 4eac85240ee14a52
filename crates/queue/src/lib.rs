//! The render queue: jobs (`render_jobs`) in one SQLite file that the app and any number of
//! `estudio-cli worker` processes share safely, or on a PostgreSQL server that a render farm's
//! machines share ([`QueueTarget`]); the same operations and rules on both (`store::Tx`).
//!
//! On SQLite:
//! - **Claim** is one `BEGIN IMMEDIATE` transaction running `UPDATE ... WHERE id = (SELECT ...
//!   LIMIT 1) RETURNING`, SQLite's counterpart of `FOR UPDATE SKIP LOCKED`: each job goes to
//!   exactly one worker.
//! - A claimed job carries a **lease** (owner + attempt + expiry) that the worker renews with a
//!   heartbeat. Every later write of the worker is guarded by that lease, so a worker that lost
//!   its job (it stalled past the expiry and the job was re-queued) can no longer touch it.
//! - **Reaping** puts jobs with an expired lease back in the queue (or fails them once their
//!   attempts are used up).
//! - Every status change goes through [`JobStatus::check`], the one place that says which
//!   transitions exist.
//!
//! Durability: WAL with `synchronous=FULL`, so an Export the user saw accepted survives a power
//! cut. On PostgreSQL the claim is `FOR UPDATE SKIP LOCKED` under the settings row's lock, times
//! are the server's, and changes are announced with NOTIFY ([`Subscription`]).
//!
//! ```no_run
//! use estudio_queue::{Queue, NewJob};
//! let q = Queue::open("queue.sqlite3".as_ref())?;
//! if let Some(claimed) = q.claim(&"worker-1".into())? {
//!     // ... render claimed.snapshot, heartbeat with q.heartbeat(&claimed.lease, progress) ...
//!     q.complete(&claimed.lease, "ffmpeg log")?;
//! }
//! # Ok::<(), estudio_queue::QueueError>(())
//! ```

mod error;
mod error_kind;
mod job;
mod migrations;
mod queue;
mod status;
mod store;
mod subscribe;
mod target;

pub use error::QueueError;
pub use error_kind::ErrorKind;
pub use job::{Attempt, Changes, Claimed, Job, Lease, NewJob, QueueSettings, WorkerId, WorkerInfo};
pub use migrations::MIGRATIONS;
pub use queue::{
    now_ms, set_aside_path, ClaimedPiece, PieceInfo, PieceLease, PiecesLeft, Queue, QueueConfig,
};
pub use status::{AttemptOutcome, JobAction, JobStatus, Transition};
pub use subscribe::{Change, Subscription};
pub use target::{split_password, PgTarget, QueueTarget, TlsMode};
