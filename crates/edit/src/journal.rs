//! The journal: every operation of a document appended to a file in the data folder and synced
//! before it is acknowledged, so a crash, a kill or a power cut loses nothing acknowledged.
//!
//! One JSON object a line (JSON Lines). The first line is the header: the project's path and the
//! text the operations apply to (the file as it was opened or last saved). Then one line per
//! step: `{"do": OP}` (a new history entry), `{"undo": true}`, `{"redo": true}`. A save starts
//! the journal again from the saved text. Recovery replays the steps on the header's text
//! through the same history as editing does, so what comes back is what was on screen; a line
//! cut short by a crash ends the replay and every whole line before it is kept.
//!
//! Each open document has its own journal file, held locked while it is open: a journal nobody
//! holds, with changes in it, is a crashed editor's, and is offered back.

use std::fs::File;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Op;

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Header {
    /// The format of this file.
    pub estudio_journal: u32,
    pub path: PathBuf,
    /// The text the steps apply to.
    pub base: String,
    /// The history at `base` (after a save, what undo and redo can still reach), so a step
    /// that undoes past the save replays as it was done.
    #[serde(default)]
    pub done: Vec<Entry>,
    #[serde(default)]
    pub undone: Vec<Entry>,
}

/// One entry of a document's history: an operation and its inverse.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub redo: Op,
    pub undo: Op,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Step {
    Do {
        r#do: Op,
    },
    Undo {
        #[allow(dead_code)]
        undo: bool,
    },
    Redo {
        #[allow(dead_code)]
        redo: bool,
    },
}

/// An open journal, held locked.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
}

impl Journal {
    /// Starts a new journal for the project at `project` whose text is `base`, in `dir`.
    ///
    /// # Errors
    /// The folder or the file cannot be made, written or locked.
    pub fn create(dir: &Path, project: &Path, base: &str) -> io::Result<Journal> {
        std::fs::create_dir_all(dir)?;
        let stem = blake3::hash(project.as_os_str().as_encoded_bytes()).to_hex();
        let (path, file) = loop {
            let unique = format!(
                "{}-{}-{}.jsonl",
                &stem[..16],
                std::process::id(),
                now_nanos()
            );
            let path = dir.join(unique);
            match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(f) => break (path, f),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        };
        // Held for as long as the document is open: how recovery tells a live editor's.
        file.try_lock().map_err(io::Error::other)?;
        let mut journal = Journal { path, file };
        journal.restart(project, base, &[], &[])?;
        Ok(journal)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Empties the journal and writes a new header (after a save: `base` is the saved text,
    /// with the history that reaches it). In place, so the lock held on the file stays.
    pub(crate) fn restart(
        &mut self,
        project: &Path,
        base: &str,
        done: &[Entry],
        undone: &[Entry],
    ) -> io::Result<()> {
        let header = Header {
            estudio_journal: 1,
            path: project.to_owned(),
            base: base.to_owned(),
            done: done.to_vec(),
            undone: undone.to_vec(),
        };
        self.file.set_len(0)?;
        let mut line = serde_json::to_vec(&header).map_err(io::Error::other)?;
        line.push(b'\n');
        use std::io::Seek;
        self.file.seek(io::SeekFrom::Start(0))?;
        self.file.write_all(&line)?;
        self.file.sync_data()
    }

    /// Appends one step and syncs it: when this returns, the step survives a power cut.
    pub(crate) fn append(&mut self, step: &Step) -> io::Result<()> {
        let mut line = serde_json::to_vec(step).map_err(io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)?;
        self.file.sync_data()
    }

    /// Appends an operation as a new history entry, synced.
    ///
    /// # Errors
    /// The line could not be written or synced.
    pub fn append_op(&mut self, op: &Op) -> io::Result<()> {
        self.append(&Step::Do { r#do: op.clone() })
    }

    /// Removes the journal (the document was saved and closed, or its changes discarded).
    pub fn remove(self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            tracing::warn!(path = %self.path.display(), error = %e, "journal not removed");
        }
    }
}

/// A journal read back: its header and every whole step.
#[derive(Debug)]
pub(crate) struct Read {
    pub header: Header,
    pub steps: Vec<Step>,
}

/// Reads the journal at `path`: `None` when its header is unreadable. Steps stop at the first
/// line that is not a whole step (cut short by a crash).
pub(crate) fn read(path: &Path) -> Option<Read> {
    let file = File::open(path).ok()?;
    let mut lines = io::BufReader::new(file).split(b'\n');
    let header: Header = serde_json::from_slice(&lines.next()?.ok()?).ok()?;
    let mut steps = Vec::new();
    for line in lines {
        let Ok(line) = line else { break };
        match serde_json::from_slice::<Step>(&line) {
            Ok(step) => steps.push(step),
            Err(_) => break,
        }
    }
    Some(Read { header, steps })
}

/// Whether a live editor holds the journal at `path`.
pub(crate) fn is_held(path: &Path) -> bool {
    match File::open(path) {
        Ok(f) => matches!(f.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}
