//! After a crash, a kill or a power cut: the journals nobody holds that still have changes in
//! them, offered back. Recovering replays a journal on the text the file had when it was opened
//! (or last saved); when the file changed on disk since, both are kept: the changes go to a new
//! file beside it.

use std::path::{Path, PathBuf};

use crate::document::read_journal;
use crate::error::EditError;
use crate::{journal, Document, OpenOptions};

/// Unsaved changes of a file, found in a journal.
#[derive(Debug, Clone)]
pub struct Recoverable {
    /// The project they belong to.
    pub path: PathBuf,
    /// Entries in the history they make (undone ones not counted).
    pub changes: usize,
    /// The file is no longer what they were made on.
    pub changed_on_disk: bool,
    journal: PathBuf,
}

/// Every recoverable journal in `dir`, oldest first. Journals with nothing to offer (every
/// change undone, or damaged before the first) are removed.
pub fn list(dir: &Path) -> Vec<Recoverable> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, Recoverable)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "jsonl") || journal::is_held(&path) {
            continue;
        }
        match replay(&path) {
            Some((doc, changes)) if doc.is_dirty() => {
                let when = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                found.push((
                    when,
                    Recoverable {
                        path: doc.path().to_owned(),
                        changes,
                        changed_on_disk: doc.disk_moved_on(),
                        journal: path,
                    },
                ));
            }
            _ => {
                std::fs::remove_file(&path).ok();
            }
        }
    }
    found.sort_by_key(|(when, _)| *when);
    found.into_iter().map(|(_, r)| r).collect()
}

fn replay(journal: &Path) -> Option<(Document, usize)> {
    let read = read_journal(journal)?;
    let options = OpenOptions {
        program: String::new(),
        journal_dir: None,
        backup_dir: None,
        take_over: false,
    };
    // What was acknowledged since the last save: its operations (an undo past the save, alone,
    // is one change too).
    let operations = read
        .steps
        .iter()
        .filter(|s| matches!(s, crate::journal::Step::Do { .. }))
        .count();
    let doc = Document::replayed(read.header, &read.steps, &options).ok()?;
    let changes = operations.max(1);
    Some((doc, changes))
}

/// Where recovered changes go when the file changed since: `NAME (recovered).estudio` beside
/// it, or `NAME (recovered 2).estudio`…
fn beside(path: &Path) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    (1..)
        .map(|n| {
            let name = if n == 1 {
                format!("{stem} (recovered).estudio")
            } else {
                format!("{stem} (recovered {n}).estudio")
            };
            path.with_file_name(name)
        })
        .find(|p| p.symlink_metadata().is_err())
        .unwrap_or_else(|| path.with_extension("recovered.estudio"))
}

impl Recoverable {
    /// Names these changes among others of the same file (each killed run leaves its own).
    pub fn id(&self) -> String {
        self.journal
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// When they were last written.
    pub fn modified(&self) -> Option<std::time::SystemTime> {
        std::fs::metadata(&self.journal)
            .and_then(|m| m.modified())
            .ok()
    }

    /// Opens the recovered document, live (its lock, a new journal), with the changes as
    /// unsaved ones. When the file changed on disk since, the document is a new file beside it
    /// (`NAME (recovered).estudio`, written now), and the file is left as it is.
    ///
    /// # Errors
    /// The journal can no longer be read, another editor has the file, or it cannot be written.
    pub fn open(self, options: &OpenOptions) -> Result<Document, EditError> {
        let (mut doc, _) = replay(&self.journal).ok_or_else(|| EditError::Journal {
            path: self.journal.clone(),
            source: std::io::ErrorKind::InvalidData.into(),
        })?;
        if self.changed_on_disk {
            let to = beside(&self.path);
            doc.move_to(to.clone());
            doc.go_live(options)?;
            doc.save_over()?;
        } else {
            doc.go_live(options)?;
        }
        std::fs::remove_file(&self.journal).ok();
        Ok(doc)
    }

    /// Drops the changes for good.
    pub fn discard(self) {
        std::fs::remove_file(&self.journal).ok();
    }
}
