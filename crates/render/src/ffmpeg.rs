//! Running one ffmpeg [`Step`]: progress, cancellation, the log tail.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use ffmpeg_sidecar::command::FfmpegCommand;
use ffmpeg_sidecar::event::{FfmpegEvent, LogLevel};
use ffmpeg_sidecar::ffmpeg_time_duration::FfmpegTimeDuration;

use crate::graph::Step;
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
}

/// The ffmpeg program used: `ESTUDIO_FFMPEG` if set, else ffmpeg-sidecar's choice (an `ffmpeg`
/// beside our executable, as a bundle ships it, then the one on `PATH`).
pub(crate) fn program() -> std::path::PathBuf {
    std::env::var_os("ESTUDIO_FFMPEG")
        .map(Into::into)
        .unwrap_or_else(ffmpeg_sidecar::paths::ffmpeg_path)
}

/// The oldest ffmpeg major version whose filters the graphs use (`xfade`'s transitions,
/// `ebur128`, `sidechaincompress`, `alimiter` with `latency`, `-stats_period`).
pub const MIN_FFMPEG_MAJOR: u32 = 5;

/// The first line of `ffmpeg -version`, once ffmpeg and ffprobe are known to run and ffmpeg to be
/// recent enough; otherwise why not.
///
/// # Errors
/// [`RenderError::FfmpegMissing`] when ffmpeg or ffprobe cannot be started or does not answer,
/// [`RenderError::FfmpegTooOld`] when it is older than [`MIN_FFMPEG_MAJOR`].
pub fn ffmpeg_version() -> Result<String, RenderError> {
    let line = version_line(&program(), "ffmpeg")?;
    version_line(&crate::media::ffprobe_program(), "ffprobe")?;
    // `ffmpeg version 5.1.9-0+deb12u1`, `ffmpeg version n6.0`; a git build
    // (`ffmpeg version N-11xxxx-g...`) is newer than any release.
    let version = line.split_whitespace().nth(2).unwrap_or("");
    let major = version
        .trim_start_matches('n')
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    match major {
        Some(m) if m < MIN_FFMPEG_MAJOR => Err(RenderError::FfmpegTooOld {
            found: version.to_owned(),
        }),
        _ => Ok(line),
    }
}

fn version_line(program: &std::path::Path, name: &str) -> Result<String, RenderError> {
    let missing = |error| RenderError::FfmpegMissing {
        program: program.display().to_string(),
        error,
    };
    let out = std::process::Command::new(program)
        .arg("-version")
        .output()
        .map_err(missing)?;
    let text = String::from_utf8_lossy(&out.stdout);
    match text.lines().next() {
        Some(line) if out.status.success() && line.starts_with(&format!("{name} version")) => {
            Ok(line.to_owned())
        }
        _ => Err(missing(std::io::Error::other(format!(
            "`{} -version` did not identify itself as {name}",
            program.display()
        )))),
    }
}

/// How often the render loop looks at the cancel token while waiting for ffmpeg.
const TICK: Duration = Duration::from_millis(50);

/// Runs one ffmpeg `step`, reporting its own progress (0..=1 of the step), until ffmpeg
/// finishes, fails or `cancel` fires. Returns the command and the tail of ffmpeg's output.
///
/// # Errors
/// [`RenderError::FfmpegMissing`], [`RenderError::Ffmpeg`] (with the log) or
/// [`RenderError::Canceled`].
pub fn run_step(
    step: &Step,
    cancel: &CancelToken,
    mut on_progress: impl FnMut(&Progress),
) -> Result<RenderLog, RenderError> {
    let mut log = RenderLog {
        command: step.command_line(),
        tail: Vec::new(),
    };
    if let Some((path, graph)) = &step.graph {
        std::fs::write(path, graph).map_err(|source| RenderError::Io {
            path: path.clone(),
            source,
        })?;
    }
    let program = program();
    let mut command = FfmpegCommand::new_with_path(&program);
    command.args(&step.args);
    die_with_parent(command.as_inner_mut());
    let mut child = command
        .spawn()
        .map_err(|error| RenderError::FfmpegMissing {
            program: program.display().to_string(),
            error,
        })?;
    let events = child.iter().map_err(|e| RenderError::Io {
        path: program.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;

    // ffmpeg-sidecar's iterator blocks; it gets its own thread and we listen with a timeout, so a
    // cancel is seen within a tick even while ffmpeg prints nothing.
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
    let mut canceled = false;
    loop {
        if cancel.is_canceled() && !canceled {
            canceled = true;
            // A killed ffmpeg leaves a broken file, but it is only our temporary file.
            if let Err(e) = child.kill() {
                tracing::debug!(error = %e, "ffmpeg had already exited when canceled");
            }
        }
        match rx.recv_timeout(TICK) {
            Ok(FfmpegEvent::Progress(p)) => {
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

    if canceled {
        return Err(RenderError::Canceled { log });
    }
    if !status.success() {
        use std::os::unix::process::ExitStatusExt;
        let killed = status.signal().is_some();
        let message = match (&first_error, status.signal()) {
            (_, Some(sig)) => format!("ffmpeg was killed by signal {sig}"),
            (Some(e), None) => e.clone(),
            (None, None) => format!("ffmpeg exited with status {}", status.code().unwrap_or(-1)),
        };
        return Err(RenderError::Ffmpeg {
            message,
            killed,
            log,
        });
    }
    Ok(log)
}

/// ffmpeg must never outlive the process that started it: on Linux the kernel sends it SIGKILL
/// when its parent thread dies (a worker killed with SIGKILL included).
#[allow(unsafe_code)]
fn die_with_parent(command: &mut std::process::Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe and touches no memory of the parent; this closure
        // runs in the child between fork and exec, as `pre_exec` requires.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
}
