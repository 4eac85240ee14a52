//! What the engine reports, and to whom.

use estudio_queue::{Job, QueueSettings};
use estudio_render::Progress;
use serde::{Deserialize, Serialize};

/// Progress of a running job (sent up to ten times a second; the database is updated about
/// once a second).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct JobProgress {
    pub id: String,
    pub progress: Progress,
    /// When the engine sent it (Unix milliseconds), right after reading ffmpeg's progress line:
    /// how fresh it is when the window gets it (`make bench` measures that delay).
    pub sent_at_ms: f64,
}

impl JobProgress {
    pub fn now(id: String, progress: Progress) -> Self {
        Self {
            id,
            progress,
            // Milliseconds, as the page's `Date.now()` it is compared with.
            sent_at_ms: estudio_queue::now_ms() as f64,
        }
    }
}

/// A change in the queue.
#[derive(Debug, Clone, PartialEq)]
// An event lives for one send (then it is serialised for the window): its size is moved once,
// and boxing the job would only add an allocation to every event.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// A job was added or changed state (or its cancel flag was set). Carries the whole job.
    JobChanged(Job),
    /// A job advanced while rendering.
    JobProgress(JobProgress),
    /// A job was deleted.
    JobRemoved(String),
    /// The queue was paused or resumed, or its limits changed.
    SettingsChanged(QueueSettings),
}

/// Receives the engine's events. Called from worker threads: keep it quick.
pub trait EventSink: Send + Sync {
    fn emit(&self, event: &Event);
}

/// A sink that drops everything (for callers that only want the side effects).
pub struct NoEvents;

impl EventSink for NoEvents {
    fn emit(&self, _: &Event) {}
}
