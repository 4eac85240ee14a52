//! Editing Estúdio projects: operations with their undo, applied to the JSON the person wrote.
mod error;
mod layout;
mod op;
mod order;

pub use error::OpError;
pub use layout::{indent_of, print, rewrite};
pub use op::{pointer, tokens, value_at, Op};
