//! The commands the window may call. Each is a thin call into the engine.

use std::path::{Path, PathBuf};

use estudio_project::ProjectSummary;
use estudio_queue::{Attempt, Job, QueueSettings};
use estudio_render::{PresetId, RenderOptions};
use estudio_worker::prefs::Prefs;
use estudio_worker::ExportRequest;
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use crate::error::{CommandError, CommandErrorKind};
use crate::state::AppState;

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
    /// Set when the queue's database was found damaged at start and replaced by a new one.
    pub queue_notice: Option<String>,
    /// The built-in sample project, opened at start when nothing else is.
    pub sample_project: Option<String>,
    /// Project files the app was started with (a double-click in the file manager).
    pub open_at_start: Vec<String>,
    pub presets: Vec<PresetInfo>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        ffmpeg: state.engine.ffmpeg().ok().map(str::to_owned),
        ffmpeg_error: state.engine.ffmpeg().err().map(|e| e.to_string()),
        queue_db: state.engine.queue().path().to_string_lossy().into_owned(),
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
                label: id.preset().label.to_owned(),
                extension: id.preset().container.extension().to_owned(),
                has_video: id.preset().video != estudio_render::VideoCodec::None,
            })
            .collect(),
    }
}

/// The user's language as POSIX systems say it (`LANGUAGE`, then `LC_ALL`, `LC_MESSAGES`,
/// `LANG`), as a BCP 47 tag (`pt-BR`); `None` for the C/POSIX locale or when nothing is set.
#[tauri::command]
pub fn system_language() -> Option<String> {
    language_from(|name| std::env::var(name).ok())
}

fn language_from(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let first_of_language = var("LANGUAGE").and_then(|l| l.split(':').next().map(str::to_owned));
    let value = first_of_language
        .into_iter()
        .chain(
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|n| var(n)),
        )
        .find(|v| !v.is_empty())?;
    let tag = value
        .split(['.', '@'])
        .next()
        .unwrap_or_default()
        .replace('_', "-");
    (!tag.is_empty() && tag != "C" && tag != "POSIX").then_some(tag)
}

#[cfg(test)]
mod tests {
    use super::language_from;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_language_follows_posix_precedence() {
        assert_eq!(
            language_from(env(&[("LANG", "pt_BR.UTF-8")])),
            Some("pt-BR".into())
        );
        assert_eq!(
            language_from(env(&[("LANG", "pt_BR.UTF-8"), ("LC_ALL", "en_GB.UTF-8")])),
            Some("en-GB".into())
        );
        assert_eq!(
            language_from(env(&[("LANG", "en_US.UTF-8"), ("LANGUAGE", "pt_PT:en")])),
            Some("pt-PT".into())
        );
        assert_eq!(
            language_from(env(&[("LANG", "de_DE@euro")])),
            Some("de-DE".into())
        );
        assert_eq!(language_from(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(
            language_from(env(&[("LC_ALL", ""), ("LANG", "POSIX")])),
            None
        );
        assert_eq!(language_from(env(&[])), None);
    }
}

/// Reads, validates and prepares a project file (dropped on the window or chosen with Open):
/// media are probed and text narrations spoken, so every problem shows before Export. Async, so
/// probing a large project does not hold up the window.
/// A project that opens, even with problems, goes to the front of the recent list.
#[tauri::command]
pub async fn open_project(
    state: State<'_, AppState>,
    path: String,
) -> Result<ProjectSummary, CommandError> {
    let summary = blocking(move || inspect(&path).map(|i| i.summary())).await?;
    let sample = state.sample.as_ref().map(|p| p.to_string_lossy());
    if sample.as_deref() != Some(summary.path.as_str()) {
        if let Err(e) = state.update_prefs(|p| p.remember(&summary.path)) {
            tracing::warn!(error = %e, "the recent projects list could not be saved");
        }
    }
    Ok(summary)
}

fn inspect(path: &str) -> Result<estudio_worker::Inspected, CommandError> {
    estudio_worker::inspect(Path::new(path)).map_err(|e| {
        let mut err = CommandError::new(CommandErrorKind::InvalidProject, e.to_string());
        err.problems = e.problem().cloned().into_iter().collect();
        err
    })
}

/// Runs slow engine work (probing, ffmpeg) off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::new(CommandErrorKind::Internal, e.to_string()))?
}

/// Width of the scene thumbnails, in pixels (shown at half that on a 2x screen).
const THUMBNAIL_WIDTH: u32 = 320;

/// A PNG thumbnail of each scene of a valid project, in scene order (an empty list while the
/// project has problems). Served to the window by the asset protocol.
#[tauri::command]
pub async fn scene_thumbnails(path: String) -> Result<Vec<String>, CommandError> {
    blocking(move || {
        let Some(prepared) = inspect(&path)?.prepared else {
            return Ok(Vec::new());
        };
        let thumbs = estudio_render::thumbnails(
            &prepared,
            &estudio_worker::paths::thumbnail_dir(),
            THUMBNAIL_WIDTH,
            &estudio_render::CancelToken::new(),
        )?;
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
pub fn create_slideshow(files: Vec<String>) -> Result<SlideshowCreated, CommandError> {
    let files: Vec<PathBuf> = files.into_iter().map(PathBuf::from).collect();
    let made = estudio_project::slideshow::create(&files)?;
    Ok(SlideshowCreated {
        path: made.path.to_string_lossy().into_owned(),
        unused: made
            .unused
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect(),
    })
}

/// A sensible destination for a project's export: the user's Videos folder (or the project's
/// folder), named after the project's title, not overwriting an existing file.
///
/// A project exported before gets its last destination again (with the preset's extension), so
/// a re-export replaces the previous video, as the user chose last time.
#[tauri::command]
pub fn suggest_output(
    state: State<'_, AppState>,
    project: String,
    title: String,
    preset: PresetId,
) -> String {
    let ext = preset.preset().container.extension();
    let prefs = state.prefs();
    if preset != PresetId::Preview {
        if let Some(last) = prefs.destinations.get(&project) {
            let last = Path::new(last).with_extension(ext);
            if last.parent().is_some_and(Path::is_dir) {
                return last.to_string_lossy().into_owned();
            }
        }
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let videos = home
        .as_ref()
        .map(|h| h.join("Videos"))
        .filter(|d| d.is_dir());
    let folder = prefs
        .output_folder
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .or(videos)
        .or_else(|| Path::new(&project).parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned();
    let stem = if stem.is_empty() {
        "video".to_owned()
    } else {
        stem
    };
    let suffix = if preset == PresetId::Preview {
        " (preview)"
    } else {
        ""
    };
    let mut candidate = folder.join(format!("{stem}{suffix}.{ext}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{stem}{suffix} ({n}).{ext}"));
        n += 1;
    }
    candidate.to_string_lossy().into_owned()
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
}

#[tauri::command]
pub fn enqueue_export(state: State<'_, AppState>, input: ExportInput) -> Result<Job, CommandError> {
    let job = state.engine.enqueue(&ExportRequest {
        project: input.project.clone().into(),
        preset: input.preset,
        options: input.options,
        output: input.output.into(),
        priority: 0,
    })?;
    if let Err(e) = state.update_prefs(|p| {
        p.destinations.insert(input.project, job.output.clone());
    }) {
        tracing::warn!(error = %e, "the destination could not be remembered");
    }
    Ok(job)
}

/// Queues a fast low-resolution render of the project, ahead of exports, into the app's
/// previews folder, to play in the window. Each preview gets a new file name (the window's video
/// element would otherwise show a cached earlier one); earlier previews of the project are
/// deleted, so the folder holds one per project.
#[tauri::command]
pub fn preview_project(state: State<'_, AppState>, project: String) -> Result<Job, CommandError> {
    let key = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, project.as_bytes()).simple();
    let dir = estudio_worker::paths::preview_dir();
    std::fs::create_dir_all(&dir).map_err(|e| {
        CommandError::new(
            CommandErrorKind::Internal,
            format!("{}: {e}", dir.display()),
        )
    })?;
    let ext = PresetId::Preview.preset().container.extension();
    let stamp = estudio_queue::now_ms();
    let job = state.engine.enqueue(&ExportRequest {
        project: project.into(),
        preset: PresetId::Preview,
        options: RenderOptions::default(),
        output: dir.join(format!("{key}-{stamp}.{ext}")),
        // Previews jump ahead of exports: the user is waiting to watch.
        priority: 10,
    })?;
    let prefix = format!("{key}-");
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let earlier = entry.file_name().to_string_lossy().starts_with(&prefix)
            && path.to_string_lossy() != job.output;
        if earlier {
            std::fs::remove_file(&path).ok();
        }
    }
    Ok(job)
}

/// The bytes of a completed preview, for the window to play from memory: WebKitGTK's media
/// player cannot read the app's own URL schemes (it asks GStreamer, which knows only http(s) and
/// files), but it plays `blob:` addresses. Only preview jobs' files, inside the previews folder,
/// are served.
#[tauri::command]
pub async fn preview_bytes(
    state: State<'_, AppState>,
    id: String,
) -> Result<tauri::ipc::Response, CommandError> {
    let job = state.engine.queue().get(&id)?;
    let dir = estudio_worker::paths::preview_dir();
    let path = PathBuf::from(&job.output);
    let inside = std::fs::canonicalize(&path)
        .ok()
        .zip(std::fs::canonicalize(&dir).ok())
        .is_some_and(|(p, d)| p.starts_with(d));
    if job.preset != PresetId::Preview.to_string()
        || job.status != estudio_queue::JobStatus::Completed
        || !inside
    {
        return Err(CommandError::new(
            CommandErrorKind::InvalidState,
            "only a completed preview can be played in the window",
        ));
    }
    let bytes = blocking(move || {
        std::fs::read(&path).map_err(|e| {
            CommandError::new(
                CommandErrorKind::Internal,
                format!("{}: {e}", path.display()),
            )
        })
    })
    .await?;
    Ok(tauri::ipc::Response::new(bytes))
}

/// Every job, newest first. Called once when the window loads; events keep it current after.
#[tauri::command]
pub fn list_jobs(state: State<'_, AppState>) -> Result<Vec<Job>, CommandError> {
    Ok(state.engine.jobs()?)
}

/// A job's attempts, each with its error and log (the ffmpeg command and the end of its output).
#[tauri::command]
pub fn job_log(state: State<'_, AppState>, id: String) -> Result<Vec<Attempt>, CommandError> {
    Ok(state.engine.queue().attempts(&id)?)
}

/// Opens a completed job's video with the system's player. Only a job's own output can be opened
/// this way: the window has no permission to open arbitrary paths.
#[tauri::command]
pub fn open_output(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<(), CommandError> {
    use tauri_plugin_opener::OpenerExt;
    let job = state.engine.queue().get(&id)?;
    if job.status != estudio_queue::JobStatus::Completed {
        return Err(CommandError::new(
            CommandErrorKind::InvalidState,
            "only a completed job's video can be opened",
        ));
    }
    app.opener()
        .open_path(&job.output, None::<&str>)
        .map_err(|e| CommandError::new(CommandErrorKind::Internal, e.to_string()))
}

#[tauri::command]
pub fn cancel_job(state: State<'_, AppState>, id: String) -> Result<Job, CommandError> {
    Ok(state.engine.cancel(&id)?)
}

#[tauri::command]
pub fn retry_job(state: State<'_, AppState>, id: String) -> Result<Job, CommandError> {
    Ok(state.engine.retry(&id)?)
}

#[tauri::command]
pub fn remove_job(state: State<'_, AppState>, id: String) -> Result<(), CommandError> {
    Ok(state.engine.remove(&id)?)
}

#[tauri::command]
pub fn clear_finished(state: State<'_, AppState>) -> Result<usize, CommandError> {
    Ok(state.engine.clear_finished()?)
}

#[tauri::command]
pub fn queue_settings(state: State<'_, AppState>) -> Result<QueueSettings, CommandError> {
    Ok(state.engine.settings()?)
}

/// Changes the queue-wide settings (concurrency 1-16, days finished jobs are kept); the app's
/// worker threads follow the concurrency, and jobs past the new retention are deleted now.
#[tauri::command]
pub fn set_queue_settings(
    state: State<'_, AppState>,
    settings: QueueSettings,
) -> Result<QueueSettings, CommandError> {
    let saved = state.engine.set_settings(&settings)?;
    state.grow_workers(saved.concurrency);
    state.engine.prune()?;
    Ok(saved)
}

#[tauri::command]
pub fn prefs(state: State<'_, AppState>) -> Prefs {
    state.prefs()
}

/// Saves the preferences the Settings dialog edits (output folder, notifications); the recent
/// list and remembered destinations are kept as they are.
#[tauri::command]
pub fn set_prefs(state: State<'_, AppState>, prefs: Prefs) -> Result<Prefs, CommandError> {
    Ok(state.update_prefs(|p| {
        p.output_folder = prefs.output_folder.filter(|f| !f.trim().is_empty());
        p.notifications = prefs.notifications;
    })?)
}

/// Drops a project from the recent list (e.g. a file that no longer exists).
#[tauri::command]
pub fn forget_recent(state: State<'_, AppState>, path: String) -> Result<Prefs, CommandError> {
    Ok(state.update_prefs(|p| p.recent.retain(|r| *r != path))?)
}

/// Pauses or resumes the whole queue (in every process sharing it).
#[tauri::command]
pub fn set_paused(state: State<'_, AppState>, paused: bool) -> Result<QueueSettings, CommandError> {
    Ok(state.engine.set_paused(paused)?)
}
