//! Semantic checks: everything the types cannot say. Every problem is reported, not just the first.

use std::path::Path;

use crate::model::{Background, Project, TRANSITIONS};
use crate::timing::to_frames;
use crate::{Pointer, Problem, ProblemKind, Rgb, FORMAT_VERSION};

/// Limits that keep a project within what one machine renders in reasonable time and memory.
pub mod limits {
    pub const MIN_SIDE: u32 = 16;
    pub const MAX_SIDE: u32 = 7680;
    pub const MAX_FPS: u32 = 120;
    pub const MAX_SCENES: usize = 1000;
    /// Longest scene, in seconds.
    pub const MAX_SCENE_SECS: f64 = 3600.0;
    /// Longest video, in seconds (4 hours).
    pub const MAX_TOTAL_SECS: f64 = 4.0 * 3600.0;
    pub const MAX_VOLUME: f64 = 10.0;
    pub const MAX_TEXT_CHARS: usize = 10_000;
}

/// Checks a parsed project whose relative paths are relative to `base` (the project's folder).
/// Returns every problem found, in document order; an empty list means it can be rendered.
pub fn validate(project: &Project, base: &Path) -> Vec<Problem> {
    let mut v = Validator {
        base,
        problems: Vec::new(),
    };
    v.project(project);
    v.problems
}

struct Validator<'a> {
    base: &'a Path,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn push(&mut self, kind: ProblemKind, at: &Pointer, message: impl Into<String>) {
        self.problems.push(Problem::new(kind, at, message));
    }

    fn project(&mut self, p: &Project) {
        let root = Pointer::root();
        if p.version != FORMAT_VERSION {
            self.push(
                ProblemKind::UnsupportedVersion,
                &root.push("version"),
                format!(
                    "version {} is not supported; this build reads version {FORMAT_VERSION}",
                    p.version
                ),
            );
        }
        if p.title.trim().is_empty() {
            self.push(
                ProblemKind::Empty,
                &root.push("title"),
                "the title is empty",
            );
        }
        self.canvas(p, &root.push("canvas"));

        let scenes_at = root.push("scenes");
        if p.scenes.is_empty() {
            self.push(
                ProblemKind::Empty,
                &scenes_at,
                "a project needs at least one scene",
            );
        }
        if p.scenes.len() > limits::MAX_SCENES {
            self.push(
                ProblemKind::OutOfRange,
                &scenes_at,
                format!(
                    "{} scenes; at most {} are supported",
                    p.scenes.len(),
                    limits::MAX_SCENES
                ),
            );
            return; // Checking tens of thousands of scenes one by one would only bury this line.
        }
        for (i, _) in p.scenes.iter().enumerate() {
            self.scene(p, i, &scenes_at.push(i));
        }
        let total: f64 = p.scenes.iter().map(|s| s.duration).sum();
        if total > limits::MAX_TOTAL_SECS {
            self.push(
                ProblemKind::OutOfRange,
                &scenes_at,
                format!(
                    "the video would last {total:.0} s; at most {:.0} s are supported",
                    limits::MAX_TOTAL_SECS
                ),
            );
        }
        if let Some(m) = &p.music {
            let at = root.push("music");
            self.file(&m.src, &at.push("src"));
            self.volume(m.volume, &at.push("volume"));
        }
    }

    fn canvas(&mut self, p: &Project, at: &Pointer) {
        let c = &p.canvas;
        for (name, value) in [("width", c.width), ("height", c.height)] {
            if !(limits::MIN_SIDE..=limits::MAX_SIDE).contains(&value) {
                self.push(
                    ProblemKind::OutOfRange,
                    &at.push(name),
                    format!(
                        "{name} {value} must be between {} and {} pixels",
                        limits::MIN_SIDE,
                        limits::MAX_SIDE
                    ),
                );
            }
        }
        if !(1..=limits::MAX_FPS).contains(&c.fps) {
            self.push(
                ProblemKind::OutOfRange,
                &at.push("fps"),
                format!("fps {} must be between 1 and {}", c.fps, limits::MAX_FPS),
            );
        }
        self.color(&c.background, &at.push("background"));
    }

    fn scene(&mut self, p: &Project, i: usize, at: &Pointer) {
        let scene = &p.scenes[i];
        let d = scene.duration;
        let duration_ok = d.is_finite() && d > 0.0 && d <= limits::MAX_SCENE_SECS;
        if !duration_ok {
            self.push(
                ProblemKind::OutOfRange,
                &at.push("duration"),
                format!(
                    "duration {d} s must be greater than 0 and at most {} s",
                    limits::MAX_SCENE_SECS
                ),
            );
        } else if to_frames(d, p.canvas.fps.max(1)) == 0 {
            self.push(
                ProblemKind::OutOfRange,
                &at.push("duration"),
                format!(
                    "duration {d} s is shorter than one frame at {} fps",
                    p.canvas.fps
                ),
            );
        }

        let bg = at.push("background");
        match &scene.background {
            Background::Image { image, .. } => self.file(image, &bg.push("image")),
            Background::Video { video } => self.file(video, &bg.push("video")),
            Background::Color { color } => self.color(color, &bg.push("color")),
        }

        for (j, text) in scene.texts.iter().enumerate() {
            let t = at.push("texts").push(j);
            if text.text.chars().count() > limits::MAX_TEXT_CHARS {
                self.push(
                    ProblemKind::OutOfRange,
                    &t.push("text"),
                    format!("text is longer than {} characters", limits::MAX_TEXT_CHARS),
                );
            }
            self.fraction(text.x, &t.push("x"), "x");
            self.fraction(text.y, &t.push("y"), "y");
            if !(text.size.is_finite() && text.size > 0.0 && text.size <= 1.0) {
                self.push(
                    ProblemKind::OutOfRange,
                    &t.push("size"),
                    format!(
                        "size {} must be a fraction of the canvas height, above 0 and at most 1",
                        text.size
                    ),
                );
            }
            self.color(&text.color, &t.push("color"));
            if let Some(o) = &text.outline {
                let oat = t.push("outline");
                self.color(&o.color, &oat.push("color"));
                if !(o.width.is_finite() && (0.0..=0.05).contains(&o.width)) {
                    self.push(
                        ProblemKind::OutOfRange,
                        &oat.push("width"),
                        format!(
                            "outline width {} must be between 0 and 0.05 of the canvas height",
                            o.width
                        ),
                    );
                }
            }
        }

        if let Some(n) = &scene.narration {
            self.file(&n.src, &at.push("narration").push("src"));
            self.volume(n.volume, &at.push("narration").push("volume"));
        }

        if let Some(t) = &scene.transition {
            let tat = at.push("transition");
            if !TRANSITIONS.contains(&t.kind.as_str()) {
                self.push(
                    ProblemKind::UnknownTransition,
                    &tat.push("type"),
                    format!(
                        "unknown transition {:?}; use `cut` or an ffmpeg xfade name such as `fade`",
                        t.kind
                    ),
                );
            }
            if !(t.duration.is_finite() && t.duration >= 0.0) {
                self.push(
                    ProblemKind::OutOfRange,
                    &tat.push("duration"),
                    format!("transition duration {} s must be 0 or more", t.duration),
                );
            } else if duration_ok && i + 1 < p.scenes.len() {
                self.transition_fits(p, i, &tat.push("duration"));
            }
        }
    }

    /// A transition overlaps both neighbours: it may not eat more of either scene than it has,
    /// counting the other transition that scene may already share.
    fn transition_fits(&mut self, p: &Project, i: usize, at: &Pointer) {
        let t = match &p.scenes[i].transition {
            Some(t) if !t.is_cut() => t.duration,
            _ => return,
        };
        let incoming = |k: usize| -> f64 {
            if k == 0 {
                return 0.0;
            }
            match &p.scenes[k - 1].transition {
                Some(t) if !t.is_cut() && t.duration.is_finite() => t.duration,
                _ => 0.0,
            }
        };
        let this = &p.scenes[i];
        let next = &p.scenes[i + 1];
        let next_out = match &next.transition {
            Some(t) if i + 2 < p.scenes.len() && !t.is_cut() && t.duration.is_finite() => {
                t.duration
            }
            _ => 0.0,
        };
        let eps = 1e-9;
        if incoming(i) + t > this.duration + eps {
            self.push(
                ProblemKind::TransitionTooLong,
                at,
                format!(
                    "transition of {t} s is longer than scene {} ({} s) allows{}",
                    i + 1,
                    this.duration,
                    if incoming(i) > 0.0 {
                        format!(" after its incoming {} s transition", incoming(i))
                    } else {
                        String::new()
                    }
                ),
            );
        } else if next.duration.is_finite() && t + next_out > next.duration + eps {
            self.push(
                ProblemKind::TransitionTooLong,
                at,
                format!(
                    "transition of {t} s is longer than the next scene ({} s) allows",
                    next.duration
                ),
            );
        }
    }

    fn fraction(&mut self, value: f64, at: &Pointer, name: &str) {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            self.push(
                ProblemKind::OutOfRange,
                at,
                format!("{name} {value} must be a fraction of the canvas between 0 and 1"),
            );
        }
    }

    fn volume(&mut self, value: f64, at: &Pointer) {
        if !(value.is_finite() && (0.0..=limits::MAX_VOLUME).contains(&value)) {
            self.push(
                ProblemKind::OutOfRange,
                at,
                format!(
                    "volume {value} must be between 0 and {}",
                    limits::MAX_VOLUME
                ),
            );
        }
    }

    fn color(&mut self, value: &str, at: &Pointer) {
        if Rgb::parse(value).is_none() {
            self.push(
                ProblemKind::BadColor,
                at,
                format!("{value:?} is not a colour; write it as #rrggbb"),
            );
        }
    }

    fn file(&mut self, written: &str, at: &Pointer) {
        if written.is_empty() {
            self.push(ProblemKind::Empty, at, "the path is empty");
            return;
        }
        let path = self.base.join(written);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => self.push(
                ProblemKind::FileNotFound,
                at,
                format!("not a regular file: {written}"),
            ),
            Err(_) => self.push(
                ProblemKind::FileNotFound,
                at,
                format!("file not found: {written}"),
            ),
        }
    }
}
