//! Narration from text: espeak-ng speaks it offline into a cached WAV file.
//!
//! The cache is keyed by voice, text and espeak-ng's version, so a project rendered twice (or a
//! preview then an export) synthesises each line once, and a new espeak-ng re-speaks it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use estudio_words::Message;

/// Why a text could not be spoken. The message is for the user.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    Missing(std::io::Error),
    UnknownVoice(String),
    /// espeak-ng's own words on stderr.
    Failed(String),
    Cache {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl SpeechError {
    /// In words, for people.
    pub fn message(&self) -> Message {
        match self {
            SpeechError::Missing(e) => Message::EspeakMissing {
                detail: e.to_string(),
            },
            SpeechError::UnknownVoice(voice) => Message::UnknownEspeakVoice {
                voice: voice.clone(),
            },
            SpeechError::Failed(detail) => Message::EspeakFailed {
                detail: detail.clone(),
            },
            SpeechError::Cache { path, source } => Message::SpeechCacheUnwritable {
                path: path.display().to_string(),
                cause: source.into(),
            },
        }
    }
}

impl std::fmt::Display for SpeechError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

fn program() -> PathBuf {
    std::env::var_os("ESTUDIO_ESPEAK").map_or_else(|| PathBuf::from("espeak-ng"), Into::into)
}

/// The installed synthesiser: its version and the voices (languages) it speaks.
#[derive(Debug, Clone)]
pub struct Synthesizer {
    version: String,
    voices: Vec<String>,
}

impl Synthesizer {
    /// Asks espeak-ng for its version and voices.
    ///
    /// # Errors
    /// [`SpeechError::Missing`] when espeak-ng cannot be run.
    pub fn detect() -> Result<Self, SpeechError> {
        let run = |args: &[&str]| -> Result<String, SpeechError> {
            let out = Command::new(program())
                .args(args)
                .output()
                .map_err(SpeechError::Missing)?;
            if !out.status.success() {
                return Err(SpeechError::Failed(
                    String::from_utf8_lossy(&out.stderr).trim().to_owned(),
                ));
            }
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        };
        let version = run(&["--version"])?.trim().to_owned();
        // Columns: Pty Language Age/Gender VoiceName File Other-languages. MBROLA voices need a
        // separate program and are left out.
        let voices = run(&["--voices"])?
            .lines()
            .skip(1)
            .filter_map(|line| {
                let cols: Vec<&str> = line.split_whitespace().collect();
                let file = cols.get(4)?;
                (!file.starts_with("mb/")).then(|| cols.get(1).map(|s| (*s).to_owned()))?
            })
            .collect();
        Ok(Self { version, voices })
    }

    pub fn has_voice(&self, voice: &str) -> bool {
        self.voices.iter().any(|v| v.eq_ignore_ascii_case(voice))
    }

    /// Speaks `text` with `voice` into `cache_dir`, unless already there; returns the WAV file.
    ///
    /// # Errors
    /// Unknown voice, espeak-ng failing, or the cache not writable.
    pub fn speak(&self, text: &str, voice: &str, cache_dir: &Path) -> Result<PathBuf, SpeechError> {
        if !self.has_voice(voice) {
            return Err(SpeechError::UnknownVoice(voice.to_owned()));
        }
        let key = uuid::Uuid::new_v5(
            &uuid::Uuid::NAMESPACE_OID,
            format!("{}\u{0}{voice}\u{0}{text}", self.version).as_bytes(),
        );
        let path = cache_dir.join(format!("{}.wav", key.simple()));
        if path.is_file() {
            return Ok(path);
        }
        let cache_err = |source| SpeechError::Cache {
            path: cache_dir.to_owned(),
            source,
        };
        std::fs::create_dir_all(cache_dir).map_err(cache_err)?;
        let temp = tempfile::Builder::new()
            .prefix(".speech-")
            .suffix(".wav")
            .tempfile_in(cache_dir)
            .map_err(cache_err)?;
        // The text goes through stdin, never the command line, so no text is read as an option.
        let mut child = Command::new(program())
            .args(["-b", "1", "-v", voice, "--stdin", "-w"])
            .arg(temp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(SpeechError::Missing)?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(text.as_bytes())
                .map_err(|e| SpeechError::Failed(e.to_string()))?;
        }
        let out = child
            .wait_with_output()
            .map_err(|e| SpeechError::Failed(e.to_string()))?;
        if !out.status.success() {
            return Err(SpeechError::Failed(
                String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            ));
        }
        temp.persist(&path).map_err(|e| cache_err(e.error))?;
        Ok(path)
    }
}
