//! What can go wrong in a render, typed so callers decide by kind, never by text.

use std::path::PathBuf;

use estudio_project::Problem;
use estudio_words::{Message, OutputWhy};

/// The command and the end of ffmpeg's output, kept with a job so a failure can be understood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderLog {
    pub command: String,
    /// The frame count of ffmpeg's last report (its final one once it has finished): the
    /// frames of its first picture output.
    pub frames: u64,
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
    Invalid(Vec<Problem>),
    DestinationIsInput(PathBuf),
    Destination {
        path: PathBuf,
        why: OutputWhy,
    },
    NoFont,
    FfmpegMissing {
        program: String,
        error: std::io::Error,
    },
    /// The ffmpeg in use cannot render: too old, or without a filter or encoder.
    Tools(#[from] crate::ToolsError),
    /// This ffmpeg has no encoder the preset needs (a build without libvpx, say).
    PresetUnavailable {
        preset: estudio_words::PresetName,
        missing: Vec<String>,
    },
    /// ffmpeg made no progress for this long (a hung network mount, an input that blocks) and
    /// was killed.
    Stalled {
        secs: u64,
        log: RenderLog,
    },
    /// The finished file lacks pictures the timeline has: nothing may silently drop out.
    Incomplete {
        expected: u64,
        found: u64,
    },
    /// Not enough free space for the render's work files and output.
    NoSpace {
        folder: PathBuf,
        needed: u64,
        available: u64,
    },
    Ffmpeg {
        /// The first error ffmpeg reported, or how it ended (boxed: errors stay small to move).
        message: Box<Message>,
        /// True when ffmpeg was killed by a signal (crash, OOM killer): trying again may work.
        killed: bool,
        log: RenderLog,
    },
    Canceled {
        log: RenderLog,
    },
    /// A render option out of range or not for this preset.
    Options(Box<Message>),
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl RenderError {
    /// In words, for people (stored with a failed job and worded in each reader's language).
    pub fn message(&self) -> Message {
        let shown = |p: &std::path::Path| p.display().to_string();
        match self {
            RenderError::Invalid(problems) => Message::ProjectInvalid {
                problems: problems.iter().map(Problem::pointed).collect(),
            },
            RenderError::DestinationIsInput(path) => Message::Output {
                path: shown(path),
                why: OutputWhy::IsProjectFile,
            },
            RenderError::Destination { path, why } => Message::Output {
                path: shown(path),
                why: why.clone(),
            },
            RenderError::NoFont => Message::NoFont,
            RenderError::FfmpegMissing { program, error } => Message::FfmpegNotStarted {
                program: program.clone(),
                detail: error.to_string(),
            },
            RenderError::Tools(t) => t.message(),
            RenderError::PresetUnavailable { preset, missing } => Message::PresetUnavailable {
                preset: *preset,
                missing: missing.clone(),
            },
            RenderError::Stalled { secs, .. } => Message::Stalled { secs: *secs },
            RenderError::Incomplete { expected, found } => Message::Incomplete {
                expected: *expected,
                found: *found,
            },
            RenderError::NoSpace {
                folder,
                needed,
                available,
            } => Message::NoSpace {
                folder: shown(folder),
                needed: *needed,
                available: *available,
            },
            RenderError::Ffmpeg { message, .. } | RenderError::Options(message) => {
                message.as_ref().clone()
            }
            RenderError::Canceled { .. } => Message::Canceled,
            RenderError::Io { path, source } => Message::Io {
                path: shown(path),
                cause: source.into(),
            },
        }
    }

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
