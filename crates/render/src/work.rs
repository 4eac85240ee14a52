//! Where a render keeps its work files (the sound mix, segments, drawtext's text files), and the
//! check that there is room for them and for the output before anything starts.
//!
//! Work files go to a folder the caller names (the app and the CLI use the cache folder on
//! disk), never to `$TMPDIR`: that is memory (tmpfs) on many systems, and an hour of 1080p
//! would fill it. Each render gets its own folder holding a lock file that its process keeps
//! locked; a folder whose lock can be taken belongs to a process that died, and [`WorkDirs::sweep`]
//! removes it (a lock, unlike a pid, cannot be mistaken for a new process with the same number).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The folder of every render's work folder.
#[derive(Debug, Clone)]
pub struct WorkDirs {
    root: PathBuf,
}

/// One render's work folder, removed when dropped.
#[derive(Debug)]
pub struct WorkDir {
    dir: tempfile::TempDir,
    /// Held locked for the folder's life: the sign that its owner is alive.
    _lock: File,
}

const LOCK: &str = ".lock";
const PREFIX: &str = "render-";

impl WorkDirs {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A new, empty, private work folder, named after its owner `tag` (a job's id), so the
    /// files and processes of a job can be told apart: `render-<tag>-<random>`.
    ///
    /// # Errors
    /// The root cannot be created or written.
    pub fn create(&self, tag: &str) -> io::Result<WorkDir> {
        std::fs::create_dir_all(&self.root)?;
        let tag: String = tag
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(64)
            .collect();
        let dir = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{tag}-"))
            .tempdir_in(&self.root)?;
        let lock = File::create(dir.path().join(LOCK))?;
        lock.try_lock().map_err(io::Error::other)?;
        Ok(WorkDir { dir, _lock: lock })
    }

    /// Removes the work folders of processes that died mid-render. Returns how many.
    pub fn sweep(&self) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return 0;
        };
        entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(PREFIX))
            .filter(|e| abandoned(&e.path()))
            .filter(|e| match std::fs::remove_dir_all(e.path()) {
                Ok(()) => true,
                Err(err) => {
                    tracing::warn!(path = %e.path().display(), error = %err, "could not remove a dead render's work folder");
                    false
                }
            })
            .count()
    }
}

/// A folder younger than this may be one another process is still setting up (made, its lock
/// file not yet created or locked): never swept.
const SETTLING: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether nobody holds the folder's lock (its owner died, or died before taking it), and it
/// is old enough not to be one being made right now.
fn abandoned(dir: &Path) -> bool {
    let settled = std::fs::metadata(dir)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|age| age >= SETTLING));
    settled
        && match File::open(dir.join(LOCK)) {
            // Taking the lock proves the owner is gone; it is released when `f` drops.
            Ok(f) => f.try_lock().is_ok(),
            Err(e) => e.kind() == io::ErrorKind::NotFound,
        }
}

impl WorkDir {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Free bytes for an unprivileged writer in the file system holding `path`, and that file
/// system's id (files on one id share its free space).
///
/// # Errors
/// The file system cannot be asked.
pub fn free_space(path: &Path) -> io::Result<(u64, u64)> {
    let stat = rustix::fs::statvfs(path).map_err(io::Error::from)?;
    let dev = std::os::unix::fs::MetadataExt::dev(&std::fs::metadata(path)?);
    Ok((stat.f_bavail.saturating_mul(stat.f_frsize), dev))
}

/// What a render is expected to write, in bytes, where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceNeeded {
    /// The work folder: the sound mix, segments.
    pub work: u64,
    /// Beside the destination: the temporary output (then renamed in place).
    pub output: u64,
}

/// Checks that the work folder and the destination's folder have room for what the render is
/// expected to write (the two added up when they are on one file system).
///
/// # Errors
/// [`RenderError::NoSpace`] naming the folder that is short, with both figures.
pub fn check_space(
    work_root: &Path,
    dest_dir: &Path,
    needed: &SpaceNeeded,
) -> Result<(), crate::RenderError> {
    std::fs::create_dir_all(work_root).map_err(|source| crate::RenderError::Io {
        path: work_root.to_owned(),
        source,
    })?;
    let ask = |dir: &Path| {
        free_space(dir).map_err(|source| crate::RenderError::Io {
            path: dir.to_owned(),
            source,
        })
    };
    let (work_free, work_dev) = ask(work_root)?;
    let (dest_free, dest_dev) = ask(dest_dir)?;
    let short = |folder: &Path, needed: u64, available: u64| {
        (needed > available).then(|| crate::RenderError::NoSpace {
            folder: folder.to_owned(),
            needed,
            available,
        })
    };
    let problem = if work_dev == dest_dev {
        short(dest_dir, needed.work + needed.output, dest_free)
    } else {
        short(work_root, needed.work, work_free)
            .or_else(|| short(dest_dir, needed.output, dest_free))
    };
    problem.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_renders_folder_is_kept_and_a_dead_ones_swept() {
        let root = tempfile::tempdir().unwrap();
        let dirs = WorkDirs::new(root.path());
        let live = dirs.create("job").unwrap();
        std::fs::write(live.path().join("mix.flac"), b"x").unwrap();
        // A folder left by a killed process: its lock file is there, nobody holds it.
        let dead = root.path().join("render-dead1");
        std::fs::create_dir(&dead).unwrap();
        File::create(dead.join(LOCK)).unwrap();
        std::fs::write(dead.join("segment-0000.ts"), b"x").unwrap();
        // Killed before it could even make its lock file.
        std::fs::create_dir(root.path().join("render-dead2")).unwrap();
        // Just made by another process, its lock not taken yet: spared while it is new.
        std::fs::create_dir(root.path().join("render-new")).unwrap();
        // Not ours: left alone.
        std::fs::create_dir(root.path().join("speech")).unwrap();
        // The dead ones, and the live one, as if made two minutes ago.
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        for d in [
            &dead,
            &root.path().join("render-dead2"),
            &live.path().to_owned(),
        ] {
            File::open(d).unwrap().set_modified(old).unwrap();
        }
        assert_eq!(dirs.sweep(), 2);
        assert!(root.path().join("render-new").exists());
        assert!(live.path().join("mix.flac").exists());
        assert!(!dead.exists());
        assert!(root.path().join("speech").exists());
        let path = live.path().to_owned();
        drop(live);
        assert!(!path.exists(), "removed when the render ends");
    }
}
