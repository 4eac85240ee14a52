//! Why a deck cannot be read.

use std::path::PathBuf;

use estudio_words::Message;

/// Why a deck cannot be read. Each names the deck; [`DeckError::message`] words it.
#[derive(Debug, thiserror::Error)]
pub enum DeckError {
    /// The file could not be opened or read.
    #[error("{}", self.message())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not a PowerPoint, Impress or PDF deck at all.
    #[error("{}", self.message())]
    NotADeck { path: PathBuf },
    /// Named as a deck, but something else (a picture, an empty file, a folder).
    #[error("{}", self.message())]
    IsOther {
        path: PathBuf,
        looks: estudio_words::FileLooks,
    },
    /// A deck whose package is broken: a damaged zip, a missing or malformed part.
    #[error("{}", self.message())]
    Damaged { path: PathBuf, detail: String },
    /// Protected by a password (encrypted).
    #[error("{}", self.message())]
    Locked { path: PathBuf },
    /// A member of the package is named to land outside it (`../`, an absolute path).
    #[error("{}", self.message())]
    Escapes { path: PathBuf, member: String },
    /// The package would unpack to more than the limit (members or bytes): a zip bomb, or a
    /// deck far larger than a course needs.
    #[error("{}", self.message())]
    TooBig { path: PathBuf, limit: String },
    /// More slides than [`crate::MAX_SLIDES`].
    #[error("{}", self.message())]
    TooManySlides {
        path: PathBuf,
        found: usize,
        limit: usize,
    },
}

impl DeckError {
    /// The error in people's words.
    pub fn message(&self) -> Message {
        let p = |path: &PathBuf| path.display().to_string();
        match self {
            DeckError::Io { path, source } => Message::DeckUnreadable {
                path: p(path),
                cause: source.into(),
            },
            DeckError::NotADeck { path } => Message::DeckNotADeck { path: p(path) },
            DeckError::IsOther { path, looks } => Message::DeckIsOther {
                path: p(path),
                looks: *looks,
            },
            DeckError::Damaged { path, detail } => Message::DeckDamaged {
                path: p(path),
                detail: detail.clone(),
            },
            DeckError::Locked { path } => Message::DeckLocked { path: p(path) },
            DeckError::Escapes { path, member } => Message::DeckEscapes {
                path: p(path),
                member: member.clone(),
            },
            DeckError::TooBig { path, limit } => Message::DeckTooBig {
                path: p(path),
                limit: limit.clone(),
            },
            DeckError::TooManySlides { path, found, limit } => Message::DeckTooManySlides {
                path: p(path),
                found: *found,
                limit: *limit,
            },
        }
    }
}
