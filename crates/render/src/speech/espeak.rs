//! espeak-ng: always there, fast, robotic. The voices it has are asked once per preparation.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::phontab::{PhonemeFaults, PhonemeTables};
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

    /// What is wrong with `phonemes` (an entry's `espeak`, as it is given to espeak-ng) for
    /// `voice`: phonemes it does not have, at each of which espeak-ng would stop reading the
    /// word without a word of warning, or a language switch. Nothing when espeak-ng's tables
    /// cannot be read (nothing is refused that cannot be checked).
    pub fn phoneme_faults(&self, voice: &str, phonemes: &str) -> PhonemeFaults {
        // A voice named by its language alone (`fr`): the first of that language espeak-ng
        // lists (the voices of one language share their phonemes).
        let listed = self
            .voices
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(voice))
            .or_else(|| {
                let prefix = format!("{}-", voice.to_ascii_lowercase());
                self.voices
                    .iter()
                    .find(|v| v.name.to_ascii_lowercase().starts_with(&prefix))
            });
        let (Some(data), Some(listed)) = (self.data.as_deref(), listed) else {
            return PhonemeFaults::default();
        };
        self.tables
            .get_or_init(|| PhonemeTables::read(data))
            .as_ref()
            .and_then(|tables| tables.of_voice(data, &listed.file))
            .map(|known| known.check(phonemes))
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

    /// The text espeak-ng reads for `request`: as written, or SSML with the pauses. The
    /// recording is cached by it (see `Speakers::speak`).
    pub(super) fn text(text: &str, request: &Request) -> String {
        let Some(pause) = request.pause else {
            return text.to_owned();
        };
        let ms = (pause * 1000.0).round();
        let mut ssml = String::from("<speak>");
        for sentence in super::sentences(text) {
            // Full stops after a mark that is not a letter (`).`, `".`, `%.`, `]].`): in SSML,
            // espeak-ng says them ("ponto"); the break that follows ends the sentence anyway.
            let trimmed = sentence.trim_end();
            let dots = trimmed.trim_end_matches('.');
            let sentence = if dots.len() < trimmed.len()
                && dots
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_alphanumeric())
            {
                dots
            } else {
                sentence
            };
            for (_, c, in_phonemes) in super::marked_phonemes(sentence) {
                match c {
                    '<' => ssml.push_str("&lt;"),
                    '>' => ssml.push_str("&gt;"),
                    // Inside phonemes espeak-ng reads an entity as its letters (`&amp;` is
                    // "amp"), and a bare `&` as the phoneme it is.
                    '&' if !in_phonemes => ssml.push_str("&amp;"),
                    c => ssml.push(c),
                }
            }
            // A space before the break: right after `]]`, espeak-ng reads the tag aloud.
            ssml.push_str(&format!(" <break time=\"{ms}ms\"/>"));
        }
        ssml.push_str("</speak>");
        ssml
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the real espeak-ng reads (`-x`) of the text Estúdio gives it.
    fn read(voice: &str, given: &str, ssml: bool) -> String {
        use std::io::Write as _;
        let mut c = Command::new(program());
        c.args(["-q", "-x", "-v", voice, "--stdin"]);
        if ssml {
            c.arg("-m");
        }
        let mut child = c
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("espeak-ng runs (make test installs it)");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(given.as_bytes())
            .expect("written");
        let out = child.wait_with_output().expect("espeak-ng ends");
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Found by a hostile review: with pauses (SSML), phonemes holding `&` were read "amp", a
    /// sentence ending on phonemes had its break tag read aloud, and its full stop said
    /// "ponto". Each is checked against what the real espeak-ng reads.
    #[test]
    fn phonemes_in_a_narration_with_pauses_are_read_as_without() {
        let pause = Request {
            rate: 1.0,
            pause: Some(0.5),
        };
        let plain = Request {
            rate: 1.0,
            pause: None,
        };
        for line in [
            "Use o [[n'&w]]. Outra frase & mais.",
            "Use o [[n'&w]]",
            "Use o [[n'&w]]! E [[n'&w]], de novo.",
            // Found by a second review: stops after other marks, and marks inside phonemes.
            "Veja o (carro). Ele disse \"sim\". A taxa é 10 %. Fim.",
            "Use o [[n'&w]].. Fim.",
            "Diga [['eI_! t&]] agora. E [['o? p's]] também.",
        ] {
            let with = read("pt-br", &Espeak::text(line, &pause), true);
            let without = read("pt-br", &Espeak::text(line, &plain), false);
            assert_eq!(with, without, "{line}");
            for wrong in ["amp", "bRe'ak", "p'oNtU"] {
                assert!(!with.contains(wrong), "{line}: {with}");
            }
        }
        // Outside phonemes, `&` and `<` are still text ("e", not markup).
        let given = Espeak::text("A & B < C.", &pause);
        assert!(given.contains("A &amp; B &lt; C."), "{given}");
    }
}
