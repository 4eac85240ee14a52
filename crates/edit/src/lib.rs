//! Editing Estúdio projects: every change is an operation with its undo, applied to the JSON
//! the person wrote; nothing acknowledged is ever lost (a journal synced per operation); saves
//! are atomic and keep the file's layout; changes made outside are seen.
//!
//! ```no_run
//! use estudio_edit::{Document, Op, OpenOptions};
//! let options = OpenOptions {
//!     program: "estudio-cli edit".into(),
//!     journal_dir: Some("/home/ana/.local/share/estudio/journal".into()),
//!     backup_dir: None,
//!     take_over: false,
//! };
//! let mut doc = Document::open("curso.estudio".as_ref(), &options)?;
//! let outcome = doc.apply(Op::set("/scenes/2/duration", serde_json::json!(7.5)))?;
//! assert_eq!(outcome.changed_scenes, [2]);
//! doc.save()?;
//! doc.close();
//! # Ok::<(), estudio_edit::EditError>(())
//! ```
//!
//! Nothing here knows about windows or terminals.

mod backup;
mod change;
mod document;
mod error;
pub mod journal;
mod layout;
mod lock;
mod op;
mod order;
pub mod recover;
mod relocate;
mod watch;

/// How deeply a project's JSON may nest: well within what JSON readers (serde_json: 128) take.
pub const MAX_DEPTH: usize = 64;

pub use backup::folder as backup_folder;
pub use change::{Change, Length, NarrationField, Target};
pub use document::{changed as changed_scenes, Document, OpenOptions, Outcome, Outside};
pub use error::{EditError, Holder, OpError};
pub use layout::{indent_of, print, rewrite, rewrite_keeping, Fragments};
pub use lock::{lock_path, EditLock};
pub use op::{pointer, tokens, value_at, Op};
pub use watch::Watcher;
