//! What can go wrong in a render, typed so callers decide by kind, never by text.

use std::path::PathBuf;

use estudio_project::Problem;

/// The command and the end of ffmpeg's output, kept with a job so a failure can be understood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderLog {
    pub command: String,
    /// The last lines ffmpeg printed (at most [`RenderLog::TAIL_LINES`]).
    pub tail: Vec<String>,
}

impl RenderLog {
    pub const TAIL_LINES: usize = 80;

    /// Command and tail as one text, as the job log shows it.
    pub fn to_text(&self) -> String {
        let mut s = format!("$ {}\n", self.command);
        for line in &self.tail {
            s.push_str(line);
            s.push('\n');
        }
        s
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The project no longer validates (e.g. a media file was deleted after it was queued).
    #[error("the project is not valid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Problem>),
    #[error("the destination {0} is one of the project's own media files")]
    DestinationIsInput(PathBuf),
    #[error("cannot write {path}: {reason}")]
    Destination { path: PathBuf, reason: &'static str },
    #[error("no font for text was found; install fonts-dejavu-core or set ESTUDIO_FONT")]
    NoFont,
    #[error("ffmpeg could not be started ({program}: {error}); install ffmpeg (Debian: apt-get install ffmpeg)")]
    FfmpegMissing {
        program: String,
        error: std::io::Error,
    },
    /// The ffmpeg in use cannot render: too old, or without a filter or encoder.
    #[error(transparent)]
    Tools(#[from] crate::ToolsError),
    /// This ffmpeg has no encoder the preset needs (a build without libvpx, say).
    #[error("the {preset} preset needs {}, which this ffmpeg lacks", .missing.join(" and "))]
    PresetUnavailable {
        preset: &'static str,
        missing: Vec<String>,
    },
    /// ffmpeg made no progress for this long (a hung network mount, an input that blocks) and
    /// was killed.
    #[error("ffmpeg made no progress for {secs} s")]
    Stalled { secs: u64, log: RenderLog },
    /// The finished file lacks pictures the timeline has: nothing may silently drop out.
    #[error("the video has {found} frames where the timeline has {expected}; it was not saved")]
    Incomplete { expected: u64, found: u64 },
    /// Not enough free space for the render's work files and output.
    #[error("not enough free space in {folder}: the render needs about {} MB there, {} MB are free", .needed / 1_000_000, .available / 1_000_000)]
    NoSpace {
        folder: PathBuf,
        needed: u64,
        available: u64,
    },
    #[error("ffmpeg failed: {message}")]
    Ffmpeg {
        /// The first error ffmpeg reported, or how it ended.
        message: String,
        /// True when ffmpeg was killed by a signal (crash, OOM killer): trying again may work.
        killed: bool,
        log: RenderLog,
    },
    #[error("canceled")]
    Canceled { log: RenderLog },
    #[error("{0}")]
    Options(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl RenderError {
    /// Puts the commands of the steps that already ran before this error's own, so a job's log
    /// shows the whole render.
    pub(crate) fn with_earlier_commands(mut self, earlier: &[String]) -> Self {
        if let RenderError::Ffmpeg { log, .. }
        | RenderError::Canceled { log }
        | RenderError::Stalled { log, .. } = &mut self
        {
            if !earlier.is_empty() {
                log.command = format!("{}\n$ {}", earlier.join("\n$ "), log.command);
            }
        }
        self
    }

    /// Whether another attempt could succeed without anything being changed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            RenderError::Ffmpeg { killed: true, .. } | RenderError::Stalled { .. }
        )
    }

    pub fn log(&self) -> Option<&RenderLog> {
        match self {
            RenderError::Ffmpeg { log, .. }
            | RenderError::Canceled { log }
            | RenderError::Stalled { log, .. } => Some(log),
            _ => None,
        }
    }
}
