//! The projects open for editing in the window: one [`Document`] each (the engine's history,
//! journal and saves, see `estudio-edit`), by the file's canonical path, and the watcher that
//! tells them about changes made by other programs. The window sends [`Change`]s; it never
//! writes JSON.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use estudio_edit::{Document, EditError, OpenOptions, Outcome, Outside, Watcher};
use estudio_project::{LoadedProject, Problem, Project, ProjectSummary};
use estudio_worker::paths;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

/// How a lock file names this program to another editor of the same file.
const PROGRAM: &str = "Estúdio";

/// What the window shows of a project open for editing, after each step.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EditorView {
    /// The file, canonical.
    pub path: String,
    /// Grows with every step of the document: the window keeps the newest view when answers
    /// to two quick steps cross.
    #[ts(type = "number")]
    pub revision: u64,
    /// What the project panel lists; `None` while the JSON cannot be read as a project (the
    /// problems say why).
    pub summary: Option<ProjectSummary>,
    /// Every problem now, each at its pointer: those of validation, then speaking and probing.
    pub problems: Vec<Problem>,
    /// What the step changed, and whether undo, redo and save can do anything.
    pub outcome: Outcome,
    /// The JSON as the person wrote it: the inspector tells a scene's own values from those it
    /// takes from `defaults` by it.
    #[ts(type = "unknown")]
    pub doc: Value,
    /// What the renderer reads: `defaults` filled in, paths as written.
    #[ts(type = "unknown")]
    pub filled: Option<Value>,
    /// Set when the file is shown but cannot be edited here (another editor has it), saying why.
    pub read_only: Option<String>,
}

/// A document's state after a step, taken under the lock; [`Step::view`] then speaks and
/// probes without it.
pub struct Step {
    path: PathBuf,
    revision: u64,
    outcome: Outcome,
    doc: Value,
    project: Option<Project>,
    problems: Vec<Problem>,
}

impl Step {
    fn of(editor: &Editor, outcome: Outcome) -> Self {
        Step {
            path: editor.doc.path().to_owned(),
            revision: editor.revision,
            outcome,
            doc: editor.doc.value().clone(),
            project: editor.doc.project().cloned(),
            problems: editor.doc.problems().to_vec(),
        }
    }

    /// The project as a render reads it: paths made absolute.
    pub fn loaded(&self) -> Option<LoadedProject> {
        let mut project = self.project.clone()?;
        project.resolve_paths(self.path.parent().unwrap_or(Path::new("/")));
        Some(LoadedProject {
            path: self.path.clone(),
            project,
            problems: self.problems.clone(),
        })
    }

    /// Prepares the project (its changed narrations spoken, the others from the speech cache)
    /// for the window's summary; what was prepared is kept for the thumbnails and the scene
    /// preview of the same revision.
    pub fn view(self, cancel: &estudio_render::CancelToken, editors: &Editors) -> EditorView {
        let inspected = editors.prepared_at(&self.path, self.revision, || self.loaded(), cancel);
        let (summary, problems) = match &inspected {
            Some(i) => (Some(i.summary()), i.loaded.problems.clone()),
            None => (None, self.problems.clone()),
        };
        EditorView {
            path: self.path.to_string_lossy().into_owned(),
            revision: self.revision,
            summary,
            problems,
            outcome: self.outcome,
            filled: self
                .project
                .as_ref()
                .and_then(|p| serde_json::to_value(p).ok()),
            doc: self.doc,
            read_only: None,
        }
    }
}

struct Editor {
    doc: Document,
    /// From [`next_revision`]: never reused, even by a document closed and opened again, so a
    /// preparation kept for one revision is never taken for another document's.
    revision: u64,
}

impl Editor {
    fn new(doc: Document) -> Self {
        Self {
            doc,
            revision: next_revision(),
        }
    }
}

/// A revision number larger than every one given before.
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The project of an open document as a render reads it.
fn loaded_of(editor: &Editor) -> Option<LoadedProject> {
    let path = editor.doc.path();
    let mut project = editor.doc.project()?.clone();
    project.resolve_paths(path.parent().unwrap_or(Path::new("/")));
    Some(LoadedProject {
        path: path.to_owned(),
        project,
        problems: editor.doc.problems().to_vec(),
    })
}

/// One revision's preparation: `made` is held while it is being made.
struct Preparation {
    revision: u64,
    made: Mutex<Option<estudio_worker::Inspected>>,
}

/// What [`Editors::check_disk`] found, for the window.
pub enum Found {
    Nothing,
    Reloaded(Box<Step>),
    /// The file changed and the document has unsaved changes: the person chooses.
    Conflict,
    /// The file is gone, or no longer a project that parses: nothing was taken.
    Lost(String),
}

/// Unsaved changes of a previous run, offered back at start.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Recoverable {
    /// Which changes (a file may have those of several runs that ended without saving).
    pub id: String,
    pub path: String,
    /// When they were last made, in ms since 1970.
    #[ts(type = "number | null")]
    pub when_ms: Option<u64>,
    /// Steps in the history they make.
    pub changes: usize,
    /// The file changed since: recovering writes the changes to a new file beside it.
    pub changed_on_disk: bool,
}

pub struct Editors {
    docs: Mutex<HashMap<PathBuf, Editor>>,
    /// Held while thumbnails or a scene preview are drawn: one at a time, in the order asked
    /// (the thumbnails of an edit first), rather than both sharing the cores and both late.
    pub drawing: Mutex<()>,
    /// The preparation of each document's newest revision asked for ([`Editors::prepared_at`]).
    prepared: Mutex<HashMap<PathBuf, Arc<Preparation>>>,
    /// `None` when the system's watcher could not start: outside changes show at the next
    /// opening then.
    watcher: Mutex<Option<Watcher>>,
}

fn options() -> OpenOptions {
    OpenOptions {
        program: PROGRAM.to_owned(),
        journal_dir: Some(paths::journal_dir()),
        backup_dir: Some(paths::backup_dir()),
        take_over: false,
    }
}

/// The file a path names, as documents are kept by.
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

impl Editors {
    /// `touched` is called on the watcher's thread with each open file another program changed.
    pub fn new(touched: impl Fn(&Path) + Send + 'static) -> Self {
        let watcher = match Watcher::new(touched) {
            Ok(w) => Some(w),
            Err(e) => {
                tracing::warn!(error = %e, "changes made to open projects by other programs will not show");
                None
            }
        };
        Self {
            docs: Mutex::default(),
            drawing: Mutex::default(),
            prepared: Mutex::default(),
            watcher: Mutex::new(watcher),
        }
    }

    fn docs(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Editor>> {
        self.docs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn watch(&self, path: &Path) {
        if let Some(w) = self
            .watcher
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_mut()
        {
            if let Err(e) = w.watch(path) {
                tracing::warn!(path = %path.display(), error = %e, "changes by other programs will not show");
            }
        }
    }

    fn unwatch(&self, path: &Path) {
        if let Some(w) = self
            .watcher
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_mut()
        {
            w.unwatch(path);
        }
    }

    /// Opens `path` for editing, or gives the document already open.
    ///
    /// # Errors
    /// As [`Document::open`].
    pub fn open(&self, path: &Path) -> Result<Step, EditError> {
        let key = canonical(path);
        let mut docs = self.docs();
        if let Some(editor) = docs.get(&key) {
            return Ok(Step::of(editor, editor.doc.outcome()));
        }
        let doc = Document::open(&key, &options())?;
        let key = doc.path().to_owned();
        let editor = Editor::new(doc);
        let step = Step::of(&editor, editor.doc.outcome());
        docs.insert(key.clone(), editor);
        drop(docs);
        self.watch(&key);
        Ok(step)
    }

    fn adopt(&self, doc: Document) -> Step {
        let key = doc.path().to_owned();
        let editor = Editor::new(doc);
        let step = Step::of(&editor, editor.doc.outcome());
        self.docs().insert(key.clone(), editor);
        self.watch(&key);
        step
    }

    /// Runs one step on the open document of `path`; the view's revision grows.
    ///
    /// # Errors
    /// [`EditorMissing`] when the file is not open for editing; else the step's own.
    pub fn step(
        &self,
        path: &Path,
        f: impl FnOnce(&mut Document) -> Result<Outcome, EditError>,
    ) -> Result<Step, StepError> {
        let mut docs = self.docs();
        let editor = docs
            .get_mut(&canonical(path))
            .ok_or_else(|| StepError::NotOpen(path.to_owned()))?;
        let outcome = f(&mut editor.doc)?;
        editor.revision = next_revision();
        Ok(Step::of(editor, outcome))
    }

    /// The open document of `path` prepared as it is now (its narrations spoken, its media
    /// probed), or `None` when it is not open.
    pub fn prepared(
        &self,
        path: &Path,
        cancel: &estudio_render::CancelToken,
    ) -> Option<estudio_worker::Inspected> {
        let (revision, loaded) = {
            let docs = self.docs();
            let editor = docs.get(&canonical(path))?;
            (editor.revision, loaded_of(editor))
        };
        self.prepared_at(path, revision, || loaded, cancel)
    }

    /// The document of `path` at `revision` prepared: once per revision, whoever asks. A caller
    /// that finds the preparation under way waits for it rather than making its own, so a line
    /// typed and then heard, drawn and previewed at once is spoken by one synthesiser run (two
    /// would share the cores and both be late). A canceled preparation is not kept: the next
    /// caller makes it again. `None` when `loaded` has no project (the JSON does not parse).
    pub fn prepared_at(
        &self,
        path: &Path,
        revision: u64,
        loaded: impl FnOnce() -> Option<LoadedProject>,
        cancel: &estudio_render::CancelToken,
    ) -> Option<estudio_worker::Inspected> {
        let key = canonical(path);
        let slot = {
            let mut slots = self
                .prepared
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match slots.get(&key) {
                Some(slot) if slot.revision == revision => Some(slot.clone()),
                // A step newer than this one was prepared already: this is made, not kept.
                Some(slot) if slot.revision > revision => None,
                _ => {
                    let slot = Arc::new(Preparation {
                        revision,
                        made: Mutex::default(),
                    });
                    slots.insert(key, slot.clone());
                    Some(slot)
                }
            }
        };
        let Some(slot) = slot else {
            return loaded().map(|l| estudio_worker::inspect_loaded(l, cancel));
        };
        let mut made = slot
            .made
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(made) = &*made {
            return Some(made.clone());
        }
        let inspected = estudio_worker::inspect_loaded(loaded()?, cancel);
        if !cancel.is_canceled() {
            *made = Some(inspected.clone());
        }
        Some(inspected)
    }

    /// The open document's JSON as it is now (unsaved changes included).
    pub fn value(&self, path: &Path) -> Option<serde_json::Value> {
        Some(self.docs().get(&canonical(path))?.doc.value().clone())
    }

    /// The open document's project as a render reads it, for thumbnails and Listen.
    pub fn loaded(&self, path: &Path) -> Option<LoadedProject> {
        loaded_of(self.docs().get(&canonical(path))?)
    }

    /// Saves the document as `to`, which it becomes (the old file is left as it was).
    ///
    /// # Errors
    /// As [`Document::save_as`].
    pub fn save_as(&self, path: &Path, to: &Path) -> Result<Step, StepError> {
        let from = canonical(path);
        let mut docs = self.docs();
        let mut editor = docs
            .remove(&from)
            .ok_or_else(|| StepError::NotOpen(path.to_owned()))?;
        let saved = editor.doc.save_as(to, PROGRAM);
        let key = editor.doc.path().to_owned();
        match saved {
            Ok(outcome) => {
                editor.revision = next_revision();
                let step = Step::of(&editor, outcome);
                docs.insert(key.clone(), editor);
                drop(docs);
                self.unwatch(&from);
                self.watch(&key);
                Ok(step)
            }
            Err(e) => {
                docs.insert(key, editor);
                Err(e.into())
            }
        }
    }

    /// Closes the document: unsaved changes are dropped (the window asked first).
    pub fn close(&self, path: &Path) {
        let key = canonical(path);
        let editor = self.docs().remove(&key);
        self.prepared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&key);
        if let Some(editor) = editor {
            self.unwatch(editor.doc.path());
            editor.doc.close();
        }
    }

    /// What another program did to the file of `path`.
    pub fn check_disk(&self, path: &Path) -> Found {
        let mut docs = self.docs();
        let Some(editor) = docs.get_mut(path) else {
            return Found::Nothing;
        };
        match editor.doc.check_disk() {
            Outside::Unchanged => Found::Nothing,
            Outside::Reloaded(outcome) => {
                editor.revision = next_revision();
                Found::Reloaded(Box::new(Step::of(editor, outcome)))
            }
            Outside::Conflict => Found::Conflict,
            Outside::Removed => Found::Lost(
                estudio_words::Message::FileNotFound {
                    path: path.display().to_string(),
                }
                .to_string(),
            ),
            Outside::Unreadable(problem) => Found::Lost(problem.to_string()),
        }
    }

    /// Unsaved changes left by a run that ended without closing its projects (a crash, a kill),
    /// oldest first. Journals of documents open now are held, so never listed.
    pub fn recoverable() -> Vec<Recoverable> {
        estudio_edit::recover::list(&paths::journal_dir())
            .into_iter()
            .map(|r| Recoverable {
                id: r.id(),
                when_ms: r
                    .modified()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .and_then(|d| u64::try_from(d.as_millis()).ok()),
                path: r.path.to_string_lossy().into_owned(),
                changes: r.changes,
                changed_on_disk: r.changed_on_disk,
            })
            .collect()
    }

    /// Opens the unsaved changes `id` again, as unsaved changes of an open document. The file
    /// open here without changes of its own is closed first (its tab then shows the recovered
    /// document); with changes of its own, the person saves or closes it first.
    ///
    /// # Errors
    /// They are gone (recovered or discarded meanwhile), the file is open here with changes,
    /// or the document cannot be opened.
    pub fn recover(&self, id: &str) -> Result<Step, StepError> {
        let found = estudio_edit::recover::list(&paths::journal_dir())
            .into_iter()
            .find(|r| r.id() == id)
            .ok_or_else(|| StepError::Gone(id.to_owned()))?;
        let open = canonical(&found.path);
        let dirty = self.docs().get(&open).map(|e| e.doc.is_dirty());
        match dirty {
            Some(true) => return Err(StepError::OpenWithChanges(open)),
            Some(false) => self.close(&open),
            None => {}
        }
        Ok(self.adopt(found.open(&options())?))
    }

    /// Drops for good the unsaved changes `id` of a previous run.
    pub fn discard_recovery(id: &str) {
        for r in estudio_edit::recover::list(&paths::journal_dir()) {
            if r.id() == id {
                r.discard();
            }
        }
    }
}

/// Why a step on an open document did nothing.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    /// The file is not open for editing in this window (closed meanwhile, or shown read only).
    #[error("{}", estudio_words::Message::NotOpenForEditing { path: _0.display().to_string() })]
    NotOpen(PathBuf),
    /// Recovering changes into a file open here with changes of its own.
    #[error("{}", estudio_words::Message::OpenWithChanges { path: _0.display().to_string() })]
    OpenWithChanges(PathBuf),
    /// The unsaved changes were recovered or discarded meanwhile (by the CLI, another window).
    #[error("{}", estudio_words::Message::RecoveryGone)]
    Gone(String),
    #[error(transparent)]
    Edit(#[from] EditError),
}
