//! One video rendered by many machines of a render farm. The worker that claims a long job
//! publishes its parts as pieces ([`estudio_render::Pieces`]) and renders them with any idle
//! worker of the farm, each drawing its pieces into the cache of parts kept beside the job's
//! output (on the storage every machine shares); once every piece is done the owner renders the
//! job as usual, which finds every part in that cache and only makes the sound and joins.
//!
//! A piece's worker holds a lease on it and renews it, as for a job; a piece whose worker died
//! goes back to the queue when its lease expires, and a part finished before is never drawn
//! again (it is in the cache).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use estudio_queue::{ClaimedPiece, Lease, PieceLease, QueueError, WorkerId};
use estudio_render::{CancelToken, Pieces, Prepared, PresetId, RenderError, RenderOptions};

use crate::Engine;

/// How long the owner waits between looks at the pieces others render.
const WAIT: Duration = Duration::from_millis(250);

/// Whether a job is worth sharing: the farm's queue, and a video drawn in parts with more than
/// one piece.
pub(crate) fn worth_sharing(engine: &Engine, project: &Prepared, preset: PresetId) -> bool {
    engine.queue.target().is_postgres()
        && matches!(
            preset.preset().video,
            estudio_render::VideoCodec::H264 | estudio_render::VideoCodec::Vp9
        )
        && Pieces::count(project.project.scenes.len()) > 1
}

/// The folder of a farm job's shared parts: beside its output, on the storage the farm shares.
fn shared_dir(output: &Path) -> PathBuf {
    output
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(".estudio-parts")
}

/// The cache of parts of a farm job, so that what one machine drew another joins. Not bounded
/// while jobs use it: the parts of an unfinished job are not one machine's to evict (a small
/// bound on one machine made the owner draw every piece again). [`trim_shared`] bounds it once
/// no unfinished job writes there.
pub(crate) fn shared_parts(output: &Path) -> estudio_render::parts::PartCache {
    estudio_render::parts::PartCache::new(shared_dir(output), u64::MAX)
}

/// Brings a finished job's shared parts within this machine's bound, unless another unfinished
/// job renders into the same folder (its parts may be among them). What is kept serves the next
/// export of the same video from any machine.
pub(crate) fn trim_shared(engine: &Engine, job_id: &str, output: &Path) {
    let folder = output.parent();
    let others = match engine.queue.list(None) {
        Ok(jobs) => jobs.into_iter().any(|j| {
            j.id != job_id
                && !j.status.is_terminal()
                && Path::new(&engine.options.path_map.map(&j.output)).parent() == folder
        }),
        Err(e) => {
            tracing::debug!(error = %e, "cannot tell whether other jobs share the parts; not trimmed");
            return;
        }
    };
    if !others {
        let bound = engine.cache_bound();
        estudio_render::parts::PartCache::new(shared_dir(output), bound).evict(bound);
    }
}

/// The owner's share: publish the pieces, render them with the others, return once all are
/// done. Returns early (with the error) when the job is canceled or lost.
pub(crate) fn share(
    engine: &Arc<Engine>,
    lease: &Lease,
    worker: &WorkerId,
    job: (&Prepared, PresetId, &RenderOptions, &Path),
    control: &CancelToken,
) -> Result<(), RenderError> {
    let count = Pieces::count(job.0.project.scenes.len());
    if let Err(e) = engine.queue.publish_pieces(lease, count) {
        // Rendered alone, as on one computer.
        tracing::warn!(job = %lease.job_id, error = %e, "could not share the job's pieces");
        return Ok(());
    }
    tracing::info!(job = %lease.job_id, count, "pieces published for the farm");
    // As many pieces at once as a render runs parts at once on this machine: a farm job on a
    // machine alone goes as fast as it would off the farm.
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let at_once = estudio_render::graph::runs_at_once(cores).min(count).max(1);
    std::thread::scope(|scope| {
        let drawers: Vec<_> = (0..at_once)
            .map(|_| scope.spawn(|| draw_own(engine, lease, worker, job, control)))
            .collect();
        let mut first_error = Ok(());
        for d in drawers {
            let result = d.join().unwrap_or_else(|_| {
                Err(RenderError::Canceled {
                    log: estudio_render::RenderLog::default(),
                })
            });
            if first_error.is_ok() {
                first_error = result;
            }
        }
        first_error
    })
}

/// One of the owner's drawers: its job's pieces, one after another, until none is left to
/// take and none is being drawn.
fn draw_own(
    engine: &Arc<Engine>,
    lease: &Lease,
    worker: &WorkerId,
    job: (&Prepared, PresetId, &RenderOptions, &Path),
    control: &CancelToken,
) -> Result<(), RenderError> {
    loop {
        if control.is_canceled() {
            return Err(RenderError::Canceled {
                log: estudio_render::RenderLog::default(),
            });
        }
        match engine.queue.claim_piece(worker, Some(&lease.job_id), &[]) {
            Ok(Some(piece)) => render_piece(engine, &piece, job, Some(control))?,
            Ok(None) => match engine.queue.pieces_left(&lease.job_id) {
                Ok(left) if left.queued == 0 && left.processing == 0 => return Ok(()),
                Ok(_) => std::thread::sleep(WAIT),
                Err(e) => {
                    tracing::warn!(job = %lease.job_id, error = %e, "cannot read the pieces; trying again");
                    std::thread::sleep(WAIT);
                }
            },
            Err(e) => {
                tracing::warn!(job = %lease.job_id, error = %e, "cannot claim a piece; trying again");
                std::thread::sleep(WAIT);
            }
        }
    }
}

/// What an idle worker did for the farm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Helped {
    Nothing,
    Rendered,
    /// The job's files are out of this machine's reach: its pieces are left to others.
    Unfit(String),
}

/// An idle worker's share: one piece of any job being rendered (but those in `skip`), if
/// there is one.
pub(crate) fn help(engine: &Arc<Engine>, worker: &WorkerId, skip: &[String]) -> Helped {
    let piece = match engine.queue.claim_piece(worker, None, skip) {
        Ok(Some(p)) => p,
        Ok(None) => return Helped::Nothing,
        Err(e) => {
            tracing::debug!(error = %e, "could not look for pieces");
            return Helped::Nothing;
        }
    };
    let token = CancelToken::new();
    let map = &engine.options.path_map;
    let prepared =
        crate::snapshot::read(&piece.snapshot, &piece.preset, &piece.options, map, &token);
    match prepared {
        Ok((project, preset, options)) => {
            let output = PathBuf::from(map.map(&piece.output));
            if let Some(why) = crate::farm_paths::unfit(&project, &output) {
                tracing::warn!(job = %piece.lease.job_id, %why, "this machine cannot render a piece of the job; it is left to others");
                give_back(engine, &piece.lease);
                return Helped::Unfit(piece.lease.job_id);
            }
            tracing::info!(job = %piece.lease.job_id, piece = piece.lease.piece, "rendering a piece of another machine's job");
            if let Err(e) =
                render_piece(engine, &piece, (&project, preset, &options, &output), None)
            {
                tracing::warn!(job = %piece.lease.job_id, piece = piece.lease.piece, error = %e, "the piece failed; it is left to others");
            }
        }
        Err(message) => {
            tracing::warn!(job = %piece.lease.job_id, error = %message, "cannot read the job of a piece; it is left to others");
            give_back(engine, &piece.lease);
            return Helped::Unfit(piece.lease.job_id);
        }
    }
    Helped::Rendered
}

/// Renders one claimed piece into the shared cache with a heartbeat on its lease, and records
/// the outcome. `job_control` is the owner's job token: its cancel stops the piece too.
fn render_piece(
    engine: &Arc<Engine>,
    piece: &ClaimedPiece,
    (project, preset, options, output): (&Prepared, PresetId, &RenderOptions, &Path),
    job_control: Option<&CancelToken>,
) -> Result<(), RenderError> {
    let token = CancelToken::new();
    let beat = PieceBeat::start(engine, &piece.lease, &token, job_control);
    let tag = format!("{}-piece{}", piece.lease.job_id, piece.lease.piece);
    let session = engine
        .session(&tag, &token)
        .with_parts(Some(shared_parts(output)));
    let result = estudio_render::render_pieces(
        project,
        preset.preset(),
        options,
        output,
        &session,
        &Pieces::one(usize::try_from(piece.lease.piece).unwrap_or(0)),
        |_| {},
    );
    let lost = beat.stop();
    if lost {
        return match job_control {
            Some(c) if c.is_canceled() => Err(RenderError::Canceled {
                log: estudio_render::RenderLog::default(),
            }),
            // Another worker has it now; the owner waits for it like any other.
            _ => Ok(()),
        };
    }
    match &result {
        Ok(_) => {
            if let Err(e) = engine.queue.finish_piece(&piece.lease, true) {
                tracing::warn!(job = %piece.lease.job_id, error = %e, "could not record a finished piece");
            }
        }
        Err(_) => give_back(engine, &piece.lease),
    }
    result.map(|_| ())
}

fn give_back(engine: &Engine, lease: &PieceLease) {
    if let Err(e) = engine.queue.finish_piece(lease, false) {
        tracing::warn!(job = %lease.job_id, error = %e, "could not give a piece back");
    }
}

/// The heartbeat of one piece; stops the piece's render when the lease is lost, the job no
/// longer wants it, or (the owner's) the job is canceled.
struct PieceBeat {
    done: Arc<AtomicBool>,
    lost: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl PieceBeat {
    fn start(
        engine: &Arc<Engine>,
        lease: &PieceLease,
        token: &CancelToken,
        job_control: Option<&CancelToken>,
    ) -> Self {
        let length = engine.queue.config().lease;
        let interval = (length / 3).min(Duration::from_secs(1));
        let (done, lost) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicBool::new(false)),
        );
        let (engine, lease, token, job) = (
            Arc::clone(engine),
            lease.clone(),
            token.clone(),
            job_control.cloned(),
        );
        let (done2, lost2) = (Arc::clone(&done), Arc::clone(&lost));
        let thread = std::thread::Builder::new()
            .name("piece-heartbeat".into())
            .spawn(move || {
                let (mut next, mut renewed) = (Instant::now() + interval, Instant::now());
                let stop = |why: &str| {
                    tracing::info!(job = %lease.job_id, piece = lease.piece, why, "piece stopped");
                    lost2.store(true, Ordering::SeqCst);
                    token.cancel();
                };
                while !done2.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(20));
                    if job.as_ref().is_some_and(CancelToken::is_canceled) {
                        stop("the job was stopped");
                        return;
                    }
                    if Instant::now() < next {
                        continue;
                    }
                    next = Instant::now() + interval;
                    match engine.queue.piece_heartbeat(&lease) {
                        Ok(true) => renewed = Instant::now(),
                        Ok(false) => return stop("the job no longer needs it"),
                        Err(QueueError::LeaseLost(_)) => return stop("its lease was lost"),
                        Err(e) if renewed.elapsed() >= length => {
                            tracing::warn!(error = %e, "no heartbeat for a whole lease");
                            return stop("no heartbeat for a whole lease");
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "piece heartbeat failed; will try again")
                        }
                    }
                }
            })
            .expect("the OS can start a heartbeat thread");
        Self { done, lost, thread }
    }

    /// Stops the heartbeat; returns whether the piece was lost meanwhile.
    fn stop(self) -> bool {
        self.done.store(true, Ordering::SeqCst);
        if self.thread.join().is_err() {
            tracing::error!("a piece heartbeat panicked");
        }
        self.lost.load(Ordering::SeqCst)
    }
}
