//! Narration from text, spoken offline into a cached WAV file: by espeak-ng (always there,
//! robotic) or by Piper (neural voices, from voice files the user adds).
//!
//! A recording is cached by what makes it: the synthesiser's version, the voice (for Piper,
//! the bytes of its model and settings), the rate, the pause and the text. So a project rendered
//! twice, or a preview then an export, speaks each line once, and a new synthesiser or an edited
//! voice speaks it anew. Each synthesiser runs with a time limit and stops on cancel.

mod espeak;
mod phontab;
mod piper;
mod voices;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use estudio_project::VoiceName;
use estudio_words::Message;

pub use espeak::{Espeak, EspeakVoice};
pub use phontab::PhonemeFaults;
pub use piper::{program as piper_program, Piper};
pub use voices::{PiperVoice, VoiceFolders};

use crate::process::ToolError;
use crate::CancelToken;

/// Why a text could not be spoken. The message is for the user.
#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    /// espeak-ng cannot be started, or fails to list its voices: why.
    EspeakMissing(String),
    UnknownEspeakVoice(String),
    PiperMissing {
        program: String,
        detail: String,
    },
    PiperVoiceNotFound {
        name: String,
        folders: Vec<String>,
    },
    PiperVoiceFileMissing(PathBuf),
    PiperVoiceUnreadable {
        path: PathBuf,
        detail: String,
    },
    /// The synthesiser's own words on stderr.
    Failed {
        program: String,
        detail: String,
    },
    TimedOut {
        program: String,
        secs: u64,
    },
    Canceled,
    /// A pronunciation's phonemes that the voice has none of (the entry's field, and what is
    /// said of it): neither synthesiser would say a word of it, they would be left out.
    UnknownPhonemes {
        field: &'static str,
        message: Message,
    },
    Cache {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl SpeechError {
    /// In words, for people.
    pub fn message(&self) -> Message {
        match self {
            SpeechError::EspeakMissing(detail) => Message::EspeakMissing {
                detail: detail.clone(),
            },
            SpeechError::UnknownEspeakVoice(voice) => Message::UnknownEspeakVoice {
                voice: voice.clone(),
            },
            SpeechError::PiperMissing { program, detail } => Message::PiperMissing {
                program: program.clone(),
                detail: detail.clone(),
            },
            SpeechError::PiperVoiceNotFound { name, folders } => Message::PiperVoiceNotFound {
                name: name.clone(),
                folders: folders.clone(),
            },
            SpeechError::PiperVoiceFileMissing(path) => Message::PiperVoiceFileMissing {
                path: path.display().to_string(),
            },
            SpeechError::PiperVoiceUnreadable { path, detail } => Message::PiperVoiceUnreadable {
                path: path.display().to_string(),
                detail: detail.clone(),
            },
            SpeechError::Failed { program, detail } => Message::SpeechFailed {
                program: program.clone(),
                detail: detail.clone(),
            },
            SpeechError::TimedOut { program, secs } => Message::SpeechTimedOut {
                program: program.clone(),
                secs: *secs,
            },
            SpeechError::Canceled => Message::SpeechCanceled,
            SpeechError::UnknownPhonemes { message, .. } => message.clone(),
            SpeechError::Cache { path, source } => Message::SpeechCacheUnwritable {
                path: path.display().to_string(),
                cause: source.into(),
            },
        }
    }

    /// Whether the voice is what is wrong (not installed, not found, unreadable): the problem
    /// then points at the voice field; otherwise at the text.
    pub fn is_about_the_voice(&self) -> bool {
        matches!(
            self,
            SpeechError::UnknownEspeakVoice(_)
                | SpeechError::PiperMissing { .. }
                | SpeechError::PiperVoiceNotFound { .. }
                | SpeechError::PiperVoiceFileMissing(_)
                | SpeechError::PiperVoiceUnreadable { .. }
        )
    }
}

impl std::fmt::Display for SpeechError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// How a text is to be spoken, beside the voice.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// 1 is the voice's natural pace.
    pub rate: f64,
    /// Seconds of silence between sentences; `None` leaves the synthesiser's own.
    pub pause: Option<f64>,
}

impl Default for Request {
    fn default() -> Self {
        Self {
            rate: 1.0,
            pause: None,
        }
    }
}

/// Time a synthesiser is given: a minute to start, and a generous 50 ms per character (Piper
/// speaks a character in about 1 ms here; a stuck one is stopped in minutes, not never).
fn time_limit(text: &str) -> Duration {
    let chars = u64::try_from(text.chars().count()).unwrap_or(u64::MAX);
    Duration::from_secs(60).saturating_add(Duration::from_millis(chars.saturating_mul(50)))
}

/// The sentences of `text` (each with its end mark and the space after it), for pauses.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    // Never inside phonemes, whose `?`, `_!` and `s.` are phonemes, not the end of anything.
    for (i, c, in_phonemes) in marked_phonemes(text) {
        let end = i + c.len_utf8();
        if !in_phonemes
            && matches!(c, '.' | '!' | '?' | '…')
            && text[end..].starts_with(char::is_whitespace)
        {
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// Each character of `text`, with its byte index and whether it lies inside phonemes, from an
/// opening `[[` to its closing `]]` (the first `]` of which is outside).
pub(crate) fn marked_phonemes(text: &str) -> impl Iterator<Item = (usize, char, bool)> + '_ {
    let mut inside = false;
    text.char_indices().map(move |(i, c)| {
        if text[i..].starts_with("[[") {
            inside = true;
        } else if text[i..].starts_with("]]") {
            inside = false;
        }
        (i, c, inside)
    })
}

/// Every synthesiser and voice one preparation may use, each found once, when first needed: a
/// project without Piper voices never looks for Piper.
pub struct Speakers {
    folders: VoiceFolders,
    piper_program: PathBuf,
    cancel: CancelToken,
    /// Found, or why not (the error's detail: a found synthesiser is asked once).
    espeak: OnceLock<Result<Espeak, String>>,
    piper: OnceLock<Result<Piper, String>>,
    /// Each Piper voice found, with its digest ([`Speakers::piper_voice`]).
    voices: Mutex<HashMap<VoiceName, (PiperVoice, String)>>,
    /// The person's pronunciations (Settings), applied after the project's own.
    pronunciations: Vec<estudio_spoken::Entry>,
}

impl Speakers {
    /// Speakers that find Piper voices in `folders`, stopped by `cancel`; Piper is
    /// [`piper_program`].
    pub fn new(folders: VoiceFolders, cancel: CancelToken) -> Self {
        Self {
            folders,
            piper_program: piper_program(),
            cancel,
            espeak: OnceLock::new(),
            piper: OnceLock::new(),
            voices: Mutex::default(),
            pronunciations: Vec::new(),
        }
    }

    /// The same, with the person's pronunciations: a project's own win for the same form.
    #[must_use]
    pub fn with_pronunciations(mut self, entries: Vec<estudio_spoken::Entry>) -> Self {
        self.pronunciations = entries;
        self
    }

    /// The person's pronunciations these speakers apply.
    pub fn pronunciations(&self) -> &[estudio_spoken::Entry] {
        &self.pronunciations
    }

    /// The same, with Piper at `program` instead.
    #[must_use]
    pub fn with_piper(mut self, program: PathBuf) -> Self {
        self.piper_program = program;
        self
    }

    /// Whether `voice` can speak here: its synthesiser runs and has it (nothing is spoken). A
    /// project with other problems still hears about its voices at once.
    ///
    /// # Errors
    /// The synthesiser or the voice is missing or unreadable.
    pub fn check_voice(&self, voice: &VoiceName) -> Result<(), SpeechError> {
        match voice {
            VoiceName::Espeak(name) => {
                if self.espeak()?.has_voice(name) {
                    Ok(())
                } else {
                    Err(SpeechError::UnknownEspeakVoice(name.clone()))
                }
            }
            VoiceName::Piper(_) | VoiceName::PiperFile(_) => {
                self.piper_voice(voice)?;
                self.piper()?;
                Ok(())
            }
        }
    }

    /// Speaks `text` with `voice` as `request` asks into `cache_dir`, unless it is already
    /// there; returns the WAV file.
    ///
    /// # Errors
    /// A synthesiser or voice that is missing, a synthesiser that fails, runs out of time or is
    /// canceled, or a cache that cannot be written.
    pub fn speak(
        &self,
        text: &str,
        voice: &VoiceName,
        request: &Request,
        cache_dir: &Path,
    ) -> Result<PathBuf, SpeechError> {
        if self.cancel.is_canceled() {
            return Err(SpeechError::Canceled);
        }
        match voice {
            VoiceName::Espeak(name) => {
                let espeak = self.espeak()?;
                if !espeak.has_voice(name) {
                    return Err(SpeechError::UnknownEspeakVoice(name.clone()));
                }
                // Keyed by what espeak-ng reads: the text, or its SSML when there are pauses
                // (a change in how that is written speaks those lines again).
                let given = Espeak::text(text, request);
                let path = cache_path(
                    cache_dir,
                    &format!("{}\u{0}{given}", espeak.key(name, request)),
                );
                self.make(&path, text, |text_file, wav| {
                    std::fs::write(text_file, &given)?;
                    Ok(("espeak-ng", espeak.command(name, request, text_file, wav)))
                })
            }
            VoiceName::Piper(_) | VoiceName::PiperFile(_) => {
                let (piper, voice, path) = self.piper_recording(text, voice, request, cache_dir)?;
                self.make(&path, text, |text_file, wav| {
                    std::fs::write(text_file, piper::one_line(text))?;
                    let output = piper::Output::File(wav);
                    Ok(("piper", piper.command(&voice, request, text_file, output)))
                })
            }
        }
    }

    /// Speaks every one of `lines`, as [`Speakers::speak`] does each, in the same order. The
    /// Piper lines missing from the cache that share a voice, a rate and a pause are spoken by
    /// one run of Piper: starting it and loading a voice takes about half a second, more than a
    /// short narration takes to speak.
    pub fn speak_all(
        &self,
        lines: &[Line<'_>],
        cache_dir: &Path,
    ) -> Vec<Result<PathBuf, SpeechError>> {
        let mut done: Vec<Option<Result<PathBuf, SpeechError>>> =
            lines.iter().map(|_| None).collect();
        // The missing Piper lines, by voice file and how they are spoken.
        let mut batches: Vec<Batch<'_>> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if matches!(line.voice, VoiceName::Espeak(_)) {
                continue;
            }
            match self.piper_recording(line.text, &line.voice, &line.request, cache_dir) {
                Ok((_, _, path)) if path.is_file() => done[i] = Some(Ok(path)),
                Ok((_, voice, path)) => {
                    let same = batches
                        .iter_mut()
                        .find(|b| b.voice.model == voice.model && *b.request == line.request);
                    match same {
                        Some(b) => b.members.push((i, path)),
                        None => batches.push(Batch {
                            voice,
                            request: &line.request,
                            members: vec![(i, path)],
                        }),
                    }
                }
                Err(e) => done[i] = Some(Err(e)),
            }
        }
        for Batch {
            voice,
            request,
            members,
        } in batches
        {
            // The same text twice is spoken once.
            let mut unique: Vec<(usize, PathBuf)> = Vec::new();
            for (i, path) in members {
                if !unique.iter().any(|(_, p)| *p == path) {
                    unique.push((i, path));
                }
            }
            if unique.len() < 2 {
                continue;
            }
            match self.speak_batch(&voice, request, lines, &unique, cache_dir) {
                Ok(()) => {}
                // Stopped: so is everything still to speak.
                Err(e @ (SpeechError::Canceled | SpeechError::TimedOut { .. })) => {
                    for (i, _) in &unique {
                        done[*i] = Some(Err(match &e {
                            SpeechError::TimedOut { program, secs } => SpeechError::TimedOut {
                                program: program.clone(),
                                secs: *secs,
                            },
                            _ => SpeechError::Canceled,
                        }));
                    }
                }
                // One line Piper cannot speak fails the whole run: each is then spoken alone,
                // and only the one that fails says so, at its own scene.
                Err(e) => tracing::debug!(error = %e, "Piper's batch failed; speaking one by one"),
            }
        }
        lines
            .iter()
            .zip(done)
            .map(|(line, done)| {
                done.unwrap_or_else(|| self.speak(line.text, &line.voice, &line.request, cache_dir))
            })
            .collect()
    }

    /// Piper, the voice and the cache file of `text` spoken by `voice` (a Piper voice).
    fn piper_recording(
        &self,
        text: &str,
        voice: &VoiceName,
        request: &Request,
        cache_dir: &Path,
    ) -> Result<(&Piper, PiperVoice, PathBuf), SpeechError> {
        let (voice, digest) = self.piper_voice(voice)?;
        let piper = self.piper()?;
        let key = format!(
            "piper\u{0}{}\u{0}{digest}\u{0}{}\u{0}{:?}\u{0}{text}",
            piper.version, request.rate, request.pause
        );
        Ok((piper, voice, cache_path(cache_dir, &key)))
    }

    /// The Piper voice `voice` names, as its settings describe it.
    pub(crate) fn piper_voice_of(&self, voice: &VoiceName) -> Result<PiperVoice, SpeechError> {
        self.piper_voice(voice).map(|(v, _)| v)
    }

    /// The Piper voice `voice` names, and the BLAKE3 of its model and settings: found (a walk
    /// of the voice folders), read and hashed (a model is tens of megabytes) once per
    /// preparation, however many narrations it speaks.
    fn piper_voice(&self, voice: &VoiceName) -> Result<(PiperVoice, String), SpeechError> {
        let known = || self.voices.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = known().get(voice) {
            return Ok(found.clone());
        }
        let read = match voice {
            VoiceName::Piper(name) => {
                let model =
                    self.folders
                        .find(name)
                        .ok_or_else(|| SpeechError::PiperVoiceNotFound {
                            name: name.clone(),
                            folders: self.folders.shown(),
                        })?;
                PiperVoice::read(&model)?
            }
            VoiceName::PiperFile(model) => PiperVoice::read(model)?,
            VoiceName::Espeak(_) => unreachable!("only Piper voices are asked for"),
        };
        let hash = |p: &Path| {
            crate::keys::hash_file(p).map_err(|e| SpeechError::PiperVoiceUnreadable {
                path: p.to_owned(),
                detail: e.to_string(),
            })
        };
        let digest = format!(
            "{}{}",
            hash(&read.model)?.to_hex(),
            hash(&read.config)?.to_hex()
        );
        known().insert(voice.clone(), (read.clone(), digest.clone()));
        Ok((read, digest))
    }

    /// One run of Piper for the lines `members` (index in `lines`, cache file), each kept in
    /// its cache file.
    fn speak_batch(
        &self,
        voice: &PiperVoice,
        request: &Request,
        lines: &[Line<'_>],
        members: &[(usize, PathBuf)],
        cache_dir: &Path,
    ) -> Result<(), SpeechError> {
        let piper = self.piper()?;
        let scratch = scratch(cache_dir)?;
        let text_file = scratch.path().join("lines.txt");
        let out = scratch.path().join("out");
        let text: Vec<String> = members
            .iter()
            .map(|(i, _)| piper::one_line(lines[*i].text))
            .collect();
        let cache_err = |source| SpeechError::Cache {
            path: cache_dir.to_owned(),
            source,
        };
        std::fs::write(&text_file, text.join("\n") + "\n").map_err(cache_err)?;
        let command = piper.command(voice, request, &text_file, piper::Output::Folder(&out));
        self.run("piper", command, scratch.path(), time_limit(&text.concat()))?;
        // Named by the time each was made: in the order of the lines.
        let mut made: Vec<(u128, PathBuf)> = std::fs::read_dir(&out)
            .map_err(cache_err)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter_map(|p| Some((p.file_stem()?.to_str()?.parse().ok()?, p)))
            .collect();
        made.sort();
        if made.len() != members.len() {
            return Err(SpeechError::Failed {
                program: "piper".to_owned(),
                detail: format!("{} recordings for {} lines", made.len(), members.len()),
            });
        }
        for ((_, wav), (_, path)) in made.iter().zip(members) {
            keep(wav, path, "piper")?;
        }
        Ok(())
    }

    /// The phonemes of `entry` (its `espeak` for an espeak-ng voice, its `ipa` for a Piper
    /// one) that `voice` has none of: neither synthesiser says a word of it (espeak-ng stops
    /// reading the word, Piper leaves the sound out), so they are refused before speaking.
    /// `None` when all are known, or when the voice cannot be found or read (the speaking
    /// says that).
    fn unknown_phonemes(
        &self,
        voice: &VoiceName,
        entry: &estudio_spoken::Entry,
    ) -> Option<SpeechError> {
        let (field, message) = match voice {
            VoiceName::Espeak(name) => {
                let phonemes = entry.phonemes(estudio_spoken::Engine::Espeak)?;
                let faults = self.espeak().ok()?.phoneme_faults(name, &phonemes);
                // The switch first: what follows it is another language's, and would be
                // named as unknown to this voice.
                let message = if faults.switches_language {
                    Message::PronunciationLanguageSwitch
                } else if !faults.unknown.is_empty() {
                    Message::PronunciationUnknownEspeakPhonemes {
                        voice: name.clone(),
                        phonemes: faults.unknown.join(" "),
                    }
                } else {
                    return None;
                };
                ("espeak", message)
            }
            VoiceName::Piper(_) | VoiceName::PiperFile(_) => {
                let piper = self.piper_voice_of(voice).ok()?;
                let ipa = entry.phonemes(estudio_spoken::Engine::Piper)?;
                let unknown = piper.unknown_phonemes(&ipa);
                if unknown.is_empty() {
                    return None;
                }
                (
                    "ipa",
                    Message::PronunciationUnknownPhonemes {
                        voice: piper.name,
                        phonemes: unknown
                            .iter()
                            .map(|&c| estudio_spoken::lexicon::shown(c))
                            .collect::<Vec<_>>()
                            .join(" "),
                    },
                )
            }
        };
        Some(SpeechError::UnknownPhonemes { field, message })
    }

    /// The entries `said` used (the project's, `project`, and the person's) whose phonemes its
    /// voice lacks, each once, with why ([`Speakers::unknown_phonemes`]); one of the
    /// person's is said as theirs, from Settings. A line is never heard with a word cut short
    /// or a sound left out.
    pub fn phoneme_faults<'a>(
        &self,
        said: &'a estudio_spoken::Spoken,
        project: &[estudio_spoken::Entry],
        voice: &VoiceName,
    ) -> Vec<(&'a estudio_spoken::Used, SpeechError)> {
        let mut seen = Vec::new();
        let mut faults = Vec::new();
        for used in &said.used {
            let list = match used.origin {
                estudio_spoken::Origin::Project => project,
                estudio_spoken::Origin::Personal => self.pronunciations(),
                estudio_spoken::Origin::Shipped => continue,
            };
            if seen.contains(&(used.origin, used.index)) {
                continue;
            }
            seen.push((used.origin, used.index));
            let Some(entry) = list.get(used.index) else {
                continue;
            };
            let Some(fault) = self.unknown_phonemes(voice, entry) else {
                continue;
            };
            let fault = match (fault, used.origin) {
                (
                    SpeechError::UnknownPhonemes { field, message },
                    estudio_spoken::Origin::Personal,
                ) => SpeechError::UnknownPhonemes {
                    field,
                    message: Message::PersonalPronunciation {
                        text: entry.text.clone(),
                        problem: Box::new(message),
                    },
                },
                (fault, _) => fault,
            };
            faults.push((used, fault));
        }
        faults
    }

    /// The installed espeak-ng, asked once.
    fn espeak(&self) -> Result<&Espeak, SpeechError> {
        self.espeak
            .get_or_init(|| {
                Espeak::detect().map_err(|e| match e {
                    SpeechError::EspeakMissing(detail) => detail,
                    other => other.to_string(),
                })
            })
            .as_ref()
            .map_err(|detail| SpeechError::EspeakMissing(detail.clone()))
    }

    fn piper(&self) -> Result<&Piper, SpeechError> {
        self.piper
            .get_or_init(|| {
                Piper::detect(&self.piper_program).map_err(|e| match e {
                    SpeechError::PiperMissing { detail, .. } => detail,
                    other => other.to_string(),
                })
            })
            .as_ref()
            .map_err(|detail| SpeechError::PiperMissing {
                program: self.piper_program.display().to_string(),
                detail: detail.clone(),
            })
    }

    /// The recording `path` (in the cache), made by the command `command` gives (from a text
    /// file and the WAV to write) when it is not there yet, and kept only when whole.
    fn make(
        &self,
        path: &Path,
        text: &str,
        command: impl FnOnce(&Path, &Path) -> std::io::Result<(&'static str, std::process::Command)>,
    ) -> Result<PathBuf, SpeechError> {
        if path.is_file() {
            return Ok(path.to_owned());
        }
        let cache_dir = path.parent().unwrap_or(Path::new("."));
        let scratch = scratch(cache_dir)?;
        let text_file = scratch.path().join("text.txt");
        let wav = scratch.path().join("speech.wav");
        let (program, command) =
            command(&text_file, &wav).map_err(|source| SpeechError::Cache {
                path: cache_dir.to_owned(),
                source,
            })?;
        self.run(program, command, scratch.path(), time_limit(text))?;
        keep(&wav, path, program)?;
        Ok(path.to_owned())
    }

    /// Runs a synthesiser to its end, within `limit`, stopped by a cancel.
    fn run(
        &self,
        program: &str,
        command: std::process::Command,
        scratch: &Path,
        limit: Duration,
    ) -> Result<(), SpeechError> {
        crate::process::run(command, scratch, limit, &self.cancel)
            .map(|_| ())
            .map_err(|e| match e {
                ToolError::Canceled => SpeechError::Canceled,
                ToolError::TimedOut { secs, .. } => SpeechError::TimedOut {
                    program: program.to_owned(),
                    secs,
                },
                ToolError::Missing { source, .. } if program == "espeak-ng" => {
                    SpeechError::EspeakMissing(source.to_string())
                }
                ToolError::Missing { source, .. } => SpeechError::PiperMissing {
                    program: program.to_owned(),
                    detail: source.to_string(),
                },
                ToolError::Failed { detail, .. } | ToolError::WroteNothing { said: detail, .. } => {
                    SpeechError::Failed {
                        program: program.to_owned(),
                        detail,
                    }
                }
            })
    }
}

/// Piper lines missing from the cache that one run speaks: same voice, same request.
struct Batch<'a> {
    voice: PiperVoice,
    request: &'a Request,
    /// Index among the lines, and the cache file each goes to.
    members: Vec<(usize, PathBuf)>,
}

/// One text to speak, for [`Speakers::speak_all`].
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub text: &'a str,
    pub voice: VoiceName,
    pub request: Request,
}

/// Where the recording keyed by `key` is kept in `cache_dir`.
fn cache_path(cache_dir: &Path, key: &str) -> PathBuf {
    let name = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, key.as_bytes());
    cache_dir.join(format!("{}.wav", name.simple()))
}

/// A private folder in the cache for one run's files, removed with everything in it.
fn scratch(cache_dir: &Path) -> Result<tempfile::TempDir, SpeechError> {
    let err = |source| SpeechError::Cache {
        path: cache_dir.to_owned(),
        source,
    };
    std::fs::create_dir_all(cache_dir).map_err(err)?;
    tempfile::Builder::new()
        .prefix(".speech-")
        .tempdir_in(cache_dir)
        .map_err(err)
}

/// Moves a synthesiser's `wav` to its place in the cache, when it holds sound.
fn keep(wav: &Path, path: &Path, program: &str) -> Result<(), SpeechError> {
    // A WAV header is 44 bytes: anything not longer holds no speech.
    let len = std::fs::metadata(wav).map(|m| m.len()).unwrap_or(0);
    if len <= 44 {
        return Err(SpeechError::Failed {
            program: program.to_owned(),
            detail: "no sound was written".to_owned(),
        });
    }
    std::fs::rename(wav, path).map_err(|source| SpeechError::Cache {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::sentences;

    #[test]
    fn sentences_end_at_a_mark_before_a_space() {
        assert_eq!(
            sentences("Olá. Versão 2.5 saiu! Pronto? sim"),
            ["Olá.", " Versão 2.5 saiu!", " Pronto?", " sim"]
        );
        assert_eq!(sentences("Fim."), ["Fim."]);
        assert_eq!(sentences(""), Vec::<&str>::new());
    }
}
