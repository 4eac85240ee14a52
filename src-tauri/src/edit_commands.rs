//! The commands of editing: each runs one step of the engine's document ([`crate::editing`]) and
//! answers with what the window shows next ([`EditorView`]).

use std::path::{Path, PathBuf};

use estudio_edit::{Change, Document};
use serde::Serialize;
use tauri::{AppHandle, Emitter as _, Manager};
use ts_rs::TS;

use crate::editing::{canonical, EditorView, Editors, Found, Recoverable, Step};
use crate::error::{CommandError, CommandErrorKind};
use crate::state::{AppState, Task};

/// Runs `work` with the app's state and its documents on a blocking thread: speaking a changed
/// narration takes as long as the synthesiser does, and the window must not wait on it.
async fn on_editors<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&AppState, &Editors) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        work(&app.state::<AppState>(), &app.state::<Editors>())
    })
    .await
    .map_err(|e| CommandError::new(CommandErrorKind::Internal, e.to_string()))?
}

/// The view after `step`, its narrations spoken; closing the project stops the speaking.
fn view(state: &AppState, editors: &Editors, step: Step, path: &str) -> EditorView {
    let task = Task::Open(path.to_owned());
    let cancel = state.begin(task);
    let started = std::time::Instant::now();
    let view = step.view(&cancel, editors);
    tracing::debug!(ms = started.elapsed().as_millis(), "prepared the view");
    drop(cancel);
    view
}

/// Opens a project for editing (or gives the one already open): the file as written, the
/// project as the renderer reads it, its problems, its scenes (narrations spoken, media
/// probed). A file another editor has is shown read only; a file that is not a project that
/// parses is refused with its problem.
#[tauri::command]
pub async fn open_project(app: AppHandle, path: String) -> Result<EditorView, CommandError> {
    on_editors(app, move |state, editors| {
        let view = match editors.open(Path::new(&path)) {
            Ok(step) => view(state, editors, step, &path),
            Err(estudio_edit::EditError::BeingEdited { path: p, by }) => {
                let why = estudio_edit::EditError::BeingEdited { path: p, by }.to_string();
                read_only(state, &path, why)?
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(summary) = &view.summary {
            let sample = state.sample.as_ref().map(|p| p.to_string_lossy());
            if sample.as_deref() != Some(summary.path.as_str()) {
                if let Err(e) = state.update_prefs(|p| p.remember(&summary.path)) {
                    tracing::warn!(error = %e, "the recent projects list could not be saved");
                }
            }
        }
        Ok(view)
    })
    .await
}

/// The file as it is on disk, for a project another editor has: shown, exported, not edited.
fn read_only(state: &AppState, path: &str, why: String) -> Result<EditorView, CommandError> {
    let task = Task::Open(path.to_owned());
    let cancel = state.begin(task);
    let inspected = estudio_worker::inspect(Path::new(path), &cancel);
    drop(cancel);
    let inspected = inspected?;
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    // What the renderer reads, `defaults` filled in, for the inspector's inherited values.
    let filled = estudio_project::from_value(doc.clone())
        .ok()
        .and_then(|p| serde_json::to_value(p).ok());
    Ok(EditorView {
        path: canonical(Path::new(path)).to_string_lossy().into_owned(),
        revision: 0,
        summary: Some(inspected.summary()),
        problems: inspected.loaded.problems.clone(),
        outcome: estudio_edit::Outcome::default(),
        filled,
        doc,
        read_only: Some(why),
    })
}

/// One change the person made (in the inspector or the scene list), as one step of history.
#[tauri::command]
pub async fn edit_project(
    app: AppHandle,
    path: String,
    change: Change,
) -> Result<EditorView, CommandError> {
    on_editors(app, move |state, editors| {
        let step = editors.step(Path::new(&path), |doc: &mut Document| {
            let folder = doc.path().parent().unwrap_or(Path::new("/")).to_owned();
            let op = change.op(doc.value(), &folder)?;
            doc.apply(op)
        })?;
        Ok(view(state, editors, step, &path))
    })
    .await
}

#[tauri::command]
pub async fn undo_project(app: AppHandle, path: String) -> Result<EditorView, CommandError> {
    on_editors(app, move |state, editors| {
        let step = editors.step(Path::new(&path), Document::undo)?;
        Ok(view(state, editors, step, &path))
    })
    .await
}

#[tauri::command]
pub async fn redo_project(app: AppHandle, path: String) -> Result<EditorView, CommandError> {
    on_editors(app, move |state, editors| {
        let step = editors.step(Path::new(&path), Document::redo)?;
        Ok(view(state, editors, step, &path))
    })
    .await
}

/// Saves the changes into the file, keeping its layout. `over`: the person chose to write over
/// a file another program changed (else that is refused with `changed_on_disk`).
#[tauri::command]
pub async fn save_project(
    app: AppHandle,
    path: String,
    over: bool,
) -> Result<EditorView, CommandError> {
    on_editors(app, move |state, editors| {
        let step = editors.step(Path::new(&path), |doc: &mut Document| {
            if over {
                doc.save_over()?;
            } else {
                doc.save()?;
            }
            Ok(doc.outcome())
        })?;
        Ok(view(state, editors, step, &path))
    })
    .await
}

/// Saves the project as another file (its media paths rewritten to stay right from there),
/// which the tab then shows; the old file is left as it was saved last.
#[tauri::command]
pub async fn save_project_as(
    app: AppHandle,
    path: String,
    to: String,
) -> Result<EditorView, CommandError> {
    on_editors(app, move |state, editors| {
        let step = editors.save_as(Path::new(&path), Path::new(&to))?;
        Ok(view(state, editors, step, &to))
    })
    .await
}

/// Takes the file as another program left it, dropping this window's unsaved changes (one
/// step: undo brings them back).
#[tauri::command]
pub async fn reload_project(app: AppHandle, path: String) -> Result<EditorView, CommandError> {
    on_editors(app, move |state, editors| {
        let step = editors.step(Path::new(&path), Document::take_disk)?;
        Ok(view(state, editors, step, &path))
    })
    .await
}

/// Closes a project's tab: its unsaved changes are dropped (the window asked first) and its
/// file is free for other editors.
#[tauri::command]
pub async fn close_project(app: AppHandle, path: String) -> Result<(), CommandError> {
    on_editors(app, move |state, editors| {
        state.cancel(&Task::Open(path.clone()));
        state.cancel(&Task::ScenePreview(path.clone()));
        editors.close(Path::new(&path));
        Ok(())
    })
    .await
}

/// Unsaved changes a previous run left (it crashed or was killed), to offer back.
#[tauri::command]
pub async fn recoverable_projects(app: AppHandle) -> Result<Vec<Recoverable>, CommandError> {
    on_editors(app, |_, _| Ok(Editors::recoverable())).await
}

/// Opens a project with the unsaved changes `id` a previous run left, as unsaved changes.
#[tauri::command]
pub async fn recover_project(app: AppHandle, id: String) -> Result<EditorView, CommandError> {
    on_editors(app, move |state, editors| {
        let step = editors.recover(&id)?;
        let shown = step_path(&step);
        Ok(view(state, editors, step, &shown))
    })
    .await
}

fn step_path(step: &Step) -> String {
    step.loaded()
        .map_or_else(String::new, |l| l.path.to_string_lossy().into_owned())
}

/// Drops for good the unsaved changes `id` a previous run left.
#[tauri::command]
pub async fn discard_recovery(app: AppHandle, id: String) -> Result<(), CommandError> {
    on_editors(app, move |_, _| {
        Editors::discard_recovery(&id);
        Ok(())
    })
    .await
}

/// The sound of a scene's narration as the export will say it (its recording, or its text
/// spoken through the render's speech cache), as WAV bytes the window plays from memory.
#[tauri::command]
pub async fn listen_scene(
    app: AppHandle,
    path: String,
    scene: usize,
) -> Result<tauri::ipc::Response, CommandError> {
    on_editors(app, move |state, editors| {
        let loaded = loaded_for(editors, &path)?;
        // Only a narration without problems is heard: its recording was checked to be a sound
        // file of the project's, never any file a project names.
        let at = format!("/scenes/{scene}/narration");
        if let Some(problem) = loaded
            .problems
            .iter()
            .find(|p| p.pointer == at || p.pointer.starts_with(&format!("{at}/")))
        {
            let mut err = CommandError::new(CommandErrorKind::InvalidProject, problem.to_string());
            err.problems.push(problem.clone());
            return Err(err);
        }
        // The document as prepared for its view (a spoken line is a recording of the speech
        // cache there already; a line typed a moment ago is being spoken for the view, and is
        // waited for rather than spoken twice). A file shown read only speaks the one line.
        let task = Task::Open(path.clone());
        let cancel = state.begin(task);
        let narration = loaded
            .project
            .scenes
            .get(scene)
            .and_then(|s| s.narration.as_ref());
        // A recording is played as it is, without waiting for a preparation under way (one
        // that speaks many changed lines would keep it for as long).
        let recording = narration
            .filter(|n| n.text.is_none())
            .and_then(|n| n.src.clone());
        let prepared = recording.or_else(|| {
            editors
                .prepared(Path::new(&path), &cancel)
                .and_then(|i| i.prepared)
                .and_then(|p| p.project.scenes.get(scene)?.narration.as_ref()?.src.clone())
        });
        let file = match prepared {
            Some(src) => Ok(PathBuf::from(src)),
            None => estudio_worker::listen(&loaded.project, scene, &cancel),
        };
        drop(cancel);
        let file = file?;
        crate::commands::file_bytes(&file, CommandErrorKind::Internal)
    })
    .await
}

/// The project of `path` as a render reads it: the open document as edited, else (a project
/// shown read only) the file.
fn loaded_for(
    editors: &Editors,
    path: &str,
) -> Result<estudio_project::LoadedProject, CommandError> {
    if let Some(loaded) = editors.loaded(Path::new(path)) {
        return Ok(loaded);
    }
    Ok(estudio_project::load(Path::new(path))?)
}

/// Event `project-outside`: another program changed an open project's file.
pub const PROJECT_OUTSIDE: &str = "project-outside";

/// Payload of `project-outside`.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OutsideChange {
    pub path: String,
    /// `reloaded` (the view is the new file's), `conflict` (unsaved changes here: the person
    /// chooses) or `lost` (the file is gone or no longer a project; nothing was taken).
    pub kind: OutsideKind,
    pub message: String,
    pub view: Option<EditorView>,
}

#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutsideKind {
    Reloaded,
    Conflict,
    Lost,
}

/// Called by the watcher with a file another program touched: the document decides what
/// changed (its own saves and a touch are nothing) and the window is told.
pub fn outside(app: &AppHandle, path: &Path) {
    let found = app.state::<Editors>().check_disk(path);
    let shown = path.to_string_lossy().into_owned();
    let change = match found {
        Found::Nothing => return,
        Found::Reloaded(step) => OutsideChange {
            path: shown.clone(),
            kind: OutsideKind::Reloaded,
            message: String::new(),
            view: Some(view(
                &app.state::<AppState>(),
                &app.state::<Editors>(),
                *step,
                &shown,
            )),
        },
        Found::Conflict => OutsideChange {
            path: shown.clone(),
            kind: OutsideKind::Conflict,
            message: estudio_words::Message::ChangedOutside {
                path: shown.clone(),
            }
            .to_string(),
            view: None,
        },
        Found::Lost(message) => OutsideChange {
            path: shown,
            kind: OutsideKind::Lost,
            message,
            view: None,
        },
    };
    if let Err(e) = app.emit(PROJECT_OUTSIDE, change) {
        tracing::warn!(error = %e, "could not tell the window about a changed file");
    }
}

/// A transition the inspector offers.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TransitionKind {
    /// What the project's `type` says (ffmpeg's xfade name, `cut`, `random`).
    pub name: String,
    /// As people read it, in their language.
    pub label: String,
}

/// Every transition kind the engine draws, `cut` first: the inspector's list.
#[tauri::command]
pub fn transition_kinds() -> Vec<TransitionKind> {
    estudio_project::TRANSITIONS
        .iter()
        .copied()
        .chain(std::iter::once("random"))
        .map(|name| TransitionKind {
            name: name.to_owned(),
            label: estudio_words::Message::TransitionName {
                name: name.to_owned(),
            }
            .to_string(),
        })
        .collect()
}

/// A scene's preview, made by [`preview_scene`].
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ScenePreviewInfo {
    /// The file's name, for [`scene_preview_bytes`].
    pub id: String,
    /// Where the scene starts and ends in it (its transitions included), in seconds.
    pub start_secs: f64,
    pub end_secs: f64,
    /// Where the scene is seen alone, neither transition on screen: its poster is taken there.
    pub own_from_secs: f64,
    pub own_to_secs: f64,
    /// Scenes of the preview whose pictures came from the cache, of all its scenes.
    pub reused: usize,
    pub scenes: usize,
}

/// Scene previews kept in their folder: the newest few (one per tab open, about); older go.
const SCENE_PREVIEWS_KEPT: usize = 8;

fn scene_preview_dir() -> PathBuf {
    estudio_worker::paths::preview_dir().join("scenes")
}

/// Draws scene `scene` of the open document with its neighbours at preview quality, through
/// the cache of finished parts (after an edit only the scene's part and the next are drawn).
/// A newer preview of the same project stops this one.
#[tauri::command]
pub async fn preview_scene(
    app: AppHandle,
    path: String,
    scene: usize,
) -> Result<ScenePreviewInfo, CommandError> {
    on_editors(app, move |state, editors| {
        let loaded = loaded_for(editors, &path)?;
        let task = Task::ScenePreview(path.clone());
        state.cancel(&task);
        let cancel = state.begin(task);
        let inspected = editors
            .prepared(Path::new(&path), &cancel)
            .unwrap_or_else(|| estudio_worker::inspect_loaded(loaded, &cancel));
        if cancel.is_canceled() {
            return Err(CommandError::new(
                CommandErrorKind::Canceled,
                estudio_words::Message::SpeechCanceled.to_string(),
            ));
        }
        let Some(prepared) = inspected.prepared else {
            drop(cancel);
            let mut err = CommandError::new(
                CommandErrorKind::InvalidProject,
                inspected
                    .loaded
                    .problems
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            );
            err.problems = inspected.loaded.problems;
            return Err(err);
        };
        let dir = scene_preview_dir();
        let drawing = editors
            .drawing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let started = std::time::Instant::now();
        let made = estudio_worker::scene_preview(
            &prepared,
            scene,
            &dir,
            &state.engine.session("scene-preview", &cancel),
        );
        drop(drawing);
        drop(cancel);
        tracing::debug!(ms = started.elapsed().as_millis(), "drew the scene preview");
        let made = made.map_err(|e| match e {
            estudio_worker::ScenePreviewError::Render(r) => CommandError::from(r),
            other => CommandError::new(CommandErrorKind::EditRefused, other.to_string()),
        })?;
        estudio_worker::outputs::keep_newest(&dir, "scene-", SCENE_PREVIEWS_KEPT);
        Ok(ScenePreviewInfo {
            id: made
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            start_secs: made.start_secs,
            end_secs: made.end_secs,
            own_from_secs: made.own_secs.0,
            own_to_secs: made.own_secs.1,
            reused: made.reused,
            scenes: made.scenes,
        })
    })
    .await
}

/// The bytes of a scene preview, to play from memory (see `preview_bytes` for why). Only files
/// [`preview_scene`] named, inside its folder.
#[tauri::command]
pub async fn scene_preview_bytes(
    app: AppHandle,
    id: String,
) -> Result<tauri::ipc::Response, CommandError> {
    on_editors(app, move |_, _| {
        let named = id
            .strip_prefix("scene-")
            .and_then(|r| r.strip_suffix(".mp4"));
        if !named.is_some_and(|hex| hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())) {
            return Err(CommandError::new(CommandErrorKind::NotFound, id));
        }
        let file = scene_preview_dir().join(&id);
        crate::commands::file_bytes(&file, CommandErrorKind::NotFound)
    })
    .await
}

/// A field a deck update could not take because the person had changed it too.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UpdateConflict {
    /// The scene (from 0) in the updated project.
    pub scene: usize,
    /// `picture`, `narration`, `name` or `duration`.
    pub field: String,
    /// The person's value, kept; the deck's, offered (as text).
    pub ours: String,
    pub theirs: String,
    /// The change that takes the deck's value instead.
    pub take: Change,
}

/// What [`update_from_deck`] did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeckUpdated {
    pub view: EditorView,
    /// What it did, one sentence each, the summary last.
    pub notes: Vec<String>,
    pub conflicts: Vec<UpdateConflict>,
}

/// Merges a new version of the deck the open project `path` was imported from, as one step of
/// its history (one Undo takes it back): the deck's changes taken, the person's kept, the
/// conflicts said with a change that takes the deck's value. Reports `import-progress` for the
/// deck while it is drawn; [`crate::commands::cancel_import`] stops it.
#[tauri::command]
pub async fn update_from_deck(
    app: AppHandle,
    path: String,
    deck: String,
) -> Result<DeckUpdated, CommandError> {
    let events = app.clone();
    on_editors(app, move |state, editors| {
        let project = PathBuf::from(&path);
        let before = editors
            .value(&project)
            .ok_or_else(|| crate::editing::StepError::NotOpen(project.clone()))?;
        let task = Task::Import(deck.clone());
        let cancel = state.begin(task);
        let options = estudio_deck::ImportOptions::default();
        let drawn = estudio_deck::update(
            Path::new(&deck),
            &canonical(&project),
            &before,
            &options,
            &cancel,
            |stage| {
                let progress = crate::events::ImportProgress {
                    deck: deck.clone(),
                    text: stage.message().to_string(),
                };
                if let Err(e) = events.emit(crate::events::IMPORT_PROGRESS, progress) {
                    tracing::debug!(error = %e, "update progress not delivered");
                }
            },
        );
        drop(cancel);
        let update = drawn?;
        let mut changed_meanwhile = false;
        let mut pictures = None;
        let step = editors.step(&project, |doc: &mut Document| {
            if doc.value() != &before {
                changed_meanwhile = true;
                return Ok(doc.outcome());
            }
            // Pictures first, never over a file: the project never names one not there.
            pictures = Some(update.write_pictures());
            match &pictures {
                Some(Ok(_)) => doc.apply(update.op()),
                _ => Ok(doc.outcome()),
            }
        });
        match pictures {
            Some(Ok(written)) if step.is_ok() => written.keep(),
            Some(Ok(written)) => written.remove(),
            Some(Err(e)) => return Err(e.into()),
            None => {}
        }
        let step = step?;
        if changed_meanwhile {
            return Err(CommandError::new(
                CommandErrorKind::InvalidState,
                estudio_words::Message::UpdateProjectChanged.to_string(),
            ));
        }
        let view = view(state, editors, step, &path);
        let conflicts = update
            .merged
            .events
            .iter()
            .filter_map(|e| conflict(e, &update.merged.scenes))
            .collect();
        Ok(DeckUpdated {
            view,
            notes: update.messages().iter().map(ToString::to_string).collect(),
            conflicts,
        })
    })
    .await
}

/// A conflict of an update, with the change that takes the deck's value.
fn conflict(
    event: &estudio_deck::merge::Event,
    scenes: &[serde_json::Value],
) -> Option<UpdateConflict> {
    use estudio_deck::merge::{Event, Field};
    use estudio_edit::{Length, NarrationField, Target};
    let Event::Conflict {
        scene,
        field,
        ours,
        theirs,
        ..
    } = event
    else {
        return None;
    };
    let scene = *scene;
    let take = match field {
        Field::Picture => {
            let mut background = scenes.get(scene)?.get("background")?.clone();
            match background.as_object_mut() {
                // A picture the person kept: only the file changes, its fit and motion stay.
                Some(bg) if bg.contains_key("image") => {
                    bg.insert("image".into(), theirs.clone());
                }
                _ => background = serde_json::json!({"image": theirs, "fit": "contain"}),
            }
            Change::Background {
                scenes: vec![scene],
                background,
            }
        }
        Field::Narration => Change::Narration {
            target: Target::Scenes(vec![scene]),
            field: NarrationField::Text,
            value: (!theirs.is_null()).then(|| theirs.clone()),
        },
        Field::Name => Change::Name {
            scene,
            name: theirs.as_str().map(str::to_owned),
        },
        Field::Duration => Change::Length {
            target: Target::Scenes(vec![scene]),
            length: match theirs.as_f64() {
                Some(secs) => Length::Seconds { secs },
                None => Length::Narration { pad: None },
            },
        },
    };
    Some(UpdateConflict {
        scene,
        field: field.as_str().to_owned(),
        ours: estudio_deck::merge::shown(ours),
        theirs: estudio_deck::merge::shown(theirs),
        take,
    })
}
