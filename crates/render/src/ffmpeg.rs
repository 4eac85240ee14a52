//! Running one ffmpeg [`Step`]: progress, cancellation, the stall watchdog, the log tail.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use ffmpeg_sidecar::command::FfmpegCommand;
use ffmpeg_sidecar::event::{FfmpegEvent, LogLevel};
use ffmpeg_sidecar::ffmpeg_time_duration::FfmpegTimeDuration;

use crate::graph::Step;
use estudio_words::Message;

use crate::{Progress, RenderError, RenderLog};

/// Asks a running render to stop. Cheap to clone; every clone controls the same render.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_canceled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
    /// Whether `other` is this token (a clone of it), not merely one in the same state.
    pub fn is(&self, other: &CancelToken) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// `ffmpeg -version`'s first line, once ffmpeg and ffprobe are known to run, ffmpeg to be recent
/// enough and to have the filters every render needs; otherwise why not.
///
/// # Errors
/// [`ToolsError`](crate::ToolsError): missing, too old, or lacking a filter or encoder.
pub fn ffmpeg_version() -> Result<String, crate::ToolsError> {
    crate::tools::Tools::get().map(|t| t.version_line.clone())
}

/// How long ffmpeg may go without progress before it is taken for stuck (a hung network mount,
/// an input that blocks), killed, and the attempt failed.
pub const DEFAULT_STALL: Duration = Duration::from_secs(120);

/// How one render runs its ffmpegs: who owns its temporary files, where its work files go, what
/// stops it, and how long ffmpeg may make no progress.
#[derive(Clone)]
pub struct Session {
    /// Names the owner of the temporary outputs (a job id), so leftovers of a dead attempt can
    /// be recognised.
    pub tag: String,
    pub work: crate::work::WorkDirs,
    pub cancel: CancelToken,
    pub stall: Duration,
    /// Finished parts kept by content, shared by every render of the machine; `None` renders
    /// every part (`estudio-cli render --no-cache`, and tests that must not share one).
    pub parts: Option<crate::parts::PartCache>,
    /// Asked just before the finished files are renamed into place; `false` stops the render
    /// as canceled and nothing appears. A queue worker asks the database whether it still holds
    /// the job, so a worker that lost it (paused, cut off) never replaces the output of the
    /// worker that took it over.
    pub may_commit: Option<std::sync::Arc<dyn Fn() -> bool + Send + Sync>>,
    /// Where the content hashes of the ffmpeg build are remembered between runs (see
    /// `build.rs`); `None`: in this process only.
    pub hash_memo: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("tag", &self.tag)
            .field("work", &self.work)
            .field("stall", &self.stall)
            .field("parts", &self.parts)
            .field("may_commit", &self.may_commit.is_some())
            .field("hash_memo", &self.hash_memo)
            .finish_non_exhaustive()
    }
}

impl Session {
    pub fn new(tag: &str, work: crate::work::WorkDirs, cancel: &CancelToken) -> Self {
        Self {
            tag: tag.to_owned(),
            work,
            cancel: cancel.clone(),
            stall: DEFAULT_STALL,
            parts: None,
            may_commit: None,
            hash_memo: None,
        }
    }

    #[must_use]
    pub fn with_hash_memo(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.hash_memo = Some(path.into());
        self
    }

    #[must_use]
    pub fn with_commit_guard(
        mut self,
        guard: std::sync::Arc<dyn Fn() -> bool + Send + Sync>,
    ) -> Self {
        self.may_commit = Some(guard);
        self
    }

    #[must_use]
    pub fn with_parts(mut self, parts: Option<crate::parts::PartCache>) -> Self {
        self.parts = parts;
        self
    }

    #[must_use]
    pub fn with_stall(mut self, stall: Duration) -> Self {
        self.stall = stall;
        self
    }
}

/// How often the render loop looks at the cancel token while waiting for ffmpeg.
const TICK: Duration = Duration::from_millis(50);

/// Runs one ffmpeg `step`, reporting its own progress (0..=1 of the step), until ffmpeg
/// finishes, fails, makes no progress for `stall`, or `cancel` fires. Returns the command and the
/// tail of ffmpeg's output.
///
/// # Errors
/// [`RenderError::FfmpegMissing`], [`RenderError::Ffmpeg`] (with the log),
/// [`RenderError::Stalled`] or [`RenderError::Canceled`].
pub fn run_step(
    step: &Step,
    cancel: &CancelToken,
    stall: Duration,
    mut on_progress: impl FnMut(&Progress),
) -> Result<RenderLog, RenderError> {
    let tools = crate::tools::Tools::get()?;
    let started = Instant::now();
    let mut log = RenderLog {
        command: step.command_line(),
        ..RenderLog::default()
    };
    if let Some((path, graph)) = &step.graph {
        std::fs::write(path, graph).map_err(|source| RenderError::Io {
            path: path.clone(),
            source,
        })?;
    }
    let program = crate::tools::ffmpeg_program();
    let mut command = FfmpegCommand::new_with_path(&program);
    command.args(tools.graph_args(&step.args));
    let mut child = crate::process::Child::spawn(command, &program)?;
    let events = child.get().iter().map_err(|e| RenderError::Io {
        path: program.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;

    // ffmpeg-sidecar's iterator blocks; it gets its own thread and we listen with a timeout, so a
    // cancel or a stall is seen within a tick even while ffmpeg prints nothing.
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::Builder::new()
        .name("ffmpeg-events".into())
        .spawn(move || {
            for event in events {
                if tx.send(event).is_err() {
                    break;
                }
            }
        })
        .map_err(|source| RenderError::Io {
            path: program.clone(),
            source,
        })?;

    let mut tail: VecDeque<String> = VecDeque::with_capacity(RenderLog::TAIL_LINES);
    let mut first_error: Option<String> = None;
    let mut last_fraction = 0.0f64;
    // What counts as progress: the frame count or the time ffmpeg has reached moving on.
    let mut last_mark = (0u32, String::new());
    let mut last_progress = Instant::now();
    let mut stopped: Option<Stop> = None;
    loop {
        if stopped.is_none() {
            if cancel.is_canceled() {
                stopped = Some(Stop::Canceled);
            } else if last_progress.elapsed() >= stall {
                stopped = Some(Stop::Stalled);
            }
            if stopped.is_some() {
                // A killed ffmpeg leaves a broken file, but it is only our temporary file.
                child.kill();
            }
        }
        match rx.recv_timeout(TICK) {
            Ok(FfmpegEvent::Progress(p)) => {
                if (p.frame, p.time.as_str()) != (last_mark.0, last_mark.1.as_str()) {
                    last_mark = (p.frame, p.time.clone());
                    last_progress = Instant::now();
                }
                let secs = FfmpegTimeDuration::from_str(&p.time).map_or(0.0, |t| t.as_seconds());
                let progress = Progress::from_stats(
                    secs,
                    step.duration_secs,
                    f64::from(p.fps),
                    f64::from(p.speed),
                );
                // Progress never goes backwards within a step.
                if progress.fraction >= last_fraction {
                    last_fraction = progress.fraction;
                    on_progress(&progress);
                }
            }
            Ok(FfmpegEvent::Log(level, line)) => {
                if matches!(level, LogLevel::Error | LogLevel::Fatal) && first_error.is_none() {
                    first_error = Some(line.trim().to_owned());
                }
                if tail.len() == RenderLog::TAIL_LINES {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
            Ok(_) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    if reader.join().is_err() {
        tracing::warn!("the ffmpeg event reader panicked");
    }
    let status = child.wait().map_err(|source| RenderError::Io {
        path: program.clone(),
        source,
    })?;
    log.tail = tail.into();
    log.frames = u64::from(last_mark.0);
    tracing::debug!(
        kind = ?step.kind,
        ms = started.elapsed().as_millis(),
        secs = step.duration_secs,
        "ffmpeg ran"
    );

    match stopped {
        Some(Stop::Canceled) => return Err(RenderError::Canceled { log }),
        Some(Stop::Stalled) => {
            return Err(RenderError::Stalled {
                secs: stall.as_secs(),
                log,
            })
        }
        None => {}
    }
    if !status.success() {
        use std::os::unix::process::ExitStatusExt;
        let killed = status.signal().is_some();
        let message = match (&first_error, status.signal()) {
            (_, Some(signal)) => Message::FfmpegKilled { signal },
            (Some(e), None) => Message::FfmpegFailed { detail: e.clone() },
            (None, None) => Message::FfmpegExited {
                code: status.code().unwrap_or(-1),
            },
        };
        return Err(RenderError::Ffmpeg {
            message: Box::new(message),
            killed,
            log,
        });
    }
    Ok(log)
}

/// Why [`run_step`] killed ffmpeg.
enum Stop {
    Canceled,
    Stalled,
}
