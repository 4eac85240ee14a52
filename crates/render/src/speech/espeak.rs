//! espeak-ng: always there, fast, robotic. The voices it has are asked once per preparation.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::phontab::PhonemeTables;
use super::{Request, SpeechError};

fn program() -> PathBuf {
    std::env::var_os("ESTUDIO_ESPEAK").map_or_else(|| PathBuf::from("espeak-ng"), Into::into)
}

/// espeak-ng's words per minute at rate 1.
const WORDS_PER_MINUTE: f64 = 175.0;

/// An espeak-ng voice, as `espeak-ng --voices` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EspeakVoice {
    /// What a narration's `voice` names (`pt-br`).
    pub name: String,
    /// The voice's own name (`Portuguese_(Brazil)`).
    pub title: String,
    /// Its file in espeak-ng's data folder (`roa/pt-BR`): it names the voice's phonemes.
    #[serde(skip)]
    pub file: String,
}

/// The installed espeak-ng: its version and the voices it speaks.
#[derive(Debug, Clone)]
pub struct Espeak {
    pub version: String,
    pub voices: Vec<EspeakVoice>,
    /// Its data folder, as `--version` says it (`Data at: …`).
    data: Option<PathBuf>,
    /// Its phoneme tables, read once when a pronunciation's phonemes are first checked.
    tables: std::sync::OnceLock<Option<PhonemeTables>>,
}

impl Espeak {
    /// Asks espeak-ng for its version and voices.
    ///
    /// # Errors
    /// [`SpeechError::EspeakMissing`] when espeak-ng cannot be run.
    pub fn detect() -> Result<Self, SpeechError> {
        let run = |args: &[&str]| -> Result<String, SpeechError> {
            let out = Command::new(program())
                .args(args)
                .output()
                .map_err(|e| SpeechError::EspeakMissing(e.to_string()))?;
            if !out.status.success() {
                return Err(SpeechError::Failed {
                    program: "espeak-ng".to_owned(),
                    detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
                });
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
                (!file.starts_with("mb/")).then(|| EspeakVoice {
                    name: cols.get(1).map(|s| (*s).to_owned()).unwrap_or_default(),
                    title: cols.get(3).map(|s| (*s).to_owned()).unwrap_or_default(),
                    file: (*file).to_owned(),
                })
            })
            .collect();
        let data = version
            .split_once("Data at:")
            .map(|(_, path)| PathBuf::from(path.trim()));
        Ok(Self {
            version,
            voices,
            data,
            tables: std::sync::OnceLock::new(),
        })
    }

    /// The parts of `phonemes` (an entry's `espeak`) that `voice` has no phoneme for: at
    /// each, espeak-ng would stop reading the word without a word of warning. Empty when
    /// espeak-ng's tables cannot be read (nothing is refused that cannot be checked).
    pub fn unknown_phonemes(&self, voice: &str, phonemes: &str) -> Vec<String> {
        let (Some(data), Some(voice)) = (
            self.data.as_deref(),
            self.voices
                .iter()
                .find(|v| v.name.eq_ignore_ascii_case(voice)),
        ) else {
            return Vec::new();
        };
        self.tables
            .get_or_init(|| PhonemeTables::read(data))
            .as_ref()
            .and_then(|tables| tables.of_voice(data, &voice.file))
            .map(|known| known.unknown(phonemes))
            .unwrap_or_default()
    }

    pub fn has_voice(&self, voice: &str) -> bool {
        self.voices
            .iter()
            .any(|v| v.name.eq_ignore_ascii_case(voice))
    }

    /// What identifies a recording of `request` by `voice`, beside its text. Without a rate or a
    /// pause it is what it was before they existed, so recordings already cached stay valid.
    pub(super) fn key(&self, voice: &str, request: &Request) -> String {
        let mut key = format!("{}\u{0}{voice}", self.version);
        if (request.rate - 1.0).abs() > f64::EPSILON || request.pause.is_some() {
            key.push_str(&format!("\u{0}{}\u{0}{:?}", request.rate, request.pause));
        }
        key
    }

    /// The command that speaks `text_file` into `wav` with `voice`, as `request` asks. With a
    /// pause, the text goes as SSML with a break after each sentence; text is always read from
    /// a file, never the command line, so no text is read as an option.
    pub(super) fn command(
        &self,
        voice: &str,
        request: &Request,
        text_file: &Path,
        wav: &Path,
    ) -> Command {
        let mut c = Command::new(program());
        let wpm = (WORDS_PER_MINUTE * request.rate).round();
        c.args(["-b", "1", "-v", voice, "-s", &format!("{wpm}")]);
        if request.pause.is_some() {
            c.arg("-m");
        }
        c.arg("-f").arg(text_file).arg("-w").arg(wav);
        c
    }

    /// The text espeak-ng reads for `request`: as written, or SSML with the pauses.
    pub(super) fn text(text: &str, request: &Request) -> String {
        let Some(pause) = request.pause else {
            return text.to_owned();
        };
        let ms = (pause * 1000.0).round();
        let mut ssml = String::from("<speak>");
        for sentence in super::sentences(text) {
            for ch in sentence.chars() {
                match ch {
                    '<' => ssml.push_str("&lt;"),
                    '>' => ssml.push_str("&gt;"),
                    '&' => ssml.push_str("&amp;"),
                    c => ssml.push(c),
                }
            }
            ssml.push_str(&format!("<break time=\"{ms}ms\"/>"));
        }
        ssml.push_str("</speak>");
        ssml
    }
}
