//! The sound: narrations, clips' own sound and music, mixed once into a file and measured.
//!
//! The mix is its own ffmpeg pass (audio only, so it is quick) for two reasons: loudness can only
//! be set to a target once the whole mix has been measured (EBU R128 integrated loudness), and
//! the picture pass then has one sound input instead of one per narration.

use estudio_project::{Background, Project, Timeline};

use super::video::ClipTiming;
use super::Inputs;
use crate::escape::seconds;
use crate::media::{MediaIndex, MediaInfo};

/// Narrations are laid on this many lanes (alternate narrated scenes), each lane one `concat` of
/// silence and narrations, so mixing costs the same whatever the number of scenes (one delayed
/// stream per narration makes the mixer run every narration for the whole video: quadratic).
/// A narration may run on over the next narrated scene; it ends where the one after that starts.
/// Clip sounds, whose ends are known, take as many lanes as play at once ([`clip_lanes`]).
const LANES: usize = 2;

/// The mix is written this many dB below its true level, so a loud sum cannot clip in the
/// integer samples of the intermediate file; the picture pass adds it back with the gain.
pub const HEADROOM_DB: f64 = 24.0;

pub(super) struct AudioGraph {
    pub inputs: Inputs,
    pub lines: Vec<String>,
    /// Label of the mixed, measured, attenuated result.
    pub out: String,
}

/// A sound placed on the timeline.
struct Sound {
    input: usize,
    /// Filters after normalisation (gain, selection), each with a leading comma.
    chain: String,
    start: u64,
    /// The sample where it must have ended at the latest.
    max_end: u64,
}

/// Where a mix goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MixTo {
    /// Straight into the run that encodes the video, at its own levels.
    Inline,
    /// Into the intermediate file, attenuated by [`HEADROOM_DB`] (the main run gives it back)
    /// so a loud mix cannot clip there; with `measure`, measured too (EBU R128, summary in the
    /// log) for the loudness target.
    File { measure: bool },
}

/// The mix of `project`, or `None` when it has no sound at all (the video then gets silence).
/// Its inputs are numbered from `first_input`.
pub(super) fn build(
    project: &Project,
    media: &MediaIndex,
    timeline: &Timeline,
    rate: u32,
    first_input: usize,
    to: MixTo,
) -> Option<AudioGraph> {
    let fps = u64::from(timeline.fps);
    let r = u64::from(rate);
    let total = timeline.total_frames * r / fps;
    let at_frame = |f: u64| f * r / fps;
    let mut inputs = Inputs::starting_at(first_input);
    let mut narrations = Vec::new();
    let mut clips = Vec::new();
    for (i, scene) in project.scenes.iter().enumerate() {
        let span = timeline.scenes[i];
        let start = at_frame(span.start);
        if let Background::Video {
            video,
            start: clip_start,
            end: clip_end,
            audio: true,
            volume,
            r#loop,
            ..
        } = &scene.background
        {
            let clip = sound_of_clip(*clip_start, *clip_end, *r#loop, media.get(video))
                .at_speed(crate::prepare::clip_speed(scene, media));
            let mut chain = String::new();
            if let Some(select) = clip.select("aselect", "t") {
                chain.push_str(&format!(",{select},asetpts=N/SR/TB"));
            }
            chain.push_str(&clip.retempo());
            chain.push_str(&format!(",volume={}", seconds(*volume)));
            clips.push(Sound {
                input: inputs.file(&clip.input_options(), video),
                chain,
                start,
                max_end: at_frame(span.start + span.frames).min(total),
            });
        }
        // The sound of the clips over the background, from when each appears to when it
        // leaves (or its cut ends, when it is held on its last frame).
        // On the frame grid, as the clip's picture is placed (video.rs).
        let secs = |s: f64| at_frame((s * fps as f64).round() as u64);
        let scene_end = at_frame(span.start + span.frames).min(total);
        for v in scene.videos.iter().filter(|v| v.audio) {
            let clip =
                sound_of_clip(v.cut_from, v.cut_to, v.r#loop, media.get(&v.src)).at_speed(v.speed);
            let mut chain = String::new();
            if let Some(select) = clip.select("aselect", "t") {
                chain.push_str(&format!(",{select},asetpts=N/SR/TB"));
            }
            chain.push_str(&clip.retempo());
            chain.push_str(&format!(",volume={}", seconds(v.volume)));
            clips.push(Sound {
                input: inputs.file(&clip.input_options(), &v.src),
                chain,
                start: (start + secs(v.start.unwrap_or(0.0))).min(scene_end),
                max_end: v
                    .end
                    .map_or(scene_end, |e| (start + secs(e)).min(scene_end)),
            });
        }
        if let Some(n) = &scene.narration {
            let Some(src) = &n.src else { continue };
            let delay = (n.delay * rate as f64).round() as u64;
            // A trimmed recording is read from its start to its end only.
            let trim = ClipTiming::new(
                n.start,
                n.end,
                false,
                media.get(src).and_then(|m| m.duration),
            );
            narrations.push(Sound {
                input: inputs.file(&trim.input_options(), src),
                chain: format!(",volume={}", seconds(n.volume)),
                start: (start + delay).min(total),
                max_end: total,
            });
        }
    }

    let norm = format!("aresample={rate},aformat=sample_fmts=fltp:channel_layouts=stereo");
    let mut lines = Vec::new();
    let mut voices = Vec::new();
    narrations.sort_by_key(|s| s.start);
    clips.sort_by_key(|s| s.start);
    voices.extend(lay(
        "n",
        &narration_lanes(&narrations),
        &norm,
        rate,
        &mut lines,
    ));
    voices.extend(lay("c", &clip_lanes(&clips), &norm, rate, &mut lines));
    let music = project.music.as_ref().map(|m| {
        // Trimmed like a clip (a loop repeats the kept part), then placed at its delay.
        let trim = ClipTiming::new(m.start, m.end, m.r#loop, media.get(&m.src).and_then(|f| f.duration));
        let k = inputs.file(&trim.input_options(), &m.src);
        let select = trim
            .select("aselect", "t")
            .map(|s| format!("{s},asetpts=N/SR/TB,"))
            .unwrap_or_default();
        // In samples at the mix's rate, so the music starts on the frame it is placed at.
        let delay = (m.delay * f64::from(rate)).round() as u64;
        let delay = if delay > 0 {
            format!(",adelay=delays={delay}S:all=1")
        } else {
            String::new()
        };
        let secs = timeline.duration_secs();
        let fade = secs.min(1.5);
        lines.push(format!(
            "[{k}:a]{select}{norm}{delay},volume={},atrim=end_sample={total},afade=t=out:st={}:d={}[music]",
            seconds(m.volume),
            seconds(secs - fade),
            seconds(fade)
        ));
        m.duck
    });
    if voices.is_empty() && music.is_none() {
        return None;
    }

    lines.push(format!(
        "anullsrc=r={rate}:cl=stereo,atrim=end_sample={total}[bed]"
    ));
    let mut mix = vec!["[bed]".to_owned()];
    match music {
        Some(true) if !voices.is_empty() => {
            // Ducking: the voices drive a compressor on the music. They are padded to the full
            // length, as the compressor stops when its key input does.
            lines.push(format!(
                "{}amix=inputs={}:duration=longest:dropout_transition=0:normalize=0,apad,atrim=end_sample={total},asplit=2[voice][voicekey]",
                voices.concat(),
                voices.len()
            ));
            lines.push(
                "[music][voicekey]sidechaincompress=threshold=0.01:ratio=20:attack=20:release=500[ducked]"
                    .to_owned(),
            );
            mix.push("[voice]".to_owned());
            mix.push("[ducked]".to_owned());
        }
        Some(_) => {
            mix.extend(voices);
            mix.push("[music]".to_owned());
        }
        None => mix.extend(voices),
    }
    // Sample peak, not true peak: a quarter of the pass's cost; the limiter leaves a margin.
    // The headroom goes with the file whether or not it is measured: the main run always
    // gives it back (a mix at kept levels was 24 dB too loud in parts before).
    let measured = match to {
        MixTo::Inline => String::new(),
        MixTo::File { measure: true } => {
            format!(",ebur128=peak=sample:framelog=verbose,volume=-{HEADROOM_DB}dB")
        }
        MixTo::File { measure: false } => format!(",volume=-{HEADROOM_DB}dB"),
    };
    lines.push(format!(
        "{}amix=inputs={}:duration=first:dropout_transition=0:normalize=0{measured}[mixed]",
        mix.concat(),
        mix.len()
    ));
    Some(AudioGraph {
        inputs,
        lines,
        out: "mixed".to_owned(),
    })
}

/// A sound on its lane: which one (its index, for labels), and where it ends there.
type Placed<'a> = (usize, &'a Sound, u64);

/// A clip's sound timed as its picture plays. A loop repeats the sound at the sound's own
/// length, each pass cut to the picture's: a sound running on after the picture (a phone's)
/// would otherwise drift from it by the difference on every pass.
fn sound_of_clip(
    start: f64,
    end: Option<f64>,
    looped: bool,
    info: Option<&MediaInfo>,
) -> ClipTiming {
    let picture = info.and_then(|m| m.duration);
    if !looped {
        return ClipTiming::new(start, end, false, picture);
    }
    let sound = info.and_then(|m| m.sound_duration).or(picture);
    ClipTiming::new(start, end.or(picture), true, sound)
}

/// Narrations (sorted by start) on [`LANES`] lanes, in turn; each ends where the next one on its
/// lane starts (its recording's own end is not known here: the lane pads it with silence).
fn narration_lanes(sounds: &[Sound]) -> Vec<Vec<Placed<'_>>> {
    (0..LANES)
        .map(|lane| {
            sounds
                .iter()
                .enumerate()
                .skip(lane)
                .step_by(LANES)
                .map(|(n, s)| {
                    let end = sounds
                        .get(n + LANES)
                        .map_or(s.max_end, |next| next.start.min(s.max_end));
                    (n, s, end)
                })
                .collect()
        })
        .collect()
}

/// Clip sounds (sorted by start) on as many lanes as play at once: each goes on the first lane
/// free by its start, and plays to its own end (a clip's sound is heard as long as the clip is
/// shown, however many others play beside it).
fn clip_lanes(sounds: &[Sound]) -> Vec<Vec<Placed<'_>>> {
    let mut lanes: Vec<Vec<Placed<'_>>> = Vec::new();
    for (n, s) in sounds.iter().enumerate() {
        let placed = (n, s, s.max_end);
        match lanes
            .iter_mut()
            .find(|lane| lane.last().is_none_or(|(_, _, end)| *end <= s.start))
        {
            Some(lane) => lane.push(placed),
            None => lanes.push(vec![placed]),
        }
    }
    lanes
}

/// Lays each lane's sounds end to end, silence between them: one `concat` per lane; returns
/// the lanes' labels.
fn lay(
    name: &str,
    lanes: &[Vec<Placed<'_>>],
    norm: &str,
    rate: u32,
    lines: &mut Vec<String>,
) -> Vec<String> {
    let mut labels = Vec::new();
    for (lane, sounds) in lanes.iter().enumerate() {
        let mut parts = Vec::new();
        let mut at = 0u64;
        for (n, s, end) in sounds {
            let start = s.start.max(at);
            let end = (*end).max(start);
            if end == start {
                continue;
            }
            if start > at {
                lines.push(format!(
                    "anullsrc=r={rate}:cl=stereo,atrim=end_sample={}[{name}gap{n}]",
                    start - at
                ));
                parts.push(format!("[{name}gap{n}]"));
            }
            lines.push(format!(
                "[{}:a]{norm}{},apad,atrim=end_sample={},asetpts=PTS-STARTPTS[{name}{n}]",
                s.input,
                s.chain,
                end - start
            ));
            parts.push(format!("[{name}{n}]"));
            at = end;
        }
        if parts.is_empty() {
            continue;
        }
        let label = format!("{name}lane{lane}");
        lines.push(format!(
            "{}concat=n={}:v=0:a=1[{label}]",
            parts.concat(),
            parts.len()
        ));
        labels.push(format!("[{label}]"));
    }
    labels
}

/// Highest sample level after the gain, in dBFS: half a dB under the usual -1 dBTP ceiling, as the
/// peak between samples can be a little higher.
pub const PEAK_LIMIT_DB: f64 = -1.5;

/// Loudness of the mix as ffmpeg's `ebur128` reported it at the end of the mix pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loudness {
    /// Integrated loudness, LUFS.
    pub integrated: f64,
    /// Sample peak, dBFS.
    pub peak: f64,
}

impl Loudness {
    /// Reads the summary `ebur128` prints (`I: -23.0 LUFS` ... `Peak: -3.1 dBFS`) from the end of
    /// ffmpeg's log. ebur128 has no JSON output, and `loudnorm`'s JSON comes with its true-peak
    /// measurement: on 10 minutes of stereo it took 17.2 s of CPU where `ebur128=peak=sample`
    /// took 1.1 s, for a figure the limiter's margin makes unnecessary.
    pub fn from_log(lines: &[String]) -> Option<Self> {
        let start = lines.iter().rposition(|l| l.contains("Summary:"))?;
        let value = |key: &str, unit: &str| {
            lines[start..].iter().find_map(|l| {
                let rest = l.trim().strip_prefix(key)?;
                rest.trim().strip_suffix(unit)?.trim().parse::<f64>().ok()
            })
        };
        Some(Self {
            integrated: value("I:", "LUFS")?,
            peak: value("Peak:", "dBFS")?,
        })
    }

    /// The gain (dB) that brings the mix to `target`, and whether a limiter must then keep its
    /// peaks under [`PEAK_LIMIT_DB`]. Silence (below the R128 gate) is left alone; a very quiet
    /// mix is not raised by more than 24 dB, which would mostly raise noise.
    pub fn gain_to(&self, target: f64) -> (f64, bool) {
        if !self.integrated.is_finite() || self.integrated <= -70.0 {
            return (0.0, false);
        }
        let gain = (target - self.integrated).clamp(-40.0, 24.0);
        (gain, self.peak + gain > PEAK_LIMIT_DB)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ebur128_summary() {
        let log: Vec<String> = [
            "[Parsed_ebur128_0 @ 0x1] Summary:",
            "Integrated loudness:",
            "I:         -21.1 LUFS",
            "Threshold: -31.1 LUFS",
            "Sample peak:",
            "Peak:      -18.1 dBFS",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let l = Loudness::from_log(&log).unwrap();
        assert_eq!(l.integrated, -21.1);
        assert_eq!(l.peak, -18.1);
        assert_eq!(l.gain_to(-16.0), (-16.0 + 21.1, false));
        let loud = Loudness {
            integrated: -20.0,
            peak: -2.0,
        };
        assert_eq!(loud.gain_to(-16.0), (4.0, true));
        let silent = Loudness {
            integrated: -70.0,
            peak: f64::NEG_INFINITY,
        };
        assert_eq!(silent.gain_to(-16.0), (0.0, false));
        assert!(Loudness::from_log(&log[1..]).is_none());
    }
}
