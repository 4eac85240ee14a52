//! The command line, as data.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use estudio_queue::JobStatus;
use estudio_render::PresetId;

#[derive(Debug, Parser)]
#[command(
    name = "estudio-cli",
    version,
    about = "Render narrated videos from Estúdio projects, without the window."
)]
pub struct Cli {
    /// The queue: a SQLite file's path, or a render farm's PostgreSQL server as
    /// postgres://USER[:PASSWORD]@HOST:PORT/DB[?sslmode=require|verify-full] (the password can
    /// come from PGPASSWORD or ~/.pgpass instead). Default: ESTUDIO_DB, else the farm chosen in
    /// the app's Settings, else the app's own queue in its data folder.
    // Read by `commands::run`, not by a value parser: clap repeats a refused value in its
    // error, and a URL's password must never be printed.
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub db: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render a project now, without the queue.
    Render {
        project: PathBuf,
        #[command(flatten)]
        export: ExportArgs,
        /// Render every part, reading nothing from the cache of finished parts (the same
        /// pictures, up to the encoder's rounding where a part is now drawn beside other
        /// scenes; compare the two to check the cache). Finished parts are still kept.
        #[arg(long)]
        no_cache: bool,
    },
    /// Check a project; prints one line per problem as `POINTER: message`.
    Validate { project: PathBuf },
    /// Add an export to the queue; prints the new job's id.
    Enqueue {
        project: PathBuf,
        #[command(flatten)]
        export: ExportArgs,
        /// Higher runs first.
        #[arg(long, default_value_t = 0)]
        priority: i64,
    },
    /// List the queue's jobs, newest first.
    Jobs {
        /// Print JSON (an array of jobs) instead of a table.
        #[arg(long)]
        json: bool,
        /// Only jobs with this status.
        #[arg(long, value_parser = parse_status)]
        status: Option<JobStatus>,
    },
    /// Show a job's attempts: how each ended, its error, the ffmpeg commands and output tail.
    Log { id: String },
    /// Cancel a queued or running job.
    Cancel { id: String },
    /// Queue a failed or canceled job again.
    Retry { id: String },
    /// Delete a job that is not running.
    Remove { id: String },
    /// Delete every finished job.
    Clear,
    /// Pause the queue: running jobs finish, nothing new starts (in every process).
    Pause,
    /// Resume a paused queue.
    Resume,
    /// Show or change the queue-wide settings.
    Settings {
        /// Renders at once across every worker of every process (1-16).
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=16))]
        max_renders: Option<i64>,
        /// Delete finished jobs older than this many days (0 keeps them forever).
        #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
        keep_days: Option<i64>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run workers on the queue until interrupted.
    Worker {
        /// Jobs rendered at once (ffmpeg already uses every core for one).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
        concurrency: u16,
        /// Exit once no job is processing anywhere and none can start (none is queued, or the
        /// queue is paused).
        #[arg(long)]
        drain: bool,
        /// How long a claim stays valid without a heartbeat; a crashed worker's job is taken
        /// back this long after its last heartbeat.
        #[arg(long, default_value_t = 10.0, value_parser = parse_lease)]
        lease_secs: f64,
        /// Kill an ffmpeg that makes no progress for this long and fail the attempt (it is
        /// tried again); default 120, or ESTUDIO_STALL_SECS.
        #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
        stall_secs: Option<u64>,
        /// This worker's name in the queue ("rendering on sala-3"); default ESTUDIO_WORKER_NAME,
        /// else the computer's name.
        #[arg(long, value_parser = parse_name)]
        name: Option<String>,
        /// How this machine sees a render farm's shared folder: jobs queued as FROM/... are read
        /// and written here as TO/... (repeat for several; default: the app's Settings).
        #[arg(long = "path-map", value_name = "FROM=TO")]
        path_map: Vec<String>,
    },
    /// Print every change of the queue as it happens (whoever makes it, on any machine of a
    /// render farm) until interrupted.
    Watch {
        /// One JSON object per line: {"event":"job-changed","job":{...}},
        /// {"event":"job-progress","id":...,"progress":0.42}, {"event":"job-removed","id":...},
        /// {"event":"settings-changed","settings":{...}}.
        #[arg(long)]
        json: bool,
    },
    /// List the workers heard from lately (on every machine sharing the queue), with what each
    /// renders and its last heartbeat.
    Workers {
        /// Print JSON (an array of workers).
        #[arg(long)]
        json: bool,
    },
    /// Show the cache of finished parts (its size and entries), bound it or empty it.
    Cache {
        /// Keep at most this much (e.g. 4G, 500M, 0 for nothing); remembered for this computer.
        #[arg(long, value_name = "SIZE", value_parser = parse_size)]
        max_size: Option<u64>,
        /// Remove every cached part.
        #[arg(long)]
        clear: bool,
    },
    /// Turn a slide deck (.pptx, .ppt, .odp or .pdf) into a narrated project: a scene per
    /// visible slide, its speaker notes spoken and captioned.
    Import {
        deck: PathBuf,
        /// The project to write (its pictures go in NAME.slides/ beside it).
        #[arg(
            short,
            long = "output",
            value_name = "PROJECT",
            required_unless_present = "into",
            conflicts_with = "into"
        )]
        output: Option<PathBuf>,
        /// Bring a new version of the deck into the project imported from it, keeping every
        /// change made there since: the deck's changes are taken, yours kept, and where both
        /// changed the same field yours is kept and both are reported.
        #[arg(long, value_name = "PROJECT")]
        into: Option<PathBuf>,
        /// The voice of the narrations: an espeak-ng voice (pt-br), piper:NAME, or a Piper
        /// voice's .onnx (`estudio-cli voices` lists them). Default: the one chosen in Settings,
        /// else pt-br.
        #[arg(long, value_parser = parse_voice)]
        voice: Option<String>,
        /// Seconds a slide without notes lasts.
        #[arg(long, value_name = "S", default_value_t = 5.0, value_parser = parse_secs)]
        slide_duration: f64,
        /// Replace the project (and its pictures) if it exists; with --into, merge a deck that
        /// has no slide in common with the project's.
        #[arg(long)]
        force: bool,
    },
    /// Say TEXT as a narration would: the project's pronunciations (with --project), the shipped
    /// lexicon and the spoken forms of numbers and units applied. --show prints what is said
    /// (and, for an espeak-ng voice, its phonemes); -o writes the sound.
    Say {
        text: String,
        /// The voice (default: the project's default voice, else pt-br).
        #[arg(long)]
        voice: Option<String>,
        /// A project whose pronunciations and default voice apply.
        #[arg(long, value_name = "PROJECT")]
        project: Option<PathBuf>,
        /// Where to write the WAV.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print the spoken form, the entries and rules used, and espeak-ng's phonemes.
        #[arg(long)]
        show: bool,
    },
    /// List a project's pronunciations (and the shipped entries its narrations use), each with
    /// the scenes whose narration uses it.
    Pronunciations {
        project: PathBuf,
        /// One JSON object per entry.
        #[arg(long)]
        json: bool,
    },
    /// List the voices text narrations can be spoken with: espeak-ng's and the Piper voices
    /// found in ESTUDIO_VOICES, the folders of Settings and the data folder's voices/.
    Voices {
        /// One JSON object per voice.
        #[arg(long)]
        json: bool,
    },
    /// Change a project from a script, with the operations the window uses: each call is
    /// saved atomically, keeping the file's layout. OPERATION is one of `set POINTER VALUE`,
    /// `unset POINTER`, `insert POINTER VALUE`, `move SCENE TO`, `remove SCENE`, `duplicate
    /// SCENE` (scenes are numbered from 1; POINTER is a JSON Pointer, whose indexes count from
    /// 0; VALUE is JSON, and text that is not JSON is taken as a string). Exit 1: nothing was
    /// changed; exit 2: saved, with problems the edit brought.
    Edit {
        project: PathBuf,
        #[arg(value_name = "OPERATION", allow_negative_numbers = true)]
        operations: Vec<String>,
        /// Print the change as a diff of the file, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print what happened as JSON.
        #[arg(long)]
        json: bool,
        /// Read operations from standard input, one a line (also `undo`, `redo`, `save`);
        /// each is acknowledged with `ok N` once it is on disk in the journal. The end of the
        /// input saves.
        #[arg(long, conflicts_with = "dry_run")]
        stdin: bool,
    },
    /// Unsaved changes a crash or a kill left: lists them; with PROJECT, brings them back and
    /// saves them (beside the file, as NAME (recovered).estudio, when it changed since).
    Recover {
        project: Option<PathBuf>,
        /// Drop PROJECT's unsaved changes instead.
        #[arg(long, requires = "project")]
        discard: bool,
    },
    /// Print the project format's JSON Schema.
    Schema,
    /// Write the built-in sample project into a folder.
    Sample {
        dir: PathBuf,
        /// Replace files of the same names already in the folder.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where the video goes.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Export preset.
    #[arg(long, default_value_t = PresetId::DEFAULT, value_parser = parse_preset)]
    pub preset: PresetId,
    /// Override the preset's quality (x264 CRF 0-51, VP9 0-63; lower is better).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=63))]
    pub crf: Option<u8>,
    /// Override the preset's x264 speed (ultrafast ... veryslow).
    #[arg(long, value_name = "NAME")]
    pub encoder_preset: Option<String>,
    /// Loudness target of the sound track in LUFS (default -16).
    #[arg(long, value_name = "LUFS", allow_negative_numbers = true)]
    pub loudness: Option<f64>,
    /// Keep the mix at the project's own levels (no loudness normalisation).
    #[arg(long, conflicts_with = "loudness")]
    pub keep_levels: bool,
    /// Also write a PNG of the frame at SECS beside the video (NAME.poster.png).
    #[arg(long, value_name = "SECS")]
    pub poster: Option<f64>,
    /// Also write the scenes' captions beside the video (NAME.srt and NAME.vtt).
    #[arg(long)]
    pub captions: bool,
    /// Kill an ffmpeg that makes no progress for this long (default 120, or
    /// ESTUDIO_STALL_SECS).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub stall_secs: Option<u64>,
    /// Replace the video (and its poster and captions) if one is already there; without it an
    /// export never replaces anything.
    #[arg(long)]
    pub force: bool,
}

fn parse_name(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > 64 || t.chars().any(char::is_control) {
        return Err(format!(
            "{s:?} is not a worker name: 1 to 64 characters, no control characters"
        ));
    }
    Ok(t.to_owned())
}

fn parse_lease(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.5..=3600.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "{s} is not a number of seconds between 0.5 and 3600"
        )),
    }
}

/// `4G`, `500M`, `64K`, `1000` (bytes), powers of 1000 as disks are sold.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(t.len()));
    let factor: u64 = match unit.to_ascii_uppercase().trim_end_matches('B') {
        "" => 1,
        "K" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        _ => {
            return Err(estudio_words::Message::NotASize {
                value: s.to_owned(),
            }
            .to_string())
        }
    };
    digits
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| (v * factor as f64) as u64)
        .ok_or_else(|| {
            estudio_words::Message::NotASize {
                value: s.to_owned(),
            }
            .to_string()
        })
}

fn parse_preset(s: &str) -> Result<PresetId, String> {
    s.parse().map_err(|e: estudio_words::Message| e.to_string())
}

fn parse_status(s: &str) -> Result<JobStatus, String> {
    s.parse()
        .map_err(|e: estudio_queue::QueueError| e.to_string())
}

/// A positive, finite number of seconds.
fn parse_voice(s: &str) -> Result<String, String> {
    estudio_project::VoiceName::parse(s)
        .map(|_| s.to_owned())
        .ok_or_else(|| {
            estudio_words::Message::NotAVoiceName {
                voice: s.to_owned(),
            }
            .to_string()
        })
}

fn parse_secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 3600.0 => Ok(v),
        _ => Err(format!(
            "{s:?} is not a number of seconds between 0 and 3600"
        )),
    }
}
