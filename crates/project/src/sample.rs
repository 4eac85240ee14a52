//! The sample project built into every binary, so a fresh install has something to export.

use std::io;
use std::path::{Path, PathBuf};

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

/// Writes the sample project and its media into `dir` (created if needed) and returns the
/// project file's path. Files already there with the same content are left alone; a user's
/// edits to them are overwritten, as this folder belongs to the app.
///
/// # Errors
/// Any I/O error creating the folder or writing a file.
pub fn install(dir: &Path) -> io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in FILES {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(*bytes) {
            std::fs::write(&path, bytes)?;
        }
    }
    Ok(dir.join(PROJECT_FILE))
}
