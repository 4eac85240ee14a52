//! Project + preset -> ffmpeg arguments. Pure: no file is read or written here.
//!
//! One ffmpeg process renders the whole video through one filter graph:
//! - each still scene (image or colour) is decoded, fitted, titled and converted **once**, then
//!   repeated with `loop` for the scene's frames (drawing per frame would cost 10x more);
//! - a video scene is normalised (fps, size, pixel format), titled and frozen on its last frame;
//! - scenes are joined with `xfade` (transitions) or `concat` (cuts), at frame-exact offsets
//!   taken from the project's [`Timeline`](estudio_project::Timeline);
//! - narrations are delayed to their scene's first sample and mixed with the music over a
//!   silent bed of exactly the video's length;
//! - everything runs at the output size, so nothing is scaled twice.
//!
//! Text reaches drawtext through files (`textfile=`, `expansion=none`), never through the graph,
//! and every path is escaped with [`filter_value`], so no project text can alter the graph.
//! Inputs are opened with `-protocol_whitelist file` and a `file:` prefix, so a project cannot
//! make ffmpeg fetch URLs or read through `concat:`/`subfile:`-style protocols.

use std::path::{Path, PathBuf};

use estudio_project::{Background, Fit, Project, Rgb};

use crate::escape::{filter_value, seconds};
use crate::{Preset, RenderOptions};

/// Narration lanes: a narration may last until the start of the `LANES`-th narrated scene after it.
const LANES: usize = 2;

/// Where the plan's files live. Chosen by the caller, so planning stays pure.
pub struct Paths<'a> {
    /// A private folder for the text files drawtext reads.
    pub work_dir: &'a Path,
    /// The font file for text.
    pub font: &'a Path,
    /// Where ffmpeg writes (a temporary file beside the destination).
    pub output: &'a Path,
}

/// A ready-to-run render.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// ffmpeg's arguments, without the program name.
    pub args: Vec<String>,
    /// Files to write before running: (path, content).
    pub files: Vec<(PathBuf, String)>,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub total_frames: u64,
    pub duration_secs: f64,
}

impl Plan {
    /// The command as a shell would read it, for the job's log.
    pub fn command_line(&self) -> String {
        std::iter::once("ffmpeg".to_owned())
            .chain(self.args.iter().map(|a| shell_quote(a)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=+,@%".contains(&b))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Builds the ffmpeg run for `project` (validated, media paths absolute) under `preset`.
pub fn plan(
    project: &Project,
    preset: &Preset,
    options: &RenderOptions,
    paths: &Paths<'_>,
) -> Plan {
    let (width, height) = preset.output_size(project.canvas.width, project.canvas.height);
    let fps = preset.output_fps(project.canvas.fps);
    let timeline = project.timeline_at(fps);
    let mut b = Builder {
        width,
        height,
        canvas_bg: color(&project.canvas.background),
        font: filter_value(&paths.font.to_string_lossy()),
        work_dir: paths.work_dir,
        inputs: Vec::new(),
        input_count: 0,
        graph: Vec::new(),
        files: Vec::new(),
    };

    // Video: one labelled stream per scene, then joined.
    for (i, scene) in project.scenes.iter().enumerate() {
        let frames = timeline.scenes[i].frames;
        let fitted = match &scene.background {
            Background::Image { image, fit } => {
                let k = b.input(
                    &[
                        "-f",
                        "image2",
                        "-pattern_type",
                        "none",
                        "-framerate",
                        &fps.to_string(),
                    ],
                    image,
                );
                format!("[{k}:v]{}", b.fit(*fit))
            }
            Background::Color { color: c } => {
                format!("color=c={}:s={width}x{height}:r={fps},trim=end_frame=1,setsar=1,format=yuv420p", color(c))
            }
            Background::Video { video } => {
                let k = b.input(&[], video);
                format!("[{k}:v]setpts=PTS-STARTPTS,fps={fps},{}", b.fit(Fit::Cover))
            }
        };
        let texts = b.texts(i, scene);
        let hold = match &scene.background {
            // One frame, repeated: decoded, fitted and titled once.
            Background::Image { .. } | Background::Color { .. } => {
                format!(
                    "loop=loop={}:size=1:start=0,setpts=N/({fps}*TB)",
                    frames - 1
                )
            }
            // Frozen on its last frame if shorter than the scene, cut if longer.
            Background::Video { .. } => {
                format!("tpad=stop=-1:stop_mode=clone,trim=end_frame={frames},setpts=N/({fps}*TB)")
            }
        };
        b.graph.push(format!("{fitted}{texts},{hold}[v{i}]"));
    }
    // Scenes are joined as a balanced tree, not a chain: in a chain a frame of scene k passes
    // through every later xfade (quadratic in the scene count); in a tree through log2(n).
    let (current, _) = b.join(project, &timeline, 0, project.scenes.len(), fps);

    // Audio: a silent bed of exactly the video's length, narrations placed on it, music under.
    let rate = preset.audio_rate;
    let total_samples = (timeline.total_frames * u64::from(rate)) / u64::from(fps);
    let norm = format!("aresample={rate},aformat=sample_fmts=fltp:channel_layouts=stereo");
    b.graph.push(format!(
        "anullsrc=r={rate}:cl=stereo,atrim=end_sample={total_samples}[bed]"
    ));
    let mut mix = vec!["[bed]".to_owned()];
    // Narrations are laid on two lanes (alternate narrated scenes), each lane one `concat` of
    // silence and narrations, so mixing costs the same whatever the number of scenes. (Mixing one
    // delayed stream per narration makes the mixer run every narration for the whole video:
    // quadratic, and 200 scenes took 2.5 times longer.) A narration may run on over the next
    // narrated scene; it ends where the one after that starts.
    let narrated: Vec<usize> = (0..project.scenes.len())
        .filter(|&i| project.scenes[i].narration.is_some())
        .collect();
    let start_sample = |i: usize| timeline.scenes[i].start * u64::from(rate) / u64::from(fps);
    for lane in 0..LANES {
        let mut parts = Vec::new();
        let mut at = 0u64;
        for (n, &i) in narrated.iter().enumerate().skip(lane).step_by(LANES) {
            let Some(narration) = &project.scenes[i].narration else {
                continue;
            };
            let start = start_sample(i);
            if start > at {
                b.graph.push(format!(
                    "anullsrc=r={rate}:cl=stereo,atrim=end_sample={}[gap{i}]",
                    start - at
                ));
                parts.push(format!("[gap{i}]"));
            }
            let end = narrated
                .get(n + LANES)
                .map_or(total_samples, |&next| start_sample(next))
                .min(total_samples);
            let k = b.input(&[], &narration.src);
            b.graph.push(format!(
                "[{k}:a]{norm},volume={},apad,atrim=end_sample={},asetpts=PTS-STARTPTS[n{i}]",
                seconds(narration.volume),
                end - start
            ));
            parts.push(format!("[n{i}]"));
            at = end;
        }
        if parts.is_empty() {
            continue;
        }
        b.graph.push(format!(
            "{}concat=n={}:v=0:a=1[lane{lane}]",
            parts.concat(),
            parts.len()
        ));
        mix.push(format!("[lane{lane}]"));
    }
    if let Some(m) = &project.music {
        let k = b.input(
            if m.r#loop {
                &["-stream_loop", "-1"]
            } else {
                &[]
            },
            &m.src,
        );
        let total = timeline.duration_secs();
        let fade = total.min(1.5);
        b.graph.push(format!(
            "[{k}:a]{norm},volume={},atrim=end_sample={total_samples},afade=t=out:st={}:d={}[music]",
            seconds(m.volume),
            seconds(total - fade),
            seconds(fade)
        ));
        mix.push("[music]".to_owned());
    }
    let audio_out = if mix.len() == 1 {
        "bed".to_owned()
    } else {
        b.graph.push(format!(
            "{}amix=inputs={}:duration=first:dropout_transition=0:normalize=0[mix]",
            mix.concat(),
            mix.len()
        ));
        "mix".to_owned()
    };

    let crf = options.crf.unwrap_or(preset.crf);
    let x264 = options
        .encoder_preset
        .as_deref()
        .unwrap_or(preset.x264_preset);
    // Progress comes from ffmpeg's stats lines; four a second keep the bar and the ETA lively.
    let mut args: Vec<String> = ["-hide_banner", "-stats_period", "0.25"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    args.extend(b.inputs);
    args.extend(
        [
            "-filter_complex",
            &b.graph.join(";\n"),
            "-map",
            &format!("[{current}]"),
            "-map",
            &format!("[{audio_out}]"),
            "-c:v",
            "libx264",
            "-preset",
            x264,
            "-crf",
            &crf.to_string(),
            "-pix_fmt",
            "yuv420p",
            "-profile:v",
            "high",
            "-c:a",
            "aac",
            "-b:a",
            &format!("{}k", preset.audio_bitrate_kbps),
            "-ar",
            &rate.to_string(),
            "-ac",
            "2",
            "-frames:v",
            &timeline.total_frames.to_string(),
            "-movflags",
            "+faststart",
            "-f",
            preset.container.ffmpeg_format(),
            "-y",
        ]
        .iter()
        .map(|s| (*s).to_owned()),
    );
    args.push(format!("file:{}", paths.output.to_string_lossy()));

    Plan {
        args,
        files: b.files,
        width,
        height,
        fps,
        total_frames: timeline.total_frames,
        duration_secs: timeline.duration_secs(),
    }
}

struct Builder<'a> {
    width: u32,
    height: u32,
    canvas_bg: String,
    font: String,
    work_dir: &'a Path,
    inputs: Vec<String>,
    input_count: usize,
    graph: Vec<String>,
    files: Vec<(PathBuf, String)>,
}

impl Builder<'_> {
    /// Adds an input file (local files only) and returns its index.
    fn input(&mut self, options: &[&str], path: &str) -> usize {
        self.inputs.extend(
            ["-protocol_whitelist", "file"]
                .iter()
                .map(|s| (*s).to_owned()),
        );
        self.inputs.extend(options.iter().map(|s| (*s).to_owned()));
        self.inputs.push("-i".to_owned());
        // `file:` makes the path a path, whatever it starts with (`-`, `http:`, `concat:` ...).
        self.inputs.push(format!("file:{path}"));
        self.input_count += 1;
        self.input_count - 1
    }

    /// Joins scenes `[from, to)` into one stream; returns its label and length in frames.
    fn join(
        &mut self,
        project: &Project,
        timeline: &estudio_project::Timeline,
        from: usize,
        to: usize,
        fps: u32,
    ) -> (String, u64) {
        if to - from == 1 {
            return (format!("v{from}"), timeline.scenes[from].frames);
        }
        let mid = from + (to - from) / 2;
        let (left, left_len) = self.join(project, timeline, from, mid, fps);
        let (right, right_len) = self.join(project, timeline, mid, to, fps);
        // The transition between the two halves is the one out of the left half's last scene.
        let overlap = timeline.scenes[mid - 1].transition_out;
        let out = format!("j{from}_{to}");
        if overlap == 0 {
            self.graph
                .push(format!("[{left}][{right}]concat=n=2:v=1:a=0[{out}]"));
        } else {
            let kind = project.scenes[mid - 1]
                .transition
                .as_ref()
                .map_or("fade", |t| t.kind.as_str());
            self.graph.push(format!(
                "[{left}][{right}]xfade=transition={kind}:duration={}:offset={}[{out}]",
                seconds(overlap as f64 / f64::from(fps)),
                seconds((left_len - overlap) as f64 / f64::from(fps)),
            ));
        }
        (out, left_len + right_len - overlap)
    }

    /// Scales a decoded picture to the output size the way `fit` asks, square pixels, yuv420p.
    fn fit(&self, fit: Fit) -> String {
        let (w, h) = (self.width, self.height);
        match fit {
            Fit::Cover => format!(
                "scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},setsar=1,format=yuv420p"
            ),
            Fit::Contain => format!(
                "scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color={},setsar=1,format=yuv420p",
                self.canvas_bg
            ),
        }
    }

    /// drawtext filters (with a leading comma) for a scene's texts, one per line so every line is
    /// centred on the text's x; the block is centred on its y.
    fn texts(&mut self, scene_index: usize, scene: &estudio_project::Scene) -> String {
        let mut out = String::new();
        for (t, text) in scene.texts.iter().enumerate() {
            let lines: Vec<&str> = text.text.split('\n').collect();
            let size = (text.size * f64::from(self.height)).round().max(1.0);
            let line_height = size * 1.25;
            let block_top =
                text.y * f64::from(self.height) - line_height * lines.len() as f64 / 2.0;
            for (l, line) in lines.iter().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let file = self
                    .work_dir
                    .join(format!("text-{scene_index}-{t}-{l}.txt"));
                let top = block_top + line_height * l as f64 + (line_height - size) / 2.0;
                let outline = text
                    .outline
                    .as_ref()
                    .map(|o| ((o.width * f64::from(self.height)).round(), &o.color))
                    .filter(|(w, _)| *w >= 1.0)
                    .map(|(w, c)| format!(":borderw={w}:bordercolor={}", color(c)))
                    .unwrap_or_default();
                out.push_str(&format!(
                    ",drawtext=fontfile={}:textfile={}:expansion=none:fontsize={}:fontcolor={}{outline}:x={}-text_w/2:y={}",
                    self.font,
                    filter_value(&file.to_string_lossy()),
                    size,
                    color(&text.color),
                    seconds((text.x * f64::from(self.width)).round()),
                    seconds(top.round()),
                ));
                self.files.push((file, (*line).to_owned()));
            }
        }
        out
    }
}

/// A validated `#rrggbb` in ffmpeg's syntax; black if invalid (validation has already refused it).
fn color(value: &str) -> String {
    Rgb::parse(value).unwrap_or(Rgb(0, 0, 0)).to_ffmpeg()
}
