//! Rendering: an Estúdio project plus an export preset becomes a video file.
//!
//! The work is split so the interesting parts are pure functions:
//! - [`prepare`] speaks text narrations ([`speech`]), probes every media file ([`media`]) and
//!   fills in durations taken from narrations: the [`Prepared`] project is what a job stores;
//! - [`graph::plan`] turns a prepared project and a preset into the exact ffmpeg runs (a sound
//!   mix, the picture pass, optional palette and poster passes) and the text files drawtext reads.
//!   No I/O, so it is tested by comparing arguments;
//! - [`render`] runs them with ffmpeg through `ffmpeg-sidecar` ([`run_step`]), reports
//!   [`Progress`], honours a [`CancelToken`] and writes through [`output::TempOutput`], so the
//!   destination only ever holds a complete file. Its stages (check, set up, look up, draw,
//!   join, commit) are the `pipeline` module's;
//! - [`parts`] keeps finished parts by [`keys`] made of everything that reaches them, so a
//!   re-export draws only what changed; [`render_pieces`] draws a render farm worker's share.
//!
//! ```no_run
//! use estudio_render::{prepare, render, CancelToken, PresetId, RenderOptions, Session, WorkDirs};
//! let loaded = estudio_project::load("talk.estudio".as_ref())?;
//! let prepared = prepare(&loaded.project, "/tmp/speech".as_ref()).map_err(|p| p[0].to_string())?;
//! let session = Session::new("cli", WorkDirs::new("/var/tmp/estudio-work"), &CancelToken::new());
//! let done = render(&prepared, PresetId::Mp4_720p.preset(), &RenderOptions::default(),
//!     "talk.mp4".as_ref(), &session, |p| println!("{:.0} %", p.fraction * 100.0))?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod build;
pub mod captions;
mod error;
pub mod escape;
mod ffmpeg;
pub mod fonts;
pub mod graph;
pub mod keys;
pub mod media;
pub mod output;
pub mod parts;
mod pipeline;
mod prepare;
mod preset;
pub mod process;
mod progress;
pub mod speech;
mod thumbnails;
mod together;
mod tools;
pub mod work;
mod wrap;

pub use error::{RenderError, RenderLog};
pub use ffmpeg::{ffmpeg_version, run_step, CancelToken, Session, DEFAULT_STALL};
pub use pipeline::Pieces;
pub use prepare::{prepare, prepare_with, spoken, spoken_as, voice_problems, Prepared};
pub use preset::{AudioCodec, Container, Preset, PresetId, RenderOptions, VideoCodec};
pub use progress::Progress;
pub use thumbnails::thumbnails;
pub use tools::{ffmpeg_program, ffprobe_program, Tools, ToolsError};
pub use work::{WorkDir, WorkDirs};

use std::path::{Path, PathBuf};

/// What a finished render produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The destination, now holding the complete file.
    pub output: PathBuf,
    pub bytes: u64,
    pub duration_secs: f64,
    /// Side files written beside it (poster, captions).
    pub extras: Vec<PathBuf>,
    pub log: RenderLog,
    /// Scenes whose pictures came from the part cache, of all the scenes.
    pub reused: Reused,
}

/// How much of a render came from the part cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reused {
    pub scenes: usize,
    pub of: usize,
}

pub use output::{remove_leftovers, side_files};

/// Renders a prepared project to `dest`, atomically: the destination (and each side file) only
/// ever holds a complete file. The `session` names the temporary files' owner, the work folder,
/// the cancel token and the stall limit.
///
/// Media files are checked again first: one deleted, or changed so it no longer fits its use,
/// since the job was queued fails the render with a problem naming it. The free space for the
/// work files and the output is checked before ffmpeg starts, and the finished video's frames
/// are counted against the timeline before it replaces anything.
///
/// # Errors
/// [`RenderError`]: the project is no longer valid, ffmpeg is missing, failed or stalled, the
/// render was cancelled, there is no room, or the output could not be written.
pub fn render(
    prepared: &Prepared,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    session: &Session,
    on_progress: impl FnMut(&Progress),
) -> Result<Rendered, RenderError> {
    match pipeline::render_scoped(prepared, preset, options, dest, session, None, on_progress)? {
        pipeline::Scoped::Whole(done) => Ok(done),
        pipeline::Scoped::Pieces(_) => unreachable!("a whole render returns the video"),
    }
}

/// Renders only the parts of `pieces` that the session's part cache lacks, and keeps them
/// there: the share of one video a render farm's worker takes. Nothing is written at `dest`
/// (it names the job's output, for the same plan every worker makes); the sound, the join and
/// the commit are the job owner's. Parts already in the cache are never rendered again.
///
/// # Errors
/// As [`render`].
pub fn render_pieces(
    prepared: &Prepared,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    session: &Session,
    pieces: &Pieces,
    on_progress: impl FnMut(&Progress),
) -> Result<Reused, RenderError> {
    match pipeline::render_scoped(
        prepared,
        preset,
        options,
        dest,
        session,
        Some(pieces),
        on_progress,
    )? {
        pipeline::Scoped::Pieces(reused) => Ok(reused),
        pipeline::Scoped::Whole(_) => unreachable!("a piece render writes no video"),
    }
}
