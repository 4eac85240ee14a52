//! Progress of a running render, as ffmpeg reports it.

use serde::{Deserialize, Serialize};

/// A progress report: how far the encoder is, and how fast it goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct Progress {
    /// 0..=1: encoded time over the video's length.
    pub fraction: f64,
    /// Seconds of video encoded so far.
    pub encoded_secs: f64,
    /// Frames encoded per second (wall clock).
    pub fps: f64,
    /// Encoded seconds per wall-clock second (2 = twice real time).
    pub speed: f64,
    /// Estimated seconds until done, from the current speed; `None` until ffmpeg reports one.
    pub eta_secs: Option<f64>,
    /// Scenes whose pictures came from the cache of finished parts, of `scenes`.
    #[serde(default)]
    pub reused_scenes: u32,
    /// The video's scenes (0 when not known, as in a single ffmpeg run's own report).
    #[serde(default)]
    pub scenes: u32,
}

impl Progress {
    /// Progress from ffmpeg's numbers for a video of `duration_secs`.
    pub fn from_stats(encoded_secs: f64, duration_secs: f64, fps: f64, speed: f64) -> Self {
        let encoded_secs = encoded_secs.clamp(0.0, duration_secs.max(0.0));
        let fraction = if duration_secs > 0.0 {
            encoded_secs / duration_secs
        } else {
            0.0
        };
        let eta_secs = (speed > 0.0).then(|| (duration_secs - encoded_secs).max(0.0) / speed);
        Self {
            fraction,
            encoded_secs,
            fps,
            speed,
            eta_secs,
            reused_scenes: 0,
            scenes: 0,
        }
    }

    /// The report for a finished render.
    pub fn done(duration_secs: f64) -> Self {
        Self {
            fraction: 1.0,
            encoded_secs: duration_secs,
            fps: 0.0,
            speed: 0.0,
            eta_secs: Some(0.0),
            reused_scenes: 0,
            scenes: 0,
        }
    }
}
