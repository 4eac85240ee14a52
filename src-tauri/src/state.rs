//! What the app holds while it runs.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use estudio_queue::Queue;
use estudio_words::Message;
use estudio_worker::prefs::{Prefs, PrefsError};
use estudio_worker::{paths, Engine, EventSink, Workers};

/// Work of the window on one file that the window can cancel.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Task {
    /// A deck being imported, by its path.
    Import(String),
    /// A project being opened (its narrations spoken), by its path.
    Open(String),
    /// The preview of a scene of an open project, by the project's path.
    ScenePreview(String),
}

pub struct AppState {
    pub engine: Arc<Engine>,
    /// Started once ffmpeg is found usable (checked beside the window's start-up, not before it).
    workers: Arc<Mutex<Option<Workers>>>,
    /// Turns other processes' changes (the CLI) into window events.
    _watcher: Option<estudio_worker::Watcher>,
    /// The built-in sample project, unpacked in the data folder.
    pub sample: Option<PathBuf>,
    /// Something the user must know about the queue (a damaged database was moved aside).
    pub queue_notice: Option<String>,
    /// The user's preferences on this computer, as saved in [`paths::prefs_file`].
    prefs: Mutex<Prefs>,
    /// Project files given on the command line (a double-click in the file manager).
    pub open_at_start: Vec<PathBuf>,
    /// Work the window can cancel (deck imports, projects being opened), by what and which file.
    /// The work under way on each file ([`AppState::begin`]): several at once (an edit's view,
    /// its thumbnails, Listen), all stopped by one cancel.
    cancels: Mutex<std::collections::HashMap<Task, Vec<estudio_render::CancelToken>>>,
}

/// The queue, where a damaged file went, and what the user must know about the farm.
type OpenedQueue = (Queue, Option<PathBuf>, Option<String>);

/// The queue Settings chose: the render farm's server, or this computer's file. A farm that
/// cannot be reached now is said so, and this computer's queue is used meanwhile, so the window
/// still opens and works.
fn open_queue() -> Result<OpenedQueue, Box<dyn std::error::Error>> {
    let config = estudio_queue::QueueConfig::default();
    let local = estudio_queue::QueueTarget::Sqlite(paths::queue_db());
    let (target, mut notice) = match paths::queue_target() {
        Ok(t) => (t, None),
        Err(e) => (local.clone(), Some(e.to_string())),
    };
    match Queue::connect_or_set_aside(&target, config.clone()) {
        Ok((queue, aside)) => Ok((queue, aside, notice)),
        Err(e) if target.is_postgres() => {
            tracing::warn!(farm = %target.shown(), error = %e, "the render farm cannot be reached; using this computer's queue");
            notice = Some(
                Message::FarmUnreachable {
                    farm: target.shown(),
                    detail: e.to_string(),
                }
                .to_string(),
            );
            let (queue, aside) = Queue::connect_or_set_aside(&local, config)
                .map_err(|e| format!("cannot open the render queue at {}: {e}", local.shown()))?;
            Ok((queue, aside, notice))
        }
        Err(e) => Err(format!("cannot open the render queue at {}: {e}", target.shown()).into()),
    }
}

impl AppState {
    pub fn start(sink: Arc<dyn EventSink>) -> Result<Self, Box<dyn std::error::Error>> {
        let (queue, set_aside, farm_notice) = open_queue()?;
        let queue_notice = set_aside
            .map(|aside| {
                Message::QueueSetAside {
                    path: aside.display().to_string(),
                }
                .to_string()
            })
            .or(farm_notice);
        let engine = Engine::new(queue, sink);
        let recovered = engine.recover()?;
        if recovered > 0 {
            tracing::info!(recovered, "jobs of a previous run put back in the queue");
        }
        let concurrency = engine
            .settings()
            .map_or(1, |s| usize::try_from(s.concurrency).unwrap_or(1));
        let workers = Arc::new(Mutex::new(None));
        {
            // Asking ffmpeg and ffprobe their versions takes two process starts: done while the
            // window loads. Without ffmpeg nothing can render: jobs stay queued (and the window
            // says why) rather than failing one after another.
            let (engine, workers) = (Arc::clone(&engine), Arc::clone(&workers));
            std::thread::Builder::new()
                .name("ffmpeg-check".into())
                .spawn(move || {
                    if engine.ffmpeg().is_ok() && !engine.is_shutting_down() {
                        *workers
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner) =
                            Some(engine.start(concurrency));
                    }
                })?;
        }
        let sample = match estudio_project::sample::install(
            &paths::sample_dir(),
            estudio_project::files::Existing::Replace,
        ) {
            Ok(p) => Some(p),
            Err(e) => {
                tracing::warn!(error = %e, "could not unpack the sample project");
                None
            }
        };
        let watcher = match engine.watch_other_processes() {
            Ok(w) => Some(w),
            Err(e) => {
                tracing::warn!(error = %e, "changes made by other processes will show after a restart");
                None
            }
        };
        let loaded = Prefs::load(&paths::prefs_file());
        let queue_notice = match (queue_notice, loaded.set_aside) {
            (notice, None) => notice,
            (notice, Some(aside)) => Some(
                notice
                    .into_iter()
                    .chain(std::iter::once(
                        Message::PrefsSetAside {
                            path: aside.display().to_string(),
                        }
                        .to_string(),
                    ))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        };
        let open_at_start = std::env::args_os()
            .skip(1)
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        Ok(Self {
            engine,
            workers,
            _watcher: watcher,
            sample,
            queue_notice,
            prefs: Mutex::new(loaded.prefs),
            open_at_start,
            cancels: Mutex::default(),
        })
    }

    /// A cancel token for new work on a file, cancelable by [`AppState::cancel`] of `task` until
    /// the returned guard is dropped.
    pub fn begin(&self, task: Task) -> Running<'_> {
        let token = estudio_render::CancelToken::new();
        self.cancels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(task.clone())
            .or_default()
            .push(token.clone());
        Running {
            state: self,
            task,
            token,
        }
    }

    /// Stops all the work under way on `task`'s file.
    pub fn cancel(&self, task: &Task) {
        if let Some(tokens) = self
            .cancels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(task)
        {
            for token in tokens {
                token.cancel();
            }
        }
    }

    pub fn prefs(&self) -> Prefs {
        self.prefs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Changes the preferences with `change` and saves them; on a failed save nothing changes.
    pub fn update_prefs(&self, change: impl FnOnce(&mut Prefs)) -> Result<Prefs, PrefsError> {
        let mut guard = self
            .prefs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut next = guard.clone();
        change(&mut next);
        if next != *guard {
            next.save(&paths::prefs_file())?;
            *guard = next;
        }
        Ok(guard.clone())
    }

    /// Makes sure as many worker threads run as the queue's concurrency allows.
    pub fn grow_workers(&self, concurrency: i64) {
        let mut workers = self
            .workers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(w) = workers.as_mut() {
            w.grow_to(usize::try_from(concurrency).unwrap_or(1));
        }
    }

    pub fn shutdown(&self) {
        // First, so workers the ffmpeg check may still be about to start stop at once too.
        self.engine.stop_workers();
        let workers = self
            .workers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(w) = workers {
            w.shutdown();
        }
    }
}

/// Work under way on a file ([`AppState::begin`]): its cancel token, forgotten when dropped.
pub struct Running<'a> {
    state: &'a AppState,
    task: Task,
    token: estudio_render::CancelToken,
}

impl std::ops::Deref for Running<'_> {
    type Target = estudio_render::CancelToken;
    fn deref(&self) -> &Self::Target {
        &self.token
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        let mut cancels = self
            .state
            .cancels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(tokens) = cancels.get_mut(&self.task) {
            tokens.retain(|t| !t.is(&self.token));
            if tokens.is_empty() {
                cancels.remove(&self.task);
            }
        }
    }
}
