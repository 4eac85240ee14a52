//! Engine events -> window events. The names are the UI's contract (see `ui/src/api.ts`).

use estudio_worker::{Event, EventSink};
use serde::Serialize;
use tauri::{AppHandle, Emitter};
use ts_rs::TS;

pub const JOB_CHANGED: &str = "job-changed";
pub const JOB_PROGRESS: &str = "job-progress";
pub const JOB_REMOVED: &str = "job-removed";
pub const QUEUE_SETTINGS: &str = "queue-settings";
pub const IMPORT_PROGRESS: &str = "import-progress";

/// Payload of `import-progress`: how far the import of `deck` is, in words.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub deck: String,
    pub text: String,
}

/// Payload of `job-removed`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct JobRemoved {
    pub id: String,
}

pub struct WindowEvents {
    app: AppHandle,
}

impl WindowEvents {
    pub fn new(app: AppHandle) -> Self {
        Self { app }
    }
}

impl EventSink for WindowEvents {
    fn emit(&self, event: &Event) {
        let sent = match event {
            Event::JobChanged(job) => self.app.emit(JOB_CHANGED, job),
            Event::JobProgress(p) => self.app.emit(JOB_PROGRESS, p),
            Event::JobRemoved(id) => self.app.emit(JOB_REMOVED, JobRemoved { id: id.clone() }),
            Event::SettingsChanged(s) => self.app.emit(QUEUE_SETTINGS, s),
        };
        if let Err(e) = sent {
            tracing::warn!(error = %e, "could not send an event to the window");
        }
    }
}
