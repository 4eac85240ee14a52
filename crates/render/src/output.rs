//! Atomic output: ffmpeg writes a hidden temporary file beside the destination, renamed over it
//! only once complete. A crash, a cancel or a full disk leaves the destination as it was.

use std::io;
use std::path::{Path, PathBuf};

/// Marker in every temporary output's name, so leftovers of a killed process can be recognised.
pub const TEMP_MARKER: &str = ".estudio-part-";

/// A temporary output file, removed on drop unless [`TempOutput::commit`] renamed it into place.
#[derive(Debug)]
pub struct TempOutput {
    temp: PathBuf,
    dest: PathBuf,
    committed: bool,
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
        let temp = loop {
            let random = uuid::Uuid::new_v4().simple().to_string();
            let temp = dir.join(format!(
                ".{name}{TEMP_MARKER}{tag}-{}.{extension}",
                &random[..12]
            ));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
            {
                Ok(_) => break temp,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        };
        Ok(Self {
            temp,
            dest: dest.to_owned(),
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Where the file goes once complete.
    pub fn destination(&self) -> &Path {
        &self.dest
    }

    /// Flushes the finished file to disk and renames it over the destination.
    ///
    /// # Errors
    /// Syncing or renaming failed; the temporary file is then removed and the destination is
    /// untouched.
    pub fn commit(mut self) -> io::Result<u64> {
        let file = std::fs::File::open(&self.temp)?;
        file.sync_all()?;
        let bytes = file.metadata()?.len();
        drop(file);
        std::fs::rename(&self.temp, &self.dest)?;
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

/// Removes the temporary outputs that the owner `tag` left beside `dest` when its process died
/// mid-render. Returns how many were removed. (A render's side files have temporaries of their
/// own: [`crate::remove_leftovers`] removes those of the video and of every side file.)
pub fn remove_stale(dest: &Path, tag: &str) -> usize {
    let (Some(dir), Some(name)) = (dest.parent(), dest.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}{TEMP_MARKER}{tag}-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}
