//! Rendering: an Estúdio project plus an export preset becomes one ffmpeg run.
//!
//! The work is split so the interesting part is a pure function:
//! - [`graph::plan`] turns a project and a preset into the exact ffmpeg arguments (one filter
//!   graph; every image decoded and every text drawn once) and the text files drawtext reads.
//!   No I/O, so it is tested by comparing arguments.
//! - [`run`] executes a plan with ffmpeg through `ffmpeg-sidecar`, reports [`Progress`],
//!   honours a [`CancelToken`] and writes the result through an [`output::TempOutput`], so the
//!   destination only ever holds a complete file.
//!
//! ```no_run
//! use estudio_render::{render, CancelToken, PresetId, RenderOptions};
//! let loaded = estudio_project::load("talk.estudio".as_ref())?;
//! let done = render(&loaded.project, PresetId::Mp4_720p.preset(), &RenderOptions::default(),
//!     "talk.mp4".as_ref(), "cli", &CancelToken::new(), |p| println!("{:.0} %", p.fraction * 100.0))?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
pub mod escape;
mod ffmpeg;
pub mod fonts;
pub mod graph;
pub mod output;
mod preset;
mod progress;

pub use error::{RenderError, RenderLog};
pub use ffmpeg::{ffmpeg_version, run, CancelToken};
pub use preset::{Container, Preset, PresetId, RenderOptions};
pub use progress::Progress;

use std::path::Path;

use estudio_project::Project;

/// What a finished render produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The destination, now holding the complete file.
    pub output: std::path::PathBuf,
    pub bytes: u64,
    pub duration_secs: f64,
    pub log: RenderLog,
}

/// Validates `project` again (its media may have changed since it was queued), plans the render
/// and runs it to `dest`, atomically. `tag` names the temporary file's owner (a job id).
///
/// # Errors
/// [`RenderError`]: the project is no longer valid, ffmpeg is missing or failed, the render was
/// cancelled, or the output could not be written.
pub fn render(
    project: &Project,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    tag: &str,
    cancel: &CancelToken,
    on_progress: impl FnMut(&Progress),
) -> Result<Rendered, RenderError> {
    // Paths in a queued snapshot are absolute, so the base folder plays no part here.
    let problems = estudio_project::validate(project, Path::new("/"));
    if !problems.is_empty() {
        return Err(RenderError::Invalid(problems));
    }
    if project.media().iter().any(|m| Path::new(&m.path) == dest) {
        return Err(RenderError::DestinationIsInput(dest.to_owned()));
    }
    match dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => {
            return Err(RenderError::Destination {
                path: dest.to_owned(),
                reason: "its folder does not exist",
            });
        }
        _ => {}
    }
    let font = fonts::default_font().ok_or(RenderError::NoFont)?;
    let work = tempfile::Builder::new()
        .prefix("estudio-render-")
        .tempdir()
        .map_err(|source| RenderError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
    // tempfile's own error repeats the path; keep only what went wrong.
    let temp = output::TempOutput::new(dest, tag, preset.container.extension()).map_err(|e| {
        RenderError::Io {
            path: dest.parent().unwrap_or(Path::new(".")).to_owned(),
            source: std::io::Error::from(e.kind()),
        }
    })?;
    let plan = graph::plan(
        project,
        preset,
        options,
        &graph::Paths {
            work_dir: work.path(),
            font: &font,
            output: temp.path(),
        },
    );
    run(&plan, cancel, on_progress, temp)
}
