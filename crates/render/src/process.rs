//! The one owner of every child process: ffmpeg (started so it never outlives Estúdio, killed
//! and reaped on every way out), and the other programs Estúdio runs to their end with a time
//! limit and a cancel ([`run`]: LibreOffice, poppler, speech synthesisers). Knows nothing of
//! graphs or steps, so probing, rendering, speech and deck import all use it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ffmpeg_sidecar::child::FfmpegChild;
use ffmpeg_sidecar::command::FfmpegCommand;

use crate::{CancelToken, RenderError};

/// A running ffmpeg that is killed and reaped on every way out: an early return, an error, a
/// panic. Nothing else owns a child process.
pub(crate) struct Child(Option<FfmpegChild>);

impl Child {
    /// Starts `command` (never outliving this process, see [`die_with_parent`]).
    pub(crate) fn spawn(mut command: FfmpegCommand, program: &Path) -> Result<Self, RenderError> {
        die_with_parent(command.as_inner_mut());
        command
            .spawn()
            .map(|c| Self(Some(c)))
            .map_err(|error| RenderError::FfmpegMissing {
                program: program.display().to_string(),
                error,
            })
    }

    pub(crate) fn get(&mut self) -> &mut FfmpegChild {
        self.0
            .as_mut()
            .expect("present until dropped or waited for")
    }

    pub(crate) fn kill(&mut self) {
        if let Err(e) = self.get().kill() {
            tracing::debug!(error = %e, "ffmpeg had already exited when killed");
        }
    }

    /// Waits for ffmpeg to exit; the guard is then spent.
    pub(crate) fn wait(mut self) -> std::io::Result<std::process::ExitStatus> {
        let mut child = self.0.take().expect("present until dropped or waited for");
        child.wait()
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            if let Err(e) = child.kill() {
                tracing::debug!(error = %e, "ffmpeg had already exited");
            }
            if let Err(e) = child.wait() {
                tracing::warn!(error = %e, "could not reap ffmpeg");
            }
        }
    }
}

/// A child (ffmpeg, LibreOffice, poppler) must never outlive the process that started it: on
/// Linux the kernel sends it SIGKILL when its parent *thread* dies (a worker killed with SIGKILL
/// included), so start it from the thread that waits for it.
/// The parent may die between the fork and the `prctl`, and the signal is then never sent: the
/// child checks that its parent is still the process that started it, and gives up otherwise.
#[allow(unsafe_code)]
pub fn die_with_parent(command: &mut std::process::Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        let parent = i32::try_from(std::process::id()).unwrap_or(0);
        // SAFETY: prctl and getppid are async-signal-safe and touch no memory of the parent;
        // this closure runs in the child between fork and exec, as `pre_exec` requires.
        unsafe {
            command.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::getppid() != parent {
                    return Err(std::io::Error::other("the process starting ffmpeg is gone"));
                }
                Ok(())
            });
        }
    }
}

/// Why a program (LibreOffice, poppler, a speech synthesiser) did not do its work.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("{program} is not installed ({source})")]
    Missing {
        program: String,
        source: std::io::Error,
    },
    #[error("{program} failed: {detail}")]
    Failed { program: String, detail: String },
    #[error("{program} took longer than {secs} s and was stopped")]
    TimedOut { program: String, secs: u64 },
    /// It ended well but wrote nothing (LibreOffice when it cannot open a document); `said` is
    /// the last thing it said on its error output.
    #[error("{program} wrote nothing: {said}")]
    WroteNothing { program: String, said: String },
    #[error("canceled")]
    Canceled,
}

impl ToolError {
    /// The same error naming the program as people know it (`LibreOffice`, not `soffice` or
    /// the `unshare` that starts it).
    #[must_use]
    pub fn named(self, name: &str) -> Self {
        let program = name.to_owned();
        match self {
            ToolError::Missing { source, .. } => ToolError::Missing { program, source },
            ToolError::Failed { detail, .. } => ToolError::Failed { program, detail },
            ToolError::TimedOut { secs, .. } => ToolError::TimedOut { program, secs },
            ToolError::WroteNothing { said, .. } => ToolError::WroteNothing { program, said },
            ToolError::Canceled => ToolError::Canceled,
        }
    }

    /// In people's words (the program's own words kept as they are).
    pub fn message(&self) -> estudio_words::Message {
        use estudio_words::Message;
        match self {
            ToolError::Missing { program, source } => Message::ProgramMissing {
                program: program.clone(),
                detail: source.to_string(),
            },
            ToolError::Failed { program, detail } => Message::ProgramFailed {
                program: program.clone(),
                detail: detail.clone(),
            },
            ToolError::TimedOut { program, secs } => Message::ProgramTimedOut {
                program: program.clone(),
                secs: *secs,
            },
            ToolError::WroteNothing { program, said } => Message::ProgramFailed {
                program: program.clone(),
                detail: said.clone(),
            },
            ToolError::Canceled => Message::Canceled,
        }
    }
}

/// How often a running program is checked for cancel and its time limit.
const TICK: Duration = Duration::from_millis(50);

/// Runs `command` to its end: its stdout, or why not. Its output goes to files in `scratch` (a
/// pipe left unread could block it).
pub fn run(
    command: Command,
    scratch: &Path,
    limit: Duration,
    cancel: &CancelToken,
) -> Result<String, ToolError> {
    Ok(run_output(command, scratch, limit, cancel)?.stdout)
}

/// What a program that ended well wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ran {
    pub stdout: String,
    pub stderr: String,
}

/// As [`run`], with what the program wrote on its error output too.
///
/// # Errors
/// As [`run`].
pub fn run_output(
    command: Command,
    scratch: &Path,
    limit: Duration,
    cancel: &CancelToken,
) -> Result<Ran, ToolError> {
    let mut out = run_all_output(vec![command], scratch, limit, cancel, || {})?;
    Ok(out.pop().unwrap_or_default())
}

/// A started program of [`run_all`], with where its output goes.
struct Running {
    program: String,
    child: std::process::Child,
    group: rustix::process::Pid,
    out: PathBuf,
    err: PathBuf,
}

impl Running {
    /// Kills its whole process group: LibreOffice starts helpers of its own.
    fn kill_group(&self) {
        if let Err(e) =
            rustix::process::kill_process_group(self.group, rustix::process::Signal::KILL)
        {
            tracing::debug!(error = %e, "the program's group was already gone");
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill_group();
        if let Err(e) = self.child.wait() {
            tracing::debug!(error = %e, "could not reap {}", self.program);
        }
        for p in [&self.out, &self.err] {
            if let Err(e) = std::fs::remove_file(p) {
                tracing::debug!(error = %e, "scratch file already gone");
            }
        }
    }
}

/// Runs `commands` at the same time, each in its own process group, to their ends: their
/// stdouts in order, or the first reason one did not finish (the others are then killed).
/// `tick` is called every [`TICK`] while they run (for progress).
pub fn run_all(
    commands: Vec<Command>,
    scratch: &Path,
    limit: Duration,
    cancel: &CancelToken,
    tick: impl FnMut(),
) -> Result<Vec<String>, ToolError> {
    Ok(run_all_output(commands, scratch, limit, cancel, tick)?
        .into_iter()
        .map(|r| r.stdout)
        .collect())
}

fn run_all_output(
    commands: Vec<Command>,
    scratch: &Path,
    limit: Duration,
    cancel: &CancelToken,
    mut tick: impl FnMut(),
) -> Result<Vec<Ran>, ToolError> {
    use std::os::unix::process::CommandExt;
    let mut running = Vec::new();
    for (i, mut command) in commands.into_iter().enumerate() {
        let program = command.get_program().to_string_lossy().into_owned();
        let failed = |detail: String| ToolError::Failed {
            program: program.clone(),
            detail,
        };
        let out_path = scratch.join(format!("run-{}-{i}.out", std::process::id()));
        let err_path = scratch.join(format!("run-{}-{i}.err", std::process::id()));
        let out = std::fs::File::create(&out_path).map_err(|e| failed(e.to_string()))?;
        let err = std::fs::File::create(&err_path).map_err(|e| failed(e.to_string()))?;
        command
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0);
        die_with_parent(&mut command);
        let child = command.spawn().map_err(|source| ToolError::Missing {
            program: program.clone(),
            source,
        })?;
        running.push(Running {
            group: rustix::process::Pid::from_child(&child),
            program,
            child,
            out: out_path,
            err: err_path,
        });
    }
    let started = Instant::now();
    let mut status: Vec<Option<std::process::ExitStatus>> = vec![None; running.len()];
    while status.iter().any(Option::is_none) {
        for (r, s) in running.iter_mut().zip(status.iter_mut()) {
            if s.is_none() {
                *s = r.child.try_wait().map_err(|e| ToolError::Failed {
                    program: r.program.clone(),
                    detail: e.to_string(),
                })?;
            }
        }
        // A program that failed stops the others: its error is the one to tell.
        if let Some(k) = status.iter().position(|s| s.is_some_and(|s| !s.success())) {
            let r = &running[k];
            let stderr = std::fs::read_to_string(&r.err).unwrap_or_default();
            let last = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            return Err(ToolError::Failed {
                program: r.program.clone(),
                detail: format!("{}: {}", status[k].unwrap_or_default(), last.trim()),
            });
        }
        if cancel.is_canceled() {
            return Err(ToolError::Canceled);
        }
        if started.elapsed() > limit {
            return Err(ToolError::TimedOut {
                program: running[0].program.clone(),
                secs: limit.as_secs(),
            });
        }
        tick();
        if status.iter().any(Option::is_none) {
            std::thread::sleep(TICK);
        }
    }
    // Dropping each kills what it left behind in its group and removes its scratch files.
    Ok(running
        .iter()
        .map(|r| Ran {
            stdout: std::fs::read_to_string(&r.out).unwrap_or_default(),
            stderr: std::fs::read_to_string(&r.err).unwrap_or_default(),
        })
        .collect())
}
