//! Project + preset -> the ffmpeg runs of a render. Pure: no file is read or written here.
//!
//! A render is a few ffmpeg runs, each a [`Step`]:
//! 1. **mix** (when the project has sound): narrations, clips' sound and music mixed on a silent
//!    bed of exactly the video's length, measured (EBU R128) and written to a work file
//!    ([`audio`]);
//! 2. **palette** (GIF only): the pictures once, to compute the GIF's palette;
//! 3. **main**: the pictures ([`video`]) plus the mix raised or lowered to the loudness target
//!    (with a limiter when its peaks would pass -1 dBTP), encoded to the temporary output;
//! 4. **poster** (when asked): one frame of the finished file, as PNG.
//!
//! An MP4's or WebM's pictures of two scenes or more are drawn in [`Part`]s instead (see
//! [`part_scenes`]), in [`Run`]s of several parts, [`runs_at_once`] at a time beside the
//! **sound** step ([`Plan::sound_step`]: the mix, or silence, brought to the loudness target and
//! encoded once for the whole video). The main run then only joins the parts and the sound by
//! stream copy.
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
    /// The files fontconfig gives for the families texts name ([`crate::fonts::family_files`]):
    /// they are drawn with by name, but their bytes are part of the parts' keys.
    pub families: &'a crate::fonts::FamilyFiles,
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
    /// The pictures of a run of scenes of a project rendered in parts.
    Part,
    /// The sound of a render in parts, encoded once for the whole video.
    Sound,
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
        !matches!(self.kind, StepKind::Mix | StepKind::Sound)
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
    /// The pictures in parts, the unit of caching (empty: the main run draws them). The parts
    /// to render are drawn in [`Plan::runs`].
    pub parts: Vec<Part>,
    drawing: Option<Drawing>,
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
    /// Where the sound step writes the encoded sound the join copies (renders in parts).
    encoded_sound: Option<PathBuf>,
    /// The sound step's codec arguments and container.
    sound_codec: Vec<String>,
    sound_format: &'static str,
    sound_weight: f64,
    palette: Option<PathBuf>,
    loudness_target: f64,
    encode: Vec<String>,
    weight: f64,
    work_dir: PathBuf,
    /// Parts to join (their list file), instead of drawing the pictures here.
    join: Option<(PathBuf, String)>,
}

/// At most this many scenes in one part. A changed scene renders its whole part again, and a
/// part is the unit a re-export reuses, so parts stay small; a long project still has no more
/// than [`MAX_PARTS`] of them (each is a file to hash, keep and join).
pub const MAX_PART_SCENES: usize = 5;

/// Parts a project is cut into, at most (the parts grow past one scene beyond this).
pub const MAX_PARTS: usize = 40;

/// At most this many scenes in one ffmpeg run. ffmpeg holds every input of a run in memory (one
/// run for 200 scenes at 720p needed 4.6 GB), so runs stay short; each costs an ffmpeg start
/// (about 0.3 s of CPU with its pictures' decoding), so they do not get tiny either.
pub const MAX_RUN_SCENES: usize = 10;

/// Runs at the same time on a machine of `cores` cores: two cores per three runs, at least two
/// and at most [`MAX_RUNS_AT_ONCE`]. ffmpeg's main thread (decoding, the graph) is serial and
/// x264 uses about 1.5 cores at these sizes, so one run leaves a two-core machine partly idle;
/// two runs (with the sound beside them) keep both cores busy; beyond that each run adds about
/// 1.5 cores of work and 250 MB (720p) of memory.
pub fn runs_at_once(cores: usize) -> usize {
    (cores * 2).div_ceil(3).clamp(2, MAX_RUNS_AT_ONCE)
}

/// At most this many runs at once, whatever the machine: memory grows with each.
pub const MAX_RUNS_AT_ONCE: usize = 8;

/// Scenes per part for a project of `scenes` scenes: one scene each up to [`MAX_PARTS`] scenes,
/// then as many as keep the count at [`MAX_PARTS`], at most [`MAX_PART_SCENES`]. The part is the
/// unit of caching only: the parts to render are drawn in runs of several (see [`Plan::runs`]),
/// so a small part costs no extra ffmpeg start.
pub fn part_scenes(scenes: usize) -> usize {
    scenes.div_ceil(MAX_PARTS).clamp(1, MAX_PART_SCENES)
}

/// One ffmpeg run drawing the consecutive parts `parts` (indices into [`Plan::parts`]) into one
/// file each: the same pictures as each part's own [`Part::step`] draws, encoded by one encoder
/// cut at key frames (so a part made in another run may differ by the encoder's rounding).
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub step: Step,
    pub parts: std::ops::Range<usize>,
    /// Its folder, and the text files its graph reads, to write before it starts (a run of one
    /// part has none: it is the part's step).
    pub dir: Option<PathBuf>,
    pub files: Vec<(PathBuf, String)>,
    /// Its files to move into place once it is done: (where ffmpeg wrote, the part's output).
    pub moves: Vec<(PathBuf, PathBuf)>,
}

/// The files whose bytes reach a part's or a thumbnail's pictures: pictures, clips, font files,
/// the default font when a text is drawn with it, and the files fontconfig gives for the
/// families texts name. Sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reads {
    pub files: Vec<PathBuf>,
    /// False when fontconfig gave no file for a family a text names: what draws it is unknown,
    /// so what is drawn cannot be keyed (and is not kept).
    pub known: bool,
}

impl Reads {
    /// What the pictures of `project` (a part's or a thumbnail's scenes) read.
    fn of(project: &Project, font: &Path, families: &crate::fonts::FamilyFiles) -> Self {
        let mut files: Vec<PathBuf> = project
            .media()
            .into_iter()
            .filter(|m| !matches!(m.role, estudio_project::MediaRole::Audio))
            .map(|m| PathBuf::from(m.path))
            .collect();
        let mut known = true;
        for text in project.scenes.iter().flat_map(|s| &s.texts) {
            match (&text.font_file, &text.font) {
                (Some(_), _) => {}
                (None, Some(family)) => match families.get(family) {
                    Some(file) => files.push(file.clone()),
                    None => known = false,
                },
                (None, None) => files.push(font.to_owned()),
            }
        }
        files.sort();
        files.dedup();
        Self { files, known }
    }
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
    /// The files whose bytes reach its pictures ([`Reads`]).
    pub reads: Reads,
    pub frames: u64,
    /// Its scenes, as indices into the project.
    pub scenes: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
enum Sound {
    None,
    /// Silence of this many samples (a project without sound still gets a sound track).
    Silence {
        rate: u32,
        samples: u64,
        /// Samples per frame, the encoder's: libopus refuses anything else when nothing but
        /// the graph feeds the run (anullsrc's default of 1024 is not Opus's 960).
        frame: u32,
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
        match &m.encoded_sound {
            // Made by the sound step: copied as it is.
            Some(path) => {
                args.extend(media::input_args(&[], &path.to_string_lossy()));
                maps.push(format!("{next_input}:a"));
            }
            None => {
                if let Some(map) = self.sound_source(next_input, loudness, &mut args, &mut lines) {
                    maps.push(map);
                }
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

impl Plan {
    /// The sound step of a render in parts: the mix raised or lowered to the loudness target
    /// (`loudness`: the mix's, `None` without a mix), or the silence, encoded once for the whole
    /// video into a file the join copies. Encoding it apart lets it run beside the pictures, and
    /// the encoded file is kept in the cache like a part. `None` when the main run makes the
    /// sound itself.
    pub fn sound_step(&self, loudness: Option<Loudness>) -> Option<Step> {
        let m = &self.main;
        let path = m.encoded_sound.as_ref()?;
        let mut args = base_args();
        let mut lines = Vec::new();
        let map = self.sound_source(0, loudness, &mut args, &mut lines)?;
        let mut step = Step {
            kind: StepKind::Sound,
            args,
            duration_secs: self.duration_secs,
            weight: m.sound_weight,
            graph: None,
        }
        .with_graph(&m.work_dir, "sound.graph", &lines);
        step.args.extend(["-map".to_owned(), map]);
        step.args.extend(m.sound_codec.iter().cloned());
        step.args.extend([
            "-vn".to_owned(),
            "-f".to_owned(),
            m.sound_format.to_owned(),
            "-y".to_owned(),
            format!("file:{}", path.to_string_lossy()),
        ]);
        Some(step)
    }

    /// The runs drawing the parts `todo` (indices into [`Plan::parts`], ascending; the others
    /// came from the cache), built now that it is known which those are: consecutive parts are
    /// drawn by one ffmpeg, each into its own file (see [`Run`]). `at_once` runs will run at a
    /// time ([`runs_at_once`]). Empty for a render not in parts.
    pub fn runs(&self, todo: &[usize], at_once: usize) -> Vec<Run> {
        let Some(drawing) = &self.drawing else {
            return Vec::new();
        };
        group_runs(&self.parts, todo, at_once)
            .into_iter()
            .enumerate()
            .map(|(k, range)| drawing.run(&self.parts, range, k))
            .collect()
    }

    /// The files the sound of a render in parts is made from (the mix's inputs): their bytes
    /// are part of its key.
    pub fn sound_reads(&self) -> Vec<PathBuf> {
        let mut reads: Vec<PathBuf> = self
            .mix
            .iter()
            .flat_map(|m| {
                m.args
                    .windows(2)
                    .filter(|w| w[0] == "-i")
                    .filter_map(|w| w[1].strip_prefix("file:"))
            })
            .map(PathBuf::from)
            .collect();
        reads.sort();
        reads.dedup();
        reads
    }

    /// The loudness the sound is brought to (LUFS).
    pub fn loudness_target(&self) -> f64 {
        self.main.loudness_target
    }

    /// The render's work folder (the sound's files are in it).
    pub fn work_dir(&self) -> &Path {
        &self.main.work_dir
    }

    /// The encoded sound file of a render in parts and its extension (its cache entry's).
    pub fn sound_file(&self) -> Option<(&Path, &'static str)> {
        let path = self.main.encoded_sound.as_deref()?;
        Some((
            path,
            if self.main.sound_format == "mp4" {
                "m4a"
            } else {
                "mka"
            },
        ))
    }

    /// The sound, as inputs (numbered from `next_input`) and graph lines added to a run; returns
    /// what to map, or `None` when there is no sound.
    fn sound_source(
        &self,
        next_input: usize,
        loudness: Option<Loudness>,
        args: &mut Vec<String>,
        lines: &mut Vec<String>,
    ) -> Option<String> {
        let m = &self.main;
        match &m.sound {
            Sound::None => None,
            Sound::Silence {
                rate,
                samples,
                frame,
            } => {
                lines.push(format!(
                    "anullsrc=r={rate}:cl=stereo:n={frame},atrim=end_sample={samples}[aout]"
                ));
                Some("[aout]".to_owned())
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
                Some("[aout]".to_owned())
            }
            Sound::Inline {
                inputs,
                lines: audio,
                out,
            } => {
                args.extend(inputs.iter().cloned());
                lines.extend(audio.iter().cloned());
                Some(format!("[{out}]"))
            }
        }
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
            paths.families,
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
    let drawing = segmented.then(|| {
        let (container, _) = part_container(preset);
        Drawing {
            project: project.clone(),
            media: media.clone(),
            timeline: timeline.clone(),
            width,
            height,
            fps,
            font: paths.font.to_owned(),
            families: paths.families.clone(),
            work_dir: paths.work_dir.to_owned(),
            codec: video_codec.clone(),
            container,
        }
    });
    let parts: Vec<Part> = match &drawing {
        Some(d) => {
            let (_, ext) = part_container(preset);
            let n = project.scenes.len();
            let mut parts: Vec<Part> = Vec::new();
            let mut orphan: Option<usize> = None;
            for (k, a) in (0..n).step_by(part_scenes(n)).enumerate() {
                let mut part = d.part(k, a..(a + part_scenes(n)).min(n), ext, &mut files);
                // A first scene that is all transition owns no frame of its own: the next part
                // draws it (the scene before a transition is drawn with it) and counts it as
                // its own; an empty part would be no file for the join.
                if let Some(first) = orphan.take() {
                    part.scenes.start = first;
                }
                if part.frames == 0 {
                    orphan = Some(part.scenes.start);
                    files.retain(|(path, _)| !path.starts_with(&part.dir));
                } else {
                    parts.push(part);
                }
            }
            parts
        }
        None => Vec::new(),
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
    // A render in parts encodes its sound apart, beside the pictures (see `Plan::sound_step`).
    let encoded_sound = (segmented && preset.audio != AudioCodec::None).then(|| {
        let ext = if preset.audio == AudioCodec::Aac {
            "m4a"
        } else {
            "mka"
        };
        paths.work_dir.join(format!("sound.{ext}"))
    });
    let weights = Weights::of(
        mix_graph.is_some(),
        gif,
        has_video,
        segmented,
        encoded_sound.is_some(),
    );
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
        encoded_sound.is_none(),
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
        (None, None, codec) => Sound::Silence {
            rate,
            samples: total_samples,
            // 20 ms at 48 kHz for Opus (its encoder always runs at 48 kHz); AAC's 1024.
            frame: if codec == AudioCodec::Opus { 960 } else { 1024 },
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
        let list = join_list(paths.work_dir, "parts.ffconcat", &parts, timeline.fps);
        files.push(list.clone());
        list
    });
    Plan {
        mix,
        palette,
        parts,
        drawing,
        main: Main {
            video_inputs,
            video_lines,
            video_out,
            video_input_count,
            sound,
            encoded_sound,
            sound_codec: audio_codec_args(preset),
            sound_format: if preset.audio == AudioCodec::Aac {
                "mp4"
            } else {
                "matroska"
            },
            sound_weight: weights.sound,
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
    /// The sound step of a render in parts.
    sound: f64,
}

impl Weights {
    /// The sound pass beside the pictures.
    const MIX_BESIDE_PICTURES: f64 = 0.05;
    /// The palette pass of a GIF.
    const PALETTE: f64 = 0.45;
    /// Joining parts without re-encoding, of the drawing's share.
    const JOIN: f64 = 0.02;

    /// Encoding the sound apart (renders in parts), of the drawing's share.
    const SOUND: f64 = 0.04;

    fn of(has_mix: bool, gif: bool, has_video: bool, segmented: bool, sound: bool) -> Self {
        let (mix, palette) = match (has_mix, gif, has_video) {
            // Sound only: the mix, then encoding it.
            (true, _, false) => (0.5, 0.0),
            (true, true, _) => (Self::MIX_BESIDE_PICTURES, Self::PALETTE),
            (true, false, _) => (Self::MIX_BESIDE_PICTURES, 0.0),
            (false, true, _) => (0.0, Self::PALETTE + Self::MIX_BESIDE_PICTURES),
            (false, false, _) => (0.0, 0.0),
        };
        let drawing = 1.0 - mix - palette;
        let (main, sound) = match (segmented, sound) {
            (true, true) => (drawing * Self::JOIN, drawing * Self::SOUND),
            (true, false) => (drawing * Self::JOIN, 0.0),
            (false, _) => (drawing, 0.0),
        };
        Self {
            mix,
            palette,
            parts: drawing - main - sound,
            main,
            sound,
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
/// come from parts already encoded, and `encode_sound` false when the sound comes encoded from
/// the sound step: they are joined as they are.
fn encode_args(
    preset: &Preset,
    video_codec: Option<&Vec<String>>,
    encode_sound: bool,
    output: &Path,
) -> Vec<String> {
    let mut encode: Vec<String> = match video_codec {
        Some(codec) => codec.clone(),
        None => ["-c:v", "copy"].map(str::to_owned).to_vec(),
    };
    if encode_sound || preset.audio == AudioCodec::None {
        encode.extend(audio_codec_args(preset));
    } else {
        encode.extend(["-c:a", "copy"].map(str::to_owned));
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

/// The preset's sound encoder arguments (`-an` without sound).
fn audio_codec_args(preset: &Preset) -> Vec<String> {
    let bitrate = format!("{}k", preset.audio_bitrate_kbps);
    let rate_s = preset.audio_rate.to_string();
    let args: Vec<&str> = match preset.audio {
        AudioCodec::Aac => vec!["-c:a", "aac", "-b:a", &bitrate, "-ar", &rate_s, "-ac", "2"],
        AudioCodec::Opus => vec![
            "-c:a", "libopus", "-b:a", &bitrate, "-ar", "48000", "-ac", "2",
        ],
        AudioCodec::None => vec!["-an"],
    };
    args.into_iter().map(str::to_owned).collect()
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
///
/// Each part says its length (its frames at `fps`): the demuxer starts the next part where this
/// one ends, and without it takes the end from the container, which for an MPEG-TS part can be
/// a frame short (the next part's first frame then had the stamp of this one's last, and a
/// player dropped one of them).
fn join_list(work_dir: &Path, name: &str, parts: &[Part], fps: u32) -> (PathBuf, String) {
    let list = work_dir.join(name);
    let mut text = "ffconcat version 1.0\n".to_owned();
    for part in parts {
        let relative = part.output.strip_prefix(work_dir).unwrap_or(&part.output);
        text.push_str(&format!(
            "file '{}'\nduration {}\n",
            relative.to_string_lossy(),
            seconds(part.frames as f64 / f64::from(fps.max(1)))
        ));
    }
    (list, text)
}

/// The run that draws one scene alone, at its middle (a thumbnail for the project panel).
#[derive(Debug, Clone, PartialEq)]
pub struct Thumbnail {
    pub step: Step,
    /// The text files its graph reads, to write before it runs.
    pub files: Vec<(PathBuf, String)>,
    /// The files whose bytes reach its picture.
    pub reads: Reads,
}

/// The run that draws scene `index` of `project` alone, at its middle, `width` pixels wide, into
/// the PNG `output` (a thumbnail for the project panel), with its files in `paths.work_dir` (its
/// own folder: nothing in the run names the scene's place, so a scene moved keeps its
/// thumbnail). The scene is drawn as in a render (fit, motion, layers timed by then), without
/// its transitions.
pub fn thumbnail(
    project: &Project,
    media: &MediaIndex,
    index: usize,
    width: u32,
    paths: &Paths<'_>,
) -> Thumbnail {
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
            tag: "thumb-".to_owned(),
        },
        &timeline,
        paths.work_dir,
        paths.font,
        paths.families,
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
    .with_graph(paths.work_dir, "thumb.graph", &lines);
    step.args.extend(["-map".to_owned(), "[thumb]".to_owned()]);
    step.args.extend(one_png(paths.output));
    Thumbnail {
        step,
        files: v.files,
        reads: Reads::of(&one, paths.font, paths.families),
    }
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

/// The container of the parts (one the join reads by stream copy) and its file extension.
fn part_container(preset: &Preset) -> (&'static str, &'static str) {
    if preset.video == VideoCodec::Vp9 {
        ("matroska", "mkv")
    } else {
        ("mpegts", "ts")
    }
}

/// What a project's parts are drawn from, kept in the plan so that runs of the parts the cache
/// lacks can be built once it is known which those are ([`Plan::runs`]).
#[derive(Debug, Clone, PartialEq)]
struct Drawing {
    project: Project,
    media: MediaIndex,
    timeline: estudio_project::Timeline,
    width: u32,
    height: u32,
    fps: u32,
    font: PathBuf,
    families: crate::fonts::FamilyFiles,
    work_dir: PathBuf,
    codec: Vec<String>,
    container: &'static str,
}

/// Scenes `a..b` drawn in one graph, laid out as in the whole video: its inputs, lines, result
/// label and text files, and the first frame it draws (in the whole video's frames).
struct Drawn {
    graph: video::VideoGraph,
    origin: u64,
    reads: Reads,
}

impl Drawing {
    /// The graph drawing scenes `a..b` into the folder `dir`. The scene before `a` is drawn too
    /// when a transition leads into `a` (the transition shows both); after a cut it is not, so
    /// neither the run nor the part's cache key depends on it. Every scene is drawn from its own
    /// start in every run it is in, so a picture is the same frame for frame whichever run
    /// draws it.
    fn draw(&self, scenes: std::ops::Range<usize>, dir: &Path) -> Drawn {
        let (a, b) = (scenes.start, scenes.end);
        let incoming = a > 0
            && self.project.scenes[a - 1]
                .transition
                .as_ref()
                .is_some_and(|t| !t.is_cut());
        let first = if incoming { a - 1 } else { a };
        let sub = Project {
            scenes: self.project.scenes[first..b].to_vec(),
            music: None,
            ..self.project.clone()
        };
        let graph = video::build(
            &sub,
            &self.media,
            &video::Frame {
                width: self.width,
                height: self.height,
                fps: self.fps,
                tag: String::new(),
            },
            &self.timeline.slice(first..b),
            dir,
            &self.font,
            &self.families,
        );
        Drawn {
            reads: Reads::of(&sub, &self.font, &self.families),
            graph,
            origin: self.timeline.scenes[first].start,
        }
    }

    /// The frames of the whole video that scenes `a..b` own: from `a`'s start (the video's
    /// first frame for the first scene) to where scene `b` starts.
    fn frames(&self, scenes: &std::ops::Range<usize>) -> std::ops::Range<u64> {
        let t = &self.timeline;
        let from = if scenes.start == 0 {
            0
        } else {
            t.scenes[scenes.start].start
        };
        let to = t.scenes.get(scenes.end).map_or(t.total_frames, |s| s.start);
        from..to
    }

    /// Output arguments encoding the graph's label `label` (`frames` frames) into `output`.
    fn encode(&self, label: &str, frames: u64, output: &Path) -> Vec<String> {
        let mut args = vec!["-map".to_owned(), format!("[{label}]")];
        args.extend(self.codec.iter().cloned());
        args.extend([
            "-an".to_owned(),
            "-frames:v".to_owned(),
            frames.to_string(),
            "-f".to_owned(),
            self.container.to_owned(),
            "-y".to_owned(),
            format!("file:{}", output.to_string_lossy()),
        ]);
        args
    }

    /// Part `k` of `scenes`, drawn alone in its own folder with unprefixed labels and file
    /// names, so the same scenes give the same command in any render (the cache key,
    /// [`Part::key`]). Its weight is its share of the frames.
    fn part(
        &self,
        k: usize,
        scenes: std::ops::Range<usize>,
        ext: &'static str,
        files: &mut Vec<(PathBuf, String)>,
    ) -> Part {
        let dir = self.work_dir.join(format!("part-{k:04}"));
        let drawn = self.draw(scenes.clone(), &dir);
        let own = self.frames(&scenes);
        let frames = own.end - own.start;
        let v = drawn.graph;
        files.extend(v.files);
        let mut lines = v.lines;
        lines.push(format!(
            "[{}]trim=start_frame={}:end_frame={},setpts=PTS-STARTPTS[part]",
            v.out,
            own.start - drawn.origin,
            own.end - drawn.origin
        ));
        let mut args = base_args();
        args.extend(v.inputs.args);
        let total = self.timeline.total_frames.max(1);
        let mut step = Step {
            kind: StepKind::Part,
            args,
            duration_secs: self.timeline.frames_to_secs(frames),
            weight: frames as f64 / total as f64,
            graph: None,
        }
        .with_graph(&dir, "part.graph", &lines);
        let output = dir.join(format!("part.{ext}"));
        step.args.extend(self.encode("part", frames, &output));
        Part {
            step,
            dir,
            output,
            ext,
            frames,
            scenes,
            reads: drawn.reads,
        }
    }

    /// One run drawing the consecutive parts `parts[range]` at once: the scenes drawn once and
    /// encoded by one encoder, with a key frame forced at each part's first frame, and cut
    /// there into one file per part (the segment muxer, counting frames, so the cuts are
    /// frame-exact). An encoder per part in one ffmpeg would give each part the very bytes of
    /// its own run, but ffmpeg keeps every encoder until it exits, and x264 holds about 100 MB
    /// at 720p: five parts would take half a gigabyte more.
    fn run(&self, parts: &[Part], range: std::ops::Range<usize>, index: usize) -> Run {
        let group = &parts[range.clone()];
        if let [one] = group {
            return Run {
                step: one.step.clone(),
                parts: range,
                dir: None,
                files: Vec::new(),
                moves: Vec::new(),
            };
        }
        let scenes = group[0].scenes.start..group[group.len() - 1].scenes.end;
        let dir = self.work_dir.join(format!("run-{index:04}"));
        let drawn = self.draw(scenes.clone(), &dir);
        let own = self.frames(&scenes);
        let frames = own.end - own.start;
        let v = drawn.graph;
        let mut lines = v.lines;
        lines.push(format!(
            "[{}]trim=start_frame={}:end_frame={},setpts=PTS-STARTPTS[run]",
            v.out,
            own.start - drawn.origin,
            own.end - drawn.origin
        ));
        // Where each part after the first starts, in the run's frames.
        let cuts: Vec<u64> = group[1..]
            .iter()
            .map(|p| self.frames(&p.scenes).start - own.start)
            .collect();
        let cut_list = |sep: &str, f: &dyn Fn(u64) -> String| {
            cuts.iter().map(|&c| f(c)).collect::<Vec<_>>().join(sep)
        };
        let mut args = base_args();
        args.extend(v.inputs.args);
        let mut step = Step {
            kind: StepKind::Part,
            args,
            duration_secs: self.timeline.frames_to_secs(frames),
            weight: group.iter().map(|p| p.step.weight).sum(),
            graph: None,
        }
        .with_graph(&dir, "run.graph", &lines);
        let ext = group[0].ext;
        // The segment muxer reads `%` in its file name as a pattern.
        let pattern = format!(
            "{}/seg-%04d.{ext}",
            dir.to_string_lossy().replace('%', "%%")
        );
        step.args.extend(["-map".to_owned(), "[run]".to_owned()]);
        step.args.extend(self.codec.iter().cloned());
        step.args.extend([
            "-an".to_owned(),
            "-frames:v".to_owned(),
            frames.to_string(),
            "-force_key_frames".to_owned(),
            format!("expr:{}", cut_list("+", &|c| format!("eq(n,{c})"))),
        ]);
        if self.codec.iter().any(|a| a == "libx264") {
            // An IDR frame, which nothing before it is referenced across.
            step.args.extend(["-forced-idr".to_owned(), "1".to_owned()]);
        }
        step.args.extend([
            "-f".to_owned(),
            "segment".to_owned(),
            "-segment_format".to_owned(),
            self.container.to_owned(),
            "-segment_frames".to_owned(),
            cut_list(",", &|c| c.to_string()),
            "-reset_timestamps".to_owned(),
            "1".to_owned(),
            "-y".to_owned(),
            format!("file:{pattern}"),
        ]);
        let moves = group
            .iter()
            .enumerate()
            .map(|(k, p)| (dir.join(format!("seg-{k:04}.{ext}")), p.output.clone()))
            .collect();
        Run {
            step,
            parts: range,
            dir: Some(dir),
            files: v.files,
            moves,
        }
    }
}

/// The parts to render, `todo` (indices into `parts`, ascending), grouped into runs: consecutive
/// parts together, each run at most [`MAX_RUN_SCENES`] scenes and about an equal share of the
/// work, with at least two runs per slot (`at_once` slots) when there are parts enough, so the
/// slots finish together rather than one waiting on a long last run.
fn group_runs(parts: &[Part], todo: &[usize], at_once: usize) -> Vec<std::ops::Range<usize>> {
    let scenes: usize = todo.iter().map(|&i| parts[i].scenes.len()).sum();
    let budget = scenes.div_ceil(2 * at_once).clamp(1, MAX_RUN_SCENES);
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut size = 0;
    for &i in todo {
        let n = parts[i].scenes.len();
        match runs.last_mut() {
            Some(run) if run.end == i && size + n <= budget => {
                run.end = i + 1;
                size += n;
            }
            _ => {
                runs.push(i..i + 1);
                size = n;
            }
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::{runs_at_once, Weights};

    #[test]
    fn runs_at_once_follow_the_cores_within_bounds() {
        let got: Vec<usize> = [1, 2, 3, 4, 8, 12, 64].map(runs_at_once).to_vec();
        assert_eq!(got, [2, 2, 2, 3, 6, 8, 8]);
    }

    #[test]
    fn the_progress_of_every_kind_of_render_adds_up_to_one() {
        for has_mix in [false, true] {
            for gif in [false, true] {
                for has_video in [false, true] {
                    for segmented in [false, true] {
                        for sound in [false, true] {
                            let w = Weights::of(has_mix, gif, has_video, segmented, sound);
                            let sum = w.mix + w.palette + w.parts + w.main + w.sound;
                            assert!((sum - 1.0).abs() < 1e-9, "{w:?}");
                            assert_eq!(w.parts > 0.0, segmented, "{w:?}");
                        }
                    }
                }
            }
        }
        // Joining segments is quick next to drawing them.
        let w = Weights::of(true, false, true, true, true);
        assert!(w.main < w.parts / 10.0, "{w:?}");
    }
}
