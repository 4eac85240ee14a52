//! Where every scene sits in time, counted in whole frames so no rounding drifts over a long video.

use crate::Project;

/// One scene's place in the video.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SceneSpan {
    /// First frame of the scene (inside the incoming transition, if any).
    pub start: u64,
    /// The scene's length in frames, transitions included.
    pub frames: u64,
    /// Frames shared with the next scene (0 for a cut and for the last scene).
    pub transition_out: u64,
}

/// The frame-exact layout of a project: scene `i` starts where scene `i-1` ends minus the
/// transition between them, so the video lasts `sum(durations) - sum(transitions)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub fps: u32,
    pub scenes: Vec<SceneSpan>,
    pub total_frames: u64,
}

/// Seconds to a whole number of frames at `fps` (nearest frame).
pub fn to_frames(secs: f64, fps: u32) -> u64 {
    let f = (secs * f64::from(fps)).round();
    if f.is_finite() && f > 0.0 {
        f as u64
    } else {
        0
    }
}

impl Timeline {
    pub fn duration_secs(&self) -> f64 {
        self.frames_to_secs(self.total_frames)
    }

    pub fn frames_to_secs(&self, frames: u64) -> f64 {
        frames as f64 / f64::from(self.fps.max(1))
    }

    /// Scenes `range` on their own, laid out exactly as in the whole timeline (the first one
    /// starting at frame 0, the last one without its transition out).
    pub fn slice(&self, range: std::ops::Range<usize>) -> Timeline {
        let origin = self.scenes.get(range.start).map_or(0, |s| s.start);
        let mut scenes: Vec<SceneSpan> = self.scenes[range]
            .iter()
            .map(|s| SceneSpan {
                start: s.start - origin,
                ..*s
            })
            .collect();
        if let Some(last) = scenes.last_mut() {
            last.transition_out = 0;
        }
        let total_frames = scenes
            .last()
            .map_or(0, |s| s.start.saturating_add(s.frames));
        Timeline {
            fps: self.fps,
            scenes,
            total_frames,
        }
    }
}

impl Project {
    /// The frame-exact timeline. Meaningful for a validated project; on an invalid one it still
    /// returns something (never panics) so a summary can be shown.
    pub fn timeline(&self) -> Timeline {
        self.timeline_at(self.canvas.fps)
    }

    /// The timeline when rendered at `fps` (a preview may use fewer frames per second).
    pub fn timeline_at(&self, fps: u32) -> Timeline {
        let fps = fps.max(1);
        let last = self.scenes.len().saturating_sub(1);
        let frames: Vec<u64> = self
            .scenes
            .iter()
            .map(|s| to_frames(s.duration_secs(), fps).max(1))
            .collect();
        let mut scenes: Vec<SceneSpan> = Vec::with_capacity(self.scenes.len());
        let mut start = 0u64;
        for (i, scene) in self.scenes.iter().enumerate() {
            let incoming = scenes.last().map_or(0, |s| s.transition_out);
            // Validation keeps transitions inside their scenes in seconds; rounding each to
            // frames may still overshoot by one, so they are bounded here: a transition never
            // reaches into the scene's incoming one, nor past the next scene's end.
            let transition_out = match &scene.transition {
                Some(t) if i < last && !t.is_cut() => to_frames(t.secs(), fps)
                    .min(frames[i].saturating_sub(incoming))
                    .min(frames[i + 1]),
                _ => 0,
            };
            scenes.push(SceneSpan {
                start,
                frames: frames[i],
                transition_out,
            });
            // Saturating: an invalid project (a duration of 1e308 s) must still get a timeline.
            start = start
                .saturating_add(frames[i])
                .saturating_sub(transition_out);
        }
        let total_frames = scenes
            .last()
            .map_or(0, |s| s.start.saturating_add(s.frames));
        Timeline {
            fps,
            scenes,
            total_frames,
        }
    }
}
