//! The commands the window may call. Each is a thin call into the engine.
//!
//! Every command that touches a file, the queue or a process is `async` and runs its work on a
//! blocking thread ([`on_state`]): a synchronous Tauri command runs on the main thread, and
//! probing, speech or a durable commit there freezes the window.

use std::path::{Path, PathBuf};

use estudio_queue::{Attempt, Job, QueueSettings};
use estudio_render::{PresetId, RenderOptions};
use estudio_worker::prefs::Prefs;
use estudio_worker::ExportRequest;
use serde::{Deserialize, Serialize};
use tauri::Emitter as _;
use tauri::{AppHandle, Manager};
use ts_rs::TS;

use crate::error::{CommandError, CommandErrorKind};
use crate::state::{AppState, Task};

/// An export preset as the window lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PresetInfo {
    pub id: PresetId,
    pub label: String,
    /// The file extension it writes (`mp4`, `webm`, `gif`, `m4a`).
    pub extension: String,
    /// False for sound-only presets (no poster then).
    pub has_video: bool,
    /// The low-resolution preview the project panel plays: its file is the app's own.
    pub preview: bool,
}

/// Which dropped or opened files are what, by extension (lowercase).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FileKinds {
    pub project: Vec<String>,
    pub image: Vec<String>,
    pub audio: Vec<String>,
    /// Slide decks, imported into a new project.
    pub deck: Vec<String>,
}

/// What the window needs to know at start.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    /// `ffmpeg -version`'s first line; `None` when ffmpeg cannot run.
    pub ffmpeg: Option<String>,
    /// Why ffmpeg cannot run, when it cannot.
    pub ffmpeg_error: Option<String>,
    pub queue_db: String,
    /// The queue was named by the `ESTUDIO_DB` variable, which wins over Settings.
    pub queue_from_env: bool,
    /// How far the queue's clock (a farm server's) is ahead of this computer's, in ms: the
    /// window adds it to its own time when it shows how long a job has been rendering.
    #[ts(type = "number")]
    pub queue_clock_offset_ms: i64,
    /// Set when the queue's database was found damaged at start and replaced by a new one.
    pub queue_notice: Option<String>,
    /// The built-in sample project, opened at start when nothing else is.
    pub sample_project: Option<String>,
    /// Project files the app was started with (a double-click in the file manager).
    pub open_at_start: Vec<String>,
    pub presets: Vec<PresetInfo>,
    /// The preset Export starts with.
    pub default_preset: PresetId,
    pub file_kinds: FileKinds,
}

#[tauri::command]
pub async fn app_info(app: AppHandle) -> Result<AppInfo, CommandError> {
    on_state(app, |state| Ok(info(state))).await
}

fn info(state: &AppState) -> AppInfo {
    AppInfo {
        ffmpeg: state.engine.ffmpeg().ok(),
        ffmpeg_error: state.engine.ffmpeg().err().map(|e| e.to_string()),
        queue_db: state.engine.queue().target().shown(),
        queue_from_env: estudio_worker::paths::queue_from_env().is_some(),
        // A server that cannot be reached now is not a reason to fail the window's start; its
        // elapsed times are then this computer's until the next start.
        queue_clock_offset_ms: state.engine.queue().clock_offset_ms().unwrap_or(0),
        queue_notice: state.queue_notice.clone(),
        sample_project: state
            .sample
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned()),
        open_at_start: state
            .open_at_start
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect(),
        presets: PresetId::ALL
            .iter()
            .map(|&id| PresetInfo {
                id,
                label: id.preset().name.to_string(),
                extension: id.preset().container.extension().to_owned(),
                has_video: id.preset().video != estudio_render::VideoCodec::None,
                preview: id == PresetId::Preview,
            })
            .collect(),
        default_preset: PresetId::DEFAULT,
        file_kinds: {
            use estudio_project::slideshow::{
                AUDIO_EXTENSIONS, IMAGE_EXTENSIONS, PROJECT_EXTENSIONS,
            };
            let owned = |list: &[&str]| list.iter().map(|e| (*e).to_owned()).collect();
            FileKinds {
                project: owned(PROJECT_EXTENSIONS),
                image: owned(IMAGE_EXTENSIONS),
                audio: owned(AUDIO_EXTENSIONS),
                deck: owned(estudio_deck::DECK_EXTENSIONS),
            }
        },
    }
}

/// The language the engine words its messages in, chosen at start from the desktop's
/// (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, as `sys-locale` reads them), as a BCP 47 tag:
/// the window speaks the same.
#[tauri::command]
pub fn system_language() -> String {
    estudio_words::lang().tag().to_owned()
}

/// Stops the opening of `path`: its narrations stop being spoken, and it opens with a problem
/// that says so.
#[tauri::command]
pub fn cancel_open(app: AppHandle, path: String) {
    app.state::<AppState>().cancel(&Task::Open(path));
}

fn inspect(
    path: &str,
    cancel: &estudio_render::CancelToken,
) -> Result<estudio_worker::Inspected, CommandError> {
    Ok(estudio_worker::inspect(Path::new(path), cancel)?)
}

/// Runs `work` with the app's state on a blocking thread, off the main thread and the async
/// runtime's workers.
async fn on_state<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&AppState) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .map_err(|e| CommandError::new(CommandErrorKind::Internal, e.to_string()))?
}

/// Width of the scene thumbnails, in pixels (shown at half that on a 2x screen).
const THUMBNAIL_WIDTH: u32 = 320;

/// A PNG thumbnail of each scene of a valid project, in scene order (an empty list while the
/// project has problems): of the open document as edited, not of the file. Thumbnails are
/// kept by content, so after an edit only the changed scenes' are drawn. Served to the window
/// by the asset protocol.
#[tauri::command]
pub async fn scene_thumbnails(app: AppHandle, path: String) -> Result<Vec<String>, CommandError> {
    let editors = app.clone();
    on_state(app, move |state| {
        // A canceled opening is not spoken again for its pictures.
        let task = Task::Open(path.clone());
        let cancel = state.begin(task);
        let editing = editors.state::<crate::editing::Editors>();
        // An open document as edited (prepared once per revision); else the file.
        let inspected = match editing.prepared(Path::new(&path), &cancel) {
            Some(prepared) => Ok(prepared),
            None => inspect(&path, &cancel),
        };
        drop(cancel);
        let Some(prepared) = inspected?.prepared else {
            return Ok(Vec::new());
        };
        let drawing = editing
            .drawing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let started = std::time::Instant::now();
        let thumbs = estudio_render::thumbnails(
            &prepared,
            &estudio_worker::paths::thumbnail_dir(),
            THUMBNAIL_WIDTH,
            &state
                .engine
                .session("thumbnails", &estudio_render::CancelToken::new()),
        )?;
        drop(drawing);
        tracing::debug!(ms = started.elapsed().as_millis(), "drew the thumbnails");
        Ok(thumbs
            .into_iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect())
    })
    .await
}

/// What [`create_slideshow`] made.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SlideshowCreated {
    /// The new project file, to open.
    pub path: String,
    /// Dropped files it does not use.
    pub unused: Vec<String>,
}

/// Starts a project from dropped images (one scene each, in name order) and audio files
/// (narration by matching name, else music), saved beside the images.
#[tauri::command]
pub async fn create_slideshow(
    app: AppHandle,
    files: Vec<String>,
) -> Result<SlideshowCreated, CommandError> {
    on_state(app, move |state| {
        let files: Vec<PathBuf> = files.into_iter().map(PathBuf::from).collect();
        let voice = state.prefs().voice;
        let made = estudio_project::slideshow::create(&files, voice.as_deref())?;
        Ok(SlideshowCreated {
            path: made.path.to_string_lossy().into_owned(),
            unused: made
                .unused
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
        })
    })
    .await
}

/// What [`import_deck`] made.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeckImported {
    /// The new project file, to open.
    pub path: String,
    /// What the import could not keep (fonts, animations, media, links), then its summary.
    pub notes: Vec<String>,
}

/// Imports a dropped or opened deck into a new project beside it (a free name: nothing there
/// is replaced), reporting `import-progress` as it goes; [`cancel_import`] stops it.
#[tauri::command]
pub async fn import_deck(app: AppHandle, path: String) -> Result<DeckImported, CommandError> {
    let events = app.clone();
    on_state(app, move |state| {
        let deck = PathBuf::from(&path);
        let project = estudio_deck::project_beside(&deck);
        let task = Task::Import(path.clone());
        let cancel = state.begin(task);
        let mut options = estudio_deck::ImportOptions::default();
        if let Some(voice) = state.prefs().voice {
            options.voice = voice;
        }
        let result = estudio_deck::import(&deck, &project, &options, &cancel, |stage| {
            let progress = crate::events::ImportProgress {
                deck: path.clone(),
                text: stage.message().to_string(),
            };
            if let Err(e) = events.emit(crate::events::IMPORT_PROGRESS, progress) {
                tracing::debug!(error = %e, "import progress not delivered");
            }
        });
        drop(cancel);
        let report = result?;
        Ok(DeckImported {
            path: report.project.to_string_lossy().into_owned(),
            notes: report.messages().iter().map(ToString::to_string).collect(),
        })
    })
    .await
}

/// Stops the running import of `path` (nothing is written); nothing happens when there is none.
#[tauri::command]
pub fn cancel_import(app: AppHandle, path: String) {
    app.state::<AppState>().cancel(&Task::Import(path));
}

/// A destination for a project's export ([`estudio_worker::outputs::suggest_destination`]).
#[tauri::command]
pub async fn suggest_output(
    app: AppHandle,
    project: String,
    title: String,
    preset: PresetId,
) -> Result<String, CommandError> {
    on_state(app, move |state| {
        let path = estudio_worker::outputs::suggest_destination(
            &state.prefs(),
            Path::new(&project),
            &title,
            preset,
        );
        Ok(path.to_string_lossy().into_owned())
    })
    .await
}

/// What the Export dialog sends.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ExportInput {
    pub project: String,
    pub preset: PresetId,
    pub output: String,
    #[serde(default)]
    pub options: RenderOptions,
    /// The person confirmed that a video already at `output` may be replaced.
    #[serde(default)]
    pub replace: bool,
}

/// Queues an export. The engine checks the destination (the preset's extension, never over a
/// file of another kind or one of the project's own), and the job remembers it for next time.
#[tauri::command]
pub async fn enqueue_export(app: AppHandle, input: ExportInput) -> Result<Job, CommandError> {
    on_state(app, move |state| {
        let job = state.engine.enqueue(&ExportRequest {
            project: input.project.clone().into(),
            preset: input.preset,
            options: input.options,
            output: input.output.into(),
            priority: 0,
            replace: if input.replace {
                estudio_worker::outputs::Replace::Yes
            } else {
                estudio_worker::outputs::Replace::No
            },
        })?;
        if let Err(e) = state.update_prefs(|p| {
            p.destinations.insert(input.project, job.output.clone());
        }) {
            tracing::warn!(error = %e, "the destination could not be remembered");
        }
        Ok(job)
    })
    .await
}

/// Queues a fast low-resolution render of the project, ahead of exports, into the app's
/// previews folder, to play in the window; earlier previews of the project are deleted.
#[tauri::command]
pub async fn preview_project(app: AppHandle, project: String) -> Result<Job, CommandError> {
    on_state(app, move |state| {
        let dir = estudio_worker::paths::preview_dir();
        std::fs::create_dir_all(&dir).map_err(|e| {
            CommandError::new(
                CommandErrorKind::Internal,
                format!("{}: {e}", dir.display()),
            )
        })?;
        let project = PathBuf::from(project);
        let output =
            estudio_worker::outputs::preview_destination(&dir, &project, estudio_queue::now_ms());
        let job = state.engine.enqueue(&ExportRequest {
            project: project.clone(),
            preset: PresetId::Preview,
            options: RenderOptions::default(),
            output,
            // Previews jump ahead of exports: the user is waiting to watch.
            priority: 10,
            replace: estudio_worker::outputs::Replace::No,
        })?;
        estudio_worker::outputs::remove_earlier_previews(&dir, &project, Path::new(&job.output));
        Ok(job)
    })
    .await
}

/// The bytes of a completed preview, for the window to play from memory: WebKitGTK's media
/// player cannot read the app's own URL schemes (it asks GStreamer, which knows only http(s) and
/// files), but it plays `blob:` addresses. Only preview jobs' files, inside the previews folder,
/// are served ([`estudio_worker::outputs::preview_file`]).
#[tauri::command]
pub async fn preview_bytes(
    app: AppHandle,
    id: String,
) -> Result<tauri::ipc::Response, CommandError> {
    on_state(app, move |state| {
        let job = state.engine.queue().get(&id)?;
        let path =
            estudio_worker::outputs::preview_file(&job, &estudio_worker::paths::preview_dir())?;
        file_bytes(&path, CommandErrorKind::Internal)
    })
    .await
}

/// A file's bytes for the window to play from memory; a file that cannot be read is `kind`.
pub(crate) fn file_bytes(
    path: &Path,
    kind: CommandErrorKind,
) -> Result<tauri::ipc::Response, CommandError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CommandError::new(kind, format!("{}: {e}", path.display())))?;
    Ok(tauri::ipc::Response::new(bytes))
}

/// Every job, newest first. Called once when the window loads; events keep it current after.
#[tauri::command]
pub async fn list_jobs(app: AppHandle) -> Result<Vec<Job>, CommandError> {
    on_state(app, |state| Ok(state.engine.jobs()?)).await
}

/// A job's attempts, each with its error and log (the ffmpeg command and the end of its output).
#[tauri::command]
pub async fn job_log(app: AppHandle, id: String) -> Result<Vec<Attempt>, CommandError> {
    on_state(app, move |state| Ok(state.engine.queue().attempts(&id)?)).await
}

/// Opens a completed job's video with the system's player. Only a job's own output, still a
/// file of its kind, can be opened ([`estudio_worker::outputs::openable_output`]): the window
/// has no permission to open paths.
#[tauri::command]
pub async fn open_output(app: AppHandle, id: String) -> Result<(), CommandError> {
    let handle = app.clone();
    on_state(app, move |state| {
        use tauri_plugin_opener::OpenerExt;
        let job = state.engine.queue().get(&id)?;
        let path = estudio_worker::outputs::openable_output(&job)?;
        handle
            .opener()
            .open_path(path.to_string_lossy(), None::<&str>)
            .map_err(|e| nothing_opened(&path, true, &e))
    })
    .await
}

/// Shows a completed job's video in the file manager. As with [`open_output`], only a job's own
/// output: the window has no permission to reveal paths of its own choosing.
#[tauri::command]
pub async fn reveal_output(app: AppHandle, id: String) -> Result<(), CommandError> {
    on_state(app, move |state| {
        let job = state.engine.queue().get(&id)?;
        let path = estudio_worker::outputs::openable_output(&job)?;
        tauri_plugin_opener::reveal_item_in_dir(&path).map_err(|e| nothing_opened(&path, false, &e))
    })
    .await
}

/// The desktop opened nothing (no player, no file manager, no session bus): said in the
/// person's words with the folder to go to; the launcher's own text goes to the log.
fn nothing_opened(path: &Path, video: bool, e: &dyn std::fmt::Display) -> CommandError {
    tracing::warn!(path = %path.display(), error = %e, "the desktop opened nothing");
    let folder = path
        .parent()
        .map_or_else(String::new, |d| d.display().to_string());
    CommandError::new(
        CommandErrorKind::NothingOpened,
        estudio_words::Message::NothingOpened { video, folder }.to_string(),
    )
}

/// How many renders this window's process runs now: closing it stops them (they go back to the
/// queue and resume at the next start), so the window asks first.
#[tauri::command]
pub async fn renders_here(app: AppHandle) -> Result<usize, CommandError> {
    on_state(app, |state| Ok(state.engine.renders_here())).await
}

#[tauri::command]
pub async fn cancel_job(app: AppHandle, id: String) -> Result<Job, CommandError> {
    on_state(app, move |state| Ok(state.engine.cancel(&id)?)).await
}

#[tauri::command]
pub async fn retry_job(app: AppHandle, id: String) -> Result<Job, CommandError> {
    on_state(app, move |state| Ok(state.engine.retry(&id)?)).await
}

#[tauri::command]
pub async fn remove_job(app: AppHandle, id: String) -> Result<(), CommandError> {
    on_state(app, move |state| Ok(state.engine.remove(&id)?)).await
}

#[tauri::command]
pub async fn clear_finished(app: AppHandle) -> Result<usize, CommandError> {
    on_state(app, |state| Ok(state.engine.clear_finished()?)).await
}

#[tauri::command]
pub async fn queue_settings(app: AppHandle) -> Result<QueueSettings, CommandError> {
    on_state(app, |state| Ok(state.engine.settings()?)).await
}

/// Changes the queue-wide settings (concurrency 1-16, days finished jobs are kept); the app's
/// worker threads follow the concurrency, and jobs past the new retention are deleted now.
#[tauri::command]
pub async fn set_queue_settings(
    app: AppHandle,
    settings: QueueSettings,
) -> Result<QueueSettings, CommandError> {
    on_state(app, move |state| {
        let saved = state.engine.set_settings(&settings)?;
        state.grow_workers(saved.concurrency);
        state.engine.prune()?;
        Ok(saved)
    })
    .await
}

#[tauri::command]
pub async fn prefs(app: AppHandle) -> Result<Prefs, CommandError> {
    on_state(app, |state| Ok(state.prefs())).await
}

/// Saves the preferences the Settings dialog edits (output folder, notifications); the recent
/// list and remembered destinations are kept as they are.
#[tauri::command]
pub async fn set_prefs(app: AppHandle, prefs: Prefs) -> Result<Prefs, CommandError> {
    on_state(app, move |state| {
        let voice = prefs.voice.filter(|v| !v.trim().is_empty());
        if let Some(v) = &voice {
            if estudio_project::VoiceName::parse(v).is_none() {
                let message = estudio_words::Message::NotAVoiceName { voice: v.clone() };
                return Err(CommandError::new(
                    CommandErrorKind::InvalidOptions,
                    message.to_string(),
                ));
            }
        }
        // The person's pronunciations, each problem at its entry's field (as in a project).
        let problems = estudio_project::pronunciation_problems(
            &prefs.pronunciations,
            &estudio_project::Pointer::root().push("pronunciations"),
        );
        if let Some(first) = problems.first() {
            let mut err = CommandError::new(CommandErrorKind::InvalidOptions, first.to_string());
            err.problems = problems;
            return Err(err);
        }
        let farm_url = farm_address(prefs.farm_url.as_deref())?;
        let path_map: Vec<String> = prefs
            .path_map
            .iter()
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty())
            .collect();
        if let Err(detail) = estudio_worker::PathMap::parse(path_map.iter().map(String::as_str)) {
            return Err(CommandError::new(
                CommandErrorKind::InvalidOptions,
                estudio_words::Message::PathMapInvalid { detail }.to_string(),
            ));
        }
        let saved = state.update_prefs(|p| {
            p.farm_url = farm_url;
            p.path_map = path_map;
            p.output_folder = prefs.output_folder.filter(|f| !f.trim().is_empty());
            p.notifications = prefs.notifications;
            p.cache_max_bytes = prefs.cache_max_bytes;
            p.voice = voice;
            p.pronunciations = prefs
                .pronunciations
                .into_iter()
                .map(|mut e| {
                    e.text = e.text.trim().to_owned();
                    e
                })
                .collect();
            p.voice_folders = prefs
                .voice_folders
                .into_iter()
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .collect();
        })?;
        // Renders of this process keep to the new bound from their next part on.
        state.engine.set_cache_bound(saved.cache_max_bytes);
        Ok(saved)
    })
    .await
}

/// `text` as a narration says it with a project's `pronunciations`, the person's (`personal`:
/// those being edited in Settings, not yet saved; `None`: those saved) and the shipped ones, by
/// `voice` (else Settings' voice, else pt-br): Listen of a pronunciation entry. The sound's
/// bytes, for the window to play.
#[tauri::command]
pub async fn say_line(
    app: AppHandle,
    text: String,
    voice: Option<String>,
    pronunciations: Vec<estudio_spoken::Entry>,
    personal: Option<Vec<estudio_spoken::Entry>>,
) -> Result<tauri::ipc::Response, CommandError> {
    on_state(app, move |state| {
        let voice = voice
            .filter(|v| !v.trim().is_empty())
            .or_else(|| state.prefs().voice)
            .unwrap_or_else(|| estudio_project::DEFAULT_VOICE.to_owned());
        let request = estudio_render::speech::Request {
            rate: 1.0,
            pause: None,
        };
        let wav = estudio_worker::say(
            &text,
            &voice,
            &request,
            &pronunciations,
            personal,
            &estudio_render::CancelToken::new(),
        )
        .map_err(|e| CommandError::new(CommandErrorKind::Internal, e.message().to_string()))?;
        file_bytes(&wav, CommandErrorKind::Internal)
    })
    .await
}

/// Bytes the cache of finished parts holds, for Settings.
#[tauri::command]
pub async fn cache_bytes(app: AppHandle) -> Result<u64, CommandError> {
    on_state(app, |state| Ok(state.engine.cache_bytes())).await
}

/// Empties the cache of finished parts (the next exports render everything); returns the bytes
/// freed.
#[tauri::command]
pub async fn clear_cache(app: AppHandle) -> Result<u64, CommandError> {
    on_state(app, |state| Ok(state.engine.clear_cache())).await
}

/// Drops a project from the recent list (e.g. a file that no longer exists).
#[tauri::command]
pub async fn forget_recent(app: AppHandle, path: String) -> Result<Prefs, CommandError> {
    on_state(app, move |state| {
        Ok(state.update_prefs(|p| p.recent.retain(|r| *r != path))?)
    })
    .await
}

/// Pauses or resumes the whole queue (in every process sharing it).
#[tauri::command]
pub async fn set_paused(app: AppHandle, paused: bool) -> Result<QueueSettings, CommandError> {
    on_state(app, move |state| Ok(state.engine.set_paused(paused)?)).await
}

/// A voice the window offers for narrations.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VoiceChoice {
    /// What a narration's `voice` says (`pt-br`, `piper:pt_BR-faber-medium`).
    pub voice: String,
    /// `espeak-ng` or `piper`.
    pub engine: String,
    /// `pt-br`, `en_US`, ...
    pub language: String,
    /// Piper's quality (`medium`), or espeak-ng's name of the voice.
    pub detail: String,
}

/// The render farm's address as Settings keep it: `None` for this computer's queue; a password
/// typed in it is moved to `~/.pgpass` (the window shows Settings back, and must never show a
/// password).
fn farm_address(url: Option<&str>) -> Result<Option<String>, CommandError> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let invalid = |detail: String| {
        CommandError::new(
            CommandErrorKind::InvalidOptions,
            estudio_words::Message::DatabaseAddress { detail }.to_string(),
        )
    };
    let (bare, password) = estudio_queue::split_password(url);
    let estudio_queue::QueueTarget::Postgres(target) =
        estudio_queue::QueueTarget::parse(&bare).map_err(|e| invalid(e.to_string()))?
    else {
        return Err(invalid(
            "a render farm's address starts with postgres://".to_owned(),
        ));
    };
    if let Some(password) = password {
        target
            .remember_password(&password)
            .map_err(|e| invalid(format!("the password could not be kept in ~/.pgpass: {e}")))?;
    }
    Ok(Some(bare))
}

/// Connects to a render farm's server as Settings would, without changing anything there;
/// says what answered.
#[tauri::command]
pub async fn test_farm(url: String) -> Result<String, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        let target = estudio_queue::QueueTarget::parse(url.trim())?;
        let estudio_queue::QueueTarget::Postgres(pg) = &target else {
            return Err(CommandError::new(
                CommandErrorKind::InvalidOptions,
                estudio_words::Message::DatabaseAddress {
                    detail: "a render farm's address starts with postgres://".to_owned(),
                }
                .to_string(),
            ));
        };
        let version = pg.server_version()?;
        Ok(estudio_words::Message::FarmConnected {
            farm: target.shown(),
            version,
        }
        .to_string())
    })
    .await
    .map_err(|e| CommandError::new(CommandErrorKind::Internal, e.to_string()))?
}

/// Every voice narrations can be spoken with: Piper's (found in `ESTUDIO_VOICES`, the folders
/// of Settings and the data folder's `voices/`) first, then espeak-ng's.
#[tauri::command]
pub async fn list_voices(app: AppHandle) -> Result<Vec<VoiceChoice>, CommandError> {
    on_state(app, |_| {
        let piper = estudio_worker::paths::voice_folders()
            .list()
            .into_iter()
            .map(|v| VoiceChoice {
                voice: format!("piper:{}", v.name),
                engine: "piper".to_owned(),
                language: v.language,
                detail: v.quality,
            });
        // Without espeak-ng the list has Piper's voices only; opening a project says why.
        let espeak = estudio_render::speech::Espeak::detect()
            .map(|e| e.voices)
            .unwrap_or_default()
            .into_iter()
            .map(|v| VoiceChoice {
                voice: v.name.clone(),
                engine: "espeak-ng".to_owned(),
                language: v.name,
                detail: v.title,
            });
        Ok(piper.chain(espeak).collect())
    })
    .await
}
