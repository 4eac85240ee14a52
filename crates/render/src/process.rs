//! The one owner of every ffmpeg process: started so it never outlives Estúdio, killed and
//! reaped on every way out. Knows nothing of graphs or steps, so probing and rendering both use
//! it without depending on each other.

use std::path::Path;

use ffmpeg_sidecar::child::FfmpegChild;
use ffmpeg_sidecar::command::FfmpegCommand;

use crate::RenderError;

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
