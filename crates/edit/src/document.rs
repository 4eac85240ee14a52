//! A project open for editing: the JSON the person wrote (its key order, its `defaults`, fields
//! Estúdio does not know) and beside it what the renderer reads (filled, validated, problems at
//! their pointers). Every change is an [`Op`] with its inverse in the history, journalled and
//! synced before it is acknowledged; a save writes the changes into the file's own text.

use std::path::{Path, PathBuf};

use estudio_project::{Problem, Project};
use serde::Serialize;
use serde_json::Value;

use crate::error::{EditError, OpError};
use crate::journal::{self, Journal, Step};
use crate::lock::EditLock;
use crate::{layout, Op};

/// Who opens a document, and where its journal goes.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// The program as a lock file names it ("Estúdio", "estudio-cli edit").
    pub program: String,
    /// The data folder's journal folder; `None` keeps no journal (a dry run).
    pub journal_dir: Option<PathBuf>,
    /// The data folder's backup folder: the previous version of each saved file.
    pub backup_dir: Option<PathBuf>,
    /// Take the editing lock even from another machine's editor.
    pub take_over: bool,
}

/// What an operation, an undo or a redo did: what the window redraws and marks.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct Outcome {
    /// Scenes (by their index now) whose pictures or sound may differ: their thumbnails and
    /// previews are drawn again; the others are kept.
    pub changed_scenes: Vec<usize>,
    /// Every scene may differ (the canvas, the music, the number or order of scenes).
    pub all_scenes: bool,
    /// Every problem of the project now, each at its pointer.
    #[cfg_attr(
        feature = "bindings",
        ts(type = "Array<{ pointer: string, message: string }>")
    )]
    #[serde(serialize_with = "problems_as_text")]
    pub problems: Vec<Problem>,
    /// Changes not saved yet.
    pub dirty: bool,
    /// The scenes those changes touch ([`Document::unsaved_scenes`]), marked in the list.
    pub unsaved_scenes: Vec<usize>,
    pub can_undo: bool,
    pub can_redo: bool,
}

fn problems_as_text<S: serde::Serializer>(problems: &[Problem], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(problems.len()))?;
    for p in problems {
        let pointed = p.pointed();
        seq.serialize_element(&serde_json::json!({
            "pointer": pointed.pointer,
            "message": pointed.message.to_string(),
        }))?;
    }
    seq.end()
}

/// What happened to the file on disk, as [`Document::check_disk`] found it.
#[derive(Debug)]
pub enum Outside {
    /// The same bytes as last read or written (this editor's own save, a touch).
    Unchanged,
    /// A document without unsaved changes took the new content, as an entry in its history.
    Reloaded(Outcome),
    /// The document has unsaved changes: nothing was taken; the person chooses
    /// ([`Document::take_disk`] or save over it with [`Document::save_over`]).
    Conflict,
    /// The file is gone; saving writes it again.
    Removed,
    /// The file on disk is not a project that parses; nothing was taken.
    Unreadable(Box<Problem>),
}

use crate::journal::Entry;

/// The file as last read or written by this document.
#[derive(Debug, Clone)]
struct Disk {
    text: String,
    value: Value,
    hash: blake3::Hash,
    /// The project it holds (defaults filled in), to tell which scenes have unsaved changes.
    project: Option<Project>,
}

impl Disk {
    fn new(text: String, value: Value) -> Self {
        Disk {
            hash: blake3::hash(text.as_bytes()),
            project: estudio_project::from_value(value.clone()).ok(),
            text,
            value,
        }
    }
}

#[derive(Debug)]
pub struct Document {
    path: PathBuf,
    disk: Disk,
    value: Value,
    done: Vec<Entry>,
    undone: Vec<Entry>,
    /// `done.len()` when the document matched the disk; `None` once that state is unreachable.
    saved_at: Option<usize>,
    project: Option<Project>,
    problems: Vec<Problem>,
    journal: Option<Journal>,
    lock: Option<EditLock>,
    backup_dir: Option<PathBuf>,
    /// A newer file seen on disk while this document had changes of its own.
    conflict: bool,
    /// Texts saves took out of the file, for undo to put back as they were written.
    fragments: layout::Fragments,
}

impl Document {
    /// Opens the project at `path` for editing.
    ///
    /// # Errors
    /// The file cannot be read, or is too large ([`EditError::Load`]); another editor has it
    /// ([`EditError::BeingEdited`]); a file that is not valid JSON ([`EditError::ReadOnly`]:
    /// it can be shown, never written over); the journal cannot be written.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Document, EditError> {
        // The file itself, not a link to it: a save replaces the file the link names (never
        // the link), and one file has one lock whatever name it is opened by.
        let path = std::fs::canonicalize(path).map_err(|source| EditError::Io {
            path: path.to_owned(),
            source,
        })?;
        let text = read_text(&path)?;
        let value = parse_text(&path, &text)?;
        let lock = EditLock::take(&path, &options.program, options.take_over)?;
        // A save killed mid-write left its temporary file beside the project.
        estudio_project::files::remove_stale_temps(&path);
        Document::with(path, text, value, lock, options)
    }

    fn with(
        path: PathBuf,
        text: String,
        value: Value,
        lock: Option<EditLock>,
        options: &OpenOptions,
    ) -> Result<Document, EditError> {
        let journal =
            match &options.journal_dir {
                Some(dir) => Some(Journal::create(dir, &path, &text).map_err(|source| {
                    EditError::Journal {
                        path: dir.clone(),
                        source,
                    }
                })?),
                None => None,
            };
        let mut doc = Document {
            disk: Disk::new(text, value.clone()),
            path,
            value,
            done: Vec::new(),
            undone: Vec::new(),
            saved_at: Some(0),
            project: None,
            problems: Vec::new(),
            journal,
            lock,
            backup_dir: options.backup_dir.clone(),
            conflict: false,
            fragments: layout::Fragments::default(),
        };
        doc.derive();
        Ok(doc)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The JSON as the person wrote it, with the changes made since.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// What the renderer reads (defaults filled in), when the JSON is a project at all.
    pub fn project(&self) -> Option<&Project> {
        self.project.as_ref()
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.done.len())
    }

    /// The text a save would write now.
    pub fn text(&self) -> String {
        layout::rewrite_keeping(
            &self.disk.text,
            &self.disk.value,
            &self.value,
            &mut self.fragments.clone(),
        )
    }

    /// The scenes, by their place now, that differ from the file as last read or written: a
    /// scene whose values differ from the saved one at its place (defaults filled in, so a
    /// changed default marks every scene taking it), one the file does not have, or one whose
    /// narration the project's pronunciations now make say otherwise (its JSON unchanged).
    pub fn unsaved_scenes(&self) -> Vec<usize> {
        let Some(now) = self.project.as_ref().filter(|_| self.is_dirty()) else {
            return Vec::new();
        };
        let saved = self.disk.project.as_ref();
        (0..now.scenes.len())
            .filter(|&i| match saved {
                Some(saved) => match saved.scenes.get(i) {
                    Some(scene) => scene != &now.scenes[i] || said_otherwise(saved, now, i),
                    None => true,
                },
                None => true,
            })
            .collect()
    }

    /// The text of the file as last read or written.
    pub fn disk_text(&self) -> &str {
        &self.disk.text
    }

    /// Applies `op` as one history entry, journals it, and says what changed.
    ///
    /// # Errors
    /// [`EditError::Op`]: the operation does not apply (the document is unchanged);
    /// [`EditError::Journal`]: it could not be made durable (it is undone).
    pub fn apply(&mut self, op: Op) -> Result<Outcome, EditError> {
        // A value that alone is larger than a project file may be could never be saved.
        if let Some((at, bytes)) = op.largest_value() {
            if bytes > estudio_project::MAX_FILE_BYTES {
                return Err(OpError::TooLarge { at, bytes }.into());
            }
        }
        let undo = op.apply(&mut self.value)?;
        // A change to what is there already (an empty selection, the same value again) is no
        // step of history, and leaves a saved document saved.
        if changes_nothing(&op, &undo) {
            return Ok(self.outcome());
        }
        // What could not be read back once saved is refused now (JSON readers stop at a depth).
        if depth(&self.value) > crate::MAX_DEPTH {
            undo.apply(&mut self.value)
                .expect("an inverse applies to what its operation made");
            let at = op
                .targets()
                .first()
                .map_or(String::new(), |t| (*t).to_owned());
            return Err(OpError::TooDeep { at }.into());
        }
        if let Some(journal) = &mut self.journal {
            if let Err(source) = journal.append(&Step::Do { r#do: op.clone() }) {
                undo.apply(&mut self.value)
                    .expect("an inverse applies to what its operation made");
                return Err(EditError::Journal {
                    path: journal.path().to_owned(),
                    source,
                });
            }
        }
        self.push(Entry { redo: op, undo });
        // Taken, not cloned: the project is made again from the JSON now.
        let before = self.project.take();
        Ok(self.after(before.as_ref()))
    }

    fn push(&mut self, entry: Entry) {
        // A state past the saved one that redo could reach is gone now.
        if self.saved_at.is_some_and(|s| s > self.done.len()) {
            self.saved_at = None;
        }
        self.done.push(entry);
        self.undone.clear();
    }

    /// Undoes the last entry.
    ///
    /// # Errors
    /// [`EditError::NothingToUndo`], or the journal could not be written.
    pub fn undo(&mut self) -> Result<Outcome, EditError> {
        let entry = self.done.last().cloned().ok_or(EditError::NothingToUndo)?;
        self.journal_step(&Step::Undo { undo: true })?;
        let before = self.project.take();
        entry
            .undo
            .apply(&mut self.value)
            .expect("an entry's undo applies to what it made");
        self.done.pop();
        self.undone.push(entry);
        Ok(self.after(before.as_ref()))
    }

    /// Redoes the last undone entry.
    ///
    /// # Errors
    /// [`EditError::NothingToRedo`], or the journal could not be written.
    pub fn redo(&mut self) -> Result<Outcome, EditError> {
        let entry = self
            .undone
            .last()
            .cloned()
            .ok_or(EditError::NothingToRedo)?;
        self.journal_step(&Step::Redo { redo: true })?;
        let before = self.project.take();
        entry
            .redo
            .apply(&mut self.value)
            .expect("an entry's redo applies where it was undone");
        self.undone.pop();
        self.done.push(entry);
        Ok(self.after(before.as_ref()))
    }

    fn journal_step(&mut self, step: &Step) -> Result<(), EditError> {
        if let Some(journal) = &mut self.journal {
            journal.append(step).map_err(|source| EditError::Journal {
                path: journal.path().to_owned(),
                source,
            })?;
        }
        Ok(())
    }

    /// What the document says now, without a change.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            changed_scenes: Vec::new(),
            all_scenes: false,
            problems: self.problems.clone(),
            dirty: self.is_dirty(),
            unsaved_scenes: self.unsaved_scenes(),
            can_undo: !self.done.is_empty(),
            can_redo: !self.undone.is_empty(),
        }
    }

    fn after(&mut self, before: Option<&Project>) -> Outcome {
        self.derive();
        let (changed_scenes, all_scenes) = changed(before, self.project.as_ref());
        Outcome {
            changed_scenes,
            all_scenes,
            ..self.outcome()
        }
    }

    /// Fills, types and validates the person's JSON, as a render would.
    fn derive(&mut self) {
        let base = self.path.parent().unwrap_or(Path::new("/"));
        match estudio_project::from_value(self.value.clone()) {
            Ok(project) => {
                self.problems = estudio_project::validate(&project, base);
                self.project = Some(project);
            }
            Err(problem) => {
                self.problems = vec![problem];
                self.project = None;
            }
        }
    }

    /// Saves the changes into the file, keeping its layout (see [`layout`]): atomically (a
    /// temporary file beside it, synced, renamed, the folder synced), the previous version kept
    /// in the backup folder.
    ///
    /// # Errors
    /// [`EditError::ChangedOnDisk`]: the file changed since it was read and nothing was
    /// written (the person decides: [`Document::take_disk`] or [`Document::save_over`]); the
    /// file could not be written.
    pub fn save(&mut self) -> Result<(), EditError> {
        if self.conflict || self.disk_differs() {
            self.conflict = true;
            return Err(EditError::ChangedOnDisk {
                path: self.path.clone(),
            });
        }
        // Nothing to write: the file is what the document holds (no backup of it either).
        if !self.is_dirty() && self.path.is_file() {
            return Ok(());
        }
        self.write()
    }

    /// Saves over a file that changed on disk: the person chose their version.
    ///
    /// # Errors
    /// The file could not be written.
    pub fn save_over(&mut self) -> Result<(), EditError> {
        self.write()
    }

    fn disk_differs(&self) -> bool {
        match std::fs::read(&self.path) {
            Ok(bytes) => blake3::hash(&bytes) != self.disk.hash,
            // Gone: written again.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(_) => true,
        }
    }

    fn write(&mut self) -> Result<(), EditError> {
        let path = self.path.clone();
        let text = self.write_to(&path, self.backup_dir.is_some())?;
        self.saved(text);
        Ok(())
    }

    /// Writes the document's text (its layout kept) to `path`, atomically, after keeping the
    /// file there as a backup when `backup`; returns the text. The one way every save writes.
    fn write_to(&mut self, path: &Path, backup: bool) -> Result<String, EditError> {
        let text = layout::rewrite_keeping(
            &self.disk.text,
            &self.disk.value,
            &self.value,
            &mut self.fragments,
        );
        // Never a file that cannot be opened again.
        if text.len() as u64 > estudio_project::MAX_FILE_BYTES {
            return Err(estudio_project::LoadError::TooLarge {
                path: path.to_owned(),
                size: text.len() as u64,
            }
            .into());
        }
        if let (true, Some(dir)) = (backup, &self.backup_dir) {
            crate::backup::keep(dir, path);
        }
        estudio_project::files::write_whole(
            path,
            text.as_bytes(),
            estudio_project::files::Existing::Replace,
        )
        .map_err(|source| EditError::Io {
            path: path.to_owned(),
            source,
        })?;
        Ok(text)
    }

    fn saved(&mut self, text: String) {
        self.disk = Disk::new(text, self.value.clone());
        self.saved_at = Some(self.done.len());
        self.conflict = false;
        if let Some(journal) = &mut self.journal {
            // The saved file holds every change: the journal starts again from it. Failing
            // here loses nothing (the file is saved); a recovery would offer what it holds.
            if let Err(e) = journal.restart(&self.path, &self.disk.text, &self.done, &self.undone) {
                tracing::warn!(error = %e, "the journal could not start again after a save");
            }
        }
    }

    /// Saves the document as `to` (a new file, or one the person chose to replace), keeping
    /// its layout; relative media paths are rewritten for the new folder. The document is
    /// `to` from then on (its lock and journal too).
    ///
    /// # Errors
    /// Another editor has `to`, or it cannot be written.
    pub fn save_as(&mut self, to: &Path, program: &str) -> Result<Outcome, EditError> {
        let io = |source| EditError::Io {
            path: to.to_owned(),
            source,
        };
        // The file as the document will be known by from now on: its folder resolved (a link
        // to a folder, `..`), so one file has one name, one lock and one watch.
        let absolute = std::path::absolute(to).map_err(io)?;
        let to = match (absolute.parent(), absolute.file_name()) {
            (Some(folder), Some(name)) => std::fs::canonicalize(folder).map_err(io)?.join(name),
            _ => absolute,
        };
        if to == self.path {
            self.save()?;
            return Ok(self.outcome());
        }
        let lock = EditLock::take(&to, program, false)?;
        let before = self.project.clone();
        let entries = self.done.len();
        if let Some(op) = crate::relocate::op(self, &to) {
            self.apply(op)?;
        }
        let relocated = self.done.len() > entries;
        let text = match self.write_to(&to, false) {
            Ok(text) => text,
            Err(e) => {
                // Nothing was written: the media paths go back to what they were for this file.
                if relocated {
                    self.undo()?;
                    self.undone.pop();
                }
                return Err(e);
            }
        };
        self.path = to;
        self.lock = lock;
        self.saved(text);
        Ok(self.after(before.as_ref()))
    }

    /// Looks at the file on disk (the watcher saw it change): a document without changes takes
    /// the new content as an entry in its history; one with changes reports the conflict.
    pub fn check_disk(&mut self) -> Outside {
        let text = match std::fs::read(&self.path) {
            Ok(bytes) if blake3::hash(&bytes) == self.disk.hash => return Outside::Unchanged,
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    return Outside::Unreadable(Box::new(Problem::new(
                        estudio_project::ProblemKind::Syntax,
                        "",
                        estudio_words::Message::JsonStructure {
                            detail: "not UTF-8 text".into(),
                        },
                    )))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Outside::Removed,
            Err(_) => return Outside::Unchanged,
        };
        let value = match parse_text(&self.path, &text) {
            Ok(v) => v,
            Err(EditError::ReadOnly { problem, .. }) => return Outside::Unreadable(problem),
            Err(_) => return Outside::Unchanged,
        };
        if self.is_dirty() {
            self.conflict = true;
            return Outside::Conflict;
        }
        match self.take(text, value) {
            Ok(outcome) => Outside::Reloaded(outcome),
            Err(e) => {
                tracing::warn!(error = %e, "the file on disk could not be taken");
                Outside::Unchanged
            }
        }
    }

    /// Takes the file on disk as it is now, as one entry in the history (undo brings back what
    /// was here, unsaved changes included).
    ///
    /// # Errors
    /// The file cannot be read or parsed; the journal cannot be written.
    pub fn take_disk(&mut self) -> Result<Outcome, EditError> {
        let text = read_text(&self.path)?;
        let value = parse_text(&self.path, &text)?;
        self.take(text, value)
    }

    fn take(&mut self, text: String, value: Value) -> Result<Outcome, EditError> {
        let outcome = if value == self.value {
            self.outcome()
        } else {
            self.apply(Op::set("", value.clone()))?
        };
        self.disk = Disk::new(text, value);
        self.saved_at = Some(self.done.len());
        self.conflict = false;
        if let Some(journal) = &mut self.journal {
            journal
                .restart(&self.path, &self.disk.text, &self.done, &self.undone)
                .map_err(|source| EditError::Journal {
                    path: journal.path().to_owned(),
                    source,
                })?;
        }
        Ok(Outcome {
            dirty: self.is_dirty(),
            unsaved_scenes: self.unsaved_scenes(),
            ..outcome
        })
    }

    /// Closes the document: its journal goes (there is nothing unsaved, or the person chose to
    /// discard it), and its lock.
    pub fn close(mut self) {
        if let Some(journal) = self.journal.take() {
            journal.remove();
        }
    }

    /// Replays the steps of a journal on `base` (the file's text then) as `path`.
    pub(crate) fn replayed(
        header: crate::journal::Header,
        steps: &[Step],
        options: &OpenOptions,
    ) -> Result<Document, EditError> {
        let value = parse_text(&header.path, &header.base)?;
        let mut doc = Document::with(
            header.path,
            header.base,
            value,
            None,
            &OpenOptions {
                journal_dir: None,
                ..options.clone()
            },
        )?;
        // The history as it was at the base (a save): undo and redo reach past it.
        doc.saved_at = Some(header.done.len());
        doc.done = header.done;
        doc.undone = header.undone;
        for step in steps {
            let replayed = match step {
                Step::Do { r#do } => doc.apply(r#do.clone()).map(drop),
                Step::Undo { .. } => doc.undo().map(drop),
                Step::Redo { .. } => doc.redo().map(drop),
            };
            if replayed.is_err() {
                // A step that does not apply is damage: what came before is kept.
                break;
            }
        }
        Ok(doc)
    }

    /// Makes a replayed document a live one: its own lock and journal, at its steps' end.
    pub(crate) fn go_live(&mut self, options: &OpenOptions) -> Result<(), EditError> {
        self.lock = EditLock::take(&self.path, &options.program, options.take_over)?;
        if let Some(dir) = &options.journal_dir {
            let mut journal =
                Journal::create(dir, &self.path, &self.disk.text).map_err(|source| {
                    EditError::Journal {
                        path: dir.clone(),
                        source,
                    }
                })?;
            // The changes since the base, as one step: enough for nothing to be lost again.
            if self.value != self.disk.value {
                let step = Step::Do {
                    r#do: Op::set("", self.value.clone()),
                };
                journal.append(&step).map_err(|source| EditError::Journal {
                    path: journal.path().to_owned(),
                    source,
                })?;
            }
            self.journal = Some(journal);
        }
        self.backup_dir = options.backup_dir.clone();
        Ok(())
    }

    /// Whether the file on disk is no longer what this document was opened from.
    pub(crate) fn disk_moved_on(&self) -> bool {
        std::fs::read(&self.path).map_or(true, |b| blake3::hash(&b) != self.disk.hash)
    }

    pub(crate) fn move_to(&mut self, path: PathBuf) {
        self.path = path;
    }

    /// Entries in the history now (undone ones not counted).
    pub fn entries(&self) -> usize {
        self.done.len()
    }

    /// The journal file of this document, when it keeps one.
    pub fn journal_path(&self) -> Option<&Path> {
        self.journal.as_ref().map(Journal::path)
    }
}

impl Drop for Document {
    fn drop(&mut self) {
        // Dropped without [`Document::close`]: unsaved changes stay in the journal, to be
        // offered back; a document without any leaves nothing.
        if !self.is_dirty() {
            if let Some(journal) = self.journal.take() {
                journal.remove();
            }
        }
    }
}

/// Whether `op`, whose inverse is `undo`, left the document as it was.
fn changes_nothing(op: &Op, undo: &Op) -> bool {
    match (op, undo) {
        (Op::Batch { ops }, Op::Batch { ops: undos }) => {
            ops.len() == undos.len()
                && ops
                    .iter()
                    .zip(undos.iter().rev())
                    .all(|(o, u)| changes_nothing(o, u))
        }
        (
            Op::Set { at, value, .. },
            Op::Set {
                at: was,
                value: old,
                ..
            },
        ) => at == was && value == old,
        (Op::Move { .. } | Op::Reorder { .. }, Op::Reorder { order, .. }) => {
            order.iter().enumerate().all(|(i, &k)| i == k)
        }
        _ => false,
    }
}

/// How deeply `value` nests.
fn depth(value: &Value) -> usize {
    match value {
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Whether scene `i`'s narration text (the same in both) is said otherwise by `now`'s
/// pronunciations than by `saved`'s, with either synthesiser.
fn said_otherwise(saved: &Project, now: &Project, i: usize) -> bool {
    if saved.pronunciations == now.pronunciations {
        return false;
    }
    let Some(text) = now.scenes[i]
        .narration
        .as_ref()
        .and_then(|n| n.text.as_deref())
    else {
        return false;
    };
    [
        estudio_spoken::Engine::Espeak,
        estudio_spoken::Engine::Piper,
    ]
    .into_iter()
    .any(|engine| {
        let say = |p: &Project| {
            estudio_spoken::Pronouncer::new(None, engine, &p.pronunciations, &[])
                .spoken(text)
                .text
        };
        say(saved) != say(now)
    })
}

/// The scenes whose filled values differ, by index now; all of them when anything else
/// differs (then the flag is set).
pub fn changed(before: Option<&Project>, after: Option<&Project>) -> (Vec<usize>, bool) {
    match (before, after) {
        (Some(b), Some(a)) => {
            let same_rest = b.canvas == a.canvas
                && b.music == a.music
                && b.version == a.version
                && b.scenes.len() == a.scenes.len();
            if !same_rest {
                return ((0..a.scenes.len()).collect(), true);
            }
            let scenes = (0..a.scenes.len())
                .filter(|&i| b.scenes[i] != a.scenes[i] || said_otherwise(b, a, i))
                .collect();
            (scenes, false)
        }
        (_, Some(a)) => ((0..a.scenes.len()).collect(), true),
        _ => (Vec::new(), true),
    }
}

fn read_text(path: &Path) -> Result<String, EditError> {
    let io = |source| EditError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(estudio_project::LoadError::NotAFile {
            path: path.to_owned(),
        }
        .into());
    }
    if meta.len() > estudio_project::MAX_FILE_BYTES {
        return Err(estudio_project::LoadError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
        }
        .into());
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|_| EditError::ReadOnly {
        path: path.to_owned(),
        problem: Box::new(Problem::new(
            estudio_project::ProblemKind::Syntax,
            "",
            estudio_words::Message::JsonStructure {
                detail: "not UTF-8 text".into(),
            },
        )),
    })
}

/// The JSON of a project file; one that does not parse, or is not an object, is read only.
fn parse_text(path: &Path, text: &str) -> Result<Value, EditError> {
    let read_only = |problem| EditError::ReadOnly {
        path: path.to_owned(),
        problem: Box::new(problem),
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        read_only(Problem::new(
            estudio_project::ProblemKind::Syntax,
            "",
            estudio_project::describe_json_error(&e),
        ))
    })?;
    if !value.is_object() {
        return Err(read_only(Problem::new(
            estudio_project::ProblemKind::Structure,
            "",
            estudio_words::Message::JsonStructure {
                detail: "a project is an object".into(),
            },
        )));
    }
    Ok(value)
}

pub(crate) use journal::read as read_journal;
