//! Piper, a neural synthesiser that runs offline on the CPU, as a program (`piper` from the
//! `piper-tts` package, or `ESTUDIO_PIPER`), one run per narration.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::voices::PiperVoice;
use super::{Request, SpeechError};

/// Piper's program: `ESTUDIO_PIPER`, else `piper` on the `PATH`.
pub fn program() -> PathBuf {
    std::env::var_os("ESTUDIO_PIPER")
        .filter(|p| !p.is_empty())
        .map_or_else(|| PathBuf::from("piper"), PathBuf::from)
}

/// The installed Piper, known to start.
#[derive(Debug, Clone)]
pub struct Piper {
    program: PathBuf,
    /// Names this Piper in cache keys: another Piper speaks anew.
    pub version: String,
}

impl Piper {
    /// Finds Piper (`program`, a path or a name on the `PATH`) and what version it is.
    ///
    /// # Errors
    /// [`SpeechError::PiperMissing`] when it cannot be found or started.
    pub fn detect(program: &Path) -> Result<Self, SpeechError> {
        let missing = |detail: String| SpeechError::PiperMissing {
            program: program.display().to_string(),
            detail,
        };
        let path = on_path(program).ok_or_else(|| missing("not found".to_owned()))?;
        // Piper's Python program has no --version; it is known by its package's version. Any
        // other Piper (the older C++ one prints its version) is known by its own words, else by
        // its file.
        let version = package_version(&path)
            .or_else(|| {
                let out = Command::new(&path).arg("--version").output().ok()?;
                let v = String::from_utf8_lossy(&out.stdout).trim().to_owned();
                (out.status.success() && !v.is_empty() && v.len() < 100).then_some(v)
            })
            .or_else(|| file_identity(&path))
            .ok_or_else(|| missing("cannot be read".to_owned()))?;
        Ok(Self {
            program: path,
            version,
        })
    }

    /// The command that speaks each line of `text_file` with `voice`, as `request` asks: into
    /// the WAV file `out`, or, with [`Output::Folder`], one WAV per line into the folder `out`
    /// (named by the time it was made, so in the lines' order).
    pub(super) fn command(
        &self,
        voice: &PiperVoice,
        request: &Request,
        text_file: &Path,
        output: Output<'_>,
    ) -> Command {
        let mut c = Command::new(&self.program);
        c.arg("--model")
            .arg(&voice.model)
            .arg("--config")
            .arg(&voice.config)
            .arg("--input_file")
            .arg(text_file);
        match output {
            Output::File(wav) => c.arg("--output_file").arg(wav),
            Output::Folder(dir) => c
                .arg("--output_dir")
                .arg(dir)
                .args(["--output-dir-naming", "timestamp"]),
        };
        // A faster rate means shorter phonemes, relative to the voice's own length.
        c.arg("--length_scale")
            .arg(format!("{:.4}", voice.length_scale / request.rate));
        if let Some(pause) = request.pause {
            c.arg("--sentence_silence").arg(format!("{pause:.3}"));
        }
        c
    }
}

/// Where Piper writes what it speaks.
pub(super) enum Output<'a> {
    /// One WAV file for all the lines.
    File(&'a Path),
    /// One WAV file per line in this folder.
    Folder(&'a Path),
}

/// The text of one narration as one line: Piper speaks each line apart, and puts its pause only
/// between the sentences of a line.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `program` as the system would run it: a path as given, a bare name found on the `PATH`.
fn on_path(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return program.is_file().then(|| program.to_owned());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// `piper-tts X` when `program` is the entry script of a Python environment holding the
/// `piper-tts` package (`BIN/piper` beside `lib/pythonV/site-packages/piper_tts-X.dist-info`).
fn package_version(program: &Path) -> Option<String> {
    let env = std::fs::canonicalize(program)
        .ok()?
        .parent()?
        .parent()?
        .to_owned();
    for lib in ["lib", "lib64"] {
        let Ok(pythons) = std::fs::read_dir(env.join(lib)) else {
            continue;
        };
        for python in pythons.flatten() {
            // Debian's system-wide packages are in dist-packages.
            let packages = ["site-packages", "dist-packages"]
                .iter()
                .filter_map(|d| std::fs::read_dir(python.path().join(d)).ok())
                .flatten();
            for p in packages.flatten() {
                let name = p.file_name().to_string_lossy().into_owned();
                if let Some(v) = name
                    .strip_prefix("piper_tts-")
                    .and_then(|n| n.strip_suffix(".dist-info"))
                {
                    return Some(format!("piper-tts {v}"));
                }
            }
        }
    }
    None
}

/// A program known only by its file: its path, size and modification time.
fn file_identity(program: &Path) -> Option<String> {
    let meta = std::fs::metadata(program).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{} {} {}",
        program.display(),
        meta.len(),
        modified.as_nanos()
    ))
}
