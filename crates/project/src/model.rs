//! The typed project model: exactly what a `.estudio` file holds.
//!
//! Paths are stored as written (relative to the project file); [`Project::resolve_paths`] makes
//! them absolute so a queued job no longer depends on where the project file lives.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A narrated video: a canvas, an ordered list of scenes and optional background music.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Format version. This build reads version 1.
    pub version: u32,
    /// Shown in the app and used to name exports.
    pub title: String,
    pub canvas: Canvas,
    /// Played in order. Scene `i` starts where scene `i-1` ends, minus the transition between them.
    pub scenes: Vec<Scene>,
    /// Background music, trimmed (or looped) to the video's length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub music: Option<Music>,
}

/// The frame every scene is drawn on. Export presets scale it; its aspect ratio is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Canvas {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Frames per second.
    pub fps: u32,
    /// Colour behind everything (`#rrggbb`), visible around `contain`-fitted images.
    #[serde(default = "default_canvas_background")]
    #[schemars(regex(pattern = r"^#[0-9a-fA-F]{6}$"))]
    pub background: String,
}

fn default_canvas_background() -> String {
    "#000000".to_owned()
}

/// One shot of the video: a background, text on top, its narration and the transition out of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Length in seconds, including the transitions that overlap it.
    pub duration: f64,
    pub background: Background,
    /// Drawn in order: later texts are on top.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<Text>,
    /// Voice-over that starts with the scene.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<Narration>,
    /// Transition into the next scene; none means a hard cut. Ignored on the last scene.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition: Option<Transition>,
}

/// What fills the canvas behind a scene's texts: exactly one of an image, a colour or a video.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "an object with one of `image`, `color` or `video`"
)]
pub enum Background {
    Image {
        /// Still image (PNG, JPEG, WebP, ...), relative to the project file.
        image: String,
        /// How the image fills the canvas.
        #[serde(default)]
        fit: Fit,
    },
    Color {
        /// `#rrggbb`.
        #[schemars(regex(pattern = r"^#[0-9a-fA-F]{6}$"))]
        color: String,
    },
    Video {
        /// Video clip, relative to the project file. Frozen on its last frame if shorter than the
        /// scene; its own audio is not used.
        video: String,
    },
}

/// How an image is fitted to the canvas.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Fit {
    /// Fill the canvas, cropping what overflows (centred).
    #[default]
    Cover,
    /// Show the whole image, with the canvas background around it.
    Contain,
}

/// A line (or several, separated by `\n`) of text drawn on a scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Any Unicode text; it reaches ffmpeg as data, never as filter syntax.
    pub text: String,
    /// Horizontal position of the text's centre, as a fraction of the canvas width (0 = left edge).
    #[serde(default = "half")]
    pub x: f64,
    /// Vertical position of the text's centre, as a fraction of the canvas height (0 = top edge).
    #[serde(default = "half")]
    pub y: f64,
    /// Font size as a fraction of the canvas height.
    #[serde(default = "default_text_size")]
    pub size: f64,
    /// `#rrggbb`.
    #[serde(default = "default_text_color")]
    #[schemars(regex(pattern = r"^#[0-9a-fA-F]{6}$"))]
    pub color: String,
    /// A border around every glyph, for text that must stay readable on any background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outline: Option<Outline>,
}

/// A border drawn around text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    /// `#rrggbb`.
    #[serde(default = "default_outline_color")]
    #[schemars(regex(pattern = r"^#[0-9a-fA-F]{6}$"))]
    pub color: String,
    /// Thickness as a fraction of the canvas height (0.004 is about 3 px at 720p).
    pub width: f64,
}

fn default_outline_color() -> String {
    "#000000".to_owned()
}

fn half() -> f64 {
    0.5
}
fn default_text_size() -> f64 {
    0.07
}
fn default_text_color() -> String {
    "#ffffff".to_owned()
}
fn one() -> f64 {
    1.0
}

/// Recorded voice-over for a scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Narration {
    /// Audio file, relative to the project file.
    pub src: String,
    /// Linear gain, 1 = as recorded.
    #[serde(default = "one")]
    pub volume: f64,
}

/// How one scene gives way to the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// An ffmpeg `xfade` transition name (`fade`, `wipeleft`, `dissolve`, ...), or `cut`.
    #[serde(rename = "type", default = "default_transition")]
    pub kind: String,
    /// Overlap with the next scene in seconds (0 for a cut).
    pub duration: f64,
}

fn default_transition() -> String {
    "fade".to_owned()
}

/// Background music for the whole video.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Music {
    /// Audio file, relative to the project file.
    pub src: String,
    /// Linear gain, 1 = as recorded.
    #[serde(default = "one")]
    pub volume: f64,
    /// Repeat the music when it is shorter than the video (otherwise silence follows it).
    #[serde(default = "yes")]
    pub r#loop: bool,
}

fn yes() -> bool {
    true
}

/// The names `Transition::kind` accepts: ffmpeg 5.1's `xfade` transitions, plus `cut`.
pub const TRANSITIONS: &[&str] = &[
    "cut",
    "fade",
    "wipeleft",
    "wiperight",
    "wipeup",
    "wipedown",
    "slideleft",
    "slideright",
    "slideup",
    "slidedown",
    "circlecrop",
    "rectcrop",
    "distance",
    "fadeblack",
    "fadewhite",
    "radial",
    "smoothleft",
    "smoothright",
    "smoothup",
    "smoothdown",
    "circleopen",
    "circleclose",
    "vertopen",
    "vertclose",
    "horzopen",
    "horzclose",
    "dissolve",
    "pixelize",
    "diagtl",
    "diagtr",
    "diagbl",
    "diagbr",
    "hlslice",
    "hrslice",
    "vuslice",
    "vdslice",
    "hblur",
    "fadegrays",
    "wipetl",
    "wipetr",
    "wipebl",
    "wipebr",
    "squeezeh",
    "squeezev",
    "zoomin",
    "fadefast",
    "fadeslow",
];

impl Transition {
    /// True when the scenes meet without overlapping.
    pub fn is_cut(&self) -> bool {
        self.kind == "cut" || self.duration == 0.0
    }
}

/// A media file a project refers to, with the JSON Pointer of the field that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MediaRef {
    pub pointer: String,
    pub path: String,
}

impl Project {
    /// Every media path in the project, in file order, with where it is written.
    pub fn media(&self) -> Vec<MediaRef> {
        let mut out = Vec::new();
        for (i, scene) in self.scenes.iter().enumerate() {
            match &scene.background {
                Background::Image { image, .. } => out.push(MediaRef {
                    pointer: format!("/scenes/{i}/background/image"),
                    path: image.clone(),
                }),
                Background::Video { video } => out.push(MediaRef {
                    pointer: format!("/scenes/{i}/background/video"),
                    path: video.clone(),
                }),
                Background::Color { .. } => {}
            }
            if let Some(n) = &scene.narration {
                out.push(MediaRef {
                    pointer: format!("/scenes/{i}/narration/src"),
                    path: n.src.clone(),
                });
            }
        }
        if let Some(m) = &self.music {
            out.push(MediaRef {
                pointer: "/music/src".to_owned(),
                path: m.src.clone(),
            });
        }
        out
    }

    /// Makes every media path absolute, relative to `base` (the project file's folder).
    pub fn resolve_paths(&mut self, base: &Path) {
        let abs = |p: &mut String| {
            let path = Path::new(p.as_str());
            if path.is_relative() {
                *p = base.join(path).to_string_lossy().into_owned();
            }
        };
        for scene in &mut self.scenes {
            match &mut scene.background {
                Background::Image { image, .. } => abs(image),
                Background::Video { video } => abs(video),
                Background::Color { .. } => {}
            }
            if let Some(n) = &mut scene.narration {
                abs(&mut n.src);
            }
        }
        if let Some(m) = &mut self.music {
            abs(&mut m.src);
        }
    }
}
