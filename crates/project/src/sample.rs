//! The sample project built into every binary, so a fresh install has something to export.

use std::io;
use std::path::{Path, PathBuf};

use crate::files::{write_whole, Existing};

/// File name of the sample project inside the folder [`install`] writes.
pub const PROJECT_FILE: &str = "welcome.estudio";

const FILES: &[(&str, &[u8])] = &[
    (PROJECT_FILE, include_bytes!("../sample/welcome.estudio")),
    ("slide.png", include_bytes!("../sample/slide.png")),
    (
        "narration-1.ogg",
        include_bytes!("../sample/narration-1.ogg"),
    ),
    (
        "narration-2.ogg",
        include_bytes!("../sample/narration-2.ogg"),
    ),
    ("music.ogg", include_bytes!("../sample/music.ogg")),
];

/// A sample file that could not be written, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct InstallError {
    pub path: PathBuf,
    pub source: io::Error,
}

/// Writes the sample project and its media into `dir` (created if needed) and returns the
/// project file's path. Files already there with the same content are left alone. A different
/// file of the same name is replaced only with [`Existing::Replace`] (the app's own sample
/// folder); with [`Existing::Keep`] (a folder the person named) nothing is written and the
/// error names it. Files are written whole (a link in the folder is replaced, never followed).
///
/// # Errors
/// [`InstallError`]: the folder cannot be made or written, or a file is in the way.
pub fn install(dir: &Path, existing: Existing) -> Result<PathBuf, InstallError> {
    let at = |path: &Path| {
        let path = path.to_owned();
        move |source| InstallError { path, source }
    };
    std::fs::create_dir_all(dir).map_err(at(dir))?;
    let differs = |path: &Path, bytes: &[u8]| {
        // A link is never read through: what it points to is not the sample's.
        let link = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        link || std::fs::read(path).ok().as_deref() != Some(bytes)
    };
    if existing == Existing::Keep {
        for (name, bytes) in FILES {
            let path = dir.join(name);
            if path.symlink_metadata().is_ok() && differs(&path, bytes) {
                return Err(InstallError {
                    path,
                    source: io::ErrorKind::AlreadyExists.into(),
                });
            }
        }
    }
    for (name, bytes) in FILES {
        let path = dir.join(name);
        if differs(&path, bytes) {
            write_whole(&path, bytes, Existing::Replace).map_err(at(&path))?;
        }
    }
    Ok(dir.join(PROJECT_FILE))
}
