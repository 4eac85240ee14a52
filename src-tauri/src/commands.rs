//! The commands the window may call. Each is a thin call into the engine.

use std::path::{Path, PathBuf};

use estudio_project::ProjectSummary;
use estudio_queue::{Attempt, Job, QueueSettings};
use estudio_render::{PresetId, RenderOptions};
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
    /// The built-in sample project, opened at start.
    pub sample_project: Option<String>,
    pub presets: Vec<PresetInfo>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        ffmpeg: state.ffmpeg.as_ref().ok().cloned(),
        ffmpeg_error: state.ffmpeg.as_ref().err().cloned(),
        queue_db: state.engine.queue().path().to_string_lossy().into_owned(),
        queue_notice: state.queue_notice.clone(),
        sample_project: state
            .sample
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned()),
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

/// Reads, validates and prepares a project file (dropped on the window or chosen with Open):
/// media are probed and text narrations spoken, so every problem shows before Export. Async, so
/// probing a large project does not hold up the window.
#[tauri::command]
pub async fn open_project(path: String) -> Result<ProjectSummary, CommandError> {
    let inspected = estudio_worker::inspect(Path::new(&path)).map_err(|e| {
        let mut err = CommandError::new(CommandErrorKind::InvalidProject, e.to_string());
        err.problems = e.problem().cloned().into_iter().collect();
        err
    })?;
    Ok(inspected.summary())
}

/// A sensible destination for a project's export: the user's Videos folder (or the project's
/// folder), named after the project's title, not overwriting an existing file.
#[tauri::command]
pub fn suggest_output(project: String, title: String, preset: PresetId) -> String {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let videos = home
        .as_ref()
        .map(|h| h.join("Videos"))
        .filter(|d| d.is_dir());
    let folder = videos
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
    let ext = preset.preset().container.extension();
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
    let priority = if input.preset == PresetId::Preview {
        10
    } else {
        0
    };
    Ok(state.engine.enqueue(&ExportRequest {
        project: input.project.into(),
        preset: input.preset,
        options: input.options,
        output: input.output.into(),
        priority,
    })?)
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

/// Pauses or resumes the whole queue (in every process sharing it).
#[tauri::command]
pub fn set_paused(state: State<'_, AppState>, paused: bool) -> Result<QueueSettings, CommandError> {
    Ok(state.engine.set_paused(paused)?)
}
