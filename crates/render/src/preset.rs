//! Export presets: what kind of file comes out, at what size and quality.

use estudio_words::{Message, PresetName};
use serde::{Deserialize, Serialize};

/// The presets a user can pick. Stored in the queue by name (`mp4-1080p`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
#[allow(non_camel_case_types)] // `Mp4_1080p` reads better than `Mp41080p`.
pub enum PresetId {
    #[serde(rename = "mp4-1080p")]
    Mp4_1080p,
    #[serde(rename = "mp4-720p")]
    Mp4_720p,
    #[serde(rename = "mp4-480p")]
    Mp4_480p,
    /// Fast and small, for checking a project inside the app.
    #[serde(rename = "preview")]
    Preview,
    #[serde(rename = "webm-1080p")]
    Webm_1080p,
    /// An animated GIF: no sound, a palette made for the video.
    #[serde(rename = "gif")]
    Gif,
    /// The sound track alone (AAC in an M4A file).
    #[serde(rename = "m4a")]
    M4a,
}

/// The container written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Mp4,
    Webm,
    Gif,
    M4a,
}

impl Container {
    pub fn extension(self) -> &'static str {
        match self {
            Container::Mp4 => "mp4",
            Container::Webm => "webm",
            Container::Gif => "gif",
            Container::M4a => "m4a",
        }
    }
    pub fn ffmpeg_format(self) -> &'static str {
        match self {
            Container::Mp4 => "mp4",
            Container::Webm => "webm",
            Container::Gif => "gif",
            Container::M4a => "ipod",
        }
    }
}

/// How pictures are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoCodec {
    /// x264; `encoder_preset` and `crf` (0-51) apply.
    H264,
    /// libvpx VP9 in constant quality; `crf` (0-63) applies.
    Vp9,
    /// GIF with a palette computed from the video (a second pass over the pictures).
    Gif,
    /// No pictures (audio-only presets).
    None,
}

/// How sound is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioCodec {
    Aac,
    Opus,
    None,
}

/// Everything a preset fixes about the output.
#[derive(Debug, Clone, PartialEq)]
pub struct Preset {
    pub id: PresetId,
    /// Its name for people, in their language (`PresetName::words`).
    pub name: PresetName,
    pub container: Container,
    pub video: VideoCodec,
    pub audio: AudioCodec,
    /// The output's shorter side in pixels; the longer one follows the canvas's aspect ratio.
    pub short_side: u32,
    /// Frames per second are the canvas's, capped at this.
    pub max_fps: u32,
    /// x264 speed preset (`ultrafast` ... `veryslow`).
    pub x264_preset: &'static str,
    /// Constant rate factor: lower is better and bigger.
    pub crf: u8,
    pub audio_bitrate_kbps: u32,
    pub audio_rate: u32,
    /// Integrated loudness of the sound track (EBU R128), in LUFS.
    pub loudness_lufs: f64,
}

const MP4_1080P: Preset = Preset {
    id: PresetId::Mp4_1080p,
    name: PresetName::Mp4_1080p,
    container: Container::Mp4,
    video: VideoCodec::H264,
    audio: AudioCodec::Aac,
    short_side: 1080,
    max_fps: 60,
    x264_preset: "veryfast",
    crf: 21,
    audio_bitrate_kbps: 192,
    audio_rate: 48_000,
    loudness_lufs: -16.0,
};

const MP4_720P: Preset = Preset {
    id: PresetId::Mp4_720p,
    name: PresetName::Mp4_720p,
    short_side: 720,
    crf: 23,
    audio_bitrate_kbps: 160,
    ..MP4_1080P
};

const MP4_480P: Preset = Preset {
    id: PresetId::Mp4_480p,
    name: PresetName::Mp4_480p,
    short_side: 480,
    crf: 23,
    audio_bitrate_kbps: 128,
    ..MP4_1080P
};

const PREVIEW: Preset = Preset {
    id: PresetId::Preview,
    name: PresetName::Preview,
    short_side: 360,
    max_fps: 30,
    x264_preset: "ultrafast",
    crf: 30,
    audio_bitrate_kbps: 96,
    ..MP4_1080P
};

const WEBM_1080P: Preset = Preset {
    id: PresetId::Webm_1080p,
    name: PresetName::Webm1080p,
    container: Container::Webm,
    video: VideoCodec::Vp9,
    audio: AudioCodec::Opus,
    crf: 32,
    audio_bitrate_kbps: 128,
    ..MP4_1080P
};

const GIF: Preset = Preset {
    id: PresetId::Gif,
    name: PresetName::Gif,
    container: Container::Gif,
    video: VideoCodec::Gif,
    audio: AudioCodec::None,
    short_side: 360,
    max_fps: 12,
    ..MP4_1080P
};

const M4A: Preset = Preset {
    id: PresetId::M4a,
    name: PresetName::M4a,
    container: Container::M4a,
    video: VideoCodec::None,
    audio: AudioCodec::Aac,
    // The timeline still needs a frame rate; nothing is drawn.
    short_side: 16,
    max_fps: 30,
    ..MP4_1080P
};

impl PresetId {
    pub const ALL: [PresetId; 7] = [
        PresetId::Mp4_1080p,
        PresetId::Mp4_720p,
        PresetId::Mp4_480p,
        PresetId::Preview,
        PresetId::Webm_1080p,
        PresetId::Gif,
        PresetId::M4a,
    ];

    pub fn preset(self) -> &'static Preset {
        match self {
            PresetId::Mp4_1080p => &MP4_1080P,
            PresetId::Mp4_720p => &MP4_720P,
            PresetId::Mp4_480p => &MP4_480P,
            PresetId::Preview => &PREVIEW,
            PresetId::Webm_1080p => &WEBM_1080P,
            PresetId::Gif => &GIF,
            PresetId::M4a => &M4A,
        }
    }

    /// The name used on the command line and in the queue.
    pub fn as_str(self) -> &'static str {
        match self {
            PresetId::Mp4_1080p => "mp4-1080p",
            PresetId::Mp4_720p => "mp4-720p",
            PresetId::Mp4_480p => "mp4-480p",
            PresetId::Preview => "preview",
            PresetId::Webm_1080p => "webm-1080p",
            PresetId::Gif => "gif",
            PresetId::M4a => "m4a",
        }
    }
}

impl PresetId {
    /// What Export picks unless told otherwise (the CLI's `--preset`, the dialog's first choice).
    pub const DEFAULT: PresetId = PresetId::Mp4_1080p;
}

impl std::str::FromStr for PresetId {
    type Err = Message;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PresetId::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| Message::UnknownPreset {
                name: s.to_owned(),
                known: PresetId::ALL
                    .iter()
                    .map(|p| p.as_str().to_owned())
                    .collect(),
            })
    }
}

impl std::fmt::Display for PresetId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Per-job choices on top of a preset: HandBrake-style quality and speed overrides, the loudness
/// target, and the side files written beside the video.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
pub struct RenderOptions {
    /// Overrides the preset's constant rate factor (x264: 0-51, VP9: 0-63).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crf: Option<u8>,
    /// Overrides the preset's x264 speed preset (H.264 presets only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder_preset: Option<String>,
    /// Overrides the preset's loudness target, in LUFS (-40 to -5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loudness_lufs: Option<f64>,
    /// Write a PNG of the frame at this many seconds beside the video (`NAME.poster.png`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poster_secs: Option<f64>,
    /// Write the scenes' captions beside the video (`NAME.srt` and `NAME.vtt`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub captions: bool,
    /// Keep the mix at the levels the project gives (no loudness normalisation), for sound that
    /// was mastered elsewhere. Also saves the sound pass that measuring takes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_levels: bool,
    /// The person confirmed that what is at the destination may be replaced. Without it a file
    /// that appears there while the job waits or renders is never replaced: the job fails
    /// naming it. Set from the export's own confirmation, never by the window directly.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "bindings", ts(skip))]
    pub replace: bool,
}

/// x264's speed presets, the values `RenderOptions::encoder_preset` accepts.
pub const X264_PRESETS: &[&str] = &[
    "ultrafast",
    "superfast",
    "veryfast",
    "faster",
    "fast",
    "medium",
    "slow",
    "slower",
    "veryslow",
    "placebo",
];

impl RenderOptions {
    /// Checks the choices against `preset`; the message names the bad value.
    ///
    /// # Errors
    /// What is out of range or does not apply to the preset, naming the value.
    pub fn check(&self, preset: &Preset) -> Result<(), Message> {
        if let Some(crf) = self.crf {
            let max = match preset.video {
                VideoCodec::H264 => 51,
                VideoCodec::Vp9 => 63,
                VideoCodec::Gif | VideoCodec::None => {
                    return Err(Message::CrfNotApplicable {
                        preset: preset.name,
                    })
                }
            };
            if crf > max {
                return Err(Message::CrfOutOfRange {
                    crf: crf.into(),
                    preset: preset.name,
                    max: max.into(),
                });
            }
        }
        if let Some(p) = &self.encoder_preset {
            if preset.video != VideoCodec::H264 {
                return Err(Message::EncoderPresetNotH264 {
                    preset: preset.name,
                });
            }
            if !X264_PRESETS.contains(&p.as_str()) {
                return Err(Message::UnknownEncoderPreset {
                    name: p.clone(),
                    known: X264_PRESETS.iter().map(|p| (*p).to_owned()).collect(),
                });
            }
        }
        if let Some(l) = self.loudness_lufs {
            if !(l.is_finite() && (-40.0..=-5.0).contains(&l)) {
                return Err(Message::LoudnessOutOfRange { lufs: l });
            }
            if self.keep_levels {
                return Err(Message::LoudnessAndKeepLevels);
            }
        }
        if let Some(t) = self.poster_secs {
            if preset.video == VideoCodec::None {
                return Err(Message::PosterWithoutPictures {
                    preset: preset.name,
                });
            }
            if !(t.is_finite() && t >= 0.0) {
                return Err(Message::NotNegative {
                    field: "poster".to_owned(),
                    value: t,
                    unit: estudio_words::Unit::Seconds,
                });
            }
        }
        Ok(())
    }

    /// The loudness target for `preset`.
    pub fn loudness(&self, preset: &Preset) -> f64 {
        self.loudness_lufs.unwrap_or(preset.loudness_lufs)
    }
}

impl Preset {
    /// Output width and height for a canvas: the shorter side becomes `short_side`, the other
    /// keeps the aspect ratio, both rounded to even numbers as yuv420p requires.
    pub fn output_size(&self, canvas_w: u32, canvas_h: u32) -> (u32, u32) {
        let (w, h) = (f64::from(canvas_w.max(1)), f64::from(canvas_h.max(1)));
        let scale = f64::from(self.short_side) / w.min(h);
        let even = |x: f64| ((x / 2.0).round() as u32).max(1) * 2;
        (even(w * scale), even(h * scale))
    }

    pub fn output_fps(&self, canvas_fps: u32) -> u32 {
        canvas_fps.clamp(1, self.max_fps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_short_side_and_stay_even() {
        let p = PresetId::Mp4_1080p.preset();
        assert_eq!(p.output_size(1280, 720), (1920, 1080));
        assert_eq!(p.output_size(1080, 1920), (1080, 1920));
        assert_eq!(p.output_size(1001, 999), (1082, 1080));
        assert_eq!(
            PresetId::Preview.preset().output_size(1280, 720),
            (640, 360)
        );
        assert_eq!(PresetId::Preview.preset().output_size(17, 16), (382, 360));
    }

    #[test]
    fn names_round_trip() {
        for id in PresetId::ALL {
            assert_eq!(id.as_str().parse::<PresetId>(), Ok(id));
            assert_eq!(serde_json_name(id), id.as_str());
        }
        assert!("mp4-4k".parse::<PresetId>().is_err());
    }

    fn serde_json_name(id: PresetId) -> String {
        serde_json::to_value(id)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }
}
