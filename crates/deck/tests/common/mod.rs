//! What the deck tests share: LibreOffice's conversions, python-pptx, reading a project.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `src` converted by LibreOffice into `format` beside it (its own throw-away profile).
pub fn convert(src: &Path, format: &str) -> PathBuf {
    let dir = src.parent().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let ok = Command::new(estudio_deck::soffice_program())
        .args(["--headless", "--norestore", "--nologo"])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(src)
        // Its own HOME and temporary folder, as the import gives its own: instances started at
        // once by tests running side by side otherwise meet in /tmp (one crashed so on a busy
        // machine, "Fatal exception: Signal 6").
        .env("HOME", profile.path())
        .env("TMPDIR", profile.path())
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    src.with_extension(format)
}

/// Runs `script` with the project's Python (`.venv`, where python-pptx is) and `args`.
pub fn python(script: &str, args: &[&OsStr]) {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    let ok = Command::new(venv)
        .args(["-c", script])
        .args(args)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

/// The project at `path`, as JSON.
pub fn project(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}
