//! Why a job failed or ended, as a kind the front ends decide on and translate (never its text).

use serde::{Deserialize, Serialize};

/// Stored as snake_case text in `render_jobs.error_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "bindings", ts(export))]
pub enum ErrorKind {
    /// The queued project, preset or options cannot be read by this build.
    InvalidSnapshot,
    /// The project no longer validates (a media file deleted or changed since it was queued).
    InvalidProject,
    /// The destination cannot be written.
    InvalidOutput,
    /// Per-job options out of range.
    InvalidOptions,
    /// No font for text.
    NoFont,
    /// ffmpeg cannot run, is too old, or lacks a filter.
    FfmpegMissing,
    /// This ffmpeg lacks an encoder the preset needs.
    PresetUnavailable,
    /// ffmpeg failed.
    Ffmpeg,
    /// ffmpeg made no progress for too long and was killed.
    Stalled,
    /// The finished video lacked frames of the timeline.
    Incomplete,
    /// Not enough free space.
    NoSpace,
    /// A file could not be read or written.
    Io,
    /// The job was canceled.
    Canceled,
    /// The worker rendering it stopped (crashed, was killed) and its lease expired.
    Lost,
    /// A farm machine could not reach the job's files and left it, queued, to the others: the
    /// error of a job that still waits, not of a failed one.
    OutOfReach,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 15] = [
        ErrorKind::InvalidSnapshot,
        ErrorKind::InvalidProject,
        ErrorKind::InvalidOutput,
        ErrorKind::InvalidOptions,
        ErrorKind::NoFont,
        ErrorKind::FfmpegMissing,
        ErrorKind::PresetUnavailable,
        ErrorKind::Ffmpeg,
        ErrorKind::Stalled,
        ErrorKind::Incomplete,
        ErrorKind::NoSpace,
        ErrorKind::Io,
        ErrorKind::Canceled,
        ErrorKind::Lost,
        ErrorKind::OutOfReach,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidSnapshot => "invalid_snapshot",
            ErrorKind::InvalidProject => "invalid_project",
            ErrorKind::InvalidOutput => "invalid_output",
            ErrorKind::InvalidOptions => "invalid_options",
            ErrorKind::NoFont => "no_font",
            ErrorKind::FfmpegMissing => "ffmpeg_missing",
            ErrorKind::PresetUnavailable => "preset_unavailable",
            ErrorKind::Ffmpeg => "ffmpeg",
            ErrorKind::Stalled => "stalled",
            ErrorKind::Incomplete => "incomplete",
            ErrorKind::NoSpace => "no_space",
            ErrorKind::Io => "io",
            ErrorKind::Canceled => "canceled",
            ErrorKind::Lost => "lost",
            ErrorKind::OutOfReach => "out_of_reach",
        }
    }

    /// The kind stored as `text`; `None` for a kind this build does not know (written by a
    /// newer one): the job's error text still says what happened.
    pub fn from_stored(text: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_serde_names_and_read_back() {
        for kind in ErrorKind::ALL {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
            assert_eq!(ErrorKind::from_stored(kind.as_str()), Some(kind));
        }
        assert_eq!(ErrorKind::from_stored("from_the_future"), None);
    }
}
