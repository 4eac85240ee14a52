//! Changes made by other processes (an `estudio-cli enqueue`, a CLI worker's progress, a cancel
//! from a terminal) turned into events, so an open window shows them without polling from the UI.
//!
//! SQLite's `data_version` changes only when another connection commits (the watcher has its
//! own connection, so this process's other connections count as others too), so an idle watcher
//! costs one tiny query per tick. What changed is then read by the queue's change counter.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use estudio_queue::Queue;

use crate::{Engine, Event};

/// How often the watcher looks at `data_version`: other processes' changes show within this.
const TICK: Duration = Duration::from_millis(500);

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

impl Engine {
    /// Starts watching the queue file for other processes' changes.
    ///
    /// # Errors
    /// The queue file cannot be opened a second time.
    pub fn watch_other_processes(self: &Arc<Self>) -> Result<Watcher, crate::EngineError> {
        // A connection of its own: data_version ignores commits made through the same connection.
        let own = Queue::open(self.queue.path())?;
        let engine = Arc::clone(self);
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("queue-watcher".into())
            .spawn(move || watch(&engine, &own, &stop2))
            .map_err(crate::EngineError::Thread)?;
        Ok(Watcher {
            stop,
            thread: Some(thread),
        })
    }
}

fn watch(engine: &Engine, conn: &Queue, stop: &AtomicBool) {
    let mut version = conn.data_version().unwrap_or(0);
    // Changes are found by the queue's change counter, which every writing transaction moves on
    // inside the transaction: a commit that waited long for the write lock still gets a number
    // above everything seen before it (a time stamp taken before the wait would not).
    let mut seq = conn.change_seq().unwrap_or(0);
    let mut known: HashSet<String> = conn.ids().unwrap_or_default();
    let mut settings = conn.settings().ok();
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(TICK);
        let Ok(now_version) = conn.data_version() else {
            continue;
        };
        if now_version == version {
            continue;
        }
        match (conn.changes_since(seq), conn.ids()) {
            (Ok(changes), Ok(ids)) => {
                // Jobs changed by this process too come back here (the counter does not know
                // who wrote); sending a job's current state twice is harmless.
                for job in changes.jobs {
                    engine.emit(Event::JobChanged(job));
                }
                for gone in known.difference(&ids) {
                    engine.emit(Event::JobRemoved(gone.clone()));
                }
                // Most foreign commits are progress; settings are sent only when they changed.
                if let Ok(s) = conn.settings() {
                    if settings.as_ref() != Some(&s) {
                        engine.emit(Event::SettingsChanged(s.clone()));
                        settings = Some(s);
                    }
                }
                known = ids;
                seq = changes.seq;
                version = now_version;
            }
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(error = %e, "could not read the queue's changes")
            }
        }
    }
}
