//! Project + preset -> the ffmpeg runs of a render. Pure: no file is read or written here.
//!
//! A render is a few ffmpeg runs, each a [`Step`] (an MP4's or WebM's pictures are drawn in
//! [`Part`]s first, [`PARTS_AT_ONCE`] at a time beside the mix; see [`part_scenes`]):
//! 1. **mix** (when the project has sound): narrations, clips' sound and music mixed on a silent
//!    bed of exactly the video's length, measured (EBU R128) and written to a work file
//!    ([`audio`]);
//! 2. **palette** (GIF only): the pictures once, to compute the GIF's palette;
//! 3. **main**: the pictures ([`video`]) plus the mix raised or lowered to the loudness target
//!    (with a limiter when its peaks would pass -1 dBTP), encoded to the temporary output;
//! 4. **poster** (when asked): one frame of the finished file, as PNG.
//!
//! Text reaches drawtext through files (`textfile=`, `expansion=none`), never through the graph,
//! and every path is escaped with [`filter_value`](crate::escape::filter_value), so no project
//! text can alter the graph. Inputs are opened as [`media::input_args`] says: local files only,
//! ordinary media formats only.

mod audio;
mod video;

use std::path::{Path, PathBuf};

pub use audio::{Loudness, HEADROOM_DB, PEAK_LIMIT_DB};

use estudio_project::Project;

use crate::escape::seconds;
use crate::media::{self, MediaIndex};
use crate::preset::{AudioCodec, VideoCodec};
use crate::{Preset, RenderOptions};

/// Where the plan's files live. Chosen by the caller, so planning stays pure.
pub struct Paths<'a> {
    /// A private folder for work files (drawtext's text files, the mix, the palette).
    pub work_dir: &'a Path,
    /// The default font file for text.
    pub font: &'a Path,
    /// Where ffmpeg writes (a temporary file beside the destination).
    pub output: &'a Path,
    /// Where the poster goes (a temporary file beside the destination), when one is asked for.
    pub poster: Option<&'a Path>,
}

/// What an ffmpeg run makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// The sound mix (no pictures).
    Mix,
    /// A GIF's palette.
    Palette,
    /// The pictures of a run of scenes of a long project.
    Part,
    /// The output file.
    Main,
    /// One frame of the output, as PNG.
    Poster,
    /// One scene drawn alone, small.
    Thumbnail,
}

/// One ffmpeg run.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub kind: StepKind,
    /// ffmpeg's arguments, without the program name.
    pub args: Vec<String>,
    /// Length of what it processes, to turn ffmpeg's `time=` into a fraction.
    pub duration_secs: f64,
    /// Its share of the whole render's progress bar (all steps sum to 1).
    pub weight: f64,
    /// Its filter graph, written to [`Step::graph_file`] before the run (`-filter_complex_script`):
    /// a graph of hundreds of scenes is larger than one command-line argument may be (128 KiB).
    pub graph: Option<(PathBuf, String)>,
}

/// Graphs up to this size are copied into the job's log with the command.
const GRAPH_IN_LOG: usize = 20_000;

impl Step {
    /// Whether its ffmpeg's frames per second and speed describe pictures (the sound mix has
    /// none).
    pub fn draws_pictures(&self) -> bool {
        self.kind != StepKind::Mix
    }

    /// The command as a shell would read it, then its filter graph, for the job's log.
    pub fn command_line(&self) -> String {
        let mut line = std::iter::once("ffmpeg".to_owned())
            .chain(self.args.iter().map(|a| shell_quote(a)))
            .collect::<Vec<_>>()
            .join(" ");
        if let Some((path, graph)) = &self.graph {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            if graph.len() <= GRAPH_IN_LOG {
                line.push_str(&format!("\n# {name}:\n{graph}"));
            } else {
                line.push_str(&format!("\n# {name}: {} lines", graph.lines().count()));
            }
        }
        line
    }

    fn with_graph(mut self, work_dir: &Path, file: &str, lines: &[String]) -> Self {
        if lines.is_empty() {
            return self;
        }
        let path = work_dir.join(file);
        self.args.push("-filter_complex_script".to_owned());
        self.args.push(path.to_string_lossy().into_owned());
        self.graph = Some((path, lines.join(";\n")));
        self
    }
}

/// A ready-to-run render.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The sound mix, when the project has sound and the preset keeps it.
    pub mix: Option<Step>,
    /// The GIF palette pass.
    pub palette: Option<Step>,
    /// The pictures in parts, a run each (empty: the main run draws them).
    pub parts: Vec<Part>,
    main: Main,
    /// The poster frame, taken from the finished output.
    pub poster: Option<Step>,
    /// Files to write before running: (path, content).
    pub files: Vec<(PathBuf, String)>,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub total_frames: u64,
    pub duration_secs: f64,
}

#[derive(Debug, Clone, PartialEq)]
struct Main {
    /// Input arguments of the pictures (empty for sound-only presets).
    video_inputs: Vec<String>,
    video_lines: Vec<String>,
    video_out: Option<String>,
    /// Number of picture inputs; the mix and the palette come after them.
    video_input_count: usize,
    sound: Sound,
    palette: Option<PathBuf>,
    loudness_target: f64,
    encode: Vec<String>,
    weight: f64,
    work_dir: PathBuf,
    /// Parts to join (their list file), instead of drawing the pictures here.
    join: Option<(PathBuf, String)>,
}

/// At most this many scenes in one part. ffmpeg holds every input of a run in memory (one run
/// for 200 scenes at 720p needed 4.6 GB), and a changed scene renders its whole part again, so
/// parts stay small; each one costs an ffmpeg start (about 0.3 s) and the drawing of the scene
/// before it (for the incoming transition), so they do not get tiny either.
pub const MAX_PART_SCENES: usize = 10;

/// Parts rendered at the same time. ffmpeg's main thread (decoding, the graph) is serial and
/// x264 uses about 1.5 cores at these sizes, so one run leaves a two-core machine partly idle;
/// two runs (with the sound mix beside them) keep both cores busy, and more would only share
/// the same cores while multiplying memory.
pub const PARTS_AT_ONCE: usize = 2;

/// Scenes per part for a project of `scenes` scenes: enough parts that each run slot gets two
/// (so the slots finish together rather than one waiting on a long last part), at most
/// [`MAX_PART_SCENES`].
pub fn part_scenes(scenes: usize) -> usize {
    scenes.div_ceil(2 * PARTS_AT_ONCE).clamp(1, MAX_PART_SCENES)
}

/// A run of whole scenes encoded on its own, its frames joined to the others' without
/// re-encoding: the unit of work, of caching ([`crate::parts`]) and of recovery.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub step: Step,
    /// The part's own folder inside the work folder: its graph, text files and output.
    pub dir: PathBuf,
    /// Its output file (in `dir`).
    pub output: PathBuf,
    /// `ts` or `mkv`.
    pub ext: &'static str,
    /// The files whose bytes reach its pictures (pictures, clips, fonts).
    pub reads: Vec<PathBuf>,
    pub frames: u64,
    /// Its scenes, as indices into the project.
    pub scenes: std::ops::Range<usize>,
}

impl Part {
    /// The cache key of its pictures: the command and graph with its own folder written as a
    /// placeholder, the text files in that folder, the bytes of every file it reads, and the
    /// ffmpeg build (`ffmpeg`: its program and `-version` line). `hashes` remembers the files
    /// already hashed by the render's other parts.
    ///
    /// # Errors
    /// A file it reads cannot be read.
    pub fn key(
        &self,
        files: &[(PathBuf, String)],
        ffmpeg: &str,
        hashes: &mut crate::parts::FileHashes,
    ) -> std::io::Result<crate::parts::PartKey> {
        let own = self.dir.to_string_lossy().into_owned();
        let neutral = |s: &str| s.replace(&own, "<part>");
        let mut key = crate::parts::KeyBuilder::new();
        key.text("ffmpeg", ffmpeg);
        key.text("args", &neutral(&self.step.args.join("\0")));
        if let Some((_, graph)) = &self.step.graph {
            key.text("graph", &neutral(graph));
        }
        for (path, content) in files.iter().filter(|(p, _)| p.starts_with(&self.dir)) {
            key.text(&neutral(&path.to_string_lossy()), content);
        }
        for path in &self.reads {
            key.file("reads", path, hashes)?;
        }
        Ok(key.finish())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Sound {
    None,
    /// Silence of this many samples (a project without sound still gets a sound track).
    Silence {
        rate: u32,
        samples: u64,
    },
    /// The mix file the mix step writes.
    Mix(PathBuf),
    /// The mix made inside the main run (levels kept as authored: nothing to measure first).
    Inline {
        inputs: Vec<String>,
        lines: Vec<String>,
        out: String,
    },
}

impl Plan {
    /// What the render will write, estimated generously from bitrates and the length: the
    /// pictures at 0.1 bit per pixel (a GIF at 0.5), the sound at the preset's bitrate, the mix
    /// as uncompressed 32-bit stereo; a quarter more for good measure.
    pub fn space_needed(&self, preset: &Preset) -> crate::work::SpaceNeeded {
        let pixels_per_sec = f64::from(self.width) * f64::from(self.height) * f64::from(self.fps);
        let bits_per_pixel = match preset.video {
            VideoCodec::None => 0.0,
            VideoCodec::Gif => 0.5,
            VideoCodec::H264 | VideoCodec::Vp9 => 0.1,
        };
        let audio_bps = match preset.audio {
            AudioCodec::None => 0.0,
            _ => f64::from(preset.audio_bitrate_kbps) * 1000.0,
        };
        let secs = self.duration_secs;
        let bytes = |bits_per_sec: f64| (bits_per_sec * secs / 8.0 * 1.25) as u64;
        let output = bytes(pixels_per_sec * bits_per_pixel + audio_bps);
        let mix = if self.mix.is_some() {
            bytes(f64::from(preset.audio_rate) * 2.0 * 32.0)
        } else {
            0
        };
        let parts = if self.parts.is_empty() {
            0
        } else {
            bytes(pixels_per_sec * bits_per_pixel)
        };
        crate::work::SpaceNeeded {
            work: mix + parts,
            output,
        }
    }

    /// The main run, once the mix's loudness is known (`None` without a mix).
    pub fn main_step(&self, loudness: Option<Loudness>) -> Step {
        let m = &self.main;
        let mut args = base_args();
        if let Some((list, _)) = &m.join {
            // Our own part files: the list format and the parts' containers only.
            args.extend(
                [
                    "-protocol_whitelist",
                    "file",
                    "-format_whitelist",
                    "concat,mpegts,matroska",
                    "-f",
                    "concat",
                    "-i",
                ]
                .map(str::to_owned),
            );
            args.push(format!("file:{}", list.to_string_lossy()));
        }
        args.extend(m.video_inputs.iter().cloned());
        let mut lines = m.video_lines.clone();
        let mut next_input = m.video_input_count;
        let mut maps = Vec::new();
        if let Some(palette) = &m.palette {
            args.extend(media::input_args(&[], &palette.to_string_lossy()));
            let v = m.video_out.as_deref().unwrap_or("v");
            lines.push(format!(
                "[{v}][{next_input}:v]paletteuse=dither=bayer:bayer_scale=3[gif]"
            ));
            next_input += 1;
            maps.push("[gif]".to_owned());
        } else if let Some(v) = &m.video_out {
            maps.push(format!("[{v}]"));
        } else if m.join.is_some() {
            maps.push("0:v".to_owned());
            next_input += 1;
        }
        match &m.sound {
            Sound::None => {}
            Sound::Silence { rate, samples } => {
                lines.push(format!(
                    "anullsrc=r={rate}:cl=stereo,atrim=end_sample={samples}[aout]"
                ));
                maps.push("[aout]".to_owned());
            }
            Sound::Mix(path) => {
                args.extend(media::input_args(&[], &path.to_string_lossy()));
                let (gain, limit) = loudness.map_or((0.0, false), |l| l.gain_to(m.loudness_target));
                let limiter = if limit {
                    // `level=false` keeps the gain set here; `latency` keeps the sound in sync.
                    format!(
                        ",alimiter=limit={}:level=false:latency=true:attack=5:release=50",
                        seconds(10f64.powf(PEAK_LIMIT_DB / 20.0))
                    )
                } else {
                    String::new()
                };
                lines.push(format!(
                    "[{next_input}:a]volume={}dB{limiter}[aout]",
                    seconds(gain + HEADROOM_DB)
                ));
                maps.push("[aout]".to_owned());
            }
            Sound::Inline {
                inputs,
                lines: audio,
                out,
            } => {
                args.extend(inputs.iter().cloned());
                lines.extend(audio.iter().cloned());
                maps.push(format!("[{out}]"));
            }
        }
        let mut step = Step {
            kind: StepKind::Main,
            args,
            duration_secs: self.duration_secs,
            weight: m.weight,
            graph: None,
        }
        .with_graph(&m.work_dir, "main.graph", &lines);
        for map in maps {
            step.args.push("-map".to_owned());
            step.args.push(map);
        }
        step.args.extend(m.encode.iter().cloned());
        step
    }
}

fn base_args() -> Vec<String> {
    // Progress comes from ffmpeg's stats lines; four a second keep the bar and the ETA lively.
    ["-hide_banner", "-nostdin", "-stats_period", "0.25"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
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

/// Input arguments of one run, numbered in order.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    args: Vec<String>,
    count: usize,
}

impl Inputs {
    /// Adds a file (opened safely, see [`media::input_args`]); returns its input index.
    fn file(&mut self, options: &[impl AsRef<str>], path: &str) -> usize {
        let options: Vec<&str> = options.iter().map(AsRef::as_ref).collect();
        self.args.extend(media::input_args(&options, path));
        self.count += 1;
        self.count - 1
    }

    /// Adds a still picture (its first frame is used; see `video::FIRST_FRAME`).
    fn image(&mut self, path: &str) -> usize {
        self.file(&[] as &[&str], path)
    }

    /// Inputs numbered from `first` (they follow another run's inputs on the same command).
    fn starting_at(first: usize) -> Self {
        Self {
            args: Vec::new(),
            count: first,
        }
    }
}

/// Builds the runs that render `project` (validated and prepared: media paths absolute, every
/// duration known) under `preset`. `media` holds what probing found (clip lengths for looping).
pub fn plan(
    project: &Project,
    media: &MediaIndex,
    preset: &Preset,
    options: &RenderOptions,
    paths: &Paths<'_>,
) -> Plan {
    let (width, height) = preset.output_size(project.canvas.width, project.canvas.height);
    let fps = preset.output_fps(project.canvas.fps);
    let timeline = project.timeline_at(fps);
    let duration_secs = timeline.duration_secs();
    let rate = preset.audio_rate;
    let total_samples = timeline.total_frames * u64::from(rate) / u64::from(fps);

    let mut files = Vec::new();
    let has_video = preset.video != VideoCodec::None;
    // GIF needs one palette over the whole video and sound-only presets have no pictures: they
    // render in one run. A single scene gains nothing from a join.
    let segmented =
        matches!(preset.video, VideoCodec::H264 | VideoCodec::Vp9) && project.scenes.len() >= 2;
    let frame = |tag: String| video::Frame {
        width,
        height,
        fps,
        tag,
    };
    let video = (has_video && !segmented).then(|| {
        let mut v = video::build(
            project,
            media,
            &frame(String::new()),
            &timeline,
            paths.work_dir,
            paths.font,
        );
        // The pictures end at the timeline's last frame inside the graph, not with `-frames:v`:
        // that option closes the whole file when the pictures are done, cutting off the sound
        // encoder's last frames (the sound ended 26-60 ms before the pictures).
        v.lines.push(format!(
            "[{}]trim=end_frame={}[vframes]",
            v.out, timeline.total_frames
        ));
        v.out = "vframes".to_owned();
        v
    });
    let video_codec = video_codec_args(preset, options);
    let parts: Vec<Part> = if segmented {
        part_steps(
            project,
            media,
            preset,
            &timeline,
            paths,
            &video_codec,
            &mut files,
            &frame,
        )
    } else {
        Vec::new()
    };
    // Drawn inside the main run only when it draws the pictures too and levels are kept.
    let inline = options.keep_levels && !segmented;
    let video_input_count = video.as_ref().map_or(0, |v| v.inputs.count);
    let audio_graph = if preset.audio == AudioCodec::None {
        None
    } else if inline {
        audio::build(
            project,
            media,
            &timeline,
            rate,
            video_input_count,
            audio::MixTo::Inline,
        )
    } else {
        audio::build(
            project,
            media,
            &timeline,
            rate,
            0,
            audio::MixTo::File {
                measure: !options.keep_levels,
            },
        )
    };
    let (mix_graph, inline_graph) = if inline {
        (None, audio_graph)
    } else {
        (audio_graph, None)
    };

    let mix_path = paths.work_dir.join("mix.flac");
    let palette_path = paths.work_dir.join("palette.png");
    let gif = preset.video == VideoCodec::Gif;
    let weights = Weights::of(mix_graph.is_some(), gif, has_video, segmented);
    let mix = mix_graph.map(|g| mix_step(g, &mix_path, paths.work_dir, duration_secs, weights.mix));
    let palette = match &video {
        Some(v) if gif => Some(palette_step(
            v,
            &palette_path,
            paths.work_dir,
            duration_secs,
            weights.palette,
        )),
        _ => None,
    };
    let encode = encode_args(
        preset,
        if segmented { None } else { Some(&video_codec) },
        paths.output,
    );

    let sound = match (&mix, inline_graph, preset.audio) {
        (_, _, AudioCodec::None) => Sound::None,
        (Some(_), _, _) => Sound::Mix(mix_path),
        (None, Some(g), _) => Sound::Inline {
            inputs: g.inputs.args,
            lines: g.lines,
            out: g.out,
        },
        (None, None, _) => Sound::Silence {
            rate,
            samples: total_samples,
        },
    };
    let poster = match (options.poster_secs, paths.poster) {
        (Some(at), Some(poster)) if has_video => {
            Some(poster_step(at, poster, &timeline, paths.output))
        }
        _ => None,
    };

    let (video_inputs, video_lines, video_out, video_input_count) = match video {
        Some(v) => {
            files.extend(v.files);
            let count = v.inputs.count;
            (v.inputs.args, v.lines, Some(v.out), count)
        }
        None => (Vec::new(), Vec::new(), None, 0),
    };
    // Each part's weight is its share of the frames (`part_steps`); together they carry the
    // drawing's share of the progress.
    let parts: Vec<Part> = parts
        .into_iter()
        .map(|mut part| {
            part.step.weight *= weights.parts;
            part
        })
        .collect();
    let join = segmented.then(|| {
        let list = join_list(paths.work_dir, &parts);
        files.push(list.clone());
        list
    });
    Plan {
        mix,
        palette,
        parts,
        main: Main {
            video_inputs,
            video_lines,
            video_out,
            video_input_count,
            sound,
            palette: gif.then_some(palette_path),
            loudness_target: options.loudness(preset),
            encode,
            weight: weights.main,
            work_dir: paths.work_dir.to_owned(),
            join,
        },
        poster,
        files,
        width,
        height,
        fps,
        total_frames: timeline.total_frames,
        duration_secs,
    }
}

/// How a render's progress bar is shared between its runs (fractions of 1). Drawing and encoding
/// the pictures is nearly all the time; the sound mix is a quick pass unless it is all there is;
/// a GIF's palette pass decodes and draws everything once more, so it is about half.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Weights {
    mix: f64,
    palette: f64,
    /// All parts together (each then takes its share of the frames).
    parts: f64,
    /// The main run: all the drawing, or only the join of the parts.
    main: f64,
}

impl Weights {
    /// The sound pass beside the pictures.
    const MIX_BESIDE_PICTURES: f64 = 0.05;
    /// The palette pass of a GIF.
    const PALETTE: f64 = 0.45;
    /// Joining parts without re-encoding, of the drawing's share.
    const JOIN: f64 = 0.02;

    fn of(has_mix: bool, gif: bool, has_video: bool, segmented: bool) -> Self {
        let (mix, palette) = match (has_mix, gif, has_video) {
            // Sound only: the mix, then encoding it.
            (true, _, false) => (0.5, 0.0),
            (true, true, _) => (Self::MIX_BESIDE_PICTURES, Self::PALETTE),
            (true, false, _) => (Self::MIX_BESIDE_PICTURES, 0.0),
            (false, true, _) => (0.0, Self::PALETTE + Self::MIX_BESIDE_PICTURES),
            (false, false, _) => (0.0, 0.0),
        };
        let drawing = 1.0 - mix - palette;
        let main = if segmented {
            drawing * Self::JOIN
        } else {
            drawing
        };
        Self {
            mix,
            palette,
            parts: drawing - main,
            main,
        }
    }
}

/// The sound pass: every sound mixed (and measured) into a FLAC file in the work folder.
fn mix_step(
    g: audio::AudioGraph,
    mix_path: &Path,
    work_dir: &Path,
    duration_secs: f64,
    weight: f64,
) -> Step {
    let mut args = base_args();
    args.extend(g.inputs.args);
    let mut step = Step {
        kind: StepKind::Mix,
        args,
        duration_secs,
        weight,
        graph: None,
    }
    .with_graph(work_dir, "mix.graph", &g.lines);
    step.args.extend([
        "-map".to_owned(),
        format!("[{}]", g.out),
        "-c:a".to_owned(),
        "flac".to_owned(),
        "-sample_fmt".to_owned(),
        "s32".to_owned(),
        "-compression_level".to_owned(),
        "0".to_owned(),
        "-f".to_owned(),
        "flac".to_owned(),
        "-y".to_owned(),
        format!("file:{}", mix_path.to_string_lossy()),
    ]);
    step
}

/// A GIF's first pass: the pictures drawn once to choose the palette the encode then uses.
fn palette_step(
    v: &video::VideoGraph,
    palette_path: &Path,
    work_dir: &Path,
    duration_secs: f64,
    weight: f64,
) -> Step {
    let mut args = base_args();
    args.extend(v.inputs.args.iter().cloned());
    let mut lines = v.lines.clone();
    lines.push(format!("[{}]palettegen=stats_mode=diff[pal]", v.out));
    let mut step = Step {
        kind: StepKind::Palette,
        args,
        duration_secs,
        weight,
        graph: None,
    }
    .with_graph(work_dir, "palette.graph", &lines);
    step.args.extend([
        "-map".to_owned(),
        "[pal]".to_owned(),
        "-frames:v".to_owned(),
        "1".to_owned(),
        "-update".to_owned(),
        "1".to_owned(),
        "-f".to_owned(),
        "image2".to_owned(),
        "-y".to_owned(),
        format!("file:{}", palette_path.to_string_lossy()),
    ]);
    step
}

/// The main run's encoder and container arguments. `video_codec` is `None` when the pictures
/// come from parts already encoded (they are joined as they are).
fn encode_args(preset: &Preset, video_codec: Option<&Vec<String>>, output: &Path) -> Vec<String> {
    let mut encode: Vec<String> = match video_codec {
        Some(codec) => codec.clone(),
        None => ["-c:v", "copy"].map(str::to_owned).to_vec(),
    };
    let bitrate = format!("{}k", preset.audio_bitrate_kbps);
    let rate_s = preset.audio_rate.to_string();
    match preset.audio {
        AudioCodec::Aac => encode.extend(
            ["-c:a", "aac", "-b:a", &bitrate, "-ar", &rate_s, "-ac", "2"].map(str::to_owned),
        ),
        AudioCodec::Opus => encode.extend(
            [
                "-c:a", "libopus", "-b:a", &bitrate, "-ar", "48000", "-ac", "2",
            ]
            .map(str::to_owned),
        ),
        AudioCodec::None => encode.push("-an".to_owned()),
    }
    if matches!(
        preset.container,
        crate::Container::Mp4 | crate::Container::M4a
    ) {
        // The index at the front, so players and browsers start before the whole file loads.
        encode.extend(["-movflags".to_owned(), "+faststart".to_owned()]);
    }
    encode.extend([
        "-f".to_owned(),
        preset.container.ffmpeg_format().to_owned(),
        "-y".to_owned(),
        format!("file:{}", output.to_string_lossy()),
    ]);
    encode
}

/// The poster: the frame at `at` seconds of the finished output, as a PNG.
fn poster_step(
    at: f64,
    poster: &Path,
    timeline: &estudio_project::Timeline,
    output: &Path,
) -> Step {
    // The last frame at the latest: a time past the end still gives a picture.
    let last = timeline.frames_to_secs(timeline.total_frames.saturating_sub(1));
    let mut args = base_args();
    args.extend(["-ss".to_owned(), seconds(at.min(last))]);
    args.extend(media::input_args(&[], &output.to_string_lossy()));
    args.extend(one_png(poster));
    Step {
        kind: StepKind::Poster,
        args,
        duration_secs: 0.0,
        weight: 0.0,
        graph: None,
    }
}

/// The list file that joins the parts in order: (its path, its text). Paths are relative to the
/// list (the work folder), so no user path reaches the concat demuxer's parser.
fn join_list(work_dir: &Path, parts: &[Part]) -> (PathBuf, String) {
    let list = work_dir.join("parts.ffconcat");
    let mut text = "ffconcat version 1.0\n".to_owned();
    for part in parts {
        let relative = part.output.strip_prefix(work_dir).unwrap_or(&part.output);
        text.push_str(&format!("file '{}'\n", relative.to_string_lossy()));
    }
    (list, text)
}

/// The run that draws scene `index` of `project` alone, at its middle, `width` pixels wide, into
/// the PNG `output` (a thumbnail for the project panel). The scene is drawn as in a render (fit,
/// motion, layers timed by then), without its transitions. Returns the run and the text files its
/// graph reads.
pub fn thumbnail(
    project: &Project,
    media: &MediaIndex,
    index: usize,
    width: u32,
    work_dir: &Path,
    font: &Path,
    output: &Path,
) -> (Step, Vec<(PathBuf, String)>) {
    let mut one = project.clone();
    one.scenes = vec![project.scenes[index].clone()];
    one.scenes[0].transition = None;
    one.music = None;
    let canvas = &project.canvas;
    let width = (width.min(canvas.width).max(2)) & !1;
    let height = ((u64::from(width) * u64::from(canvas.height) / u64::from(canvas.width.max(1)))
        .max(2) as u32)
        & !1;
    let fps = canvas.fps.max(1);
    let timeline = one.timeline_at(fps);
    let v = video::build(
        &one,
        media,
        &video::Frame {
            width,
            height,
            fps,
            tag: format!("thumb{index}-"),
        },
        &timeline,
        work_dir,
        font,
    );
    let middle = timeline.total_frames / 2;
    let mut lines = v.lines;
    lines.push(format!(
        "[{}]trim=start_frame={middle}:end_frame={},setpts=PTS-STARTPTS[thumb]",
        v.out,
        middle + 1
    ));
    let mut args = base_args();
    args.extend(v.inputs.args);
    let mut step = Step {
        kind: StepKind::Thumbnail,
        args,
        duration_secs: 0.0,
        weight: 1.0,
        graph: None,
    }
    .with_graph(work_dir, &format!("thumb{index}.graph"), &lines);
    step.args.extend(["-map".to_owned(), "[thumb]".to_owned()]);
    step.args.extend(one_png(output));
    (step, v.files)
}

/// Output arguments writing one frame to `path` as a PNG file (poster, thumbnails).
fn one_png(path: &Path) -> Vec<String> {
    let mut args: Vec<String> = [
        "-frames:v",
        "1",
        "-update",
        "1",
        "-c:v",
        "png",
        "-f",
        "image2",
        "-y",
    ]
    .map(str::to_owned)
    .to_vec();
    args.push(format!("file:{}", path.to_string_lossy()));
    args
}

/// The pictures' codec options (the main run's, or every segment's).
fn video_codec_args(preset: &Preset, options: &RenderOptions) -> Vec<String> {
    let crf = options.crf.unwrap_or(preset.crf).to_string();
    let x264 = options
        .encoder_preset
        .as_deref()
        .unwrap_or(preset.x264_preset);
    let args: &[&str] = match preset.video {
        VideoCodec::H264 => &[
            "-c:v",
            "libx264",
            "-preset",
            x264,
            "-crf",
            &crf,
            "-pix_fmt",
            "yuv420p",
            "-profile:v",
            "high",
        ],
        VideoCodec::Vp9 => &[
            "-c:v",
            "libvpx-vp9",
            "-crf",
            &crf,
            "-b:v",
            "0",
            "-deadline",
            "good",
            "-cpu-used",
            "4",
            "-row-mt",
            "1",
            "-pix_fmt",
            "yuv420p",
        ],
        VideoCodec::Gif => &["-c:v", "gif", "-loop", "0"],
        VideoCodec::None => &["-vn"],
    };
    args.iter().map(|s| (*s).to_owned()).collect()
}

/// The runs drawing a project in parts of [`part_scenes`] scenes. A part starting at scene `a`
/// after a transition also draws scene `a-1` (the transition shows both) and keeps only its
/// frames from scene `a`'s first; each part ends where the next begins. Every scene is drawn from its own
/// start in every run it is in, so a picture is the same frame for frame whichever run draws it.
/// Each part has its own folder and draws with unprefixed labels and file names, so the same
/// scenes give the same command in any render (the cache key, [`Part::key`]). Weights are each
/// part's share of the frames.
#[allow(clippy::too_many_arguments)]
fn part_steps(
    project: &Project,
    media: &MediaIndex,
    preset: &Preset,
    timeline: &estudio_project::Timeline,
    paths: &Paths<'_>,
    codec: &[String],
    files: &mut Vec<(PathBuf, String)>,
    frame: &dyn Fn(String) -> video::Frame,
) -> Vec<Part> {
    let n = project.scenes.len();
    let total = timeline.total_frames.max(1);
    let (container, ext) = if preset.video == VideoCodec::Vp9 {
        ("matroska", "mkv")
    } else {
        ("mpegts", "ts")
    };
    let size = part_scenes(n);
    (0..n)
        .step_by(size)
        .enumerate()
        .map(|(k, a)| {
            let b = (a + size).min(n);
            // The scene before is drawn only for a transition into this part's first scene;
            // after a cut this part does not depend on it (nor does its cache key).
            let incoming = a > 0
                && project.scenes[a - 1]
                    .transition
                    .as_ref()
                    .is_some_and(|t| !t.is_cut());
            let first = if incoming { a - 1 } else { a };
            let sub = Project {
                scenes: project.scenes[first..b].to_vec(),
                music: None,
                ..project.clone()
            };
            // Laid out as in the whole video, so the cut points below fall on its frames.
            let sub_timeline = timeline.slice(first..b);
            let origin = timeline.scenes[first].start;
            let from = if a == 0 { 0 } else { timeline.scenes[a].start };
            let to = timeline
                .scenes
                .get(b)
                .map_or(timeline.total_frames, |s| s.start);
            let dir = paths.work_dir.join(format!("part-{k:04}"));
            let v = video::build(
                &sub,
                media,
                &frame(String::new()),
                &sub_timeline,
                &dir,
                paths.font,
            );
            files.extend(v.files);
            let mut lines = v.lines;
            lines.push(format!(
                "[{}]trim=start_frame={}:end_frame={},setpts=PTS-STARTPTS[part]",
                v.out,
                from - origin,
                to - origin
            ));
            let mut args = base_args();
            args.extend(v.inputs.args);
            let mut step = Step {
                kind: StepKind::Part,
                args,
                duration_secs: timeline.frames_to_secs(to - from),
                weight: (to - from) as f64 / total as f64,
                graph: None,
            }
            .with_graph(&dir, "part.graph", &lines);
            step.args.extend(["-map".to_owned(), "[part]".to_owned()]);
            step.args.extend(codec.iter().cloned());
            let output = dir.join(format!("part.{ext}"));
            step.args.extend([
                "-an".to_owned(),
                "-frames:v".to_owned(),
                (to - from).to_string(),
                "-f".to_owned(),
                container.to_owned(),
                "-y".to_owned(),
                format!("file:{}", output.to_string_lossy()),
            ]);
            let mut reads: Vec<PathBuf> = sub
                .media()
                .into_iter()
                .filter(|m| !matches!(m.role, estudio_project::MediaRole::Audio))
                .map(|m| PathBuf::from(m.path))
                .collect();
            reads.push(paths.font.to_owned());
            reads.sort();
            reads.dedup();
            Part {
                step,
                dir,
                output,
                ext,
                reads,
                frames: to - from,
                scenes: a..b,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Weights;

    #[test]
    fn the_progress_of_every_kind_of_render_adds_up_to_one() {
        for has_mix in [false, true] {
            for gif in [false, true] {
                for has_video in [false, true] {
                    for segmented in [false, true] {
                        let w = Weights::of(has_mix, gif, has_video, segmented);
                        let sum = w.mix + w.palette + w.parts + w.main;
                        assert!((sum - 1.0).abs() < 1e-9, "{w:?}");
                        assert_eq!(w.parts > 0.0, segmented, "{w:?}");
                    }
                }
            }
        }
        // Joining segments is quick next to drawing them.
        let w = Weights::of(true, false, true, true);
        assert!(w.main < w.parts / 10.0, "{w:?}");
    }
}
