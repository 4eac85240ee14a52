//! Two editors on one file never write over each other silently: an editor holds a lock file
//! beside the project, `.~lock.NAME#` (LibreOffice's name for the same thing, which file
//! managers and `.gitignore` templates already hide), saying who holds it, and keeps it locked
//! (`flock`) while the project is open. A second editor on this machine finds it locked; one on
//! another machine sharing the folder finds another host named in it.
//!
//! A lock file left by a dead process on this machine is taken over (nobody holds its lock);
//! one left by another machine is taken over only when asked (`take_over`), as LibreOffice
//! asks.

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::{EditError, Holder};

#[derive(Debug)]
pub struct EditLock {
    path: PathBuf,
    file: File,
    /// This editor wrote the lock file (else it only holds the lock of one it may not write).
    ours: bool,
}

/// The lock file of `project`. A long name is cut (with a hash of the whole) so the lock's
/// name stays within the 255 bytes a name may have.
pub fn lock_path(project: &Path) -> PathBuf {
    let name = project.file_name().unwrap_or_default().to_string_lossy();
    let short = estudio_project::files::temp_stem(&name);
    if short.len() == name.len() {
        project.with_file_name(format!(".~lock.{name}#"))
    } else {
        let hash = blake3::hash(name.as_bytes()).to_hex();
        project.with_file_name(format!(".~lock.{short}~{}#", &hash[..8]))
    }
}

impl EditLock {
    /// Takes the editing lock of `project` for `program`. `Ok(None)` when the folder cannot hold
    /// one (read-only, or another's): then nothing can be saved there either, and saying so is
    /// the save's job.
    ///
    /// # Errors
    /// [`EditError::BeingEdited`]: another editor holds it.
    pub fn take(
        project: &Path,
        program: &str,
        take_over: bool,
    ) -> Result<Option<EditLock>, EditError> {
        let path = lock_path(project);
        let mut file = match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        {
            Ok(f) => f,
            // Another's lock file this editor may not write (a shared folder): it still says
            // who has the project, and its lock can still be held.
            Err(_) if path.symlink_metadata().is_ok() => {
                return Self::read_only(project, path, program);
            }
            Err(e) => {
                tracing::debug!(path = %path.display(), error = %e, "no editing lock here");
                return Ok(None);
            }
        };
        let busy = |file: &mut File| EditError::BeingEdited {
            path: project.to_owned(),
            by: read_holder(file).unwrap_or_else(|| Holder {
                program: "?".into(),
                host: "?".into(),
                pid: 0,
                since_ms: 0,
            }),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(busy(&mut file)),
            // A file system without locks: what the file says is all there is.
            Err(std::fs::TryLockError::Error(e)) => {
                tracing::debug!(error = %e, "the lock file cannot be locked");
            }
        }
        let me = Holder {
            program: program.to_owned(),
            host: host_name(),
            pid: std::process::id(),
            since_ms: now_ms(),
        };
        if let Some(other) = read_holder(&mut file) {
            // Nobody holds the lock here; another machine's holder cannot be seen to be dead.
            if other.host != me.host && !take_over {
                return Err(EditError::BeingEdited {
                    path: project.to_owned(),
                    by: other,
                });
            }
        }
        let bytes = serde_json::to_vec(&me).map_err(io::Error::other);
        let written = bytes.and_then(|b| {
            file.set_len(0)?;
            file.seek(io::SeekFrom::Start(0))?;
            file.write_all(&b)?;
            file.sync_data()
        });
        if let Err(e) = written {
            tracing::debug!(path = %path.display(), error = %e, "the lock file cannot be written");
            return Ok(None);
        }
        Ok(Some(EditLock {
            path,
            file,
            ours: true,
        }))
    }

    /// The lock file is there and cannot be written: held by a live editor, or naming another
    /// machine's, it refuses; else its lock is held without writing it.
    fn read_only(
        project: &Path,
        path: PathBuf,
        program: &str,
    ) -> Result<Option<EditLock>, EditError> {
        let Ok(mut file) = File::open(&path) else {
            return Ok(None);
        };
        let holder = read_holder(&mut file);
        let held = matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock));
        let elsewhere = holder.as_ref().is_some_and(|h| h.host != host_name());
        if held || elsewhere {
            return Err(EditError::BeingEdited {
                path: project.to_owned(),
                by: holder.unwrap_or_else(|| Holder {
                    program: "?".into(),
                    host: "?".into(),
                    pid: 0,
                    since_ms: 0,
                }),
            });
        }
        tracing::debug!(path = %path.display(), program, "the lock file is another's; held, not written");
        Ok(Some(EditLock {
            path,
            file,
            ours: false,
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for EditLock {
    fn drop(&mut self) {
        // Removed only while it is still this one (not a new file another editor made).
        use std::os::unix::fs::MetadataExt;
        if !self.ours {
            return;
        }
        let ours = match (std::fs::metadata(&self.path), self.file.metadata()) {
            (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
            _ => false,
        };
        if ours {
            if let Err(e) = std::fs::remove_file(&self.path) {
                tracing::debug!(path = %self.path.display(), error = %e, "lock file not removed");
            }
        }
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.seek(io::SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

/// This machine's name, as other machines sharing a folder see it in a lock file.
pub(crate) fn host_name() -> String {
    rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned()
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
