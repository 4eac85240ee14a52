//! One worker thread: reap, claim, render with a heartbeat, record the outcome.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use estudio_queue::{Claimed, ErrorKind, QueueError, WorkerId};
use estudio_render::{CancelToken, Progress, RenderError};

use crate::{Engine, Event, JobProgress};

/// How long an idle worker sleeps before looking at the queue again. In-process enqueues wake it
/// at once; this bounds how late it notices work queued by another process.
const IDLE_POLL: Duration = Duration::from_millis(500);
/// The same on a farm, where NOTIFY wakes idle workers the moment anything is queued: the look
/// is only for expired leases, so a hundred idle machines cost the server little.
const IDLE_POLL_FARM: Duration = Duration::from_secs(3);
/// How often a worker deletes finished jobs older than the queue keeps them.
const PRUNE_EVERY: Duration = Duration::from_secs(600);
/// Progress events are sent at most this often per job.
const EVENT_INTERVAL: Duration = Duration::from_millis(100);
/// An idle worker says it is alive this often (`estudio-cli workers`); a rendering one at
/// each heartbeat.
const SEEN_EVERY: Duration = Duration::from_secs(2);
/// How long a job this machine cannot render is left to others before it looks again.
const UNFIT_FOR: Duration = Duration::from_secs(60);

/// How a claimed job went on this worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ran {
    Rendered,
    /// Its inputs or output folder are out of this machine's reach: given back, not failed.
    LeftToOthers,
}

/// Why a render was stopped from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum StopReason {
    None = 0,
    Canceled = 1,
    /// The lease was lost: the job belongs to someone else now.
    LeaseLost = 2,
    /// The engine is shutting down.
    Shutdown = 3,
}

/// Stops one running render, remembering why.
pub(crate) struct RunControl {
    token: CancelToken,
    reason: AtomicU8,
}

impl RunControl {
    fn new() -> Self {
        Self {
            token: CancelToken::new(),
            reason: AtomicU8::new(StopReason::None as u8),
        }
    }

    /// Stops the render; the first reason given wins.
    pub(crate) fn stop(&self, reason: StopReason) {
        // Err means a reason was already recorded, which is the one that counts.
        self.reason
            .compare_exchange(
                StopReason::None as u8,
                reason as u8,
                Ordering::SeqCst,
                Ordering::SeqCst,
            )
            .ok();
        self.token.cancel();
    }

    fn reason(&self) -> StopReason {
        match self.reason.load(Ordering::SeqCst) {
            1 => StopReason::Canceled,
            2 => StopReason::LeaseLost,
            3 => StopReason::Shutdown,
            _ => StopReason::None,
        }
    }
}

/// The worker loop. In `drain` mode it returns once nothing is queued or processing anywhere.
pub(crate) fn run(engine: &Arc<Engine>, worker: &WorkerId, drain: bool) {
    let owner = worker.owner.as_str();
    tracing::info!(owner, name = %worker.name, "worker started");
    let host = crate::paths::host_name();
    let mut seen = engine.generation();
    let mut last_prune: Option<Instant> = None;
    let mut last_seen: Option<Instant> = None;
    // Jobs this machine found it cannot render (inputs out of its reach), left to others for a
    // while before it looks at them again.
    let mut unfit: Vec<(String, Instant)> = Vec::new();
    while !engine.shutting_down.load(Ordering::SeqCst) {
        unfit.retain(|(_, at)| at.elapsed() < UNFIT_FOR);
        if last_seen.is_none_or(|t| t.elapsed() >= SEEN_EVERY) {
            last_seen = Some(Instant::now());
            if let Err(e) = engine.queue.worker_seen(worker, &host, None) {
                tracing::warn!(owner, error = %e, "could not record that this worker is alive");
            }
        }
        if last_prune.is_none_or(|t| t.elapsed() >= PRUNE_EVERY) {
            last_prune = Some(Instant::now());
            if let Err(e) = engine.prune() {
                tracing::warn!(owner, error = %e, "could not prune finished jobs");
            }
        }
        if let Err(e) = engine.recover() {
            tracing::warn!(owner, error = %e, "could not recover expired leases");
        }
        let skip: Vec<String> = unfit.iter().map(|(id, _)| id.clone()).collect();
        match engine.queue.claim_skipping(worker, &skip) {
            Ok(Some(claimed)) => {
                let id = claimed.job.id.clone();
                if run_job(engine, claimed, worker, &host) == Ran::LeftToOthers {
                    unfit.push((id, Instant::now()));
                }
                last_seen = None;
            }
            Ok(None) => {
                // On a farm an idle worker helps with the pieces of jobs others render.
                if engine.queue.target().is_postgres() {
                    match crate::pieces::help(engine, worker, &skip) {
                        crate::pieces::Helped::Nothing => {}
                        crate::pieces::Helped::Rendered => {
                            last_seen = None;
                            continue;
                        }
                        crate::pieces::Helped::Unfit(job) => {
                            unfit.push((job, Instant::now()));
                            continue;
                        }
                    }
                }
                if drain && !pending_beyond(engine, &skip) {
                    break;
                }
                let poll = if engine.queue.target().is_postgres() {
                    IDLE_POLL_FARM
                } else {
                    IDLE_POLL
                };
                seen = engine.wait_for_work(seen, poll);
            }
            Err(e) => {
                tracing::warn!(owner, error = %e, "claim failed; trying again shortly");
                std::thread::sleep(IDLE_POLL);
            }
        }
    }
    if let Err(e) = engine.queue.worker_gone(worker) {
        tracing::warn!(owner, error = %e, "could not record that this worker stopped");
    }
    tracing::info!(owner, "worker stopped");
}

/// Whether anything is rendering or could still start here: jobs this machine cannot reach do
/// not keep a draining worker waiting (they wait for the machines that can).
fn pending_beyond(engine: &Engine, skip: &[String]) -> bool {
    match engine.queue.has_pending() {
        Ok(false) => false,
        Ok(true) if skip.is_empty() => true,
        Ok(true) => engine.queue.list(None).map_or(true, |jobs| {
            jobs.iter().any(|j| {
                j.status == estudio_queue::JobStatus::Processing
                    || (j.status == estudio_queue::JobStatus::Queued && !skip.contains(&j.id))
            })
        }),
        Err(_) => true,
    }
}

fn run_job(engine: &Arc<Engine>, claimed: Claimed, worker: &WorkerId, host: &str) -> Ran {
    let Claimed {
        job,
        snapshot,
        options,
        lease,
    } = claimed;
    // The job's paths as this machine sees the shared storage.
    let map = &engine.options.path_map;
    tracing::info!(job = %job.id, attempt = lease.attempt, "rendering");
    // Registered at once: a cancel reaches it from now on, and the reaper spares it (its lease
    // can look expired after the computer slept, before the heartbeat renews it).
    let control = Arc::new(RunControl::new());
    let _running = Running::register(engine, &job.id, &control);
    engine.emit(Event::JobChanged(job.clone()));
    let dest = std::path::PathBuf::from(map.map(&job.output));

    // A snapshot this build cannot read will not render on any attempt: fail it for good, before
    // a heartbeat or a cancel handle exists for it.
    let (project, preset, options) = match crate::snapshot::read(
        &snapshot,
        &job.preset,
        &options,
        map,
        &control.token,
    ) {
        Ok(prepared) => {
            // A previous attempt killed mid-render left temporary files (the video's, the
            // poster's, the captions'): they are ours to remove.
            let stale = estudio_render::remove_leftovers(&dest, &job.id);
            if stale > 0 {
                tracing::info!(job = %job.id, stale, "removed temporary files of a dead attempt");
            }
            prepared
        }
        Err(message) => {
            record(
                engine,
                &job.id,
                engine
                    .queue
                    .fail(&lease, &message, ErrorKind::InvalidSnapshot, "", false),
            );
            return Ran::Rendered;
        }
    };
    // On a farm, a machine that cannot reach the job's files (another mount, no permission)
    // gives the job back for a machine that can; it is not the job's fault.
    if engine.queue.target().is_postgres() {
        if let Some(why) = crate::farm_paths::unfit(&project, &dest) {
            tracing::warn!(job = %job.id, worker = %worker.name, %why, "this machine cannot render the job; it is left to others");
            // The job says why it waits until a machine that can reach its files claims it.
            let why = why.message(&worker.name);
            record(engine, &job.id, engine.queue.leave_to_others(&lease, &why));
            return Ran::LeftToOthers;
        }
    }

    if engine
        .shutting_down
        .load(std::sync::atomic::Ordering::SeqCst)
    {
        control.stop(StopReason::Shutdown);
    }

    let latest = Arc::new(Mutex::new(0.0f64));
    let heartbeat = spawn_heartbeat(engine, &lease, &control, &latest, (worker, host));

    let sharing = crate::pieces::worth_sharing(engine, &project, preset);
    let mut session = engine
        .session(&job.id, &control.token)
        .with_commit_guard(commit_guard(engine, &lease, &control, &latest));
    if engine.queue.target().is_postgres() {
        // A farm job's parts live on the storage every machine sees, beside its output.
        session = session.with_parts(Some(crate::pieces::shared_parts(&dest)));
    }
    let shared = if sharing {
        crate::pieces::share(
            engine,
            &lease,
            worker,
            (&project, preset, &options, &dest),
            &control.token,
        )
    } else {
        Ok(())
    };
    let result = shared.and_then(|()| {
        let mut last_event = Instant::now() - EVENT_INTERVAL;
        estudio_render::render(
            &project,
            preset.preset(),
            &options,
            &dest,
            &session,
            |p: &Progress| {
                *latest
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = p.fraction;
                // The final 100 % always goes out; the rest at most ten times a second.
                if p.fraction >= 1.0 || last_event.elapsed() >= EVENT_INTERVAL {
                    last_event = Instant::now();
                    engine.emit(Event::JobProgress(JobProgress::now(job.id.clone(), *p)));
                }
            },
        )
    });

    heartbeat.stop();

    let queue = &engine.queue;
    let outcome = match (&result, control.reason()) {
        (_, StopReason::LeaseLost) => {
            tracing::warn!(job = %job.id, "lease lost; another worker owns the job now");
            return Ran::Rendered;
        }
        (Err(RenderError::Canceled { .. }), StopReason::Shutdown) => queue.release(&lease),
        (Err(RenderError::Canceled { log }), _) => queue.finish_canceled(&lease, &log.to_text()),
        (Ok(done), _) => {
            let mut log = done.log.to_text();
            if done.reused.scenes > 0 {
                log.push_str(&format!(
                    "# {} of {} scenes from the cache of finished parts\n",
                    done.reused.scenes, done.reused.of
                ));
            }
            queue.complete(&lease, &log)
        }
        (Err(e), _) => {
            let log = e
                .log()
                .map(estudio_render::RenderLog::to_text)
                .unwrap_or_default();
            queue.fail(&lease, &e.message(), error_kind(e), &log, e.is_transient())
        }
    };
    let ended = outcome.as_ref().is_ok_and(|job| job.status.is_terminal());
    record(engine, &job.id, outcome);
    if ended && engine.queue.target().is_postgres() {
        crate::pieces::trim_shared(engine, &job.id, &dest);
    }
    Ran::Rendered
}

/// A job in the engine's table of live renders, for as long as this value lives (removed on
/// every way out of [`run_job`], a panic included).
struct Running<'a> {
    engine: &'a Engine,
    id: String,
}

impl<'a> Running<'a> {
    fn register(engine: &'a Engine, id: &str, control: &Arc<RunControl>) -> Self {
        engine
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(id.to_owned(), Arc::clone(control));
        Self {
            engine,
            id: id.to_owned(),
        }
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.engine
            .running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&self.id);
    }
}

/// Reports how an attempt ended, once the queue has recorded it.
fn record(engine: &Engine, job_id: &str, outcome: Result<estudio_queue::Job, QueueError>) {
    match outcome {
        Ok(job) => {
            tracing::info!(job = %job.id, status = %job.status, "attempt ended");
            engine.emit(Event::JobChanged(job));
        }
        Err(QueueError::LeaseLost(id)) => {
            tracing::warn!(job = %id, "lease lost before the outcome was recorded")
        }
        Err(e) => tracing::error!(job = %job_id, error = %e, "could not record the outcome"),
    }
}

fn error_kind(e: &RenderError) -> ErrorKind {
    match e {
        RenderError::Invalid(_) => ErrorKind::InvalidProject,
        RenderError::DestinationIsInput(_) | RenderError::Destination { .. } => {
            ErrorKind::InvalidOutput
        }
        RenderError::NoFont => ErrorKind::NoFont,
        RenderError::FfmpegMissing { .. } | RenderError::Tools(_) => ErrorKind::FfmpegMissing,
        RenderError::PresetUnavailable { .. } => ErrorKind::PresetUnavailable,
        RenderError::Ffmpeg { .. } => ErrorKind::Ffmpeg,
        RenderError::Stalled { .. } => ErrorKind::Stalled,
        RenderError::Incomplete { .. } => ErrorKind::Incomplete,
        RenderError::NoSpace { .. } => ErrorKind::NoSpace,
        RenderError::Canceled { .. } => ErrorKind::Canceled,
        RenderError::Io { .. } => ErrorKind::Io,
        RenderError::Options(_) => ErrorKind::InvalidOptions,
    }
}

/// Asked by the render just before its files are renamed into place: whether this worker still
/// holds the job (a heartbeat, now). A lost lease or a cancel says no; so does a database that
/// stays unreachable for a few tries, since the job may then be someone else's.
fn commit_guard(
    engine: &Arc<Engine>,
    lease: &estudio_queue::Lease,
    control: &Arc<RunControl>,
    latest: &Arc<Mutex<f64>>,
) -> Arc<dyn Fn() -> bool + Send + Sync> {
    let (engine, lease, control, latest) = (
        Arc::clone(engine),
        lease.clone(),
        Arc::clone(control),
        Arc::clone(latest),
    );
    Arc::new(move || {
        let progress = *latest
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for _ in 0..5 {
            match engine.queue.heartbeat(&lease, progress) {
                Ok(false) => return true,
                Ok(true) => {
                    control.stop(StopReason::Canceled);
                    return false;
                }
                Err(QueueError::LeaseLost(_)) => break,
                Err(e) => {
                    tracing::warn!(job = %lease.job_id, error = %e, "cannot tell whether the job is still ours; trying again");
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
        control.stop(StopReason::LeaseLost);
        false
    })
}

struct Heartbeat {
    done: Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Heartbeat {
    fn stop(self) {
        self.done.store(true, Ordering::SeqCst);
        if self.thread.join().is_err() {
            tracing::error!("the heartbeat thread panicked");
        }
    }
}

/// Renews the lease and records progress about once a second; a cancel requested by anyone
/// (this process or another) or a lost lease stops the render. A worker that could not renew
/// its lease for a whole lease (the database went away, the network was cut) stops too: by
/// then the job may be another worker's, and two renders must not race for one output.
fn spawn_heartbeat(
    engine: &Arc<Engine>,
    lease: &estudio_queue::Lease,
    control: &Arc<RunControl>,
    latest: &Arc<Mutex<f64>>,
    (worker, host): (&WorkerId, &str),
) -> Heartbeat {
    let lease_length = engine.queue.config().lease;
    let interval = (lease_length / 3).min(Duration::from_secs(1));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (engine, lease, control, latest, done2, worker, host) = (
        Arc::clone(engine),
        lease.clone(),
        Arc::clone(control),
        Arc::clone(latest),
        Arc::clone(&done),
        worker.clone(),
        host.to_owned(),
    );
    let thread = std::thread::Builder::new()
        .name("heartbeat".into())
        .spawn(move || {
            let mut next = Instant::now() + interval;
            let mut renewed = Instant::now();
            while !done2.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
                if Instant::now() < next {
                    continue;
                }
                next = Instant::now() + interval;
                let progress = *latest.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                match engine.queue.heartbeat(&lease, progress) {
                    Ok(cancel) => {
                        renewed = Instant::now();
                        if cancel {
                            control.stop(StopReason::Canceled);
                        }
                        if let Err(e) = engine.queue.worker_seen(&worker, &host, Some(&lease.job_id)) {
                            tracing::debug!(error = %e, "could not record that this worker is alive");
                        }
                    }
                    Err(QueueError::LeaseLost(_)) => control.stop(StopReason::LeaseLost),
                    Err(e) if renewed.elapsed() >= lease_length => {
                        tracing::warn!(job = %lease.job_id, error = %e, "no heartbeat for a whole lease; stopping, the job is left to others");
                        control.stop(StopReason::LeaseLost);
                    }
                    Err(e) => tracing::warn!(job = %lease.job_id, error = %e, "heartbeat failed; will try again"),
                }
            }
        })
        .expect("the OS can start a heartbeat thread");
    Heartbeat { done, thread }
}
