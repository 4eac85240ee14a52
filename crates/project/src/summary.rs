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
    /// How many clips are drawn over its background.
    pub clips: u32,
    /// The voice its text narration is spoken with (its own, the project's default, or
    /// `pt-br`); `None` for a recording or no narration.
    pub voice: Option<String>,
    /// Where its length comes from.
    pub length_from: LengthFrom,
    /// Its transition into the next scene, as it will be drawn; `None` for a cut and the last.
    pub transition: Option<TransitionSummary>,
    /// The fields it takes from the project's `defaults` (`duration`, `transition`, `fit`,
    /// `text`, `narration`), each named once.
    pub from_defaults: Vec<String>,
}

/// Where a scene's length comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
#[serde(rename_all = "snake_case")]
pub enum LengthFrom {
    /// Its own `duration`.
    Written,
    /// `defaults.duration`.
    Default,
    /// Its clip, from `start` to `end`.
    Clip,
    /// Its narration, plus the pad.
    Narration,
}

/// A transition as it will be drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct TransitionSummary {
    /// ffmpeg's name (`fade` for `crossfade`; what `random` picked).
    pub name: String,
    /// The name as people read it, in their language.
    pub label: String,
    pub secs: f64,
    /// Its pace, as it will be drawn (the one its name brings when it gives none).
    pub easing: crate::Easing,
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
                clips: u32::try_from(scene.videos.len()).unwrap_or(u32::MAX),
                voice: project.speech(i).map(|s| s.voice),
                length_from: length_from(project, i),
                transition: scene
                    .transition
                    .as_ref()
                    .filter(|t| i + 1 < project.scenes.len() && !t.is_cut())
                    .map(|t| TransitionSummary {
                        name: t.xfade().to_owned(),
                        label: estudio_words::Message::TransitionName {
                            name: t.xfade().to_owned(),
                        }
                        .to_string(),
                        secs: t.secs(),
                        easing: t.pace(),
                    }),
                from_defaults: from_defaults(project, i),
            })
            .collect()
    }
}

/// Where scene `i`'s length comes from, as the project was written (before durations are filled
/// in from clips and narrations).
fn length_from(project: &Project, i: usize) -> LengthFrom {
    let scene = &project.scenes[i];
    let at = format!("/scenes/{i}/duration");
    match (&scene.duration, &scene.background) {
        (Some(_), _) if project.filled.is_filled(&at) => LengthFrom::Default,
        (Some(_), _) => LengthFrom::Written,
        (None, Background::Video { .. }) => LengthFrom::Clip,
        (None, _) if scene.narration.is_none() && scene.videos.iter().any(|v| !v.r#loop) => {
            LengthFrom::Clip
        }
        (None, _) => LengthFrom::Narration,
    }
}

/// The top-level fields of `defaults` that scene `i` took something from.
fn from_defaults(project: &Project, i: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (scene_field, default_field) in project.filled.entries() {
        if !scene_field.starts_with(&format!("/scenes/{i}/")) {
            continue;
        }
        if let Some(name) = default_field
            .strip_prefix("/defaults/")
            .and_then(|d| d.split('/').next())
        {
            if !out.iter().any(|n| n == name) {
                out.push(name.to_owned());
            }
        }
    }
    out
}

fn label(scene: &Scene) -> String {
    let file_name = |p: &str| {
        std::path::Path::new(p)
            .file_name()
            .map_or_else(|| p.to_owned(), |n| n.to_string_lossy().into_owned())
    };
    let text = scene
        .name
        .clone()
        .or_else(|| scene.texts.first().map(|t| t.text.clone()))
        .or_else(|| scene.caption.clone())
        .or_else(|| scene.narration.as_ref().and_then(|n| n.text.clone()));
    let line = match text {
        Some(t) => t.split_whitespace().collect::<Vec<_>>().join(" "),
        None => match &scene.background {
            Background::Image { image, .. } => file_name(image),
            Background::Video { video, .. } => file_name(video),
            Background::Color { color } => color.clone(),
            Background::Gradient { gradient } => gradient.colors.join(" → "),
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
