//! The engine both front ends drive: the app (`src-tauri`) and `estudio-cli`.
//!
//! [`Engine`] owns the [`Queue`](estudio_queue::Queue), turns an export request into a queued
//! job, runs worker threads that claim jobs and render them, and reports every change through an
//! [`EventSink`]: the app forwards events to the window, the CLI prints them. Every mutation of
//! the queue goes through the engine, so every change produces its event.
//!
//! ```no_run
//! use std::sync::Arc;
//! use estudio_worker::{Engine, Event, EventSink};
//! struct Print;
//! impl EventSink for Print {
//!     fn emit(&self, event: &Event) { println!("{event:?}") }
//! }
//! let queue = estudio_queue::Queue::open("queue.sqlite3".as_ref())?;
//! let engine = Engine::new(queue, Arc::new(Print));
//! let workers = engine.start(1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod clock;
mod engine;
mod error;
mod events;
mod farm_paths;
mod farm_speech;
mod inspect;
pub mod outputs;
pub mod paths;
mod pieces;
pub mod prefs;
mod scene_preview;
mod snapshot;
mod watch;
mod worker;

pub use engine::{Engine, EngineOptions, ExportRequest, Workers};
pub use error::EngineError;
pub use events::{Event, EventSink, JobProgress, NoEvents};
pub use farm_paths::PathMap;
pub use inspect::{inspect, inspect_loaded, listen, say, Inspected, ListenError};
pub use scene_preview::{scene_preview, ScenePreview, ScenePreviewError};
pub use watch::{Watcher, Watching};
