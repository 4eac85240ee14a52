//! What can go wrong while editing, as types (never told apart by their text).

/// An operation that cannot be applied: the document is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    #[error("{at}: a JSON Pointer starts with `/`")]
    BadPointer { at: String },
    #[error("the whole document cannot be removed, moved or inserted into")]
    WholeDocument,
    #[error("{at}: there is no such field")]
    NoSuchField { at: String },
    #[error("{at}: past the end (there are {len})")]
    IndexPastEnd { at: String, len: usize },
    #[error("{at}: not an index (0, 1, 2, …)")]
    NotAnIndex { at: String },
    #[error("{at}: holds a value, not fields, so {within} cannot be reached")]
    NotAContainer { at: String, within: String },
    #[error("{at}: not a list")]
    NotAnArray { at: String },
    #[error("{at}: a project is an object")]
    NotAnObject { at: String },
    #[error("{at}: {index} is named twice")]
    Repeated { at: String, index: usize },
    #[error("{at}: an order names each of the {len} elements once")]
    NotAnOrder { at: String, len: usize },
}
