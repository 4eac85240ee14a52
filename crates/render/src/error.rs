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
    #[error(
        "ffmpeg {found} is too old; Estúdio needs ffmpeg {}.0 or newer",
        crate::ffmpeg::MIN_FFMPEG_MAJOR
    )]
    FfmpegTooOld { found: String },
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
        if let RenderError::Ffmpeg { log, .. } | RenderError::Canceled { log } = &mut self {
            if !earlier.is_empty() {
                log.command = format!("{}\n$ {}", earlier.join("\n$ "), log.command);
            }
        }
        self
    }

    /// Whether another attempt could succeed without anything being changed.
    pub fn is_transient(&self) -> bool {
        matches!(self, RenderError::Ffmpeg { killed: true, .. })
    }

    pub fn log(&self) -> Option<&RenderLog> {
        match self {
            RenderError::Ffmpeg { log, .. } | RenderError::Canceled { log } => Some(log),
            _ => None,
        }
    }
}
