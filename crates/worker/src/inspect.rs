//! Opening a project as every front end does: load, validate, then prepare (speak, probe, time),
//! so the window, `estudio-cli validate` and Export all see the same problems.

use std::path::Path;

use estudio_project::{LoadError, LoadedProject, ProjectSummary};
use estudio_render::speech::Speakers;
use estudio_render::{CancelToken, Prepared};

use crate::paths;

/// A project read from disk and, when it has no problems, prepared for rendering.
#[derive(Debug, Clone)]
pub struct Inspected {
    /// The project as written; its `problems` include those preparing found.
    pub loaded: LoadedProject,
    /// `Some` exactly when `loaded.problems` is empty.
    pub prepared: Option<Prepared>,
}

impl Inspected {
    /// What the window and the CLI show: durations taken from narrations are known here.
    pub fn summary(&self) -> ProjectSummary {
        let mut summary = ProjectSummary::from(&self.loaded);
        if let Some(p) = &self.prepared {
            summary.duration_secs = p.project.timeline().duration_secs();
            let spoken = summary.scenes;
            summary.scenes = estudio_project::SceneSummary::of(&p.project);
            // Prepared, the narrations are recordings and every length is known: who speaks and
            // where each length comes from are the project's as written.
            for (scene, written) in summary.scenes.iter_mut().zip(spoken) {
                scene.voice = written.voice;
                scene.length_from = written.length_from;
            }
        }
        summary
    }
}

/// Loads, validates and prepares the project at `path`; `cancel` stops its speech (a problem
/// then says it was canceled).
///
/// # Errors
/// [`LoadError`] when the file cannot be read or is not a project at all; every other problem is
/// in [`Inspected::loaded`].
pub fn inspect(path: &Path, cancel: &CancelToken) -> Result<Inspected, LoadError> {
    let mut loaded = estudio_project::load(path)?;
    let speakers = Speakers::new(paths::voice_folders(), cancel.clone());
    if !loaded.is_valid() {
        // Every problem at once: a voice that is not installed too, not only once the others
        // are fixed (nothing is spoken for a project with problems).
        let voices = estudio_render::voice_problems(&loaded.project, &speakers);
        loaded.problems.extend(voices);
        return Ok(Inspected {
            loaded,
            prepared: None,
        });
    }
    match estudio_render::prepare_with(&loaded.project, &paths::cache_dir(), &speakers) {
        Ok(prepared) => Ok(Inspected {
            loaded,
            prepared: Some(prepared),
        }),
        Err(problems) => {
            loaded.problems = problems;
            Ok(Inspected {
                loaded,
                prepared: None,
            })
        }
    }
}
