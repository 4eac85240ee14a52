//! Semantic checks: everything the types cannot say. Every problem is reported, not just the first.

use std::path::Path;

use crate::model::{Background, Fit, Motion, Project, Scene, Text, MAX_BLUR};
use crate::timing::to_frames;
use crate::{
    Color, Pointer, Problem, ProblemKind, TransitionName, VoiceName, FORMAT_VERSION,
    MAX_PAUSE_SECS, RATE_RANGE,
};
use estudio_words::{Message, Unit};

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
    /// Longest silence added after a narration when a scene's duration comes from it.
    pub const MAX_PAD_SECS: f64 = 60.0;
    pub const MAX_ZOOM: f64 = 5.0;
    /// Text offsets (shadows) as a fraction of the canvas height.
    pub const MAX_OFFSET: f64 = 0.05;
}

/// Checks a parsed project whose relative paths are relative to `base` (the project's folder).
/// Returns every problem found, in document order; an empty list means it can be rendered.
pub fn validate(project: &Project, base: &Path) -> Vec<Problem> {
    let mut v = Validator {
        base,
        problems: Vec::new(),
    };
    v.project(project);
    project.filled.relocate(v.problems)
}

struct Validator<'a> {
    base: &'a Path,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn push(&mut self, kind: ProblemKind, at: &Pointer, message: Message) {
        self.problems.push(Problem::new(kind, at, message));
    }

    /// The project's pronunciation entries, each problem at its entry's field.
    fn pronunciations(&mut self, entries: &[estudio_spoken::Entry], at: &Pointer) {
        self.problems.extend(pronunciation_problems(entries, at));
    }

    fn project(&mut self, p: &Project) {
        let root = Pointer::root();
        if p.version != FORMAT_VERSION {
            self.push(
                ProblemKind::UnsupportedVersion,
                &root.push("version"),
                Message::VersionUnsupported {
                    found: p.version,
                    supported: FORMAT_VERSION,
                },
            );
        }
        if p.title.trim().is_empty() {
            self.push(ProblemKind::Empty, &root.push("title"), Message::TitleEmpty);
        }
        self.canvas(p, &root.push("canvas"));
        self.pronunciations(&p.pronunciations, &root.push("pronunciations"));

        let scenes_at = root.push("scenes");
        if p.scenes.is_empty() {
            self.push(ProblemKind::Empty, &scenes_at, Message::NoScenes);
        }
        if p.scenes.len() > limits::MAX_SCENES {
            self.push(
                ProblemKind::OutOfRange,
                &scenes_at,
                Message::TooManyScenes {
                    count: p.scenes.len() as u64,
                    max: limits::MAX_SCENES as u64,
                },
            );
            return; // Checking tens of thousands of scenes one by one would only bury this line.
        }
        for (i, _) in p.scenes.iter().enumerate() {
            self.scene(p, i, &scenes_at.push(i));
        }
        let total: f64 = p.scenes.iter().map(Scene::duration_secs).sum();
        if total > limits::MAX_TOTAL_SECS {
            self.push(
                ProblemKind::OutOfRange,
                &scenes_at,
                Message::VideoTooLong {
                    secs: total,
                    max: limits::MAX_TOTAL_SECS,
                },
            );
        }
        if let Some(n) = p.defaults.as_ref().and_then(|d| d.narration.as_ref()) {
            let at = root.push("defaults").push("narration");
            self.speech_fields(n.voice.as_deref(), n.rate, n.pause, &at);
        }
        if let Some(m) = &p.music {
            let at = root.push("music");
            self.file(&m.src, &at.push("src"));
            self.volume(m.volume, &at.push("volume"));
            self.trim(m.start, m.end, &at);
            // Known once every scene's length is.
            let video = p
                .scenes
                .iter()
                .all(|s| s.duration.is_some())
                .then(|| p.timeline().duration_secs());
            if !(m.delay.is_finite() && m.delay >= 0.0 && video.is_none_or(|v| m.delay < v)) {
                self.push(
                    ProblemKind::OutOfRange,
                    &at.push("delay"),
                    Message::MusicDelayOutOfRange { secs: m.delay },
                );
            }
        }
    }

    fn canvas(&mut self, p: &Project, at: &Pointer) {
        let c = &p.canvas;
        for (name, value) in [("width", c.width), ("height", c.height)] {
            if !(limits::MIN_SIDE..=limits::MAX_SIDE).contains(&value) {
                self.push(
                    ProblemKind::OutOfRange,
                    &at.push(name),
                    Message::Between {
                        field: name.into(),
                        value: value.into(),
                        min: limits::MIN_SIDE.into(),
                        max: limits::MAX_SIDE.into(),
                        unit: Unit::Pixels,
                    },
                );
            }
        }
        if !(1..=limits::MAX_FPS).contains(&c.fps) {
            self.push(
                ProblemKind::OutOfRange,
                &at.push("fps"),
                Message::Between {
                    field: "fps".into(),
                    value: c.fps.into(),
                    min: 1.0,
                    max: limits::MAX_FPS.into(),
                    unit: Unit::Plain,
                },
            );
        }
        let bg = at.push("background");
        self.color(&c.background, &bg);
        // Nothing is behind the canvas: a see-through colour there would mean nothing.
        if Color::parse(&c.background).is_some_and(|c| !c.is_opaque()) {
            self.push(
                ProblemKind::BadColor,
                &bg,
                Message::CanvasSeeThrough {
                    value: c.background.clone(),
                },
            );
        }
    }

    fn scene(&mut self, p: &Project, i: usize, at: &Pointer) {
        let scene = &p.scenes[i];
        let duration_ok = match scene.duration {
            Some(d) => self.duration(d, p.canvas.fps, &at.push("duration")),
            None => {
                let clip = matches!(scene.background, Background::Video { .. })
                    || scene.videos.iter().any(|v| !v.r#loop);
                if scene.narration.is_none() && !clip {
                    self.push(
                        ProblemKind::Empty,
                        &at.push("duration"),
                        Message::NoDuration,
                    );
                }
                false
            }
        };
        // Known only once given, or once the narration has been measured.
        let length = scene.duration.filter(|_| duration_ok);
        if let Some(pad) = scene.pad {
            if !(pad.is_finite() && (0.0..=limits::MAX_PAD_SECS).contains(&pad)) {
                self.push(
                    ProblemKind::OutOfRange,
                    &at.push("pad"),
                    Message::Between {
                        field: "pad".into(),
                        value: pad,
                        min: 0.0,
                        max: limits::MAX_PAD_SECS,
                        unit: Unit::Seconds,
                    },
                );
            }
        }

        let bg = at.push("background");
        match &scene.background {
            Background::Image {
                image,
                motion,
                fit,
                blur,
            } => {
                self.file(image, &bg.push("image"));
                if let Some(m) = motion {
                    self.motion(m, &bg.push("motion"));
                }
                self.blur(*fit, *blur, &bg);
            }
            Background::Video {
                video,
                start,
                end,
                volume,
                fit,
                blur,
                speed,
                fit_time,
                ..
            } => {
                self.file(video, &bg.push("video"));
                self.blur(*fit, *blur, &bg);
                self.cut(*start, *end, (&bg, "start"), (&bg, "end"));
                self.volume(*volume, &bg.push("volume"));
                self.speed(*speed, &bg.push("speed"));
                if speed.is_some() && fit_time.is_some() {
                    self.push(
                        ProblemKind::Structure,
                        &bg.push("fit_time"),
                        Message::SpeedAndFitTime,
                    );
                } else if fit_time.is_some() && scene.duration.is_none() {
                    self.push(
                        ProblemKind::Structure,
                        &bg.push("fit_time"),
                        Message::StretchWithoutDuration,
                    );
                }
            }
            Background::Color { color } => self.color(color, &bg.push("color")),
            Background::Gradient { gradient } => self.gradient(gradient, &bg.push("gradient")),
        }

        for (j, layer) in scene.videos.iter().enumerate() {
            self.video_layer(layer, length, &at.push("videos").push(j));
        }

        for (j, layer) in scene.images.iter().enumerate() {
            let l = at.push("images").push(j);
            self.file(&layer.src, &l.push("src"));
            self.fraction(layer.x, &l.push("x"), "x");
            self.fraction(layer.y, &l.push("y"), "y");
            if !(layer.width.is_finite() && layer.width > 0.0 && layer.width <= 1.0) {
                self.push(
                    ProblemKind::OutOfRange,
                    &l.push("width"),
                    Message::AboveZero {
                        field: "width".into(),
                        value: layer.width,
                        max: 1.0,
                        unit: Unit::CanvasWidth,
                    },
                );
            }
            self.unit(layer.opacity, &l.push("opacity"), "opacity");
            self.times(layer.start, layer.end, length, &l);
        }

        for (j, text) in scene.texts.iter().enumerate() {
            self.text(text, length, &at.push("texts").push(j));
        }

        if let Some(n) = &scene.narration {
            let nat = at.push("narration");
            match (&n.src, &n.text) {
                (Some(src), None) => self.file(src, &nat.push("src")),
                (None, Some(text)) => {
                    if text.trim().is_empty() {
                        self.push(ProblemKind::Empty, &nat.push("text"), Message::TextEmpty);
                    }
                    self.long_text(text, &nat.push("text"));
                    self.speech_fields(n.voice.as_deref(), n.rate, n.pause, &nat);
                }
                (Some(_), Some(_)) => {
                    self.push(ProblemKind::Structure, &nat, Message::NarrationBoth)
                }
                (None, None) => self.push(ProblemKind::Empty, &nat, Message::NarrationNeither),
            }
            self.volume(n.volume, &nat.push("volume"));
            if n.src.is_some() {
                self.trim(n.start, n.end, &nat);
            } else if n.start != 0.0 || n.end.is_some() {
                // A spoken text has no recording to trim yet.
                let field = if n.start != 0.0 { "start" } else { "end" };
                self.push(
                    ProblemKind::Structure,
                    &nat.push(field),
                    Message::TrimWithoutRecording,
                );
            }
            let delay_ok =
                n.delay.is_finite() && n.delay >= 0.0 && length.is_none_or(|d| n.delay < d);
            if !delay_ok {
                self.push(
                    ProblemKind::OutOfRange,
                    &nat.push("delay"),
                    Message::DelayOutOfRange { secs: n.delay },
                );
            }
        }
        if let Some(c) = &scene.caption {
            self.long_text(c, &at.push("caption"));
        }

        // The last scene's transition leads nowhere: it is ignored, so it is not checked.
        if let Some(t) = scene.transition.as_ref().filter(|_| i + 1 < p.scenes.len()) {
            let tat = at.push("transition");
            let name = TransitionName::parse(&t.kind);
            if name.is_none() {
                self.push(
                    ProblemKind::UnknownTransition,
                    &tat.push("type"),
                    Message::UnknownTransition {
                        name: t.kind.clone(),
                    },
                );
            }
            if name == Some(TransitionName::Cut) && t.easing.is_some() {
                self.push(
                    ProblemKind::Structure,
                    &tat.push("easing"),
                    Message::CutWithEasing,
                );
            }
            let secs = t.secs();
            if !(secs.is_finite() && secs >= 0.0) {
                self.push(
                    ProblemKind::OutOfRange,
                    &tat.push("duration"),
                    Message::NotNegative {
                        field: "duration".into(),
                        value: secs,
                        unit: Unit::Seconds,
                    },
                );
            } else if name == Some(TransitionName::Cut) && secs > 0.0 {
                // Said, not ignored: the writer meant an overlap or meant none.
                self.push(
                    ProblemKind::OutOfRange,
                    &tat.push("duration"),
                    Message::CutWithDuration { secs },
                );
            } else {
                self.transition_fits(p, i, &tat.push("duration"));
            }
        }
    }

    /// A transition overlaps both neighbours: it may not eat more of either scene than it has,
    /// counting the other transition that scene may already share.
    fn transition_fits(&mut self, p: &Project, i: usize, at: &Pointer) {
        let t = match &p.scenes[i].transition {
            Some(t) if !t.is_cut() => t.secs(),
            _ => return,
        };
        let incoming = |k: usize| -> f64 {
            if k == 0 {
                return 0.0;
            }
            match &p.scenes[k - 1].transition {
                Some(t) if !t.is_cut() && t.secs().is_finite() => t.secs(),
                _ => 0.0,
            }
        };
        // A duration still to come from a narration is checked once it is known.
        let (Some(this), Some(next)) = (p.scenes[i].duration, p.scenes[i + 1].duration) else {
            return;
        };
        if !(this.is_finite() && next.is_finite()) {
            return;
        }
        let next_scene = &p.scenes[i + 1];
        let next_out = match &next_scene.transition {
            Some(t) if i + 2 < p.scenes.len() && !t.is_cut() && t.secs().is_finite() => t.secs(),
            _ => 0.0,
        };
        let eps = 1e-9;
        if incoming(i) + t > this + eps {
            self.push(
                ProblemKind::TransitionTooLong,
                at,
                Message::TransitionTooLong {
                    secs: t,
                    scene: i as u64,
                    scene_secs: this,
                    incoming: Some(incoming(i)).filter(|s| *s > 0.0),
                },
            );
        } else if t + next_out > next + eps {
            self.push(
                ProblemKind::TransitionTooLong,
                at,
                Message::TransitionTooLongNext {
                    secs: t,
                    next: i as u64 + 1,
                    next_secs: next,
                },
            );
        }
    }

    /// Checks a given scene duration; true when it is usable for timing checks.
    fn duration(&mut self, d: f64, fps: u32, at: &Pointer) -> bool {
        if !(d.is_finite() && d > 0.0 && d <= limits::MAX_SCENE_SECS) {
            self.push(
                ProblemKind::OutOfRange,
                at,
                Message::AboveZero {
                    field: "duration".into(),
                    value: d,
                    max: limits::MAX_SCENE_SECS,
                    unit: Unit::Seconds,
                },
            );
            return false;
        }
        if to_frames(d, fps.max(1)) == 0 {
            self.push(
                ProblemKind::OutOfRange,
                at,
                Message::ShorterThanFrame { secs: d, fps },
            );
            return false;
        }
        true
    }

    fn text(&mut self, text: &Text, length: Option<f64>, t: &Pointer) {
        self.long_text(&text.text, &t.push("text"));
        if let Some(m) = &text.motion {
            self.motion(m, &t.push("motion"));
        }
        self.fraction(text.x, &t.push("x"), "x");
        self.fraction(text.y, &t.push("y"), "y");
        if !(text.size.is_finite() && text.size > 0.0 && text.size <= 1.0) {
            self.push(
                ProblemKind::OutOfRange,
                &t.push("size"),
                Message::AboveZero {
                    field: "size".into(),
                    value: text.size,
                    max: 1.0,
                    unit: Unit::CanvasHeight,
                },
            );
        }
        self.color(&text.color, &t.push("color"));
        if let Some(width) = text.width {
            if !(width.is_finite() && width > 0.0 && width <= 1.0) {
                self.push(
                    ProblemKind::OutOfRange,
                    &t.push("width"),
                    Message::AboveZero {
                        field: "width".into(),
                        value: width,
                        max: 1.0,
                        unit: Unit::CanvasWidth,
                    },
                );
            }
        }
        for (name, motion) in [("enter", &text.enter), ("exit", &text.exit)] {
            let Some(m) = motion else { continue };
            // At most the text's whole time on screen (checked once the scene's length is known).
            let shown = length.map(|l| text.end.unwrap_or(l) - text.start.unwrap_or(0.0));
            if !(m.duration.is_finite()
                && m.duration > 0.0
                && shown.is_none_or(|s| m.duration <= s + 1e-9))
            {
                self.push(
                    ProblemKind::OutOfRange,
                    &t.push(name).push("duration"),
                    Message::TextMotionTooLong { secs: m.duration },
                );
            }
        }
        if let Some(family) = &text.font {
            if family.trim().is_empty()
                || family.len() > 200
                || family.chars().any(char::is_control)
            {
                self.push(
                    ProblemKind::OutOfRange,
                    &t.push("font"),
                    Message::FontFamilyBad,
                );
            }
        }
        if let Some(file) = &text.font_file {
            self.file(file, &t.push("font_file"));
        }
        if let Some(o) = &text.outline {
            let oat = t.push("outline");
            self.color(&o.color, &oat.push("color"));
            if !(o.width.is_finite() && (0.0..=0.05).contains(&o.width)) {
                self.push(
                    ProblemKind::OutOfRange,
                    &oat.push("width"),
                    Message::Between {
                        field: "width".into(),
                        value: o.width,
                        min: 0.0,
                        max: 0.05,
                        unit: Unit::CanvasHeight,
                    },
                );
            }
        }
        if let Some(b) = &text.text_box {
            let bat = t.push("box");
            self.color(&b.color, &bat.push("color"));
            self.unit(b.opacity, &bat.push("opacity"), "opacity");
            if !(b.padding.is_finite() && (0.0..=0.2).contains(&b.padding)) {
                self.push(
                    ProblemKind::OutOfRange,
                    &bat.push("padding"),
                    Message::Between {
                        field: "padding".into(),
                        value: b.padding,
                        min: 0.0,
                        max: 0.2,
                        unit: Unit::CanvasHeight,
                    },
                );
            }
        }
        if let Some(s) = &text.shadow {
            let sat = t.push("shadow");
            self.color(&s.color, &sat.push("color"));
            for (name, v) in [("x", s.x), ("y", s.y)] {
                if !(v.is_finite() && v.abs() <= limits::MAX_OFFSET) {
                    self.push(
                        ProblemKind::OutOfRange,
                        &sat.push(name),
                        Message::Between {
                            field: name.into(),
                            value: v,
                            min: -limits::MAX_OFFSET,
                            max: limits::MAX_OFFSET,
                            unit: Unit::CanvasHeight,
                        },
                    );
                }
            }
        }
        self.times(text.start, text.end, length, t);
    }

    /// `start`/`end` of a layer: within the scene, start before end.
    fn times(&mut self, start: Option<f64>, end: Option<f64>, length: Option<f64>, at: &Pointer) {
        let within = |v: f64| v.is_finite() && v >= 0.0 && length.is_none_or(|d| v <= d);
        if let Some(s) = start {
            if !within(s) {
                self.push(
                    ProblemKind::OutOfRange,
                    &at.push("start"),
                    Message::StartOutside { secs: s },
                );
            }
        }
        if let Some(e) = end {
            if !within(e) || start.is_some_and(|s| e <= s) {
                self.push(
                    ProblemKind::OutOfRange,
                    &at.push("end"),
                    Message::EndOutside { secs: e },
                );
            }
        }
    }

    fn motion(&mut self, m: &Motion, at: &Pointer) {
        for (name, view) in [("from", &m.from), ("to", &m.to)] {
            let vat = at.push(name);
            if !(view.zoom.is_finite() && (1.0..=limits::MAX_ZOOM).contains(&view.zoom)) {
                self.push(
                    ProblemKind::OutOfRange,
                    &vat.push("zoom"),
                    Message::Between {
                        field: "zoom".into(),
                        value: view.zoom,
                        min: 1.0,
                        max: limits::MAX_ZOOM,
                        unit: Unit::Plain,
                    },
                );
            }
            self.fraction(view.x, &vat.push("x"), "x");
            self.fraction(view.y, &vat.push("y"), "y");
        }
    }

    fn long_text(&mut self, text: &str, at: &Pointer) {
        if text.chars().count() > limits::MAX_TEXT_CHARS {
            self.push(
                ProblemKind::OutOfRange,
                at,
                Message::TextTooLong {
                    max: limits::MAX_TEXT_CHARS as u64,
                },
            );
        }
    }

    fn unit(&mut self, value: f64, at: &Pointer, name: &str) {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            self.push(
                ProblemKind::OutOfRange,
                at,
                Message::Between {
                    field: name.into(),
                    value,
                    min: 0.0,
                    max: 1.0,
                    unit: Unit::Plain,
                },
            );
        }
    }

    fn fraction(&mut self, value: f64, at: &Pointer, name: &str) {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            self.push(
                ProblemKind::OutOfRange,
                at,
                Message::Between {
                    field: name.into(),
                    value,
                    min: 0.0,
                    max: 1.0,
                    unit: Unit::Canvas,
                },
            );
        }
    }

    /// A narration's (or the defaults') voice, rate and pause, under `at`. Whether the voice is
    /// installed is known only when it speaks (`estudio_render::prepare`).
    fn speech_fields(
        &mut self,
        voice: Option<&str>,
        rate: Option<f64>,
        pause: Option<f64>,
        at: &Pointer,
    ) {
        if let Some(voice) = voice {
            if VoiceName::parse(voice).is_none() {
                self.push(
                    ProblemKind::UnknownVoice,
                    &at.push("voice"),
                    Message::NotAVoiceName {
                        voice: voice.to_owned(),
                    },
                );
            }
        }
        if let Some(rate) = rate {
            let (min, max) = RATE_RANGE;
            if !(rate.is_finite() && (min..=max).contains(&rate)) {
                self.push(
                    ProblemKind::OutOfRange,
                    &at.push("rate"),
                    Message::Between {
                        field: "rate".into(),
                        value: rate,
                        min,
                        max,
                        unit: Unit::Plain,
                    },
                );
            }
        }
        if let Some(pause) = pause {
            if !(pause.is_finite() && (0.0..=MAX_PAUSE_SECS).contains(&pause)) {
                self.push(
                    ProblemKind::OutOfRange,
                    &at.push("pause"),
                    Message::Between {
                        field: "pause".into(),
                        value: pause,
                        min: 0.0,
                        max: MAX_PAUSE_SECS,
                        unit: Unit::Seconds,
                    },
                );
            }
        }
    }

    /// `start` and `end` within a sound file (under `at`): from 0, and `end` after `start`.
    fn trim(&mut self, start: f64, end: Option<f64>, at: &Pointer) {
        if !(start.is_finite() && start >= 0.0) {
            self.push(
                ProblemKind::OutOfRange,
                &at.push("start"),
                Message::NotNegative {
                    field: "start".into(),
                    value: start,
                    unit: Unit::Seconds,
                },
            );
        } else if let Some(end) = end.filter(|e| !(e.is_finite() && *e > start)) {
            self.push(
                ProblemKind::OutOfRange,
                &at.push("end"),
                Message::EndNotAfterStart { start, end },
            );
        }
    }

    /// A background's `blur`: within range, and only with `fit: blur` (elsewhere it would do
    /// nothing, and saying nothing would hide a typo in `fit`).
    fn blur(&mut self, fit: Fit, blur: Option<f64>, bg: &Pointer) {
        let Some(blur) = blur else { return };
        let at = bg.push("blur");
        if fit != Fit::Blur {
            self.push(ProblemKind::Structure, &at, Message::BlurWithoutBlurFit);
        } else if !(blur.is_finite() && blur > 0.0 && blur <= MAX_BLUR) {
            self.push(
                ProblemKind::OutOfRange,
                &at,
                Message::Between {
                    field: "blur".into(),
                    value: blur,
                    min: 0.0,
                    max: MAX_BLUR,
                    unit: Unit::CanvasHeight,
                },
            );
        }
    }

    fn volume(&mut self, value: f64, at: &Pointer) {
        if !(value.is_finite() && (0.0..=limits::MAX_VOLUME).contains(&value)) {
            self.push(
                ProblemKind::OutOfRange,
                at,
                Message::Between {
                    field: "volume".into(),
                    value,
                    min: 0.0,
                    max: limits::MAX_VOLUME,
                    unit: Unit::Plain,
                },
            );
        }
    }

    fn video_layer(&mut self, layer: &crate::VideoLayer, length: Option<f64>, l: &Pointer) {
        self.file(&layer.src, &l.push("src"));
        self.fraction(layer.x, &l.push("x"), "x");
        self.fraction(layer.y, &l.push("y"), "y");
        for (field, value, unit) in [
            ("width", Some(layer.width), Unit::CanvasWidth),
            ("height", layer.height, Unit::CanvasHeight),
        ] {
            if let Some(v) = value.filter(|v| !(v.is_finite() && *v > 0.0 && *v <= 1.0)) {
                self.push(
                    ProblemKind::OutOfRange,
                    &l.push(field),
                    Message::AboveZero {
                        field: field.into(),
                        value: v,
                        max: 1.0,
                        unit,
                    },
                );
            }
        }
        if layer.fit == Fit::Blur {
            self.push(
                ProblemKind::OutOfRange,
                &l.push("fit"),
                Message::LayerFitBlur,
            );
        }
        self.unit(layer.opacity, &l.push("opacity"), "opacity");
        self.times(layer.start, layer.end, length, l);
        self.cut(layer.cut_from, layer.cut_to, (l, "cut_from"), (l, "cut_to"));
        self.volume(layer.volume, &l.push("volume"));
        self.speed(layer.speed, &l.push("speed"));
    }

    fn speed(&mut self, speed: Option<f64>, at: &Pointer) {
        let range = crate::SPEED_RANGE;
        if let Some(s) = speed.filter(|s| !range.contains(s)) {
            self.push(
                ProblemKind::OutOfRange,
                at,
                Message::Between {
                    field: "speed".into(),
                    value: s,
                    min: *range.start(),
                    max: *range.end(),
                    unit: Unit::Plain,
                },
            );
        }
    }

    /// The part of a file played, from `from` to `to` (seconds in the file), each at its field.
    fn cut(
        &mut self,
        from: f64,
        to: Option<f64>,
        (from_at, from_name): (&Pointer, &str),
        (to_at, to_name): (&Pointer, &str),
    ) {
        if let Some(to) = to.filter(|to| !(to.is_finite() && *to > from)) {
            self.push(
                ProblemKind::OutOfRange,
                &to_at.push(to_name),
                Message::EndNotAfterStart {
                    start: from,
                    end: to,
                },
            );
        }
        if !(from.is_finite() && from >= 0.0) {
            self.push(
                ProblemKind::OutOfRange,
                &from_at.push(from_name),
                Message::NotNegative {
                    field: from_name.into(),
                    value: from,
                    unit: Unit::Seconds,
                },
            );
        }
    }

    fn gradient(&mut self, g: &crate::Gradient, at: &Pointer) {
        let count = g.colors.len();
        if !(2..=crate::MAX_GRADIENT_COLORS).contains(&count) {
            self.push(
                ProblemKind::OutOfRange,
                &at.push("colors"),
                Message::GradientColors { count },
            );
        }
        for (k, c) in g.colors.iter().enumerate() {
            self.color(c, &at.push("colors").push(k));
        }
        match (g.kind, g.angle) {
            (crate::GradientKind::Radial, Some(_)) => self.push(
                ProblemKind::Structure,
                &at.push("angle"),
                Message::AngleOnRadial,
            ),
            (_, Some(angle)) if !(-360.0..=360.0).contains(&angle) => self.push(
                ProblemKind::OutOfRange,
                &at.push("angle"),
                Message::Between {
                    field: "angle".into(),
                    value: angle,
                    min: -360.0,
                    max: 360.0,
                    unit: Unit::Degrees,
                },
            ),
            _ => {}
        }
    }

    fn color(&mut self, value: &str, at: &Pointer) {
        if Color::parse(value).is_none() {
            self.push(
                ProblemKind::BadColor,
                at,
                Message::BadColor {
                    value: value.to_owned(),
                },
            );
        }
    }

    fn file(&mut self, written: &str, at: &Pointer) {
        if written.is_empty() {
            self.push(ProblemKind::Empty, at, Message::PathEmpty);
            return;
        }
        let path = self.base.join(written);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => self.push(
                ProblemKind::FileNotFound,
                at,
                Message::NotAFile {
                    path: written.to_owned(),
                },
            ),
            Err(_) => self.push(
                ProblemKind::FileNotFound,
                at,
                Message::FileNotFound {
                    path: written.to_owned(),
                },
            ),
        }
    }
}

/// The problems of pronunciation entries listed at `at` (a project's `/pronunciations`, or the
/// person's in Settings), each at its entry's field.
pub fn pronunciation_problems(entries: &[estudio_spoken::Entry], at: &Pointer) -> Vec<Problem> {
    use estudio_spoken::EntryWhy;
    estudio_spoken::check(entries)
        .into_iter()
        .map(|problem| {
            let (kind, message) = match problem.why {
                EntryWhy::EmptyText => (ProblemKind::Empty, Message::PronunciationEmpty),
                EntryWhy::NoLetters => (ProblemKind::OutOfRange, Message::PronunciationNoLetters),
                EntryWhy::NothingToSay => (ProblemKind::Empty, Message::PronunciationNothingToSay),
                EntryWhy::Duplicate { first } => (
                    ProblemKind::OutOfRange,
                    Message::PronunciationDuplicate { first: first + 1 },
                ),
                EntryWhy::Brackets => (ProblemKind::OutOfRange, Message::PronunciationBrackets),
                EntryWhy::Control => (ProblemKind::OutOfRange, Message::PronunciationControl),
                EntryWhy::TooLong => (
                    ProblemKind::OutOfRange,
                    Message::PronunciationTooLong {
                        max: estudio_spoken::lexicon::MAX_TEXT_CHARS,
                    },
                ),
            };
            Problem::new(kind, at.push(problem.index).push(problem.field), message)
        })
        .collect()
}
