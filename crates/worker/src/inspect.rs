//! Opening a project as every front end does: load, validate, then prepare (speak, probe, time),
//! so the window, `estudio-cli validate` and Export all see the same problems.

use std::path::Path;

use estudio_project::{LoadError, LoadedProject, ProjectSummary};
use estudio_render::Prepared;

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
            summary.scenes = estudio_project::SceneSummary::of(&p.project);
        }
        summary
    }
}

/// Loads, validates and prepares the project at `path`.
///
/// # Errors
/// [`LoadError`] when the file cannot be read or is not a project at all; every other problem is
/// in [`Inspected::loaded`].
pub fn inspect(path: &Path) -> Result<Inspected, LoadError> {
    let mut loaded = estudio_project::load(path)?;
    if !loaded.is_valid() {
        return Ok(Inspected {
            loaded,
            prepared: None,
        });
    }
    match estudio_render::prepare(&loaded.project, &paths::cache_dir()) {
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
