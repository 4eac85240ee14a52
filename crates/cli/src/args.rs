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
    /// The queue database (default: the app's, in its data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
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
    /// Cancel a queued or running job.
    Cancel { id: String },
    /// Queue a failed or canceled job again.
    Retry { id: String },
    /// Delete a job that is not running.
    Remove { id: String },
    /// Delete every finished job.
    Clear,
    /// Run workers on the queue until interrupted.
    Worker {
        /// Jobs rendered at once (ffmpeg already uses every core for one).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
        concurrency: u16,
        /// Exit once no job is queued or processing anywhere.
        #[arg(long)]
        drain: bool,
    },
    /// Print the project format's JSON Schema.
    Schema,
    /// Write the built-in sample project into a folder.
    Sample { dir: PathBuf },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where the video goes.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Export preset.
    #[arg(long, default_value = "mp4-1080p", value_parser = parse_preset)]
    pub preset: PresetId,
    /// Override the preset's x264 CRF (0-51, lower is better).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=51))]
    pub crf: Option<u8>,
    /// Override the preset's x264 speed (ultrafast ... veryslow).
    #[arg(long, value_name = "NAME")]
    pub encoder_preset: Option<String>,
}

fn parse_preset(s: &str) -> Result<PresetId, String> {
    s.parse()
}

fn parse_status(s: &str) -> Result<JobStatus, String> {
    s.parse()
        .map_err(|e: estudio_queue::QueueError| e.to_string())
}
