//! What the app shows about an opened project.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{LoadedProject, Problem};

/// The facts about a project the window and the CLI show before exporting it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProjectSummary {
    /// The project file, absolute.
    pub path: String,
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub scene_count: u32,
    /// Length of the rendered video in seconds.
    pub duration_secs: f64,
    /// Every validation problem; Export is possible only when this is empty.
    pub problems: Vec<Problem>,
}

impl From<&LoadedProject> for ProjectSummary {
    fn from(loaded: &LoadedProject) -> Self {
        let p = &loaded.project;
        Self {
            path: loaded.path.to_string_lossy().into_owned(),
            title: p.title.clone(),
            width: p.canvas.width,
            height: p.canvas.height,
            fps: p.canvas.fps,
            scene_count: u32::try_from(p.scenes.len()).unwrap_or(u32::MAX),
            duration_secs: p.timeline().duration_secs(),
            problems: loaded.problems.clone(),
        }
    }
}
