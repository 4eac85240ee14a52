//! Files written for the person (a project): whole or not at all, and
//! readable as any file they make themselves, 0666 less their umask. A temporary file from the
//! `tempfile` crate is private (0600) and a rename keeps that, so a project meant for a
//! colleague or a web server on the same machine would be unreadable to them.

use std::io::{self, Write};
use std::path::Path;

/// Whether [`write_whole`] may replace a file already at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    /// Never replaced, even by a race with another process: the write fails with
    /// [`io::ErrorKind::AlreadyExists`].
    Keep,
}

/// Writes `bytes` to `path` atomically: into a new file beside it (the mode any new file of the
/// person gets), synced, then renamed (or linked, when an existing file must be kept) into place,
/// and the folder synced. On failure nothing is left but what was there.
///
/// # Errors
/// The folder cannot be written, the disk is full, or (with [`Existing::Keep`]) a file is there.
pub fn write_whole(path: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut n = 0u32;
    let (temp, mut file) = loop {
        let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(f) => break (temp, f),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let placed = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| place(&temp, path, existing));
    if placed.is_err() {
        remove_quietly(&temp);
    }
    placed?;
    // The file is in place; a folder that cannot be synced only leaves its durability across a
    // power cut in doubt, which is not worth failing for.
    std::fs::File::open(dir).and_then(|d| d.sync_all()).ok();
    Ok(())
}

fn place(temp: &Path, path: &Path, existing: Existing) -> io::Result<()> {
    match existing {
        Existing::Replace => std::fs::rename(temp, path),
        Existing::Keep => match std::fs::hard_link(temp, path) {
            Ok(()) => {
                remove_quietly(temp);
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            // A file system without hard links (FAT on a USB stick): checked, then renamed.
            Err(_) if path.exists() => Err(io::Error::from(io::ErrorKind::AlreadyExists)),
            Err(_) => std::fs::rename(temp, path),
        },
    }
}

fn remove_quietly(path: &Path) {
    // Best effort: a temporary file left behind is hidden and harmless.
    std::fs::remove_file(path).ok();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_whole_file_with_the_persons_mode_and_kept_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.estudio");
        write_whole(&path, b"one", Existing::Keep).unwrap();
        // What a file the person makes gets here (the test's umask).
        let mine = dir.path().join("mine");
        std::fs::write(&mine, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&mine));
        let err = write_whole(&path, b"two", Existing::Keep).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_whole(&path, b"two", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
    }
}
