//! The pictures: one stream per scene (background, layers), joined by transitions.
//!
//! Cost rules this follows (see `ARCHITECTURE.md`):
//! - a still scene (image or colour without motion) is decoded, fitted and drawn **once**, then
//!   repeated with `loop`; only layers with their own appear/disappear times are drawn per frame,
//!   and only those from the first timed layer on, so the stacking order stays as written;
//! - everything is fitted straight to the output size, so nothing is scaled twice;
//! - only a transition's frames go through `xfade` (which converts to 4:4:4 and back); the rest
//!   of every scene is cut out with `trim` and joined by one `concat`, staying 4:2:0.

use std::path::{Path, PathBuf};

use estudio_project::{
    Align, Background, Color, Easing, Fit, Gradient, GradientKind, ImageLayer, Mask, Motion,
    Project, Scene, Text, TextMotionKind, Transition, VideoLayer, View,
};

use super::Inputs;
use crate::escape::{filter_value, seconds};
use crate::media::MediaIndex;

/// Ken Burns pictures are prepared at this multiple of the output size, so the moving crop
/// window lands on sub-pixel positions of the output and does not visibly step.
const MOTION_OVERSAMPLE: u32 = 2;

/// A still picture is its first frame (an animated GIF or a clip given as an image included).
const FIRST_FRAME: &str = "trim=end_frame=1";

/// The video half of a render: its inputs, its graph lines, and the label of the result.
pub(super) struct VideoGraph {
    pub inputs: Inputs,
    pub lines: Vec<String>,
    pub out: String,
    /// Text files drawtext reads: (path, content).
    pub files: Vec<(PathBuf, String)>,
}

pub(super) struct Frame {
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    /// Prefix of the text files' names, unique per run (segments share the work folder).
    pub tag: String,
}

pub(super) fn build(
    project: &Project,
    media: &MediaIndex,
    frame: &Frame,
    timeline: &estudio_project::Timeline,
    work_dir: &Path,
    font: &Path,
    families: &crate::fonts::FamilyFiles,
) -> VideoGraph {
    let mut b = Builder {
        f: frame,
        scene_secs: 0.0,
        canvas: parse_color(&project.canvas.background),
        canvas_bg: color(&project.canvas.background),
        font: font.to_string_lossy().into_owned(),
        families,
        work_dir,
        media,
        inputs: Inputs::default(),
        lines: Vec::new(),
        files: Vec::new(),
    };
    for (i, scene) in project.scenes.iter().enumerate() {
        b.scene(i, scene, timeline.scenes[i].frames, media);
    }
    let out = b.join(project, timeline);
    VideoGraph {
        inputs: b.inputs,
        lines: b.lines,
        out,
        files: b.files,
    }
}

/// One drawable thing on a scene, in stacking order (clips first, then images, then texts).
enum Layer<'a> {
    Video(usize, &'a VideoLayer),
    Image(usize, &'a ImageLayer),
    Text(usize, &'a Text),
}

impl Layer<'_> {
    /// Whether it changes during the scene (so it is drawn on every frame).
    fn is_timed(&self) -> bool {
        match self {
            Layer::Video(..) => true,
            Layer::Image(_, l) => l.start.is_some() || l.end.is_some(),
            Layer::Text(_, t) => {
                t.start.is_some()
                    || t.end.is_some()
                    || t.enter.is_some()
                    || t.exit.is_some()
                    || t.motion.is_some()
            }
        }
    }
}

struct Builder<'a> {
    f: &'a Frame,
    /// The length of the scene being built, in seconds (when a text without an `end` leaves).
    scene_secs: f64,
    /// The canvas colour (always opaque): what a see-through scene colour is laid over.
    canvas: Color,
    canvas_bg: String,
    font: String,
    /// The files of the families texts name (see [`crate::fonts::family_files`]).
    families: &'a crate::fonts::FamilyFiles,
    work_dir: &'a Path,
    /// What each media file is (a looped clip repeats by its length).
    media: &'a MediaIndex,
    inputs: Inputs,
    lines: Vec<String>,
    files: Vec<(PathBuf, String)>,
}

impl Builder<'_> {
    fn scene(&mut self, i: usize, scene: &Scene, frames: u64, media: &MediaIndex) {
        let (width, height, fps) = (self.f.width, self.f.height, self.f.fps);
        self.scene_secs = frames as f64 / f64::from(fps);
        let layers: Vec<Layer<'_>> = scene
            .videos
            .iter()
            .enumerate()
            .map(|(j, l)| Layer::Video(j, l))
            .chain(
                scene
                    .images
                    .iter()
                    .enumerate()
                    .map(|(j, l)| Layer::Image(j, l)),
            )
            .chain(
                scene
                    .texts
                    .iter()
                    .enumerate()
                    .map(|(j, t)| Layer::Text(j, t)),
            )
            .collect();
        let split = layers
            .iter()
            .position(Layer::is_timed)
            .unwrap_or(layers.len());
        let (once, per_frame) = layers.split_at(split);
        let hold = format!(
            "loop=loop={}:size=1:start=0,setpts=N/({fps}*TB)",
            frames - 1
        );
        let label = format!("s{i}");
        match &scene.background {
            Background::Image {
                image,
                fit,
                blur,
                motion: None,
            } => {
                let k = self.inputs.image(image);
                let fitted = self.picture(&format!("[{k}:v]"), (*fit, *blur), width, height, i);
                let drawn = self.layers(i, &fitted, once, "a");
                self.lines.push(format!("[{drawn}]{hold}[{label}h]"));
                let done = self.layers(i, &format!("{label}h"), per_frame, "b");
                self.lines.push(format!("[{done}]null[v{i}]"));
            }
            Background::Image {
                image,
                fit,
                blur,
                motion: Some(motion),
            } => {
                let k = self.inputs.image(image);
                let (bw, bh) = (width * MOTION_OVERSAMPLE, height * MOTION_OVERSAMPLE);
                let fitted = self.picture(&format!("[{k}:v]"), (*fit, *blur), bw, bh, i);
                self.lines.push(format!(
                    "[{fitted}]{},format=yuv420p[{label}m]",
                    zoompan(motion, frames, width, height, fps)
                ));
                let done = self.layers(i, &format!("{label}m"), &layers, "a");
                self.lines.push(format!("[{done}]null[v{i}]"));
            }
            Background::Color { color: c } => {
                self.lines.push(format!(
                    "color=c={}:s={width}x{height}:r={fps},trim=end_frame=1,setsar=1,format=yuv420p[{label}c]",
                    parse_color(c).over(self.canvas).to_ffmpeg()
                ));
                let drawn = self.layers(i, &format!("{label}c"), once, "a");
                self.lines.push(format!("[{drawn}]{hold}[{label}h]"));
                let done = self.layers(i, &format!("{label}h"), per_frame, "b");
                self.lines.push(format!("[{done}]null[v{i}]"));
            }
            Background::Gradient { gradient } if gradient.moving => {
                let drawn = self.gradient(i, gradient, frames);
                let done = self.layers(i, &drawn, &layers, "a");
                self.lines.push(format!("[{done}]null[v{i}]"));
            }
            Background::Gradient { gradient } => {
                let drawn = self.gradient(i, gradient, 1);
                let drawn = self.layers(i, &drawn, once, "a");
                self.lines.push(format!("[{drawn}]{hold}[{label}h]"));
                let done = self.layers(i, &format!("{label}h"), per_frame, "b");
                self.lines.push(format!("[{done}]null[v{i}]"));
            }
            Background::Video {
                video,
                start,
                end,
                r#loop,
                fit,
                blur,
                ..
            } => {
                let period = media.get(video).and_then(|m| m.duration);
                let clip = ClipTiming::new(*start, *end, *r#loop, period)
                    .at_speed(crate::prepare::clip_speed(scene, media));
                let k = self.inputs.file(&clip.input_options(), video);
                let mut chain = format!("[{k}:v]setpts=PTS-STARTPTS,fps={fps}");
                if let Some(select) = clip.select("select", &nearest_frame(fps)) {
                    chain.push_str(&format!(",{select},setpts=N/({fps}*TB)"));
                }
                chain.push_str(&clip.retime(fps));
                chain.push_str(&format!(
                    ",{}",
                    fit_chain((*fit, *blur), width, height, &self.canvas_bg, &label)
                ));
                // Held on its last frame if shorter than the scene (a looped clip never is).
                chain.push_str(&clip.hold(fps));
                chain.push_str(&format!(
                    ",trim=end_frame={frames},setpts=N/({fps}*TB),format=yuv420p[{label}v]"
                ));
                self.lines.push(chain);
                let done = self.layers(i, &format!("{label}v"), &layers, "a");
                self.lines.push(format!("[{done}]null[v{i}]"));
            }
        }
    }

    /// Scene `i`'s gradient, `frames` frames of it (one for a still one), in 4:2:0; returns the
    /// label.
    ///
    /// ffmpeg's `gradients` draws it (in 8-bit RGBA: its 16-bit and float drawings spread the
    /// colours wrongly in FFmpeg 5.1). Its colours are laid over the canvas colour first, which
    /// is what CSS's blend of see-through stops (premultiplied) shows. A linear one goes along
    /// CSS's gradient line, whose ends meet the corners; `gradients` takes no point outside its
    /// frame, so it is drawn on a frame grown by as much and cropped. A moving linear one turns
    /// by 30° over the scene (`gradients` turns its line `speed` radians a frame); a moving
    /// radial one is drawn twice as large and zoomed into, so it spreads to twice its size.
    fn gradient(&mut self, i: usize, g: &Gradient, frames: u64) -> String {
        let (w, h, fps) = (self.f.width, self.f.height, self.f.fps);
        let colours: String = g
            .colors
            .iter()
            .enumerate()
            .map(|(k, c)| format!(":c{k}={}", parse_color(c).over(self.canvas).to_ffmpeg()))
            .collect();
        let n = g.colors.len();
        let label = format!("s{i}g");
        match g.kind {
            GradientKind::Linear => {
                let (fw, fh) = (f64::from(w), f64::from(h));
                let a = g.angle().to_radians();
                let (dx, dy) = (a.sin(), -a.cos());
                let half = (fw * dx.abs() + fh * dy.abs()) / 2.0;
                let (x0, y0) = (fw / 2.0 - dx * half, fh / 2.0 - dy * half);
                let (x1, y1) = (fw / 2.0 + dx * half, fh / 2.0 + dy * half);
                // `gradients` takes only points inside its frame (it picks one at random for
                // any other).
                let over = [
                    -x0,
                    -x1,
                    -y0,
                    -y1,
                    x0 - fw + 1.0,
                    x1 - fw + 1.0,
                    y0 - fh + 1.0,
                ]
                .into_iter()
                .chain([y1 - fh + 1.0])
                .fold(0.0, f64::max);
                let m = over.ceil() as u32;
                let at = |v: f64| (v + f64::from(m)).round().max(0.0) as u32;
                let speed = if g.moving {
                    (30f64.to_radians() / frames.max(1) as f64).clamp(1e-5, 1.0)
                } else {
                    1e-5
                };
                self.lines.push(format!(
                    "gradients=s={}x{}:r={fps}{colours}:n={n}:x0={}:y0={}:x1={}:y1={}:speed={speed:.8},format=rgba,trim=end_frame={frames},crop={w}:{h}:{m}:{m},setsar=1,format=yuv420p[{label}]",
                    w + 2 * m,
                    h + 2 * m,
                    at(x0),
                    at(y0),
                    at(x1),
                    at(y1),
                ));
            }
            GradientKind::Radial => {
                let k = if g.moving { MOTION_OVERSAMPLE } else { 1 };
                let (gw, gh) = (w * k, h * k);
                // To the last colour at the corners: the radius is the way from the centre to
                // the last pixel (a point inside the frame, as `gradients` takes).
                let mut line = format!(
                    "gradients=s={gw}x{gh}:r={fps}{colours}:n={n}:x0={}:y0={}:x1={}:y1={}:type=radial:speed=0.00001,format=rgba",
                    gw / 2,
                    gh / 2,
                    gw - 1,
                    gh - 1,
                );
                if g.moving {
                    // The whole large picture (the gradient at its size) to half of it:
                    // twice as large.
                    let spread = Motion {
                        from: View::default(),
                        to: View {
                            zoom: 2.0,
                            ..View::default()
                        },
                    };
                    line.push_str(&format!(
                        ",trim=end_frame=1,setsar=1,{}",
                        zoompan(&spread, frames, w, h, fps)
                    ));
                } else {
                    line.push_str(",trim=end_frame=1,setsar=1");
                }
                line.push_str(&format!(",format=yuv420p[{label}]"));
                self.lines.push(line);
            }
        }
        label
    }

    /// A still picture fitted to `w`x`h` over the canvas colour (which shows through transparent
    /// pixels and around a `contain` fit); one frame. Returns the label.
    fn picture(
        &mut self,
        input: &str,
        (fit, blur): (Fit, Option<f64>),
        w: u32,
        h: u32,
        i: usize,
    ) -> String {
        let fps = self.f.fps;
        let sized = match fit {
            Fit::Cover => format!("{},crop={w}:{h}", scale_cover(w, h)),
            Fit::Contain | Fit::Blur => scale_contain(w, h),
            Fit::Stretch => format!("scale={w}:{h}"),
        };
        self.lines.push(format!(
            "color=c={}:s={w}x{h}:r={fps},trim=end_frame=1,setsar=1[s{i}bg]",
            self.canvas_bg
        ));
        let mut below = format!("s{i}bg");
        let picture = if fit == Fit::Blur {
            // Drawn once, like the picture: a blurred copy that covers the canvas, laid over the
            // canvas colour (which shows through a transparent picture), under the picture.
            self.lines
                .push(format!("{input}{FIRST_FRAME},split[s{i}src][s{i}copy]"));
            self.lines.push(format!(
                "[s{i}copy]{},format=rgba[s{i}blur]",
                blurred(w, h, blur)
            ));
            self.lines
                .push(format!("[s{i}bg][s{i}blur]overlay=format=auto[s{i}bb]"));
            below = format!("s{i}bb");
            format!("[s{i}src]")
        } else {
            format!("{input}{FIRST_FRAME},")
        };
        self.lines
            .push(format!("{picture}{sized},setsar=1,format=rgba[s{i}pic]"));
        self.lines.push(format!(
            "[{below}][s{i}pic]overlay=x=(W-w)/2:y=(H-h)/2:format=auto,format=yuv420p[s{i}f]"
        ));
        format!("s{i}f")
    }

    /// Draws `layers` on the stream labelled `from`; returns the label of the result.
    fn layers(&mut self, i: usize, from: &str, layers: &[Layer<'_>], pass: &str) -> String {
        let mut current = from.to_owned();
        let mut texts = String::new();
        let flush = |b: &mut Self, current: &mut String, texts: &mut String, n: usize| {
            if !texts.is_empty() {
                let next = format!("s{i}{pass}t{n}");
                b.lines.push(format!("[{current}]{}[{next}]", &texts[1..]));
                *current = next;
                texts.clear();
            }
        };
        for (n, layer) in layers.iter().enumerate() {
            match layer {
                Layer::Text(j, text) => texts.push_str(&self.text(i, *j, text)),
                Layer::Video(j, layer) => {
                    flush(self, &mut current, &mut texts, n);
                    let clip = self.video_layer(i, *j, layer, pass);
                    let next = format!("s{i}{pass}o{n}");
                    self.lines.push(format!(
                        "[{current}][{clip}]overlay=x={}-w/2:y={}-h/2:format=auto:eof_action=pass{}[{next}]",
                        seconds((layer.x * f64::from(self.f.width)).round()),
                        seconds((layer.y * f64::from(self.f.height)).round()),
                        enable(layer.start, layer.end),
                    ));
                    current = next;
                }
                Layer::Image(j, layer) => {
                    flush(self, &mut current, &mut texts, n);
                    let k = self.inputs.image(&layer.src);
                    let lw = even((layer.width * f64::from(self.f.width)).round());
                    let alpha = if layer.opacity < 1.0 {
                        format!(",colorchannelmixer=aa={}", seconds(layer.opacity))
                    } else {
                        String::new()
                    };
                    let pic = format!("s{i}{pass}l{j}");
                    self.lines.push(format!(
                        "[{k}:v]{FIRST_FRAME},scale={lw}:-2,setsar=1,format=rgba{alpha}[{pic}]"
                    ));
                    let next = format!("s{i}{pass}o{n}");
                    self.lines.push(format!(
                        "[{current}][{pic}]overlay=x={}-w/2:y={}-h/2:format=auto{}[{next}]",
                        seconds((layer.x * f64::from(self.f.width)).round()),
                        seconds((layer.y * f64::from(self.f.height)).round()),
                        enable(layer.start, layer.end),
                    ));
                    current = next;
                }
            }
        }
        flush(self, &mut current, &mut texts, layers.len());
        current
    }

    /// Scene `i`'s clip `j` over the background: its frames while it is shown, fitted to its
    /// box, outlined by its mask, stamped from the moment it appears; returns the label.
    fn video_layer(&mut self, i: usize, j: usize, layer: &VideoLayer, pass: &str) -> String {
        let (w, h, fps) = (self.f.width, self.f.height, self.f.fps);
        // On the frame grid: a layer that appears between two frames shows its first frame at
        // the frame after, as a clip's frame there would (not its second, which overlay took
        // as the one current then).
        let frame_of = |secs: f64| (secs * f64::from(fps)).round();
        let first = frame_of(layer.start.unwrap_or(0.0));
        let leave = layer.end.unwrap_or(self.scene_secs).min(self.scene_secs);
        let shown = (frame_of(leave) - first).max(1.0) as u64;
        let appear = first / f64::from(fps);
        let period = self.media.get(&layer.src).and_then(|m| m.duration);
        let clip = ClipTiming::new(layer.cut_from, layer.cut_to, layer.r#loop, period)
            .at_speed(layer.speed);
        // Read with the decoder that keeps its transparency, when ffmpeg's own drops it.
        let decoder = self
            .media
            .get(&layer.src)
            .and_then(|m| m.decoder.as_deref());
        let mut options: Vec<String> = decoder
            .map(|d| vec!["-c:v".to_owned(), d.to_owned()])
            .unwrap_or_default();
        options.extend(clip.input_options());
        let k = self.inputs.file(&options, &layer.src);
        let lw = even(layer.width * f64::from(w));
        let sized = match layer.height.map(|lh| even(lh * f64::from(h))) {
            // Its display shape kept: `-2` would take the stored pixels' shape, and an
            // anamorphic clip (pixels not square) came out squeezed.
            None => format!("scale=w={lw}:h='max(2,2*round({lw}/dar/2))'"),
            Some(lh) => match layer.fit {
                Fit::Cover => format!("{},crop={lw}:{lh}", scale_cover(lw, lh)),
                Fit::Contain | Fit::Blur => scale_contain(lw, lh),
                Fit::Stretch => format!("scale={lw}:{lh}"),
            },
        };
        let mut chain = format!("[{k}:v]setpts=PTS-STARTPTS,fps={fps}");
        if let Some(select) = clip.select("select", &nearest_frame(fps)) {
            chain.push_str(&format!(",{select},setpts=N/({fps}*TB)"));
        }
        chain.push_str(&clip.retime(fps));
        // A clip stays 4:2:0 as the scene under it is, with an alpha plane (its own, when it
        // has one: a clip with transparency shows what is behind it): overlay converts no
        // colours per frame, as a hand-written overlay does.
        chain.push_str(&format!(",{sized},setsar=1,format=yuva420p"));
        // Held on its last frame if shorter than its time (a looped clip never is).
        chain.push_str(&clip.hold(fps));
        let label = format!("s{i}{pass}v{j}");
        chain.push_str(&format!(
            ",trim=end_frame={shown},setpts=PTS-STARTPTS+{}/TB",
            seconds(appear)
        ));
        let alpha = if layer.opacity < 1.0 {
            format!(",lut=a=val*{}", seconds(layer.opacity))
        } else {
            String::new()
        };
        match mask_shape(layer.mask) {
            None => self.lines.push(format!("{chain}{alpha}[{label}]")),
            Some(shape) => {
                // The outline is drawn once, from the first frame's size, and laid on every
                // frame (alphamerge and blend repeat a mask that has one frame).
                self.lines
                    .push(format!("{chain},split[{label}a][{label}b]"));
                self.lines.push(format!(
                    "[{label}b]trim=end_frame=1,format=gray,geq=lum='{shape}'[{label}m]"
                ));
                let own_alpha = self.media.get(&layer.src).is_some_and(|m| m.alpha);
                if own_alpha {
                    // Its own transparency times the mask's: what it hid stays hidden.
                    self.lines.push(format!(
                        "[{label}a]split[{label}c][{label}d];[{label}d]alphaextract[{label}e];\
                         [{label}e][{label}m]blend=all_mode=multiply[{label}f];\
                         [{label}c][{label}f]alphamerge{alpha}[{label}]"
                    ));
                } else {
                    self.lines
                        .push(format!("[{label}a][{label}m]alphamerge{alpha}[{label}]"));
                }
            }
        }
        label
    }

    /// drawtext filters (each with a leading comma) for one text, a filter per line so each line
    /// is aligned on the text's x; the block is centred on its y.
    fn text(&mut self, scene_index: usize, t: usize, text: &Text) -> String {
        let (w, h) = (f64::from(self.f.width), f64::from(self.f.height));
        let lines: Vec<&str> = text.text.split('\n').collect();
        let size = (text.size * h).round().max(1.0);
        let line_height = size * 1.25;
        let block_top = text.y * h - line_height * lines.len() as f64 / 2.0;
        let font = match (&text.font_file, &text.font) {
            (Some(file), _) => format!("fontfile={}", filter_value(file)),
            (None, Some(family)) => match self.families.get(family) {
                Some(file) => format!("fontfile={}", filter_value(&file.to_string_lossy())),
                None => format!("font={}", filter_value(family)),
            },
            (None, None) => format!("fontfile={}", filter_value(&self.font)),
        };
        let motion = TextMotion::of(text, self.scene_secs, w, h);
        let mut style = format!(
            "fontsize={}:fontcolor={}",
            motion.font_size(size),
            color(&text.color)
        );
        if let Some((bw, c)) = text
            .outline
            .as_ref()
            .map(|o| ((o.width * h).round(), &o.color))
            .filter(|(bw, _)| *bw >= 1.0)
        {
            style.push_str(&format!(":borderw={bw}:bordercolor={}", color(c)));
        }
        if let Some(b) = &text.text_box {
            // The box's opacity and its colour's own alpha together.
            let c = parse_color(&b.color);
            let opacity = b.opacity * f64::from(c.a) / 255.0;
            style.push_str(&format!(
                ":box=1:boxcolor={}@{}:boxborderw={}",
                Color { a: 255, ..c }.to_ffmpeg(),
                seconds(opacity),
                (b.padding * h).round()
            ));
        }
        if let Some(s) = &text.shadow {
            style.push_str(&format!(
                ":shadowcolor={}:shadowx={}:shadowy={}",
                color(&s.color),
                (s.x * h).round(),
                (s.y * h).round()
            ));
        }
        let x = motion.anchor_x((text.x * w).round());
        let x = match text.align {
            Align::Left => x,
            Align::Center => format!("{x}-text_w/2"),
            Align::Right => format!("{x}-text_w"),
        };
        let timing = enable(text.start, text.end);
        let x = motion.x(&x);
        let alpha = motion.alpha();
        let mut out = String::new();
        for (l, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let file = self
                .work_dir
                .join(format!("{}text-{scene_index}-{t}-{l}.txt", self.f.tag));
            let middle = block_top + line_height * l as f64 + line_height / 2.0;
            out.push_str(&format!(
                ",drawtext={font}:textfile={}:expansion=none:{style}:x={x}:y={}{alpha}{timing}",
                filter_value(&file.to_string_lossy()),
                motion.y(middle, size),
            ));
            self.files.push((file, (*line).to_owned()));
        }
        out
    }

    /// Joins the scenes end to end; returns the label of the whole video.
    ///
    /// `xfade` works in 4:4:4 only, so every frame that passes through one is converted there
    /// and back (two full-frame conversions). Only the frames of each transition go through it:
    /// each scene is cut with `trim` into the part shared with the scene before, its own part
    /// and the part shared with the scene after; the shared parts are blended pairwise and
    /// everything is put end to end by one `concat`, in 4:2:0 throughout.
    fn join(&mut self, project: &Project, timeline: &estudio_project::Timeline) -> String {
        let spans = &timeline.scenes;
        if spans.len() == 1 {
            return "v0".to_owned();
        }
        let fps = f64::from(self.f.fps);
        let mut parts = Vec::new();
        let mut outgoing_of_previous: Option<String> = None;
        for (i, span) in spans.iter().enumerate() {
            let incoming = if i == 0 {
                0
            } else {
                spans[i - 1].transition_out
            };
            // The timeline keeps both transitions inside the scene.
            let own_end = span
                .frames
                .saturating_sub(span.transition_out)
                .max(incoming);
            let pieces: Vec<(Piece, u64, u64)> = [
                (Piece::Incoming, 0, incoming),
                (Piece::Own, incoming, own_end),
                (Piece::Outgoing, own_end, span.frames),
            ]
            .into_iter()
            .filter(|(_, a, b)| b > a)
            .collect();
            for ((piece, ..), label) in pieces.iter().zip(self.cut(i, &pieces)) {
                match piece {
                    Piece::Incoming => {
                        let previous = outgoing_of_previous.take().unwrap_or_default();
                        let transition = project.scenes[i - 1].transition.as_ref();
                        let kind = transition.map_or("fade", estudio_project::Transition::xfade);
                        let pace = transition.map_or(Easing::Linear, Transition::pace);
                        let secs = seconds(incoming as f64 / fps);
                        let (previous, label, renumber) =
                            self.paced(&previous, &label, pace, &secs);
                        let out = format!("x{i}");
                        self.lines.push(format!(
                            "[{previous}][{label}]xfade=transition={kind}:duration={secs}:offset=0{renumber},format=yuv420p[{out}]",
                        ));
                        parts.push(out);
                    }
                    Piece::Own => parts.push(label),
                    Piece::Outgoing => outgoing_of_previous = Some(label),
                }
            }
        }
        let inputs: String = parts.iter().map(|p| format!("[{p}]")).collect();
        // concat times a part by its frames' mean spacing, so a one-frame part (a scene of one
        // frame, a one-frame transition) would last 0 and the next frame would be dropped as a
        // duplicate: the frames are numbered again in the order they come.
        self.lines.push(format!(
            "{inputs}concat=n={}:v=1:a=0,setpts=N/({}*TB)[joined]",
            parts.len(),
            self.f.fps
        ));
        "joined".to_owned()
    }

    /// The outgoing frames of a transition (`from`, `secs` long) retimed so that `xfade`, which
    /// takes how far along it is from its first input's timestamps, follows `pace`: each frame
    /// is stamped at the moment the pace reaches its share of the way. Returns the labels to
    /// blend (the incoming frames `to` in the same time base, as `xfade` requires) and what
    /// numbers the blended frames evenly again. A linear pace is left alone.
    fn paced(
        &mut self,
        from: &str,
        to: &str,
        pace: Easing,
        secs: &str,
    ) -> (String, String, String) {
        if pace == Easing::Linear {
            return (from.to_owned(), to.to_owned(), String::new());
        }
        let (eased, based) = (format!("{from}e"), format!("{to}e"));
        // Microsecond stamps: frame times of the frame rate's own base would round eased
        // moments onto each other.
        let expr = format!("{secs}*({})/TB", pace.expression(&format!("T/{secs}")));
        self.lines.push(format!(
            "[{from}]settb=AVTB,setpts={}[{eased}]",
            filter_value(&expr)
        ));
        self.lines.push(format!("[{to}]settb=AVTB[{based}]"));
        (eased, based, format!(",setpts=N/({}*TB)", self.f.fps))
    }

    /// Cuts scene `i`'s stream into `pieces` (which, first frame, end frame), each starting at
    /// time 0; returns their labels. A scene kept whole is used as it is.
    fn cut(&mut self, i: usize, pieces: &[(Piece, u64, u64)]) -> Vec<String> {
        if let [(Piece::Own, 0, _)] = pieces {
            return vec![format!("v{i}")];
        }
        let labels: Vec<String> = pieces
            .iter()
            .map(|(piece, ..)| format!("v{i}{}", piece.tag()))
            .collect();
        let outputs: String = labels.iter().map(|l| format!("[{l}c]")).collect();
        self.lines
            .push(format!("[v{i}]split={}{outputs}", pieces.len()));
        for ((_, a, b), label) in pieces.iter().zip(&labels) {
            self.lines.push(format!(
                "[{label}c]trim=start_frame={a}:end_frame={b},setpts=PTS-STARTPTS[{label}]"
            ));
        }
        labels
    }
}

/// Where a run of a scene's frames goes when scenes are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// Shared with the scene before: blended with its `Outgoing` frames.
    Incoming,
    /// Shown alone.
    Own,
    /// Shared with the scene after.
    Outgoing,
}

impl Piece {
    fn tag(self) -> &'static str {
        match self {
            Piece::Incoming => "i",
            Piece::Own => "b",
            Piece::Outgoing => "o",
        }
    }
}

/// How a clip's `start` and `loop` become ffmpeg input options and a frame selection.
pub(super) struct ClipTiming {
    start: f64,
    /// Where the clip is cut, when before its end.
    end: Option<f64>,
    pub looped: bool,
    /// The clip's length, when known: a looped clip repeats from `start` (to `end`) by
    /// dropping, in each pass, what lies outside (ffmpeg's own looping restarts at the file's
    /// beginning and goes on to its end).
    period: Option<f64>,
    /// How fast it plays (1: as recorded).
    speed: f64,
}

impl ClipTiming {
    pub fn new(start: f64, end: Option<f64>, looped: bool, period: Option<f64>) -> Self {
        let period = period.filter(|p| *p > start);
        Self {
            start,
            end: end.filter(|e| period.is_none_or(|p| *e < p)),
            looped,
            period,
            speed: 1.0,
        }
    }

    /// The same clip played at `speed` (none: as recorded).
    pub fn at_speed(self, speed: Option<f64>) -> Self {
        Self {
            speed: speed.filter(|s| s.is_finite() && *s > 0.0).unwrap_or(1.0),
            ..self
        }
    }

    /// The filters (with a leading comma) that play the clip's pictures at its speed, as
    /// `fps` frames a second again (frames dropped when faster, repeated when slower).
    pub fn retime(&self, fps: u32) -> String {
        if self.speed == 1.0 {
            return String::new();
        }
        format!(",setpts=PTS/{},fps={fps}", seconds(self.speed))
    }

    /// The filters (with a leading comma) that play the clip's sound at its speed, its pitch
    /// kept: `atempo` takes 0.5 to 100, so a slower speed is two steps.
    pub fn retempo(&self) -> String {
        let s = self.speed;
        if s == 1.0 {
            String::new()
        } else if s < 0.5 {
            format!(",atempo=0.5,atempo={}", seconds(s / 0.5))
        } else {
            format!(",atempo={}", seconds(s))
        }
    }

    pub fn input_options(&self) -> Vec<String> {
        let mut opts = Vec::new();
        if self.looped {
            opts.extend(["-stream_loop".to_owned(), "-1".to_owned()]);
        }
        let selects = self.looped && self.period.is_some();
        if self.start > 0.0 && !selects {
            opts.extend(["-ss".to_owned(), seconds(self.start)]);
        }
        // Read no further than the end: what follows is never shown nor heard.
        if let Some(end) = self.end.filter(|_| !self.looped) {
            opts.extend(["-t".to_owned(), seconds(end - self.start)]);
        }
        opts
    }

    /// The filters (with a leading comma) that hold a clip that is not looped on its last frame
    /// for as long as it is wanted. A cut clip is first cut to its frames: ffmpeg's `-t` lets
    /// through the frame that starts exactly at the cut, which would be the one held.
    pub fn hold(&self, fps: u32) -> String {
        if self.looped {
            return String::new();
        }
        let cut = self.end.map_or(String::new(), |end| {
            // The frames that start before the cut: one frame less rather than one past it.
            let frames = ((end - self.start) / self.speed * f64::from(fps) + 1e-6)
                .floor()
                .max(1.0);
            format!(",trim=end_frame={frames}")
        });
        format!("{cut},tpad=stop=-1:stop_mode=clone")
    }

    /// The `select`/`aselect` filter keeping, in every pass of a looped clip, what lies between
    /// `start` and `end`; `None` when nothing needs dropping.
    pub fn select(&self, filter: &str, t: &str) -> Option<String> {
        let period = self.period.filter(|_| self.looped)?;
        let pos = format!("mod({t},{})", seconds(period));
        match (self.start > 0.0, self.end) {
            (false, None) => None,
            (true, None) => Some(format!("{filter}='gte({pos},{})'", seconds(self.start))),
            (_, Some(end)) => Some(format!(
                "{filter}='gte({pos},{})*lt({pos},{})'",
                seconds(self.start),
                seconds(end)
            )),
        }
    }
}

/// The time `select` compares with a looped clip's cut: half a frame later than the frame's, so
/// each frame is kept or dropped by the cut's edge nearest to it. Compared exactly, a frame
/// lying on an edge went either way with the float rounding of `mod(t, period)`: passes of
/// 14, 14 and 15 frames of a 15-frame cut.
fn nearest_frame(fps: u32) -> String {
    format!("(t+{})", seconds(0.5 / f64::from(fps)))
}

fn zoompan(m: &Motion, frames: u64, w: u32, h: u32, fps: u32) -> String {
    let n = seconds(frames.saturating_sub(1).max(1) as f64);
    let lerp = |a: f64, b: f64| format!("({}+({})*on/{n})", seconds(a), seconds(b - a));
    let z = lerp(m.from.zoom, m.to.zoom);
    let cx = lerp(m.from.x, m.to.x);
    let cy = lerp(m.from.y, m.to.y);
    format!(
        "zoompan=z='{z}':x='max(0,min(iw-iw/zoom,{cx}*iw-iw/zoom/2))':y='max(0,min(ih-ih/zoom,{cy}*ih-ih/zoom/2))':d={frames}:s={w}x{h}:fps={fps}"
    )
}

/// Scales so the picture covers `w`x`h` (its display shape kept, using its sample aspect ratio);
/// a crop to `w`x`h` follows.
fn scale_cover(w: u32, h: u32) -> String {
    format!(
        "scale=w='if(gt(dar,{w}/{h}),ceil({h}*dar-0.01),{w})':h='if(gt(dar,{w}/{h}),{h},ceil({w}/dar-0.01))'"
    )
}

/// Scales so the whole picture fits inside `w`x`h`, its display shape kept.
fn scale_contain(w: u32, h: u32) -> String {
    format!(
        "scale=w='if(gt(dar,{w}/{h}),{w},max(1,floor({h}*dar+0.01)))':h='if(gt(dar,{w}/{h}),max(1,floor({w}/dar+0.01)),{h})'"
    )
}

/// Fits a moving picture to `w`x`h`, square pixels (per frame, so `pad` rather than an overlay);
/// `label` names the links a blur fit needs inside the chain.
fn fit_chain((fit, blur): (Fit, Option<f64>), w: u32, h: u32, bg: &str, label: &str) -> String {
    match fit {
        Fit::Cover => format!("{},crop={w}:{h},setsar=1", scale_cover(w, h)),
        Fit::Contain => format!(
            "{},pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color={bg},setsar=1",
            scale_contain(w, h)
        ),
        Fit::Stretch => format!("scale={w}:{h},setsar=1"),
        // Every frame twice: whole, and blurred behind it (the blur made at a quarter of the
        // size, where it costs a sixteenth).
        Fit::Blur => format!(
            "split[{label}src][{label}copy];[{label}copy]{}[{label}blur];[{label}src]{},setsar=1[{label}pic];[{label}blur][{label}pic]overlay=x=(W-w)/2:y=(H-h)/2,setsar=1",
            blurred(w, h, blur),
            scale_contain(w, h),
        ),
    }
}

/// A picture covering `w`x`h`, blurred with a radius of `blur` (a fraction of `h`): drawn at a
/// quarter of the size, blurred there, and scaled back up, which also smooths it.
fn blurred(w: u32, h: u32, blur: Option<f64>) -> String {
    let (qw, qh) = (even(f64::from(w) / 4.0), even(f64::from(h) / 4.0));
    let radius = blur.unwrap_or(estudio_project::DEFAULT_BLUR) * f64::from(qh);
    // gblur's sigma is about half the visible radius; ffmpeg allows at most 1024.
    let sigma = (radius / 2.0).clamp(0.5, 1024.0);
    format!(
        "{},crop={qw}:{qh},setsar=1,gblur=sigma={},scale={w}:{h},setsar=1",
        scale_cover(qw, qh),
        seconds((sigma * 100.0).round() / 100.0)
    )
}

/// A text's entrance and exit as drawtext expressions of the scene's time `t`, which is the
/// frame's number over the frame rate, so every frame of a motion is where it should be.
struct TextMotion {
    /// `(start, seconds, kind)` of the entrance: progress `clip((t-start)/seconds, 0, 1)`.
    enter: Option<(f64, f64, TextMotionKind)>,
    /// `(end, seconds, kind)` of the exit: progress `clip((end-t)/seconds, 0, 1)`.
    exit: Option<(f64, f64, TextMotionKind)>,
    /// How far a slide travels: a tenth of the canvas, across or down.
    across: f64,
    down: f64,
    /// The whole scene's zoom and pan, and the scene's length.
    view: Option<(Motion, f64)>,
    /// The middle of the text's block of lines, in pixels down: what it grows about.
    middle: f64,
    /// The canvas, in pixels.
    w: f64,
    h: f64,
}

impl TextMotion {
    fn of(text: &Text, scene_secs: f64, w: f64, h: f64) -> Self {
        Self {
            enter: text
                .enter
                .as_ref()
                .map(|m| (text.start.unwrap_or(0.0), m.duration, m.kind)),
            exit: text
                .exit
                .as_ref()
                .map(|m| (text.end.unwrap_or(scene_secs), m.duration, m.kind)),
            across: (w * 0.1).round(),
            down: (h * 0.1).round(),
            view: text.motion.clone().map(|m| (m, scene_secs.max(1e-3))),
            middle: text.y * h,
            w,
            h,
        }
    }

    /// `from` to `to` over the scene, as an expression of `t`; `None` without a view's motion.
    fn lerp(&self, pick: impl Fn(&View) -> f64) -> Option<String> {
        let (m, secs) = self.view.as_ref()?;
        let (a, b) = (pick(&m.from), pick(&m.to));
        Some(format!(
            "({}+({})*min(t/{},1))",
            seconds(a),
            seconds(b - a),
            seconds(*secs)
        ))
    }

    /// Where a text placed at `px` pixels along an axis (`size` pixels long) is as the view
    /// pans: moved against the view's centre, `p + (0.5 - centre) * size`. (A text grows about
    /// its own place, as editly's titles do; it is not carried off by the zoom.)
    fn panned(&self, px: f64, size: f64, centre: impl Fn(&View) -> f64) -> String {
        match self.lerp(centre) {
            Some(c) => format!("({}+(0.5-{c})*{})", seconds(px), seconds(size)),
            None => seconds(px),
        }
    }

    /// A line's anchor on x (`x` pixels), as the view pans.
    fn anchor_x(&self, x: f64) -> String {
        self.panned(x, self.w, |v| v.x)
    }

    fn progress_in(&self) -> Option<String> {
        self.enter
            .map(|(s, d, _)| format!("clip((t-{})/{},0,1)", seconds(s), seconds(d)))
    }

    fn progress_out(&self) -> Option<String> {
        self.exit
            .map(|(e, d, _)| format!("clip(({}-t)/{},0,1)", seconds(e), seconds(d)))
    }

    /// `:alpha='…'`: every motion fades as it moves; empty without one.
    fn alpha(&self) -> String {
        let parts: Vec<String> = [self.progress_in(), self.progress_out()]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(":alpha='{}'", parts.join("*"))
        }
    }

    /// The offset along one axis (`vertical` or across), eased out: fast at first, settling.
    fn offset(&self, vertical: bool) -> Option<String> {
        use TextMotionKind::{SlideDown, SlideLeft, SlideRight, SlideUp};
        let dist = if vertical { self.down } else { self.across };
        let mut terms = Vec::new();
        // Entering, the text comes from the side it moves away from; leaving, it goes on.
        if let (Some((_, _, kind)), Some(p)) = (self.enter, self.progress_in()) {
            let sign = match (kind, vertical) {
                (SlideUp, true) | (SlideLeft, false) => Some(1.0),
                (SlideDown, true) | (SlideRight, false) => Some(-1.0),
                _ => None,
            };
            if let Some(sign) = sign {
                terms.push(format!("{}*pow(1-{p},2)", seconds(sign * dist)));
            }
        }
        if let (Some((_, _, kind)), Some(p)) = (self.exit, self.progress_out()) {
            let sign = match (kind, vertical) {
                (SlideUp, true) | (SlideLeft, false) => Some(-1.0),
                (SlideDown, true) | (SlideRight, false) => Some(1.0),
                _ => None,
            };
            if let Some(sign) = sign {
                terms.push(format!("{}*pow(1-{p},2)", seconds(sign * dist)));
            }
        }
        (!terms.is_empty()).then(|| terms.join("+"))
    }

    fn x(&self, x: &str) -> String {
        match self.offset(false) {
            Some(off) => format!("'{x}+{off}'"),
            // Quoted: the view's expression has commas.
            None if self.view.is_some() => format!("'{x}'"),
            None => x.to_owned(),
        }
    }

    /// The top of a line whose middle is `middle` pixels down: panned, spread from the block's
    /// middle as the view zooms, slid, and kept centred on its middle while it is zoomed.
    fn y(&self, middle: f64, size: f64) -> String {
        let block = self.panned(self.middle, self.h, |v| v.y);
        let centre = match self.lerp(|v| v.zoom) {
            Some(z) => format!("({block}+({})*{z})", seconds(middle - self.middle)),
            None => seconds(middle),
        };
        let mut terms: Vec<String> = self.offset(true).into_iter().collect();
        let scaled = [self.scale(), self.lerp(|v| v.zoom)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        if terms.is_empty() && scaled.is_empty() {
            return seconds((middle - size / 2.0).round());
        }
        let half = if scaled.is_empty() {
            seconds(size / 2.0)
        } else {
            format!("{}*{}", seconds(size / 2.0), scaled.join("*"))
        };
        terms.insert(0, format!("{centre}-{half}"));
        format!("'{}'", terms.join("+"))
    }

    /// A zoom's scale of the font, from half its size to all of it (eased); `None` without one.
    fn scale(&self) -> Option<String> {
        let zooms: Vec<String> = [
            self.enter
                .filter(|(_, _, k)| *k == TextMotionKind::Zoom)
                .and(self.progress_in()),
            self.exit
                .filter(|(_, _, k)| *k == TextMotionKind::Zoom)
                .and(self.progress_out()),
        ]
        .into_iter()
        .flatten()
        .map(|p| format!("(1-pow(1-{p},2)/2)"))
        .collect();
        (!zooms.is_empty()).then(|| zooms.join("*"))
    }

    /// drawtext's `fontsize`: the size, or an expression of `t` while zooming.
    fn font_size(&self, size: f64) -> String {
        let scaled: Vec<String> = [self.scale(), self.lerp(|v| v.zoom)]
            .into_iter()
            .flatten()
            .collect();
        if scaled.is_empty() {
            seconds(size)
        } else {
            format!("'{}*{}'", seconds(size), scaled.join("*"))
        }
    }
}

/// `:enable='between(t,START,END)'` for a timed layer; empty for one shown throughout.
fn enable(start: Option<f64>, end: Option<f64>) -> String {
    match (start, end) {
        (None, None) => String::new(),
        (Some(s), None) => format!(":enable='gte(t,{})'", seconds(s)),
        (None, Some(e)) => format!(":enable='lt(t,{})'", seconds(e)),
        (Some(s), Some(e)) => format!(":enable='gte(t,{})*lt(t,{})'", seconds(s), seconds(e)),
    }
}

/// The `geq` expression of a mask's outline (255 inside, 0 outside, a pixel's width of soft
/// edge); `None` for the whole box.
fn mask_shape(mask: Mask) -> Option<String> {
    // How far inside the outline the pixel's centre is, in pixels, to a 0-255 cover.
    let soft = |inside: &str| format!("clip(({inside}+0.5)*255,0,255)");
    match mask {
        Mask::None => None,
        Mask::Circle => Some(soft("min(W,H)/2-hypot(X+0.5-W/2,Y+0.5-H/2)")),
        Mask::Rounded => {
            // The corner's radius: a tenth of the shorter side. A pixel's distance from the
            // box shrunk by the radius, against the radius.
            let r = "(min(W,H)/10)";
            let dx = format!("max(max({r}-X-0.5,X+0.5-W+{r}),0)");
            let dy = format!("max(max({r}-Y-0.5,Y+0.5-H+{r}),0)");
            Some(soft(&format!("{r}-hypot({dx},{dy})")))
        }
    }
}

fn even(x: f64) -> u32 {
    ((x / 2.0).round() as u32).max(1) * 2
}

/// A validated `#rrggbb` in ffmpeg's syntax; black if invalid (validation has already refused it).
pub(super) fn color(value: &str) -> String {
    parse_color(value).to_ffmpeg()
}

/// A colour of a validated project (black only for one that was never checked).
fn parse_color(value: &str) -> Color {
    Color::parse(value).unwrap_or(Color::BLACK)
}
