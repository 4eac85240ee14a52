//! Where exports go and which files the front ends may touch: the one destination check (app and
//! CLI alike), suggested destinations, preview files, and what the window may open or reveal.
//! Policy lives here, tested with the engine; the app only calls it.

use std::path::{Path, PathBuf};

use estudio_queue::{Job, JobStatus};
use estudio_render::{PresetId, RenderOptions};
use estudio_words::{Cause, OpenWhy, OutputWhy};

use crate::prefs::Prefs;
use crate::EngineError;

/// The destination of an export, checked: absolute, with the preset's extension (added when the
/// name has another), in an existing folder, not a folder, not one of the project's own files
/// (`inputs`: the project file and its media) nor would its side files be, and, when a file is
/// already there, one of the preset's kind (a video replaces a video; a document, a script or a
/// photo is never overwritten). Returns the path to render to.
///
/// # Errors
/// [`EngineError::Output`] naming the path and the reason.
pub fn check_destination(
    output: &Path,
    preset: PresetId,
    options: &RenderOptions,
    inputs: &[PathBuf],
) -> Result<PathBuf, EngineError> {
    let err = |path: &Path, why: OutputWhy| EngineError::Output {
        path: path.to_owned(),
        why,
    };
    let container = preset.preset().container;
    let ext = container.extension();
    let abs = std::path::absolute(output).map_err(|e| {
        err(
            output,
            OutputWhy::Unusable {
                cause: Cause::from(&e),
            },
        )
    })?;
    if abs.file_name().is_none() || output.as_os_str().to_string_lossy().ends_with('/') {
        return Err(err(&abs, OutputWhy::NamesNoFile));
    }
    if abs.is_dir() {
        return Err(err(&abs, OutputWhy::IsFolder));
    }
    let abs = with_extension(&abs, ext);
    if abs.is_dir() {
        return Err(err(&abs, OutputWhy::IsFolder));
    }
    match abs.parent() {
        Some(dir) if dir.is_dir() => {}
        _ => return Err(err(&abs, OutputWhy::FolderMissing)),
    }
    let is_input = |p: &Path| inputs.iter().any(|i| same_file(p, i));
    if is_input(&abs) {
        return Err(err(&abs, OutputWhy::IsProjectFile));
    }
    // The poster and captions written beside the video may not replace an input either.
    if let Some(side) = estudio_render::side_files(&abs, options)
        .into_iter()
        .find(|p| is_input(p))
    {
        return Err(err(
            &abs,
            OutputWhy::SideFileIsProjectFile {
                side: side.display().to_string(),
            },
        ));
    }
    if std::fs::symlink_metadata(&abs).is_ok() {
        let replaceable = std::fs::metadata(&abs).is_ok_and(|m| m.is_file())
            && estudio_render::media::is_of_kind(&abs, container);
        if !replaceable {
            return Err(err(
                &abs,
                OutputWhy::OtherFileThere {
                    kind: ext.to_uppercase(),
                },
            ));
        }
    }
    Ok(abs)
}

/// `path` with `ext` as its extension: kept when it already has it (in any case), else added,
/// so `notes.txt` becomes `notes.txt.mp4` and never loses what it was called.
fn with_extension(path: &Path, ext: &str) -> PathBuf {
    let has = path
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext));
    if has {
        path.to_owned()
    } else {
        let mut name = path.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        PathBuf::from(name)
    }
}

/// Whether `a` and `b` name the same file (also through links or `..`).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || (a.exists() && std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok())
}

/// A destination for a project's export: its last destination (with the preset's extension) when
/// it was exported before, so a re-export replaces the previous video as the user chose last
/// time; else the preferred output folder, the user's videos folder (`~/Vídeos` on a Portuguese
/// desktop, from the XDG user dirs) or the project's folder, named after the title, never an
/// existing file's name.
pub fn suggest_destination(
    prefs: &Prefs,
    project: &Path,
    title: &str,
    preset: PresetId,
) -> PathBuf {
    let ext = preset.preset().container.extension();
    if preset != PresetId::Preview {
        if let Some(last) = prefs
            .destinations
            .get(&project.to_string_lossy().into_owned())
        {
            let last = Path::new(last).with_extension(ext);
            if last.parent().is_some_and(Path::is_dir) {
                return last;
            }
        }
    }
    let folder = prefs
        .output_folder
        .as_ref()
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .or_else(|| dirs::video_dir().filter(|d| d.is_dir()))
        .or_else(|| project.parent().map(Path::to_path_buf))
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
        .trim_start_matches('.')
        .to_owned();
    let stem = if stem.is_empty() {
        "video".to_owned()
    } else {
        stem
    };
    let mut candidate = folder.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{stem} ({n}).{ext}"));
        n += 1;
    }
    candidate
}

/// Previews of a project are named by the project and the time: a new name each time (the
/// window's player would otherwise show a cached earlier one).
pub fn preview_destination(preview_dir: &Path, project: &Path, now_ms: i64) -> PathBuf {
    let ext = PresetId::Preview.preset().container.extension();
    preview_dir.join(format!("{}-{now_ms}.{ext}", preview_key(project)))
}

fn preview_key(project: &Path) -> String {
    uuid::Uuid::new_v5(
        &uuid::Uuid::NAMESPACE_URL,
        project.to_string_lossy().as_bytes(),
    )
    .simple()
    .to_string()
}

/// Deletes the project's earlier previews, keeping `keep`: the folder holds one per project.
/// Returns how many were deleted.
pub fn remove_earlier_previews(preview_dir: &Path, project: &Path, keep: &Path) -> usize {
    let prefix = format!("{}-", preview_key(project));
    std::fs::read_dir(preview_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix) && e.path() != keep)
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// The file of a completed job that the window may open or show in the file manager: the
/// job's own output, as the queue wrote it, still a regular file of its preset's kind.
///
/// # Errors
/// [`EngineError::NotOpenable`] otherwise.
pub fn openable_output(job: &Job) -> Result<PathBuf, EngineError> {
    let refuse = |why: OpenWhy| EngineError::NotOpenable {
        id: job.id.clone(),
        why,
    };
    if job.status != JobStatus::Completed {
        return Err(refuse(OpenWhy::NotCompleted));
    }
    let preset: PresetId = job
        .preset
        .parse()
        .map_err(|_| refuse(OpenWhy::PresetUnknown))?;
    let path = PathBuf::from(&job.output);
    let meta = std::fs::symlink_metadata(&path).map_err(|_| refuse(OpenWhy::Gone))?;
    // Replaced since by something else (a link to another file, a folder): not ours to open.
    if !meta.is_file() || !estudio_render::media::is_of_kind(&path, preset.preset().container) {
        return Err(refuse(OpenWhy::Replaced));
    }
    Ok(path)
}

/// The file of a completed preview job, inside `preview_dir`, for the window to play.
///
/// # Errors
/// [`EngineError::NotOpenable`] for any other job or file.
pub fn preview_file(job: &Job, preview_dir: &Path) -> Result<PathBuf, EngineError> {
    let path = openable_output(job)?;
    let inside = std::fs::canonicalize(&path)
        .ok()
        .zip(std::fs::canonicalize(preview_dir).ok())
        .is_some_and(|(p, d)| p.starts_with(d));
    if job.preset != PresetId::Preview.as_str() || !inside {
        return Err(EngineError::NotOpenable {
            id: job.id.clone(),
            why: OpenWhy::NotPreview,
        });
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_the_presets_and_nothing_is_renamed_away() {
        assert_eq!(
            with_extension(Path::new("/v/talk"), "mp4"),
            Path::new("/v/talk.mp4")
        );
        assert_eq!(
            with_extension(Path::new("/v/talk.MP4"), "mp4"),
            Path::new("/v/talk.MP4")
        );
        assert_eq!(
            with_extension(Path::new("/v/.bashrc"), "mp4"),
            Path::new("/v/.bashrc.mp4")
        );
        assert_eq!(
            with_extension(Path::new("/v/notes.txt"), "webm"),
            Path::new("/v/notes.txt.webm")
        );
    }
}
