//! The typed project model: exactly what a `.estudio` file holds.
//!
//! Paths are stored as written (relative to the project file); [`Project::resolve_paths`] makes
//! them absolute so a queued job no longer depends on where the project file lives.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// What every scene uses where it says nothing itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Defaults>,
    /// How words of this project are said: each a written form and its respelling (`say`) or
    /// phonemes (`espeak`, `ipa`). Only the spoken text changes; captions and titles keep
    /// what was written. Wins over the person's and the shipped lexicons for the same form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pronunciations: Vec<estudio_spoken::Entry>,
    /// The slide deck the scenes were imported from, as the last import wrote it: what a new
    /// version of the deck is merged against. Written by the import; never drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<crate::imported::Imported>,
    /// The scene fields filled in from `defaults` when the file was read, so that a problem
    /// with one is reported at the default's field.
    #[serde(skip)]
    #[schemars(skip)]
    pub filled: crate::Filled,
}

/// Project-wide defaults, applied where a scene says nothing: a scene's own field always wins.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Length of a scene that has no duration, no narration and no clip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// Quiet after a narration when a scene's length comes from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pad: Option<f64>,
    /// Every scene's transition into the next (its missing keys, or all of it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition: Option<Transition>,
    /// How pictures and clips fill the canvas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fit: Option<Fit>,
    /// The style of every text (its fields a text does not give).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<TextDefaults>,
    /// How narrations sound: the volume of all, the voice, rate and pause of spoken ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<NarrationDefaults>,
}

/// The style a text takes when it says nothing itself (see [`Text`] for each field).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextDefaults {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outline: Option<Outline>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "box")]
    pub text_box: Option<TextBox>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow: Option<Shadow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enter: Option<TextMotion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<TextMotion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motion: Option<Motion>,
}

/// How every text narration is spoken unless it says otherwise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NarrationDefaults {
    /// The voice of every narration that names none (see [`Narration::voice`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    /// Speaking rate: 1 is the voice's natural pace, 0.5 to 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    /// Seconds of silence between sentences, 0 to 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause: Option<f64>,
    /// Linear gain of every narration, 1 = as recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<f64>,
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
    /// Colour behind everything, visible around `contain`-fitted images: a CSS colour
    /// (`#rrggbb`, `#rgb`, `black`, `rgb(0 0 0)`), opaque (nothing is behind it).
    #[serde(default = "default_canvas_background")]
    pub background: String,
}

fn default_canvas_background() -> String {
    "#000000".to_owned()
}

/// One shot of the video: a background, layers on top, its narration and the transition out of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// What the scene is called where scenes are listed (an imported slide's title). Never
    /// drawn or spoken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Length in seconds, including the transitions that overlap it. When omitted, the scene
    /// lasts as long as its clip (from `start` to `end`), or its narration (delay included) plus
    /// `pad`, whichever is longer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// Seconds of quiet after the narration when `duration` is omitted (default 0.75).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pad: Option<f64>,
    pub background: Background,
    /// Clips on top of the background (a presenter in a corner, a demo beside a slide), drawn
    /// in order, under the images and the texts. A scene without a `duration` lasts as long as
    /// the longest of them that is not looped, if that is longer than its narration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub videos: Vec<VideoLayer>,
    /// Pictures on top of the background and the clips (logos, watermarks), drawn in order,
    /// under the texts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<ImageLayer>,
    /// Drawn in order, above the images: later texts are on top.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<Text>,
    /// Voice-over that starts with the scene (after its `delay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<Narration>,
    /// Subtitle text for this scene, written to the SRT/WebVTT captions when they are asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Transition into the next scene; none means a hard cut. Ignored on the last scene.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transition: Option<Transition>,
    /// The deck's slide this scene was imported from (a `key` of the project's
    /// `imported.slides`), so a new version of the deck updates it. Never drawn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slide: Option<String>,
}

/// Seconds of quiet after a narration when a scene's duration comes from it.
pub const DEFAULT_PAD_SECS: f64 = 0.75;

impl Scene {
    /// The scene's length; 0 while it is still to be taken from the narration.
    pub fn duration_secs(&self) -> f64 {
        self.duration.unwrap_or(0.0)
    }
}

/// What fills the canvas behind a scene's layers: exactly one of an image, a colour, a video or
/// a gradient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(
    untagged,
    expecting = "an object with one of `image`, `color`, `video` or `gradient`"
)]
pub enum Background {
    Image {
        /// Still image (PNG, JPEG, WebP, ...), relative to the project file.
        image: String,
        /// How the image fills the canvas.
        #[serde(default)]
        fit: Fit,
        /// With `fit: blur`: the blur's radius as a fraction of the canvas height (0.04 by
        /// default, at most 0.25).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blur: Option<f64>,
        /// A slow zoom and pan over the scene (the Ken Burns effect).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        motion: Option<Motion>,
    },
    Color {
        /// A CSS colour (`#rrggbb`, `#rgb`, `#rrggbbaa`, `navy`, `rgba(0, 0, 128, 0.5)`); a
        /// see-through one is laid over the canvas colour.
        color: String,
    },
    Video {
        /// Video clip, relative to the project file.
        video: String,
        /// Where in the clip to start, in seconds.
        #[serde(default, skip_serializing_if = "is_zero")]
        start: f64,
        /// Where in the clip to stop, in seconds (default: its end). A scene without a
        /// `duration` lasts from `start` to here.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end: Option<f64>,
        /// Play the clip's own sound (mixed with narration and music).
        #[serde(default, skip_serializing_if = "is_false")]
        audio: bool,
        /// Linear gain of the clip's sound.
        #[serde(default = "one")]
        volume: f64,
        /// Repeat the clip when it is shorter than the scene; otherwise its last frame is held.
        #[serde(default, skip_serializing_if = "is_false")]
        r#loop: bool,
        /// Played faster (2 = twice as fast) or slower (0.5), 0.25 to 4; its sound keeps its
        /// pitch. A scene without a `duration` lasts the clip's cut divided by its speed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        speed: Option<f64>,
        /// `stretch`: the clip's cut is sped up or slowed down to last exactly the scene's
        /// `duration` (editly's `fitTime`); it then takes no `speed`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fit_time: Option<FitTime>,
        /// How the clip fills the canvas.
        #[serde(default)]
        fit: Fit,
        /// With `fit: blur`: the blur's radius as a fraction of the canvas height (0.04 by
        /// default, at most 0.25).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blur: Option<f64>,
    },
    Gradient {
        /// Colours blending into each other across the canvas.
        gradient: Gradient,
    },
}

/// Colours blending into each other: along a line at an angle, or outwards from the centre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gradient {
    /// `linear` (along a line across the canvas) or `radial` (from the centre to the corners).
    #[serde(rename = "type", default)]
    pub kind: GradientKind,
    /// 2 to 8 CSS colours, evenly spaced, the first at the start (or the centre); see-through
    /// ones are laid over the canvas colour.
    pub colors: Vec<String>,
    /// Of a linear gradient, the direction it goes, in degrees as CSS writes it: 180 (the
    /// default) from the top down, 90 from left to right, 135 towards the bottom-right corner.
    /// A radial gradient has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub angle: Option<f64>,
    /// Moves slowly over the scene, as editly's do: a linear gradient turns by 30°, a radial one
    /// spreads to twice its size.
    #[serde(default, skip_serializing_if = "is_false")]
    pub moving: bool,
}

/// How a gradient's colours are laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GradientKind {
    #[default]
    Linear,
    Radial,
}

impl Gradient {
    /// The direction of a linear gradient in degrees, 180 (top down) when not written.
    pub fn angle(&self) -> f64 {
        self.angle.unwrap_or(180.0)
    }
}

/// The most colours a gradient takes (ffmpeg's `gradients` draws up to 8).
pub const MAX_GRADIENT_COLORS: usize = 8;

fn is_zero(v: &f64) -> bool {
    *v == 0.0
}
fn is_false(v: &bool) -> bool {
    !*v
}

/// How a picture is fitted to the canvas.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Fit {
    /// Fill the canvas, cropping what overflows (centred).
    #[default]
    Cover,
    /// Show the whole picture, with the canvas background around it.
    Contain,
    /// Fill the canvas exactly, distorting the picture if its shape differs.
    Stretch,
    /// Show the whole picture over a blurred copy of itself that fills the canvas (how a
    /// portrait phone video or a 4:3 slide sits in a 16:9 video).
    Blur,
}

/// How strong the blur behind a `blur`-fitted picture is, by default: its radius as a fraction
/// of the canvas height.
pub const DEFAULT_BLUR: f64 = 0.04;
/// The strongest blur: beyond it everything is one colour anyway.
pub const MAX_BLUR: f64 = 0.25;

/// A zoom and pan from one view of the picture to another over the scene's length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Motion {
    #[serde(default)]
    pub from: View,
    #[serde(default = "View::closer")]
    pub to: View,
}

/// A view of a fitted picture: how much it is enlarged and where the view is centred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// 1 = the whole fitted picture; 2 = half of it, twice as large. From 1 to 5.
    #[serde(default = "one")]
    pub zoom: f64,
    /// Centre of the view, as a fraction of the picture's width.
    #[serde(default = "half")]
    pub x: f64,
    /// Centre of the view, as a fraction of the picture's height.
    #[serde(default = "half")]
    pub y: f64,
}

impl Default for View {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            x: 0.5,
            y: 0.5,
        }
    }
}

impl View {
    fn closer() -> Self {
        Self {
            zoom: 1.2,
            ..Self::default()
        }
    }
}

/// A picture drawn over the background: a logo, a watermark, a diagram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageLayer {
    /// Image file (PNG with transparency works), relative to the project file.
    pub src: String,
    /// Horizontal position of the picture's centre, as a fraction of the canvas width.
    #[serde(default = "half")]
    pub x: f64,
    /// Vertical position of the picture's centre, as a fraction of the canvas height.
    #[serde(default = "half")]
    pub y: f64,
    /// Width as a fraction of the canvas width; the height keeps the picture's shape.
    #[serde(default = "default_layer_width")]
    pub width: f64,
    /// 0 = invisible, 1 = opaque.
    #[serde(default = "one")]
    pub opacity: f64,
    /// Seconds into the scene when it appears (default: from the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// Seconds into the scene when it disappears (default: at the end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
}

fn default_layer_width() -> f64 {
    0.2
}

/// A clip drawn over the background, placed, sized and timed like a picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VideoLayer {
    /// Video clip, relative to the project file.
    pub src: String,
    /// Horizontal position of the clip's centre, as a fraction of the canvas width.
    #[serde(default = "half")]
    pub x: f64,
    /// Vertical position of the clip's centre, as a fraction of the canvas height.
    #[serde(default = "half")]
    pub y: f64,
    /// Width as a fraction of the canvas width.
    #[serde(default = "default_video_layer_width")]
    pub width: f64,
    /// Height as a fraction of the canvas height; the clip is fitted into the box by `fit`.
    /// Omitted: the clip's own shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<f64>,
    /// How the clip fills its box when `height` is given (`cover`, `contain`, `stretch`).
    #[serde(default, skip_serializing_if = "is_cover")]
    pub fit: Fit,
    /// The clip's outline: `rounded` corners, or a `circle` (the largest in its box, for a
    /// presenter's face); the rest is see-through.
    #[serde(default, skip_serializing_if = "is_square")]
    pub mask: Mask,
    /// 0 = invisible, 1 = opaque.
    #[serde(default = "one")]
    pub opacity: f64,
    /// Seconds into the scene when it appears (default: from the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// Seconds into the scene when it disappears (default: at the end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// Where in the clip to start, in seconds (editly's `cutFrom`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cut_from: f64,
    /// Where in the clip to stop, in seconds (default: its end; editly's `cutTo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cut_to: Option<f64>,
    /// Play the clip's own sound (mixed with narration and music).
    #[serde(default, skip_serializing_if = "is_false")]
    pub audio: bool,
    /// Linear gain of the clip's sound.
    #[serde(default = "one")]
    pub volume: f64,
    /// Repeat the clip while it is shown; otherwise its last frame is held.
    #[serde(default, skip_serializing_if = "is_false")]
    pub r#loop: bool,
    /// Played faster (2 = twice as fast) or slower (0.5), 0.25 to 4; its sound keeps its pitch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed: Option<f64>,
}

/// How a clip is fitted to its scene's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FitTime {
    /// Sped up or slowed down to last exactly the scene.
    Stretch,
}

/// The slowest and the fastest a clip plays (ffmpeg's `atempo` keeps the pitch in between).
pub const SPEED_RANGE: std::ops::RangeInclusive<f64> = 0.25..=4.0;

fn default_video_layer_width() -> f64 {
    0.3
}
fn is_cover(f: &Fit) -> bool {
    *f == Fit::Cover
}
fn is_square(m: &Mask) -> bool {
    *m == Mask::None
}

/// The outline of a clip drawn over the background.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mask {
    /// Its whole box.
    #[default]
    None,
    /// Its box with rounded corners (a tenth of its shorter side).
    Rounded,
    /// The largest circle in its box.
    Circle,
}

/// Text (one line, or several separated by `\n`) drawn on a scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Any Unicode text; it reaches ffmpeg as data, never as filter syntax.
    pub text: String,
    /// Horizontal anchor, as a fraction of the canvas width (0 = left edge); see `align`.
    #[serde(default = "half")]
    pub x: f64,
    /// Vertical position of the text block's centre, as a fraction of the canvas height.
    #[serde(default = "half")]
    pub y: f64,
    /// How each line sits on `x`: its left end, its centre or its right end.
    #[serde(default)]
    pub align: Align,
    /// Font size as a fraction of the canvas height.
    #[serde(default = "default_text_size")]
    pub size: f64,
    /// A CSS colour (`#rrggbb`, `#rgb`, `#rrggbbaa`, `white`, `rgba(255, 255, 255, 0.8)`);
    /// see-through text shows what is behind it.
    #[serde(default = "default_text_color")]
    pub color: String,
    /// An installed font family (`DejaVu Serif`, `Noto Sans:bold`), found through fontconfig.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
    /// A font file (TTF/OTF), relative to the project file; wins over `font`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_file: Option<String>,
    /// A border around every glyph, for text that must stay readable on any background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outline: Option<Outline>,
    /// A filled box behind each line.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "box")]
    pub text_box: Option<TextBox>,
    /// A drop shadow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow: Option<Shadow>,
    /// Seconds into the scene when it appears (default: from the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// Seconds into the scene when it disappears (default: at the end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// The widest a line may be, as a fraction of the canvas width (default 0.9): longer lines
    /// are wrapped between words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    /// How it comes in when it appears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enter: Option<TextMotion>,
    /// How it goes out when it disappears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<TextMotion>,
    /// A slow zoom and pan over the whole scene, as a picture's `motion` (editly's title
    /// `zoomDirection`): the text grows by the views' `zoom` about its own place, and moves
    /// against their centre (`x`, `y`), so the default (zoom 1 to 1.2) grows it slowly in place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motion: Option<Motion>,
}

/// The widest a text's lines are by default, as a fraction of the canvas width.
pub const DEFAULT_TEXT_WIDTH: f64 = 0.9;

/// A text coming in or going out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextMotion {
    /// `fade`, or a motion that also fades: `slide-up` (comes in rising, goes out rising),
    /// `slide-down`, `slide-left`, `slide-right`, `zoom`.
    pub kind: TextMotionKind,
    /// Seconds it takes (default 0.5).
    #[serde(default = "half")]
    pub duration: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TextMotionKind {
    Fade,
    SlideUp,
    SlideDown,
    SlideLeft,
    SlideRight,
    /// Grows from half its size as it comes in, shrinks to half as it goes out.
    Zoom,
}

/// Horizontal alignment of text lines on their anchor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    Left,
    #[default]
    Center,
    Right,
}

/// A border drawn around text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    /// A CSS colour, see-through allowed (`#000000`, `#0008`, `black`, `rgba(0, 0, 0, 0.5)`).
    #[serde(default = "default_black")]
    pub color: String,
    /// Thickness as a fraction of the canvas height (0.004 is about 3 px at 720p).
    pub width: f64,
}

/// A box behind text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBox {
    /// A CSS colour, see-through allowed (`#000000`, `#0008`, `black`, `rgba(0, 0, 0, 0.5)`).
    #[serde(default = "default_black")]
    pub color: String,
    /// 0 = invisible, 1 = opaque.
    #[serde(default = "default_box_opacity")]
    pub opacity: f64,
    /// Space around the text, as a fraction of the canvas height.
    #[serde(default = "default_box_padding")]
    pub padding: f64,
}

/// A shadow under text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shadow {
    /// A CSS colour, see-through allowed (`#000000`, `#0008`, `black`, `rgba(0, 0, 0, 0.5)`).
    #[serde(default = "default_black")]
    pub color: String,
    /// Offset to the right, as a fraction of the canvas height.
    #[serde(default = "default_shadow_offset")]
    pub x: f64,
    /// Offset downwards, as a fraction of the canvas height.
    #[serde(default = "default_shadow_offset")]
    pub y: f64,
}

fn default_black() -> String {
    "#000000".to_owned()
}
fn default_box_opacity() -> f64 {
    0.6
}
fn default_box_padding() -> f64 {
    0.01
}
fn default_shadow_offset() -> f64 {
    0.004
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

/// Voice-over for a scene: a recording (`src`) or text spoken by the offline synthesiser (`text`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Narration {
    /// Audio file, relative to the project file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    /// Text to speak when there is no recording.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The voice that speaks `text`: an espeak-ng voice (`pt-br`, `en-us`), a Piper voice by name
    /// (`piper:pt_BR-faber-medium`, found in the voice folders) or the path of a Piper voice's
    /// `.onnx`. When omitted: the project's `defaults.narration.voice`, else `pt-br`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
    /// Speaking rate: 1 is the voice's natural pace, 0.5 to 2 (default: the project's, else 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    /// Seconds of silence between sentences, 0 to 5 (default: the project's, else the voice's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause: Option<f64>,
    /// Linear gain, 1 = as recorded.
    #[serde(default = "one")]
    pub volume: f64,
    /// Seconds after the scene starts before the narration begins.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub delay: f64,
    /// Where in the recording to start, in seconds (editly's `cutFrom`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start: f64,
    /// Where in the recording to stop, in seconds (default: its end; editly's `cutTo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
}

impl Default for Narration {
    /// Nothing to say yet, at the recorded volume, from the scene's start.
    fn default() -> Self {
        Self {
            src: None,
            text: None,
            voice: None,
            rate: None,
            pause: None,
            volume: 1.0,
            delay: 0.0,
            start: 0.0,
            end: None,
        }
    }
}

/// How one scene gives way to the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// An ffmpeg `xfade` transition name (`fade`, `wipeleft`, `dissolve`, ...) in any case,
    /// editly's common names (`crossfade`, `directional-left`), `random` (picked from the
    /// scenes' content: the same project always gives the same video), or `cut`.
    #[serde(rename = "type", default = "default_transition")]
    pub kind: String,
    /// Overlap with the next scene in seconds; omitted, 0.5 (none for a cut).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// How the change speeds up and slows down over the overlap (editly's `easing`).
    /// Omitted: `linear`, except editly's `directional` and `directional-left/right/up/down`,
    /// which ease out as editly draws them.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "Easing::deserialize_any_case"
    )]
    #[schemars(with = "Option<Easing>")]
    pub easing: Option<Easing>,
}

fn default_transition() -> String {
    "fade".to_owned()
}

/// The pace of a transition: how far along it is at each moment of its overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum Easing {
    /// The same pace throughout.
    Linear,
    /// Starts slowly and ends fast (cubic).
    EaseIn,
    /// Starts fast and ends slowly (cubic).
    EaseOut,
    /// Slow at both ends (cubic; editly's `easeInOutCubic`).
    #[serde(alias = "easeInOutCubic")]
    EaseInOut,
    /// Almost all of the change at once, then a long settle (editly's `easeOutExpo`, its
    /// `directional-*` transitions' pace).
    #[serde(alias = "easeOutExpo")]
    EaseOutExpo,
}

impl Easing {
    /// How far along the transition is (0 to 1) when `x` (0 to 1) of its time has passed.
    pub fn at(self, x: f64) -> f64 {
        match self {
            Self::Linear => x,
            Self::EaseIn => x.powi(3),
            Self::EaseOut => 1.0 - (1.0 - x).powi(3),
            Self::EaseInOut if x < 0.5 => 4.0 * x.powi(3),
            Self::EaseInOut => 1.0 - (2.0 - 2.0 * x).powi(3) / 2.0,
            Self::EaseOutExpo if x >= 1.0 => 1.0,
            Self::EaseOutExpo => 1.0 - 2f64.powf(-10.0 * x),
        }
    }

    /// The names read, as `type` is: in any case, with or without separators (`ease-in`,
    /// `easeIn`, `EASE_IN`), editly's `easeInOutCubic` and `easeOutExpo` among them.
    const NAMES: [(&'static str, Easing); 6] = [
        ("linear", Self::Linear),
        ("easein", Self::EaseIn),
        ("easeout", Self::EaseOut),
        ("easeinout", Self::EaseInOut),
        ("easeinoutcubic", Self::EaseInOut),
        ("easeoutexpo", Self::EaseOutExpo),
    ];

    fn deserialize_any_case<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Self>, D::Error> {
        let Some(name) = Option::<String>::deserialize(d)? else {
            return Ok(None);
        };
        let normal: String = name
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        match Self::NAMES.iter().find(|(n, _)| *n == normal) {
            Some((_, easing)) => Ok(Some(*easing)),
            None => Err(serde::de::Error::unknown_variant(
                &name,
                &[
                    "linear",
                    "ease-in",
                    "ease-out",
                    "ease-in-out",
                    "ease-out-expo",
                ],
            )),
        }
    }

    /// [`Easing::at`] as an ffmpeg expression of `x`.
    pub fn expression(self, x: &str) -> String {
        match self {
            Self::Linear => x.to_owned(),
            Self::EaseIn => format!("pow({x},3)"),
            Self::EaseOut => format!("1-pow(1-{x},3)"),
            Self::EaseInOut => format!("if(lt({x},0.5),4*pow({x},3),1-pow(2-2*{x},3)/2)"),
            Self::EaseOutExpo => format!("if(gte({x},1),1,1-pow(2,-10*{x}))"),
        }
    }
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
    /// Where in the file to start, in seconds (a loop repeats from here).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub start: f64,
    /// Where in the file to stop, in seconds (default: its end; a loop repeats up to here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// Seconds into the video when the music begins.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub delay: f64,
    /// Lower the music while someone speaks (narration or a clip's sound), and raise it again
    /// after.
    #[serde(default, skip_serializing_if = "is_false")]
    pub duck: bool,
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

/// A media file a project refers to, with the JSON Pointer of the field that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct MediaRef {
    pub pointer: String,
    pub path: String,
    pub role: MediaRole,
}

/// What a media file is used for, and so what it must contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "bindings", ts(export))]
pub enum MediaRole {
    /// A still picture: one decodable video frame.
    Image,
    /// A clip whose pictures are used.
    Video,
    /// A clip whose pictures and sound are used.
    VideoWithAudio,
    /// Sound: narration or music.
    Audio,
    /// A font file for text.
    Font,
}

impl Project {
    /// Every media file in the project, in file order, with where it is named and what it is for.
    pub fn media(&self) -> Vec<MediaRef> {
        let mut out = Vec::new();
        let mut push = |pointer: String, path: &str, role: MediaRole| {
            out.push(MediaRef {
                pointer,
                path: path.to_owned(),
                role,
            });
        };
        for (i, scene) in self.scenes.iter().enumerate() {
            match &scene.background {
                Background::Image { image, .. } => push(
                    format!("/scenes/{i}/background/image"),
                    image,
                    MediaRole::Image,
                ),
                Background::Video { video, audio, .. } => push(
                    format!("/scenes/{i}/background/video"),
                    video,
                    if *audio {
                        MediaRole::VideoWithAudio
                    } else {
                        MediaRole::Video
                    },
                ),
                Background::Color { .. } | Background::Gradient { .. } => {}
            }
            for (j, layer) in scene.videos.iter().enumerate() {
                push(
                    format!("/scenes/{i}/videos/{j}/src"),
                    &layer.src,
                    if layer.audio {
                        MediaRole::VideoWithAudio
                    } else {
                        MediaRole::Video
                    },
                );
            }
            for (j, layer) in scene.images.iter().enumerate() {
                push(
                    format!("/scenes/{i}/images/{j}/src"),
                    &layer.src,
                    MediaRole::Image,
                );
            }
            for (j, text) in scene.texts.iter().enumerate() {
                if let Some(font) = &text.font_file {
                    push(
                        format!("/scenes/{i}/texts/{j}/font_file"),
                        font,
                        MediaRole::Font,
                    );
                }
            }
            if let Some(src) = scene.narration.as_ref().and_then(|n| n.src.as_deref()) {
                push(format!("/scenes/{i}/narration/src"), src, MediaRole::Audio);
            }
        }
        if let Some(m) = &self.music {
            push("/music/src".to_owned(), &m.src, MediaRole::Audio);
        }
        out
    }

    /// Makes every media path absolute, relative to `base` (the project file's folder), and so
    /// every voice named by the path of its file.
    pub fn resolve_paths(&mut self, base: &Path) {
        let absolute = |p: &mut String| {
            let path = Path::new(p.as_str());
            if path.is_relative() {
                *p = base.join(path).to_string_lossy().into_owned();
            }
        };
        self.for_each_path(absolute);
        let voices = self
            .scenes
            .iter_mut()
            .filter_map(|s| s.narration.as_mut().and_then(|n| n.voice.as_mut()))
            .chain(
                self.defaults
                    .as_mut()
                    .and_then(|d| d.narration.as_mut())
                    .and_then(|n| n.voice.as_mut()),
            );
        for voice in voices {
            if matches!(
                crate::VoiceName::parse(voice),
                Some(crate::VoiceName::PiperFile(_))
            ) {
                absolute(voice);
            }
        }
    }

    /// Calls `f` on every media path field, in the order of [`Project::media`].
    pub fn for_each_path(&mut self, mut f: impl FnMut(&mut String)) {
        for scene in &mut self.scenes {
            match &mut scene.background {
                Background::Image { image, .. } => f(image),
                Background::Video { video, .. } => f(video),
                Background::Color { .. } | Background::Gradient { .. } => {}
            }
            for layer in &mut scene.videos {
                f(&mut layer.src);
            }
            for layer in &mut scene.images {
                f(&mut layer.src);
            }
            for text in &mut scene.texts {
                if let Some(font) = &mut text.font_file {
                    f(font);
                }
            }
            if let Some(src) = scene.narration.as_mut().and_then(|n| n.src.as_mut()) {
                f(src);
            }
        }
        if let Some(m) = &mut self.music {
            f(&mut m.src);
        }
    }
}
