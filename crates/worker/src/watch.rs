//! Changes made by other processes, on this computer or (on a render farm) on others, turned
//! into events, so an open window shows them without polling from the UI, and idle workers wake
//! at once when a job is queued anywhere. The queue's [`Subscription`] says what changed:
//! PostgreSQL's LISTEN/NOTIFY on a farm, SQLite's `data_version` and change counter on one
//! computer.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use estudio_queue::{Change, JobStatus, Subscription};

use crate::{Engine, Event};

/// How long one wait for changes lasts: bounds how late a stop is noticed.
const WAIT: Duration = Duration::from_millis(500);

/// A running watcher; stops when dropped.
pub struct Watcher {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            if t.join().is_err() {
                tracing::error!("the queue watcher panicked");
            }
        }
    }
}

/// What a watcher does with the changes it sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    /// Sends each as an event (the window) and wakes idle workers.
    Events,
    /// Only wakes idle workers (a CLI worker on a farm).
    WakeOnly,
}

impl Engine {
    /// Starts watching the queue for other processes' changes.
    ///
    /// # Errors
    /// The queue cannot be opened a second time.
    pub fn watch_other_processes(self: &Arc<Self>) -> Result<Watcher, crate::EngineError> {
        self.watch(Watching::Events)
    }

    /// Starts a watcher that does `what` with the changes it sees.
    ///
    /// # Errors
    /// The queue cannot be opened a second time.
    pub fn watch(self: &Arc<Self>, what: Watching) -> Result<Watcher, crate::EngineError> {
        // A connection of its own: data_version ignores commits made through the same
        // connection, and NOTIFY reaches only the connection that LISTENs.
        let subscription = self.queue.subscribe()?;
        let engine = Arc::clone(self);
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("queue-watcher".into())
            .spawn(move || watch(&engine, subscription, what, &stop2))
            .map_err(crate::EngineError::Thread)?;
        Ok(Watcher {
            stop,
            thread: Some(thread),
        })
    }
}

fn watch(engine: &Engine, mut subscription: Subscription, what: Watching, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        let changes = match subscription.next(WAIT) {
            Ok(changes) => changes,
            Err(e) => {
                // The subscription connects again at its next call, after a backoff.
                tracing::warn!(error = %e, "could not read the queue's changes");
                continue;
            }
        };
        let mut wake = false;
        for change in changes {
            // Jobs changed by this process come back here too (the database does not say who
            // wrote); sending a job's current state twice is harmless.
            let event = match change {
                Change::Pieces(_) => {
                    wake = true;
                    continue;
                }
                Change::Job(job) => {
                    wake |= job.status == JobStatus::Queued;
                    Event::JobChanged(job)
                }
                Change::Progress(job) => Event::JobChanged(job),
                Change::Removed(id) => Event::JobRemoved(id),
                Change::Settings(s) => {
                    wake = true;
                    Event::SettingsChanged(s)
                }
            };
            if what == Watching::Events {
                engine.emit(event);
            }
        }
        if wake {
            engine.notify();
        }
    }
}
