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
/// person gets, or the mode of the file it replaces), synced, then renamed (or linked, when an existing file must be kept) into place,
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
        let temp = dir.join(format!(
            ".{}.{}-{n}.tmp",
            temp_stem(&name),
            std::process::id()
        ));
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
    // A file replaced keeps its mode (a project shared with a group stays shared).
    if existing == Existing::Replace {
        if let Ok(meta) = std::fs::metadata(path) {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o7777;
            file.set_permissions(std::fs::Permissions::from_mode(mode))
                .ok();
        }
    }
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

/// Renames `temp` to `path`; with [`Existing::Keep`] only when nothing is at `path`, decided
/// atomically (a hard link, which fails when the name is taken).
///
/// # Errors
/// The rename or link failed; with [`Existing::Keep`], [`io::ErrorKind::AlreadyExists`] when a
/// file is at `path`. `temp` is left for the caller to remove.
pub fn place(temp: &Path, path: &Path, existing: Existing) -> io::Result<()> {
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

/// Removes what [`write_whole`] left beside `path` when its process was killed mid-write
/// (`.NAME.PID-N.tmp` of a process that is gone). Returns how many.
pub fn remove_stale_temps(path: &Path) -> usize {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return 0;
    };
    let prefix = format!(".{}.", temp_stem(&name.to_string_lossy()));
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let Some(rest) = file
                .strip_prefix(&prefix)
                .and_then(|r| r.strip_suffix(".tmp"))
            else {
                return false;
            };
            let Some((pid, n)) = rest.split_once('-') else {
                return false;
            };
            let ours = pid.parse::<u32>().is_ok() && n.parse::<u32>().is_ok();
            ours && !Path::new("/proc").join(pid).exists()
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// At most this many bytes of a file's name go into the name of a temporary file beside it.
const TEMP_NAME_BYTES: usize = 150;

/// `name` cut (at a character's boundary) so a temporary file named after it, with a marker,
/// an owner and a random part, stays within the 255 bytes a file name may have: a video may be
/// called by a 240-byte title.
pub fn temp_stem(name: &str) -> &str {
    if name.len() <= TEMP_NAME_BYTES {
        return name;
    }
    let mut end = TEMP_NAME_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
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
