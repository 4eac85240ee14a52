//! What can go wrong while editing, as types (never told apart by their text), each worded for
//! people by `message()`.

use std::path::PathBuf;

use estudio_words::{Cause, EditWhy, Message};

/// An operation that cannot be applied: the document is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub enum OpError {
    BadPointer {
        at: String,
    },
    WholeDocument,
    NoSuchField {
        at: String,
    },
    IndexPastEnd {
        at: String,
        len: usize,
    },
    NotAnIndex {
        at: String,
    },
    NotAContainer {
        at: String,
        within: String,
    },
    NotAnArray {
        at: String,
    },
    NotAnObject {
        at: String,
    },
    Repeated {
        at: String,
        index: usize,
    },
    NotAnOrder {
        at: String,
        len: usize,
    },
    /// The value nests deeper than a project file may ([`crate::MAX_DEPTH`]).
    TooDeep {
        at: String,
    },
    /// A value larger than a whole project file may be.
    TooLarge {
        at: String,
        bytes: u64,
    },
}

impl OpError {
    pub fn message(&self) -> Message {
        let (at, why) = match self {
            OpError::BadPointer { at } => (at, EditWhy::BadPointer),
            OpError::WholeDocument => {
                return Message::BadEdit {
                    at: String::new(),
                    why: EditWhy::WholeDocument,
                }
            }
            OpError::NoSuchField { at } => (at, EditWhy::NoSuchField),
            OpError::IndexPastEnd { at, len } => (at, EditWhy::PastEnd { len: *len as u64 }),
            OpError::NotAnIndex { at } => (at, EditWhy::NotAnIndex),
            OpError::NotAContainer { at, within } => (
                at,
                EditWhy::NotAContainer {
                    within: within.clone(),
                },
            ),
            OpError::NotAnArray { at } => (at, EditWhy::NotAList),
            OpError::NotAnObject { at } => (at, EditWhy::NotAnObject),
            OpError::Repeated { at, index } => (
                at,
                EditWhy::Repeated {
                    index: *index as u64,
                },
            ),
            OpError::NotAnOrder { at, len } => (at, EditWhy::NotAnOrder { len: *len as u64 }),
            OpError::TooDeep { at } => (
                at,
                EditWhy::TooDeep {
                    max: crate::MAX_DEPTH as u64,
                },
            ),
            OpError::TooLarge { at, bytes } => (
                at,
                EditWhy::TooLarge {
                    bytes: *bytes,
                    max: estudio_project::MAX_FILE_BYTES,
                },
            ),
        };
        Message::BadEdit {
            at: at.clone(),
            why,
        }
    }
}

/// Who holds a project open for editing, as its lock file says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Holder {
    pub program: String,
    pub host: String,
    pub pid: u32,
    /// Milliseconds since 1970 when it was opened.
    pub since_ms: i64,
}

/// Why an edit, a save or an opening did not happen.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub enum EditError {
    Op(#[from] OpError),
    /// Another editor has the file open.
    BeingEdited {
        path: PathBuf,
        by: Holder,
    },
    /// The file is not a project that can be parsed: it is open read only.
    ReadOnly {
        path: PathBuf,
        problem: Box<estudio_project::Problem>,
    },
    /// The file changed on disk since it was read, and this document has changes of its own.
    ChangedOnDisk {
        path: PathBuf,
    },
    NothingToUndo,
    NothingToRedo,
    /// The project file could not be read or written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is too large, not a file, or not JSON text.
    Load(#[from] estudio_project::LoadError),
    /// The journal (in the data folder) could not be written: nothing is acknowledged.
    Journal {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl EditError {
    pub fn message(&self) -> Message {
        let shown = |p: &PathBuf| p.display().to_string();
        match self {
            EditError::Op(e) => e.message(),
            EditError::BeingEdited { path, by } => Message::BeingEdited {
                path: shown(path),
                program: by.program.clone(),
                host: by.host.clone(),
                pid: by.pid,
            },
            EditError::ReadOnly { path, problem } => Message::ProjectReadOnly {
                path: shown(path),
                problem: problem.pointed(),
            },
            EditError::ChangedOnDisk { path } => Message::ChangedOnDisk { path: shown(path) },
            EditError::NothingToUndo => Message::NothingToUndo,
            EditError::NothingToRedo => Message::NothingToRedo,
            EditError::Io { path, source } => Message::ProjectUnwritable {
                path: shown(path),
                cause: Cause::from(source),
            },
            EditError::Load(e) => e.message(),
            EditError::Journal { path, source } => Message::Io {
                path: shown(path),
                cause: Cause::from(source),
            },
        }
    }
}
