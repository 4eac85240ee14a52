//! What the app shows about an opened project.

use serde::{Deserialize, Serialize};

use crate::{Background, LoadedProject, Problem, Project, Scene};

/// The facts about a project the window and the CLI show before exporting it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
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
    pub scenes: Vec<SceneSummary>,
}

/// One scene as the project panel lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct SceneSummary {
    /// When the scene starts in the video, in seconds.
    pub start_secs: f64,
    /// Its length in seconds (0 while it is still to be taken from a narration).
    pub duration_secs: f64,
    /// A line to recognise it by: its first text, else its caption, its spoken text, or the
    /// name of its background.
    pub label: String,
    /// Whether it has a narration.
    pub narrated: bool,
    /// The voice its text narration is spoken with (its own, the project's default, or
    /// `pt-br`); `None` for a recording or no narration.
    pub voice: Option<String>,
}

impl SceneSummary {
    /// The scenes of `project`, timed as it stands.
    pub fn of(project: &Project) -> Vec<Self> {
        let timeline = project.timeline();
        project
            .scenes
            .iter()
            .zip(&timeline.scenes)
            .enumerate()
            .map(|(i, (scene, span))| Self {
                start_secs: timeline.frames_to_secs(span.start),
                duration_secs: scene.duration_secs(),
                label: label(scene),
                narrated: scene.narration.is_some(),
                voice: project.speech(i).map(|s| s.voice),
            })
            .collect()
    }
}

fn label(scene: &Scene) -> String {
    let file_name = |p: &str| {
        std::path::Path::new(p)
            .file_name()
            .map_or_else(|| p.to_owned(), |n| n.to_string_lossy().into_owned())
    };
    let text = scene
        .texts
        .first()
        .map(|t| t.text.clone())
        .or_else(|| scene.caption.clone())
        .or_else(|| scene.narration.as_ref().and_then(|n| n.text.clone()));
    let line = match text {
        Some(t) => t.split_whitespace().collect::<Vec<_>>().join(" "),
        None => match &scene.background {
            Background::Image { image, .. } => file_name(image),
            Background::Video { video, .. } => file_name(video),
            Background::Color { color } => color.clone(),
        },
    };
    // Long enough to recognise a scene, short enough for one line of the list.
    const MAX: usize = 80;
    if line.chars().count() > MAX {
        line.chars()
            .take(MAX - 1)
            .chain(std::iter::once('…'))
            .collect()
    } else {
        line
    }
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
            scenes: SceneSummary::of(p),
        }
    }
}
