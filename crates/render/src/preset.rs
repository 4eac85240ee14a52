//! Export presets: what kind of file comes out, at what size and quality.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The presets a user can pick. Stored in the queue by name (`mp4-1080p`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum PresetId {
    #[serde(rename = "mp4-1080p")]
    Mp4_1080p,
    #[serde(rename = "mp4-720p")]
    Mp4_720p,
    /// Fast and small, for checking a project inside the app.
    #[serde(rename = "preview")]
    Preview,
}

/// The container written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Mp4,
}

impl Container {
    pub fn extension(self) -> &'static str {
        match self {
            Container::Mp4 => "mp4",
        }
    }
    pub fn ffmpeg_format(self) -> &'static str {
        match self {
            Container::Mp4 => "mp4",
        }
    }
}

/// Everything a preset fixes about the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    pub id: PresetId,
    pub label: &'static str,
    pub container: Container,
    /// The output's shorter side in pixels; the longer one follows the canvas's aspect ratio.
    pub short_side: u32,
    /// Frames per second are the canvas's, capped at this.
    pub max_fps: u32,
    /// x264 speed preset (`ultrafast` ... `veryslow`).
    pub x264_preset: &'static str,
    /// x264 constant rate factor: lower is better and bigger.
    pub crf: u8,
    pub audio_bitrate_kbps: u32,
    pub audio_rate: u32,
}

const MP4_1080P: Preset = Preset {
    id: PresetId::Mp4_1080p,
    label: "MP4 1080p (H.264 + AAC)",
    container: Container::Mp4,
    short_side: 1080,
    max_fps: 60,
    x264_preset: "veryfast",
    crf: 21,
    audio_bitrate_kbps: 192,
    audio_rate: 48_000,
};

const MP4_720P: Preset = Preset {
    id: PresetId::Mp4_720p,
    label: "MP4 720p (H.264 + AAC)",
    short_side: 720,
    crf: 23,
    audio_bitrate_kbps: 160,
    ..MP4_1080P
};

const PREVIEW: Preset = Preset {
    id: PresetId::Preview,
    label: "Preview (360p, fast)",
    short_side: 360,
    max_fps: 30,
    x264_preset: "ultrafast",
    crf: 30,
    audio_bitrate_kbps: 96,
    ..MP4_1080P
};

impl PresetId {
    pub const ALL: [PresetId; 3] = [PresetId::Mp4_1080p, PresetId::Mp4_720p, PresetId::Preview];

    pub fn preset(self) -> &'static Preset {
        match self {
            PresetId::Mp4_1080p => &MP4_1080P,
            PresetId::Mp4_720p => &MP4_720P,
            PresetId::Preview => &PREVIEW,
        }
    }

    /// The name used on the command line and in the queue.
    pub fn as_str(self) -> &'static str {
        match self {
            PresetId::Mp4_1080p => "mp4-1080p",
            PresetId::Mp4_720p => "mp4-720p",
            PresetId::Preview => "preview",
        }
    }
}

impl std::str::FromStr for PresetId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PresetId::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = PresetId::ALL.iter().map(|p| p.as_str()).collect();
                format!("unknown preset {s:?}; choose one of {}", names.join(", "))
            })
    }
}

impl std::fmt::Display for PresetId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Per-job overrides of a preset, as HandBrake exposes its RF and encoder speed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RenderOptions {
    /// Overrides the preset's x264 CRF (0-51).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crf: Option<u8>,
    /// Overrides the preset's x264 speed preset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder_preset: Option<String>,
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
    /// Checks the overrides; the message names the bad value.
    ///
    /// # Errors
    /// A sentence naming the value that is out of range.
    pub fn check(&self) -> Result<(), String> {
        if let Some(crf) = self.crf {
            if crf > 51 {
                return Err(format!("crf {crf} is out of range; x264 takes 0 to 51"));
            }
        }
        if let Some(p) = &self.encoder_preset {
            if !X264_PRESETS.contains(&p.as_str()) {
                return Err(format!(
                    "unknown encoder preset {p:?}; choose one of {}",
                    X264_PRESETS.join(", ")
                ));
            }
        }
        Ok(())
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
