//! A problem found in a project file: what is wrong and where.

use estudio_words::{Message, Pointed};
use serde::{Deserialize, Serialize};

/// What kind of problem a [`Problem`] is, so callers never branch on its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "bindings", ts(export))]
pub enum ProblemKind {
    /// The file is not valid JSON.
    Syntax,
    /// A field has the wrong type, is missing, or is not part of the format.
    Structure,
    /// The file's `version` is not one this build reads.
    UnsupportedVersion,
    /// A colour is not `#rrggbb`.
    BadColor,
    /// A number is outside its allowed range (negative duration, zero fps, ...).
    OutOfRange,
    /// A required list or text is empty.
    Empty,
    /// A named media file does not exist or is not a regular file.
    FileNotFound,
    /// A transition is longer than a scene it overlaps allows.
    TransitionTooLong,
    /// A transition name ffmpeg does not know.
    UnknownTransition,
    /// A speech voice the synthesiser does not have.
    UnknownVoice,
    /// A media file that cannot be decoded, or lacks the stream it is used for.
    BadMedia,
    /// The text-to-speech synthesiser (espeak-ng) is missing or failed.
    Speech,
}

/// One problem, located by the RFC 6901 JSON Pointer of the field it concerns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct Problem {
    pub kind: ProblemKind,
    /// e.g. `/scenes/2/narration/src`; empty for the whole document.
    pub pointer: String,
    /// A sentence for people in the process's language, e.g. `file not found: voice.wav`.
    pub message: String,
    /// What `message` says, as a kind with parameters (for tools reading `--json`).
    /// Boxed: problems travel in lists and results, and messages are large.
    #[cfg_attr(feature = "bindings", ts(skip))]
    pub detail: Box<Message>,
}

impl Problem {
    pub fn new(kind: ProblemKind, pointer: impl ToString, detail: Message) -> Self {
        Self {
            kind,
            pointer: pointer.to_string(),
            message: detail.to_string(),
            detail: Box::new(detail),
        }
    }

    /// As a message located by its pointer, for errors that carry problems.
    pub fn pointed(&self) -> Pointed {
        Pointed {
            pointer: self.pointer.clone(),
            message: self.detail.clone(),
        }
    }
}

impl std::fmt::Display for Problem {
    /// `POINTER: message`, the form `estudio-cli validate` prints (`/` alone for the document).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}
