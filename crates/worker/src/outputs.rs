//! Where exports go and which files the front ends may touch: the one destination check (app and
//! CLI alike), suggested destinations, preview files, and what the window may open or reveal.
//! Policy lives here, tested with the engine; the app only calls it.

use std::path::{Path, PathBuf};

use estudio_queue::{Job, JobStatus};
use estudio_render::{PresetId, RenderOptions};
use estudio_words::{Cause, OpenWhy, OutputWhy};

use crate::prefs::Prefs;
use crate::EngineError;

/// Whether an export may replace what is at its destination: only when the person said so (the
/// window asked them; `estudio-cli --force`). A proposed destination is always a free name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replace {
    /// A video (or its poster or captions) already there stops the export.
    #[default]
    No,
    /// A video of the preset's kind there is replaced, with its poster and captions.
    Yes,
}

/// The destination of an export, checked: absolute, with the preset's extension (added when the
/// name has another), in an existing folder, not a folder, not one of the project's own files
/// (`inputs`: the project file and its media) nor would its side files be; when a file is
/// already there, one of the preset's kind (a video replaces a video; a document, a script or a
/// photo is never overwritten), and replaced only when `replace` says so. Returns the path to
/// render to.
///
/// # Errors
/// [`EngineError::Output`] naming the path and the reason; [`OutputWhy::Exists`] when a video is
/// there and `replace` is [`Replace::No`].
pub fn check_destination(
    output: &Path,
    preset: PresetId,
    options: &RenderOptions,
    inputs: &[PathBuf],
    replace: Replace,
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
        Some(dir) if dir.is_dir() => {
            // A folder this process may not write (another user's, a read-only disk) is said
            // now, not after the render (or the wait in the queue).
            let access = rustix::fs::access(
                dir,
                rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK,
            );
            if let Err(e) = access {
                let cause = Cause::from(&std::io::Error::from(e));
                return Err(err(&abs, OutputWhy::Unusable { cause }));
            }
        }
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
    if replace == Replace::No {
        if let Some(there) = std::iter::once(abs.clone())
            .chain(estudio_render::side_files(&abs, options))
            .find(|p| std::fs::symlink_metadata(p).is_ok())
        {
            return Err(err(
                &abs,
                OutputWhy::Exists {
                    existing: there.display().to_string(),
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

/// A destination for a project's export, always a free name (replacing a video is the person's
/// choice, asked for when they pick it): where its last export went, with the preset's
/// extension, when it was exported before; else the preferred output folder, the user's videos
/// folder (`~/Vídeos` on a Portuguese desktop, from the XDG user dirs), else their home folder,
/// named after the title. A name that is taken gets the first free ` (2)`, ` (3)`, … (a video,
/// a poster or captions of that name count).
pub fn suggest_destination(
    prefs: &Prefs,
    project: &Path,
    title: &str,
    preset: PresetId,
) -> PathBuf {
    let ext = preset.preset().container.extension();
    let last = (preset != PresetId::Preview)
        .then(|| {
            prefs
                .destinations
                .get(&project.to_string_lossy().into_owned())
        })
        .flatten()
        .map(PathBuf::from)
        .filter(|last| last.parent().is_some_and(Path::is_dir));
    let (folder, stem) = match last {
        Some(last) => (
            last.parent().map(Path::to_path_buf).unwrap_or_default(),
            last.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        None => (default_folder(prefs), file_stem_of(title)),
    };
    let taken = |p: &Path| {
        std::fs::symlink_metadata(p).is_ok()
            || ["poster.png", "srt", "vtt"]
                .iter()
                .any(|side| std::fs::symlink_metadata(p.with_extension(side)).is_ok())
    };
    let mut candidate = folder.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while taken(&candidate) {
        candidate = folder.join(format!("{stem} ({n}).{ext}"));
        n += 1;
    }
    candidate
}

/// Where exports go when the project says nothing: the folder chosen in Settings, else the
/// user's videos folder, else their home folder (never the app's hidden data folder), else the
/// current folder.
pub fn default_folder(prefs: &Prefs) -> PathBuf {
    prefs
        .output_folder
        .as_ref()
        .map(PathBuf::from)
        .filter(|d| d.is_dir())
        .or_else(|| dirs::video_dir().filter(|d| d.is_dir()))
        .or_else(|| dirs::home_dir().filter(|d| d.is_dir()))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A title as a file name: characters no file system takes become `_`, no leading dot, and
/// `video` when nothing is left.
/// A proposed name keeps at most this many characters of the title (a long title of accented
/// words would otherwise pass the 255 bytes a file name may have).
const STEM_CHARS: usize = 100;

fn file_stem_of(title: &str) -> String {
    let stem: String = title
        .chars()
        .take(STEM_CHARS)
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
    if stem.is_empty() {
        "video".to_owned()
    } else {
        stem
    }
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

/// Removes the files of `dir` whose names start with `prefix`, but the `keep` newest (by
/// modification time): a folder of previews stays bounded. Returns how many went.
pub fn keep_newest(dir: &Path, prefix: &str, keep: usize) -> usize {
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    files
        .iter()
        .skip(keep)
        .filter(|(_, p)| std::fs::remove_file(p).is_ok())
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
