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
    ///
    /// Every scene boundary is the exact time the durations and transitions say, rounded to the
    /// nearest frame once: scene `i` starts at `round(fps × Σ(d_k − t_k), k < i)` and ends at
    /// that plus `d_i`, rounded the same way. Rounding each duration or transition on its own
    /// would add its error up (80 scenes of 1 s with 0.25 s fades at 30 fps: every 7.5-frame
    /// fade made 8, 1.3 s short); placed this way, no boundary and not the end are ever more
    /// than half a frame off. Times are counted in millionths of a frame, as integers, so the
    /// sums are exact and the same in any order.
    pub fn timeline_at(&self, fps: u32) -> Timeline {
        let fps = fps.max(1);
        let last = self.scenes.len().saturating_sub(1);
        let ticks = |secs: f64| to_ticks(secs, fps);
        // Exact starts and ends, in ticks.
        let mut exact = Vec::with_capacity(self.scenes.len());
        let mut at = 0u64;
        for (i, scene) in self.scenes.iter().enumerate() {
            let end = at.saturating_add(ticks(scene.duration_secs()));
            exact.push((at, end));
            let out = match &scene.transition {
                Some(t) if i < last && !t.is_cut() => ticks(t.secs()),
                _ => 0,
            };
            at = end.saturating_sub(out);
        }
        let mut scenes: Vec<SceneSpan> = Vec::with_capacity(self.scenes.len());
        let mut start = 0u64;
        for (i, &(_, exact_end)) in exact.iter().enumerate() {
            let incoming = scenes.last().map_or(0, |s| s.transition_out);
            // At least one frame, and never before the incoming transition is over.
            let end = tick_frame(exact_end).max(start.saturating_add(incoming.max(1)));
            let transition_out = match exact.get(i + 1) {
                Some(&(next_start, next_end)) if next_start < exact_end => {
                    // Validation keeps transitions inside their scenes in seconds, and rounding
                    // keeps that order; the bounds hold for any project: a transition never
                    // reaches into the scene's incoming one, nor past the next scene's end.
                    let next = tick_frame(next_start).clamp(start.saturating_add(incoming), end);
                    let next_frames = tick_frame(next_end).saturating_sub(next).max(1);
                    (end - next).min(next_frames)
                }
                _ => 0,
            };
            scenes.push(SceneSpan {
                start,
                frames: end - start,
                transition_out,
            });
            start = end - transition_out;
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

/// Millionths of a frame: each duration is rounded to one before they are summed, so a million
/// scenes could drift half a frame; sums of them are exact integers (the same in any order, and
/// "nice" durations such as 0.25 s at 30 fps land exactly on half frames). Room enough: a
/// day-long scene at 120 fps is 10^13 ticks.
const TICKS_PER_FRAME: u64 = 1_000_000;

/// Seconds as ticks at `fps` (saturating: an invalid project, a duration of 1e308 s, still gets
/// a timeline).
fn to_ticks(secs: f64, fps: u32) -> u64 {
    let t = (secs * f64::from(fps) * TICKS_PER_FRAME as f64).round();
    if t.is_finite() && t > 0.0 {
        // `as` saturates at u64::MAX.
        t as u64
    } else {
        0
    }
}

/// The frame nearest a time in ticks (halves up).
fn tick_frame(ticks: u64) -> u64 {
    ticks.saturating_add(TICKS_PER_FRAME / 2) / TICKS_PER_FRAME
}
