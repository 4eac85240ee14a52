//! Where Piper voices are found, and what each one is. A voice is two files side by side,
//! `NAME.onnx` (the model) and `NAME.onnx.json` (its settings: language, quality, sample rate),
//! as Piper's own voice list ships them. Folders are searched in order, the first voice of a name
//! wins, and subfolders are searched too, a few levels deep, because voices downloaded from
//! Piper's list come in `LANG/LANG_REGION/NAME/QUALITY/` folders.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::SpeechError;

/// How deep below a voice folder voices are looked for (`pt/pt_BR/faber/medium/` is four).
const MAX_DEPTH: usize = 4;

/// The folders Piper voices are looked for in, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoiceFolders(pub Vec<PathBuf>);

impl VoiceFolders {
    /// The folders of `ESTUDIO_VOICES` (separated as `PATH` is), in order.
    pub fn from_env() -> Self {
        Self(
            std::env::var_os("ESTUDIO_VOICES")
                .map(|v| {
                    std::env::split_paths(&v)
                        .filter(|p| !p.as_os_str().is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        )
    }

    /// These folders, then `more` (without repeating one).
    #[must_use]
    pub fn then(mut self, more: impl IntoIterator<Item = PathBuf>) -> Self {
        for p in more {
            if !self.0.contains(&p) {
                self.0.push(p);
            }
        }
        self
    }

    /// As the user sees them, in messages.
    pub fn shown(&self) -> Vec<String> {
        self.0.iter().map(|p| p.display().to_string()).collect()
    }

    /// The model of the voice called `name` (`NAME.onnx`), in the first folder that has it.
    pub fn find(&self, name: &str) -> Option<PathBuf> {
        let file = format!("{name}.onnx");
        self.0.iter().find_map(|dir| {
            models(dir)
                .into_iter()
                .find(|m| m.file_name().is_some_and(|f| f == file.as_str()))
        })
    }

    /// Every voice of every folder (the first of each name), by name; a model without readable
    /// settings is left out (it cannot speak).
    pub fn list(&self) -> Vec<PiperVoice> {
        let mut voices: Vec<PiperVoice> = Vec::new();
        for dir in &self.0 {
            for model in models(dir) {
                let Ok(voice) = PiperVoice::read(&model) else {
                    continue;
                };
                if !voices.iter().any(|v| v.name == voice.name) {
                    voices.push(voice);
                }
            }
        }
        voices.sort_by(|a, b| a.name.cmp(&b.name));
        voices
    }
}

/// The `*.onnx` files under `dir`, at most [`MAX_DEPTH`] folders down, in name order. Unreadable
/// folders are skipped: a voice folder may hold anything.
fn models(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_owned(), 0)];
    while let Some((dir, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries.into_iter().rev() {
            if path.is_dir() {
                if depth < MAX_DEPTH {
                    pending.push((path, depth + 1));
                }
            } else if path.extension().is_some_and(|e| e == "onnx") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// One Piper voice, as its settings describe it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PiperVoice {
    /// The model's file name without `.onnx`: what `piper:NAME` names.
    pub name: String,
    pub model: PathBuf,
    pub config: PathBuf,
    /// As Piper writes it (`en_US`, `pt_BR`).
    pub language: String,
    /// `x_low`, `low`, `medium` or `high`.
    pub quality: String,
    /// The voice's natural phoneme length: a rate divides it.
    #[serde(skip)]
    pub length_scale: f64,
    /// The phonemes (IPA characters) the voice knows: Piper leaves any other one out silently,
    /// so a pronunciation using one is refused instead. Empty when the settings list none.
    #[serde(skip)]
    pub phonemes: std::collections::BTreeSet<String>,
}

/// The part of a voice's `.onnx.json` that Estúdio reads.
#[derive(serde::Deserialize)]
struct Config {
    #[serde(default)]
    language: Option<Language>,
    #[serde(default)]
    audio: Option<Audio>,
    #[serde(default)]
    inference: Option<Inference>,
    #[serde(default)]
    phoneme_id_map: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}
#[derive(serde::Deserialize)]
struct Language {
    code: String,
}
#[derive(serde::Deserialize)]
struct Audio {
    #[serde(default)]
    quality: Option<String>,
}
#[derive(serde::Deserialize)]
struct Inference {
    #[serde(default)]
    length_scale: Option<f64>,
}

/// Settings bigger than this are not a voice's (Piper's are a few kilobytes).
const MAX_CONFIG_BYTES: u64 = 4 << 20;

impl PiperVoice {
    /// Reads the voice whose model is `model` (its settings are `MODEL.json`).
    ///
    /// # Errors
    /// [`SpeechError::PiperVoiceFileMissing`] without the model,
    /// [`SpeechError::PiperVoiceUnreadable`] without readable settings.
    pub fn read(model: &Path) -> Result<Self, SpeechError> {
        if !model.is_file() {
            return Err(SpeechError::PiperVoiceFileMissing(model.to_owned()));
        }
        let mut config = model.as_os_str().to_owned();
        config.push(".json");
        let config = PathBuf::from(config);
        let unreadable = |detail: String| SpeechError::PiperVoiceUnreadable {
            path: config.clone(),
            detail,
        };
        let meta = std::fs::metadata(&config).map_err(|e| unreadable(e.to_string()))?;
        // Never a pipe or a device: reading one could wait forever.
        if !meta.is_file() {
            return Err(unreadable("not a regular file".to_owned()));
        }
        let size = meta.len();
        if size > MAX_CONFIG_BYTES {
            return Err(unreadable(format!("{size} bytes")));
        }
        let bytes = std::fs::read(&config).map_err(|e| unreadable(e.to_string()))?;
        let parsed: Config =
            serde_json::from_slice(&bytes).map_err(|e| unreadable(e.to_string()))?;
        let length_scale = parsed
            .inference
            .and_then(|i| i.length_scale)
            .filter(|s| s.is_finite() && *s > 0.0 && *s < 10.0)
            .unwrap_or(1.0);
        Ok(Self {
            name: model
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            model: model.to_owned(),
            language: parsed.language.map(|l| l.code).unwrap_or_default(),
            quality: parsed.audio.and_then(|a| a.quality).unwrap_or_default(),
            config,
            length_scale,
            phonemes: parsed.phoneme_id_map.into_keys().collect(),
        })
    }

    /// The characters of `ipa` this voice has no phoneme for, each once, in order.
    pub fn unknown_phonemes(&self, ipa: &str) -> Vec<char> {
        if self.phonemes.is_empty() {
            return Vec::new();
        }
        let mut unknown = Vec::new();
        for c in ipa.chars() {
            // Spaces separate words; Piper's map has one, but a voice without it still reads
            // words apart.
            if !c.is_whitespace()
                && !self.phonemes.contains(c.encode_utf8(&mut [0; 4]))
                && !unknown.contains(&c)
            {
                unknown.push(c);
            }
        }
        unknown
    }
}
