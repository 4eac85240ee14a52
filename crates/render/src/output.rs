//! Atomic output: ffmpeg writes a hidden temporary file beside the destination, renamed over it
//! only once complete. A crash, a cancel or a full disk leaves the destination as it was.

use std::io;
use std::path::{Path, PathBuf};

pub use estudio_project::files::Existing;

/// Marker in every temporary output's name, so leftovers of a killed process can be recognised.
pub const TEMP_MARKER: &str = ".estudio-part-";

/// A temporary output file, removed on drop unless [`TempOutput::commit`] renamed it into place.
/// Its process holds it locked for its whole life, so [`remove_stale`] can tell the leftovers
/// of a killed process from the file of a render still running.
#[derive(Debug)]
pub struct TempOutput {
    temp: PathBuf,
    dest: PathBuf,
    committed: bool,
    _lock: std::fs::File,
}

impl TempOutput {
    /// Reserves `.<name>.estudio-part-<tag>-<random>.<ext>` in the destination's folder (the
    /// same file system, so the final rename is atomic). `tag` names the owner (a job id), so
    /// [`remove_stale`] can later remove exactly that owner's leftovers.
    ///
    /// # Errors
    /// The destination's folder does not exist or cannot be written.
    pub fn new(dest: &Path, tag: &str, extension: &str) -> io::Result<Self> {
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Created by hand, not with tempfile: its files are private (0600), and a rename keeps
        // the mode, so a video meant for a web server or a colleague would be unreadable to
        // them. This file gets what any file the user creates gets: 0666 less the umask.
        let (temp, lock) = loop {
            let random = uuid::Uuid::new_v4().simple().to_string();
            let temp = dir.join(format!(
                ".{}{TEMP_MARKER}{tag}-{}.{extension}",
                estudio_project::files::temp_stem(&name),
                &random[..12]
            ));
            let file = match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
            {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            match file.try_lock() {
                Ok(()) => {}
                // A sweep took it for a dead process's between its creation and this lock: it
                // removes it; make another.
                Err(std::fs::TryLockError::WouldBlock) => continue,
                // A file system without locks: the file is still ours.
                Err(std::fs::TryLockError::Error(e)) => {
                    tracing::debug!(error = %e, "temporary output not locked");
                }
            }
            // Removed by a sweep before it was locked: make another.
            if !same_file(&temp, &file) {
                continue;
            }
            break (temp, file);
        };
        Ok(Self {
            temp,
            dest: dest.to_owned(),
            committed: false,
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Where the file goes once complete.
    pub fn destination(&self) -> &Path {
        &self.dest
    }

    /// Flushes the finished file to disk and puts it in place: over what is there when
    /// `existing` is [`Existing::Replace`], else only where nothing is (atomically: a file that
    /// appeared since the destination was checked is kept).
    ///
    /// # Errors
    /// Syncing or renaming failed, or (with [`Existing::Keep`]) a file is there
    /// ([`io::ErrorKind::AlreadyExists`]); the temporary file is then removed and the
    /// destination is untouched.
    pub fn commit(mut self, existing: Existing) -> io::Result<u64> {
        let file = std::fs::File::open(&self.temp)?;
        file.sync_all()?;
        let bytes = file.metadata()?.len();
        drop(file);
        estudio_project::files::place(&self.temp, &self.dest, existing)?;
        self.committed = true;
        // The rename itself is durable once the folder is synced.
        if let Some(dir) = self.dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
                // The file is in place; only its durability across a power cut is in doubt.
                tracing::warn!(dir = %dir.display(), error = %e, "could not sync the output folder");
            }
        }
        Ok(bytes)
    }
}

impl Drop for TempOutput {
    fn drop(&mut self) {
        if !self.committed {
            if let Err(e) = std::fs::remove_file(&self.temp) {
                if e.kind() != io::ErrorKind::NotFound {
                    tracing::warn!(path = %self.temp.display(), error = %e, "could not remove a temporary output");
                }
            }
        }
    }
}

/// Where the poster of a render to `dest` goes: `NAME.poster.png`.
pub(crate) fn poster_path(dest: &Path) -> PathBuf {
    dest.with_extension("poster.png")
}

/// Where the captions of a render to `dest` go, by format extension (`srt`, `vtt`).
pub(crate) fn captions_path(dest: &Path, ext: &str) -> PathBuf {
    dest.with_extension(ext)
}

/// The side files a render of `dest` writes when `options` ask for them: poster, SRT, WebVTT.
pub fn side_files(dest: &Path, options: &crate::RenderOptions) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if options.poster_secs.is_some() {
        out.push(poster_path(dest));
    }
    if options.captions {
        out.push(captions_path(dest, "srt"));
        out.push(captions_path(dest, "vtt"));
    }
    out
}

/// Removes what dead renders of the owner `tag` left beside `dest`: the temporary video and the
/// temporaries of every side file a render of it may write (a killed render may have asked for
/// a poster this one does not). Returns how many files were removed.
pub fn remove_leftovers(dest: &Path, tag: &str) -> usize {
    let every_side = crate::RenderOptions {
        poster_secs: Some(0.0),
        captions: true,
        ..crate::RenderOptions::default()
    };
    std::iter::once(dest.to_path_buf())
        .chain(side_files(dest, &every_side))
        .map(|p| remove_stale(&p, tag))
        .sum()
}

/// Whether `path` still names the file open as `file`.
fn same_file(path: &Path, file: &std::fs::File) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(path), file.metadata()) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Removes the temporary outputs that the owner `tag` left beside `dest` when its process died
/// mid-render: those whose lock is free (a render still running holds its own). Returns how
/// many were removed. (A render's side files have temporaries of their
/// own: [`remove_leftovers`] removes those of the video and of every side file.)
pub fn remove_stale(dest: &Path, tag: &str) -> usize {
    let (Some(dir), Some(name)) = (dest.parent(), dest.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(
        ".{}{TEMP_MARKER}{tag}-",
        estudio_project::files::temp_stem(&name.to_string_lossy())
    );
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| abandoned(&e.path()))
        .count()
}

/// Removes `path` if no process holds it locked (taken while it is removed, so its owner
/// cannot be starting on it). A file system without locks cannot tell: the file goes, as a
/// dead attempt's would.
fn abandoned(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) | Err(std::fs::TryLockError::Error(_)) => std::fs::remove_file(path).is_ok(),
        Err(std::fs::TryLockError::WouldBlock) => false,
    }
}
