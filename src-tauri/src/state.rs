//! What the app holds while it runs.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use estudio_queue::Queue;
use estudio_worker::{paths, Engine, EventSink, Workers};

pub struct AppState {
    pub engine: Arc<Engine>,
    workers: Mutex<Option<Workers>>,
    /// Turns other processes' changes (the CLI) into window events.
    _watcher: Option<estudio_worker::Watcher>,
    /// The built-in sample project, unpacked in the data folder.
    pub sample: Option<PathBuf>,
    /// `ffmpeg -version`'s first line, or why ffmpeg cannot run.
    pub ffmpeg: Result<String, String>,
    /// Something the user must know about the queue (a damaged database was moved aside).
    pub queue_notice: Option<String>,
}

impl AppState {
    pub fn start(sink: Arc<dyn EventSink>) -> Result<Self, Box<dyn std::error::Error>> {
        let db = paths::queue_db();
        let (queue, set_aside) =
            Queue::open_or_set_aside(&db, estudio_queue::QueueConfig::default())
                .map_err(|e| format!("cannot open the render queue at {}: {e}", db.display()))?;
        let queue_notice = set_aside.map(|aside| {
            format!(
                "The render queue's database was damaged. It was kept as {} and a new, empty queue was started.",
                aside.display()
            )
        });
        let engine = Engine::new(queue, sink);
        let recovered = engine.recover()?;
        if recovered > 0 {
            tracing::info!(recovered, "jobs of a previous run put back in the queue");
        }
        let ffmpeg = engine
            .ffmpeg()
            .map(str::to_owned)
            .map_err(|e| e.to_string());
        // Without ffmpeg nothing can render: jobs stay queued (and the window says why) rather
        // than failing one after another.
        let workers = ffmpeg.is_ok().then(|| engine.start(1));
        let sample = match estudio_project::sample::install(&paths::sample_dir()) {
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
        Ok(Self {
            engine,
            workers: Mutex::new(workers),
            _watcher: watcher,
            sample,
            ffmpeg,
            queue_notice,
        })
    }

    pub fn shutdown(&self) {
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
