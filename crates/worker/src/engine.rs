//! The engine: every queue mutation, with its event, and the worker threads.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use estudio_queue::{Job, JobStatus, NewJob, Queue, QueueSettings};
use estudio_render::{PresetId, RenderOptions};

use crate::clock::ClockWatch;
use crate::worker::{self, RunControl, StopReason};
use crate::{EngineError, Event, EventSink};

/// What the user asked to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The project file; it is read and validated now, and its content queued as a snapshot.
    pub project: PathBuf,
    pub preset: PresetId,
    pub options: RenderOptions,
    pub output: PathBuf,
    /// Higher runs first (a Preview jumps ahead of exports).
    pub priority: i64,
    /// Whether a video already at `output` may be replaced (the person confirmed it).
    pub replace: crate::outputs::Replace,
}

/// Attempts a job gets before it is failed for good (only failures that may pass on their own,
/// such as ffmpeg being killed, are retried automatically).
pub const MAX_ATTEMPTS: i64 = 3;

/// How an engine renders; [`EngineOptions::default`] is what the app and the CLI use.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Where renders keep their work files ([`paths::work_dir`](crate::paths::work_dir)).
    pub work_dir: PathBuf,
    /// How long ffmpeg may make no progress before its attempt fails (`ESTUDIO_STALL_SECS`, or
    /// two minutes).
    pub stall: Duration,
    /// The cache of finished parts ([`paths::parts_dir`](crate::paths::parts_dir), bounded by
    /// the preferences' `cache_max_bytes`); `None` renders everything.
    pub parts: Option<estudio_render::parts::PartCache>,
    /// What this computer's workers are called in the queue ("rendering on sala-3"):
    /// `--name`, `ESTUDIO_WORKER_NAME`, or the host name.
    pub worker_name: String,
    /// How this machine sees the paths of jobs queued on others (`--path-map`, Settings).
    pub path_map: crate::PathMap,
    /// Where the content hashes of the ffmpeg build are remembered between runs
    /// ([`paths::cache_dir`](crate::paths::cache_dir)`/build-hashes.json`).
    pub hash_memo: Option<PathBuf>,
}

impl EngineOptions {
    /// A render session for `tag` (a job's id): the work folder, the stall limit, the cache of
    /// finished parts and the remembered build hashes of these options. The one way the app,
    /// the CLI and the workers make one.
    pub fn session(
        &self,
        tag: &str,
        cancel: &estudio_render::CancelToken,
    ) -> estudio_render::Session {
        let session = estudio_render::Session::new(
            tag,
            estudio_render::WorkDirs::new(&self.work_dir),
            cancel,
        )
        .with_stall(self.stall)
        .with_parts(self.parts.clone());
        match &self.hash_memo {
            Some(memo) => session.with_hash_memo(memo),
            None => session,
        }
    }
}

impl Default for EngineOptions {
    fn default() -> Self {
        let stall = std::env::var("ESTUDIO_STALL_SECS")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .filter(|s| *s > 0)
            .map_or(estudio_render::DEFAULT_STALL, Duration::from_secs);
        let bound = crate::prefs::Prefs::load(&crate::paths::prefs_file())
            .prefs
            .cache_max_bytes;
        Self {
            work_dir: crate::paths::work_dir(),
            worker_name: crate::paths::worker_name(),
            path_map: crate::PathMap::parse(
                crate::prefs::Prefs::load(&crate::paths::prefs_file())
                    .prefs
                    .path_map
                    .iter()
                    .map(String::as_str),
            )
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "the path map in Settings is ignored");
                crate::PathMap::default()
            }),
            stall,
            hash_memo: Some(crate::paths::cache_dir().join("build-hashes.json")),
            parts: Some(estudio_render::parts::PartCache::new(
                crate::paths::parts_dir(),
                bound,
            )),
        }
    }
}

/// The render engine. Share it as `Arc<Engine>`.
pub struct Engine {
    pub(crate) options: EngineOptions,
    pub(crate) queue: Arc<Queue>,
    pub(crate) sink: Arc<dyn EventSink>,
    /// Bumped on every enqueue/retry, so idle workers of this process wake at once.
    wake: (Mutex<u64>, Condvar),
    /// Running jobs of this process, so a cancel reaches ffmpeg without waiting for a heartbeat.
    pub(crate) running: Mutex<HashMap<String, Arc<RunControl>>>,
    pub(crate) shutting_down: AtomicBool,
    /// Notices the computer waking from sleep, so the reaper spares leases meanwhile.
    clock: Mutex<ClockWatch>,
}

/// The worker threads started by [`Engine::start`]. Dropping it does not stop them; call
/// [`Workers::shutdown`] for a clean stop.
pub struct Workers {
    engine: Arc<Engine>,
    threads: Vec<std::thread::JoinHandle<()>>,
    prefix: String,
    drain: bool,
}

impl Workers {
    /// Starts more threads until there are `count` (never fewer: the queue's concurrency setting,
    /// enforced at claim time, is what limits renders, so extra threads only wait).
    pub fn grow_to(&mut self, count: usize) {
        while self.threads.len() < count {
            let n = self.threads.len();
            self.threads.push(
                self.engine
                    .spawn_one(format!("{}-{n}", self.prefix), n, self.drain),
            );
        }
    }

    /// How many worker threads there are.
    pub fn len(&self) -> usize {
        self.threads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.threads.is_empty()
    }

    /// Stops the workers: running renders are stopped and their jobs put back in the queue
    /// without using an attempt, to resume at the next start.
    pub fn shutdown(self) {
        self.engine.stop_workers();
        self.join();
    }

    /// Waits for the workers to end by themselves (drain mode).
    pub fn join(self) {
        for t in self.threads {
            if t.join().is_err() {
                tracing::error!("a worker thread panicked");
            }
        }
    }
}

impl Engine {
    pub fn new(queue: Queue, sink: Arc<dyn EventSink>) -> Arc<Self> {
        Self::with_options(queue, sink, EngineOptions::default())
    }

    pub fn with_options(
        queue: Queue,
        sink: Arc<dyn EventSink>,
        options: EngineOptions,
    ) -> Arc<Self> {
        // Two leases: every sleeping worker has woken and heartbeated by then.
        let grace = queue.config().lease * 2;
        Arc::new(Self {
            options,
            queue: Arc::new(queue),
            sink,
            wake: (Mutex::new(0), Condvar::new()),
            running: Mutex::new(HashMap::new()),
            shutting_down: AtomicBool::new(false),
            clock: Mutex::new(ClockWatch::new(grace)),
        })
    }

    /// ffmpeg's version line, or why it cannot render (missing, too old, lacking a filter, no
    /// ffprobe). Asked of the system once per program ([`estudio_render::Tools::get`] remembers
    /// the answer).
    ///
    /// # Errors
    /// The reason, as a sentence for the user.
    pub fn ffmpeg(&self) -> Result<String, EngineError> {
        estudio_render::ffmpeg_version().map_err(EngineError::FfmpegUnavailable)
    }

    /// How many renders this process is running now (the window asks before closing on them).
    pub fn renders_here(&self) -> usize {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .len()
    }

    /// Whether [`Engine::stop_workers`] was called (no worker should start after it).
    pub fn is_shutting_down(&self) -> bool {
        self.shutting_down.load(Ordering::SeqCst)
    }

    pub fn queue(&self) -> &Queue {
        &self.queue
    }

    pub(crate) fn emit(&self, event: Event) {
        self.sink.emit(&event);
    }

    pub(crate) fn notify(&self) {
        let (lock, cv) = &self.wake;
        *lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        cv.notify_all();
    }

    /// Waits up to `timeout` for a wake-up newer than `seen`; returns the latest generation.
    pub(crate) fn wait_for_work(&self, seen: u64, timeout: Duration) -> u64 {
        let (lock, cv) = &self.wake;
        let guard = lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (guard, _) = cv
            .wait_timeout_while(guard, timeout, |g| {
                *g == seen && !self.shutting_down.load(Ordering::SeqCst)
            })
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard
    }

    pub(crate) fn generation(&self) -> u64 {
        *self
            .wake
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Tells every worker of this engine to stop: running renders end and their jobs go back to
    /// the queue without using an attempt. Returns at once; [`Workers::join`] waits.
    pub fn stop_workers(&self) {
        self.shutting_down.store(true, Ordering::SeqCst);
        for control in self.running_controls() {
            control.stop(StopReason::Shutdown);
        }
        self.notify();
    }

    fn running_controls(&self) -> Vec<Arc<RunControl>> {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .values()
            .cloned()
            .collect()
    }

    /// Validates the project and the destination, then queues the export.
    ///
    /// # Errors
    /// The project cannot be read or has problems, the options are out of range, the destination
    /// is unusable, or the queue failed.
    pub fn enqueue(&self, request: &ExportRequest) -> Result<Job, EngineError> {
        // A job that cannot run is not queued as if it could.
        self.ffmpeg()?;
        let preset = request.preset.preset();
        request
            .options
            .check(preset)
            .map_err(EngineError::Options)?;
        let inspected = crate::inspect(&request.project, &estudio_render::CancelToken::new())?;
        let loaded = &inspected.loaded;
        let Some(prepared) = &inspected.prepared else {
            return Err(EngineError::InvalidProject(loaded.problems.clone()));
        };
        let missing = estudio_render::Tools::get()
            .map_err(estudio_render::RenderError::from)?
            .missing_for(preset);
        if !missing.is_empty() {
            return Err(estudio_render::RenderError::PresetUnavailable {
                preset: preset.name,
                missing,
            }
            .into());
        }
        let output = crate::outputs::check_destination(
            &request.output,
            request.preset,
            &request.options,
            &loaded.inputs(),
            request.replace,
        )?;
        let duration = prepared
            .project
            .timeline_at(preset.output_fps(prepared.project.canvas.fps))
            .duration_secs();
        // On a farm, another machine may render it: the speech it needs goes with it.
        let mut prepared = prepared.clone();
        if self.queue.target().is_postgres() {
            let speech = crate::paths::cache_dir().join("speech");
            crate::farm_speech::share(&mut prepared, &speech, &output)
                .map_err(|(path, source)| estudio_render::RenderError::Io { path, source })?;
        }
        // Plain data: serialising it cannot fail.
        let snapshot = serde_json::to_string(&prepared).unwrap_or_default();
        let options = serde_json::to_string(&estudio_render::RenderOptions {
            replace: request.replace == crate::outputs::Replace::Yes,
            ..request.options.clone()
        })
        .unwrap_or_default();
        let job = self.queue.enqueue(&NewJob {
            project_path: loaded.path.to_string_lossy().into_owned(),
            project_title: loaded.project.title.clone(),
            snapshot,
            preset: request.preset.as_str().to_owned(),
            options,
            output: output.to_string_lossy().into_owned(),
            side_outputs: estudio_render::side_files(&output, &request.options)
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            duration_secs: duration,
            priority: request.priority,
            max_attempts: MAX_ATTEMPTS,
        })?;
        self.emit(Event::JobChanged(job.clone()));
        self.notify();
        Ok(job)
    }

    /// Cancels a job; a running one stops within a fraction of a second when this process runs
    /// it, within a heartbeat when another process does.
    ///
    /// # Errors
    /// Unknown job, or a job already finished.
    pub fn cancel(&self, id: &str) -> Result<Job, EngineError> {
        let job = self.queue.cancel(id)?;
        if job.status == JobStatus::Processing {
            if let Some(control) = self
                .running
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(id)
            {
                control.stop(StopReason::Canceled);
            }
        }
        self.emit(Event::JobChanged(job.clone()));
        Ok(job)
    }

    /// Queues a failed or canceled job again.
    ///
    /// # Errors
    /// Unknown job, or one that is not failed or canceled.
    pub fn retry(&self, id: &str) -> Result<Job, EngineError> {
        let job = self.queue.retry(id)?;
        self.emit(Event::JobChanged(job.clone()));
        self.notify();
        Ok(job)
    }

    /// Deletes a job that is not running.
    ///
    /// # Errors
    /// Unknown job, or one that is running.
    pub fn remove(&self, id: &str) -> Result<(), EngineError> {
        self.queue.remove(id)?;
        self.emit(Event::JobRemoved(id.to_owned()));
        Ok(())
    }

    /// Deletes every finished job; returns how many.
    ///
    /// # Errors
    /// Database errors.
    pub fn clear_finished(&self) -> Result<usize, EngineError> {
        let ids = self.queue.clear_finished()?;
        for id in &ids {
            self.emit(Event::JobRemoved(id.clone()));
        }
        Ok(ids.len())
    }

    /// The queue-wide settings.
    ///
    /// # Errors
    /// Database errors.
    pub fn settings(&self) -> Result<QueueSettings, EngineError> {
        Ok(self.queue.settings()?)
    }

    /// Changes the queue-wide settings (shared with every other process on the queue).
    ///
    /// # Errors
    /// Database errors.
    pub fn set_settings(&self, settings: &QueueSettings) -> Result<QueueSettings, EngineError> {
        let s = self.queue.set_settings(settings)?;
        self.emit(Event::SettingsChanged(s.clone()));
        self.notify();
        Ok(s)
    }

    /// Pauses (`true`) or resumes the queue: while paused no job starts; running ones finish.
    ///
    /// # Errors
    /// Database errors.
    pub fn set_paused(&self, paused: bool) -> Result<QueueSettings, EngineError> {
        let s = self.queue.set_paused(paused)?;
        self.emit(Event::SettingsChanged(s.clone()));
        self.notify();
        Ok(s)
    }

    /// Deletes finished jobs older than the settings keep; returns how many.
    ///
    /// # Errors
    /// Database errors.
    pub fn prune(&self) -> Result<usize, EngineError> {
        let ids = self.queue.prune()?;
        for id in &ids {
            self.emit(Event::JobRemoved(id.clone()));
        }
        Ok(ids.len())
    }

    /// Every job, newest first.
    ///
    /// # Errors
    /// Database errors.
    pub fn jobs(&self) -> Result<Vec<Job>, EngineError> {
        Ok(self.queue.list(None)?)
    }

    /// Puts jobs whose worker died back in the queue (done by every worker before it claims, and
    /// worth calling once at start-up so the window shows the truth at once).
    ///
    /// # Errors
    /// Database errors.
    pub fn recover(&self) -> Result<usize, EngineError> {
        self.recover_at(estudio_queue::now_ms(), std::time::Instant::now())
    }

    /// [`Engine::recover`] with the clocks read by the caller (tests simulate a suspend).
    ///
    /// This process's own live renders are never reaped: their worker is alive and renews the
    /// lease at its next heartbeat (after a suspend the lease can look expired before it does).
    /// Other processes' leases are spared for a while after a clock jump.
    ///
    /// # Errors
    /// Database errors.
    pub fn recover_at(&self, wall_ms: i64, mono: std::time::Instant) -> Result<usize, EngineError> {
        let may_reap_others = self
            .clock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .may_reap_others(wall_ms, mono);
        if !may_reap_others {
            return Ok(0);
        }
        let spare: std::collections::HashSet<String> = self
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        // On one computer the wall clock given is the queue's clock (tests move it); a farm's
        // leases are judged by the server's clock, which every machine shares.
        let changed = if self.queue.target().is_postgres() {
            self.queue.reap_expired(&spare)?
        } else {
            self.queue.reap_expired_at(wall_ms, &spare)?
        };
        for job in &changed {
            self.emit(Event::JobChanged(job.clone()));
        }
        if !changed.is_empty() {
            self.notify();
        }
        Ok(changed.len())
    }

    /// Starts `concurrency` worker threads that run until [`Workers::shutdown`].
    pub fn start(self: &Arc<Self>, concurrency: usize) -> Workers {
        self.spawn(concurrency, false)
    }

    /// Starts `concurrency` worker threads that end once no job is queued or processing
    /// anywhere (in any process sharing the queue).
    pub fn start_draining(self: &Arc<Self>, concurrency: usize) -> Workers {
        self.spawn(concurrency, true)
    }

    /// A render session for job `tag`: this engine's work folder and stall limit.
    pub fn session(
        &self,
        tag: &str,
        cancel: &estudio_render::CancelToken,
    ) -> estudio_render::Session {
        self.options.session(tag, cancel)
    }

    /// How much the cache of finished parts may hold (the preferences' `cache_max_bytes`).
    pub fn cache_bound(&self) -> u64 {
        self.options
            .parts
            .as_ref()
            .map_or(estudio_render::parts::DEFAULT_MAX_BYTES, |c| c.max_bytes())
    }

    /// Bytes the cache of finished parts holds now (0 without a cache).
    pub fn cache_bytes(&self) -> u64 {
        self.options
            .parts
            .as_ref()
            .map_or(0, |c| c.entries().iter().map(|e| e.bytes).sum())
    }

    /// Empties the cache of finished parts; returns the bytes freed.
    pub fn clear_cache(&self) -> u64 {
        self.options.parts.as_ref().map_or(0, |c| c.clear())
    }

    /// A new bound for the cache of finished parts (the preferences' `cache_max_bytes`).
    pub fn set_cache_bound(&self, max_bytes: u64) {
        if let Some(cache) = &self.options.parts {
            cache.set_max_bytes(max_bytes);
        }
    }

    pub fn work_dirs(&self) -> estudio_render::WorkDirs {
        estudio_render::WorkDirs::new(&self.options.work_dir)
    }

    fn spawn(self: &Arc<Self>, concurrency: usize, drain: bool) -> Workers {
        // Work folders of processes that died mid-render (their lock is free) go first.
        let swept = self.work_dirs().sweep();
        if swept > 0 {
            tracing::info!(swept, "removed work folders of renders that died");
        }
        let mut workers = Workers {
            engine: Arc::clone(self),
            threads: Vec::new(),
            prefix: worker_prefix(),
            drain,
        };
        workers.grow_to(concurrency.max(1));
        workers
    }

    fn spawn_one(
        self: &Arc<Self>,
        owner: String,
        n: usize,
        drain: bool,
    ) -> std::thread::JoinHandle<()> {
        let engine = Arc::clone(self);
        std::thread::Builder::new()
            .name(format!("render-worker-{n}"))
            .spawn(move || {
                let id = estudio_queue::WorkerId::new(owner, engine.options.worker_name.clone());
                worker::run(&engine, &id, drain);
            })
            .expect("the OS can start a worker thread")
    }
}

/// A worker id unique across processes and time: pid plus a random part (pids are reused).
fn worker_prefix() -> String {
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("pid{}-{}", std::process::id(), &random[..8])
}
