//! Where ffmpeg and ffprobe are, which version they are, and whether they can do what the
//! presets need. Asked once per program path and remembered for the process.
//!
//! Supported: FFmpeg 5.1 (Debian 12) through 9.x. The version is read from the libraries'
//! versions that `-version` prints, not from the release name: a git build calls itself
//! `N-112233-gabcdef`, which says nothing about its age.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use estudio_words::Message;

use crate::preset::{AudioCodec, Preset, VideoCodec};

/// Why the tools cannot render. Cloneable: the check is made once and its answer shared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ToolsError {
    Missing {
        program: String,
        reason: String,
    },
    TooOld {
        found: String,
    },
    /// FFmpeg 6.0: hangs at the end of renders with looped sound or clips.
    HangsOnLoops {
        found: String,
    },
    Lacks {
        program: String,
        missing: Vec<String>,
    },
}

impl ToolsError {
    /// In words, for people.
    pub fn message(&self) -> Message {
        match self {
            ToolsError::Missing { program, reason } => Message::FfmpegNotStarted {
                program: program.clone(),
                detail: reason.clone(),
            },
            ToolsError::TooOld { found } => Message::FfmpegTooOld {
                found: found.clone(),
            },
            ToolsError::HangsOnLoops { found } => Message::FfmpegBrokenLoop {
                found: found.clone(),
            },
            ToolsError::Lacks { program, missing } => Message::FfmpegLacks {
                program: program.clone(),
                missing: missing.clone(),
            },
        }
    }
}

impl std::fmt::Display for ToolsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// The ffmpeg program used: `ESTUDIO_FFMPEG` if set, else ffmpeg-sidecar's choice (an `ffmpeg`
/// beside our executable, as a bundle ships it, then the one on `PATH`).
pub fn ffmpeg_program() -> PathBuf {
    std::env::var_os("ESTUDIO_FFMPEG")
        .map(Into::into)
        .unwrap_or_else(ffmpeg_sidecar::paths::ffmpeg_path)
}

/// The ffprobe program: `ESTUDIO_FFPROBE`, else the one beside `ESTUDIO_FFMPEG`, else
/// ffmpeg-sidecar's choice.
pub fn ffprobe_program() -> PathBuf {
    if let Some(p) = std::env::var_os("ESTUDIO_FFPROBE") {
        return p.into();
    }
    if let Some(ffmpeg) = std::env::var_os("ESTUDIO_FFMPEG") {
        let sibling = Path::new(&ffmpeg).with_file_name("ffprobe");
        if sibling.is_file() {
            return sibling;
        }
    }
    ffmpeg_sidecar::ffprobe::ffprobe_path()
}

/// libavfilter of FFmpeg 5.1, the oldest release whose filters the graphs use (`xfade`'s
/// transitions, `alimiter` with `latency`, `-stats_period`).
pub const MIN_LIBAVFILTER: (u32, u32) = (8, 44);
/// libavutil of FFmpeg 7.0, from which a graph is read from a file with `-/filter_complex`
/// (`-filter_complex_script` is deprecated there and gone after FFmpeg 7).
const FILE_OPTION_LIBAVUTIL: u32 = 59;

/// How the graphs name their script file; [`Tools::graph_args`] swaps it for what the ffmpeg
/// in use reads.
pub(crate) const GRAPH_FROM_FILE: &str = "-filter_complex_script";

/// Filters every render may use.
const FILTERS: &[&str] = &[
    "afade",
    "aformat",
    "alimiter",
    "amix",
    "anullsrc",
    "apad",
    "aresample",
    "aselect",
    "asetpts",
    "asplit",
    "atrim",
    "color",
    "colorchannelmixer",
    "concat",
    "crop",
    "drawtext",
    "ebur128",
    "format",
    "fps",
    "loop",
    "null",
    "overlay",
    "pad",
    "palettegen",
    "paletteuse",
    "scale",
    "select",
    "setpts",
    "setsar",
    "sidechaincompress",
    "split",
    "tpad",
    "trim",
    "volume",
    "xfade",
    "zoompan",
];

/// What one ffmpeg is and can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tools {
    /// `ffmpeg -version`'s first line.
    pub version_line: String,
    /// libavutil's major version.
    libavutil: u32,
    encoders: BTreeSet<String>,
    filters: BTreeSet<String>,
}

impl Tools {
    /// The tools in use (see [`ffmpeg_program`]), checked once per program path: ffmpeg and
    /// ffprobe run, ffmpeg is recent enough and has the filters every render needs.
    ///
    /// # Errors
    /// Why not, remembered (the check is not repeated).
    pub fn get() -> Result<Arc<Tools>, ToolsError> {
        type Cache = Mutex<HashMap<(PathBuf, PathBuf), Result<Arc<Tools>, ToolsError>>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let key = (ffmpeg_program(), ffprobe_program());
        let cache = CACHE.get_or_init(Cache::default);
        if let Some(known) = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
        {
            return known.clone();
        }
        let found = Self::detect(&key.0, &key.1).map(Arc::new);
        cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key, found.clone());
        found
    }

    fn detect(ffmpeg: &Path, ffprobe: &Path) -> Result<Tools, ToolsError> {
        // The four runs at once: each is mostly the program's start (about 0.12 s here), and a
        // CLI render pays for them before anything else.
        let (version, probe_version, encoders, filters) = std::thread::scope(|s| {
            let version = s.spawn(|| run(ffmpeg, &["-version"]));
            let probe_version = s.spawn(|| run(ffprobe, &["-version"]));
            let encoders = s.spawn(|| run(ffmpeg, &["-hide_banner", "-encoders"]));
            let filters = run(ffmpeg, &["-hide_banner", "-filters"]);
            let join = |h: std::thread::ScopedJoinHandle<'_, Result<String, ToolsError>>| {
                h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
            };
            (join(version), join(probe_version), join(encoders), filters)
        });
        let version = version?;
        identify(ffmpeg, "ffmpeg", &version)?;
        identify(ffprobe, "ffprobe", &probe_version?)?;
        let tools = Tools::parse(&version, &encoders?, &filters?)?;
        let missing: Vec<String> = FILTERS
            .iter()
            .filter(|f| !tools.filters.contains(**f))
            .map(|f| format!("the {f} filter"))
            .chain(
                ["aac", "flac", "png", "libx264"]
                    .iter()
                    .filter(|e| !tools.encoders.contains(**e))
                    .map(|e| format!("the {e} encoder")),
            )
            .collect();
        if missing.is_empty() {
            Ok(tools)
        } else {
            Err(ToolsError::Lacks {
                program: ffmpeg.display().to_string(),
                missing,
            })
        }
    }

    /// Reads `-version`, `-encoders` and `-filters` output.
    ///
    /// # Errors
    /// [`ToolsError::TooOld`] below [`MIN_LIBAVFILTER`] (or with no library versions).
    pub fn parse(version: &str, encoders: &str, filters: &str) -> Result<Tools, ToolsError> {
        let version_line = version.lines().next().unwrap_or_default().to_owned();
        let release = version_line
            .split_whitespace()
            .nth(2)
            .unwrap_or("unknown")
            .to_owned();
        let too_old = || ToolsError::TooOld {
            found: release.clone(),
        };
        let libavfilter = library(version, "libavfilter").ok_or_else(too_old)?;
        let libavutil = library(version, "libavutil").ok_or_else(too_old)?;
        if libavfilter < MIN_LIBAVFILTER {
            return Err(too_old());
        }
        // FFmpeg 6.0 (libavformat 60.3) never exits when an input read with `-stream_loop`
        // (looped music, a looped clip) is still being read as the graph ends: seen with the
        // static 6.0 build, every time, with a finite loop count too. The stall watchdog would
        // fail every such render.
        if library(version, "libavformat") == Some((60, 3)) {
            return Err(ToolsError::HangsOnLoops {
                found: release.clone(),
            });
        }
        Ok(Tools {
            version_line,
            libavutil: libavutil.0,
            encoders: names(encoders),
            filters: names(filters),
        })
    }

    /// What this ffmpeg lacks for `preset` (its encoders), in words; empty when it has all.
    pub fn missing_for(&self, preset: &Preset) -> Vec<String> {
        let video = match preset.video {
            VideoCodec::H264 => Some("libx264"),
            VideoCodec::Vp9 => Some("libvpx-vp9"),
            VideoCodec::Gif => Some("gif"),
            VideoCodec::None => None,
        };
        let audio = match preset.audio {
            AudioCodec::Aac => Some("aac"),
            AudioCodec::Opus => Some("libopus"),
            AudioCodec::None => None,
        };
        video
            .into_iter()
            .chain(audio)
            .filter(|e| !self.encoders.contains(*e))
            .map(|e| format!("the {e} encoder"))
            .collect()
    }

    /// `args` with the graph-file option as this ffmpeg reads it.
    pub(crate) fn graph_args(&self, args: &[String]) -> Vec<String> {
        let option = if self.libavutil >= FILE_OPTION_LIBAVUTIL {
            "-/filter_complex"
        } else {
            GRAPH_FROM_FILE
        };
        args.iter()
            .map(|a| {
                if a == GRAPH_FROM_FILE {
                    option.to_owned()
                } else {
                    a.clone()
                }
            })
            .collect()
    }
}

/// `libavfilter     8. 44.100 /  8. 44.100` -> (8, 44).
fn library(version: &str, name: &str) -> Option<(u32, u32)> {
    let line = version.lines().find(|l| l.trim_start().starts_with(name))?;
    let rest = line.trim_start().strip_prefix(name)?;
    let mut parts = rest.split('/').next()?.split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts.next()?.trim().parse().ok()?;
    Some((major, minor))
}

/// The names in `-encoders`/`-filters` listings: the second column of each line after the
/// legend (`------` for encoders; filters' legend lines have `=` in them).
fn names(listing: &str) -> BTreeSet<String> {
    listing
        .lines()
        .filter(|l| l.starts_with(' ') && !l.contains(" = "))
        .filter_map(|l| l.split_whitespace().nth(1))
        .map(str::to_owned)
        .collect()
}

fn run(program: &Path, args: &[&str]) -> Result<String, ToolsError> {
    let out = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| ToolsError::Missing {
            program: program.display().to_string(),
            reason: e.to_string(),
        })?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn identify(program: &Path, name: &str, version: &str) -> Result<(), ToolsError> {
    if version.starts_with(&format!("{name} version")) {
        Ok(())
    } else {
        Err(ToolsError::Missing {
            program: program.display().to_string(),
            reason: format!("`-version` did not identify it as {name}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEBIAN_5_1: &str =
        "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2025 the FFmpeg developers
  built with gcc 12 (Debian 12.2.0-14+deb12u1)
  libavutil      57. 28.100 / 57. 28.100
  libavcodec     59. 37.100 / 59. 37.100
  libavfilter     8. 44.100 /  8. 44.100
";
    const UBUNTU_4_4: &str = "ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021
  libavutil      56. 70.100 / 56. 70.100
  libavfilter     7.110.100 /  7.110.100
";
    const GIT_OLD: &str = "ffmpeg version N-104465-g08a501946f Copyright (c) 2000-2021
  libavutil      57.  7.100 / 57.  7.100
  libavfilter     8. 14.100 /  8. 14.100
";
    const NINE: &str = "ffmpeg version 9.0.2-static https://johnvansickle.com/ffmpeg/
  libavutil      61.  3.100 / 61.  3.100
  libavfilter    12.  0.100 / 12.  0.100
";
    const ENCODERS: &str = "Encoders:
 V..... = Video
 ------
 V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
 A....D aac                  AAC (Advanced Audio Coding)
";

    #[test]
    fn versions_are_read_from_the_libraries() {
        let t = Tools::parse(DEBIAN_5_1, ENCODERS, "").unwrap();
        assert!(t.version_line.starts_with("ffmpeg version 5.1.9"));
        assert!(matches!(
            Tools::parse(UBUNTU_4_4, "", ""),
            Err(ToolsError::TooOld { found }) if found == "4.4.2-0ubuntu0.22.04.1"
        ));
        // A git build of 2021 is not let through for calling itself `N-...`.
        assert!(matches!(
            Tools::parse(GIT_OLD, "", ""),
            Err(ToolsError::TooOld { .. })
        ));
        assert!(Tools::parse("ffmpeg version 6.0", "", "").is_err());
        let six = "ffmpeg version 6.0-static https://johnvansickle.com/ffmpeg/
  libavutil      58.  2.100 / 58.  2.100
  libavformat    60.  3.100 / 60.  3.100
  libavfilter     9.  3.100 /  9.  3.100
";
        assert!(matches!(
            Tools::parse(six, ENCODERS, ""),
            Err(ToolsError::HangsOnLoops { found }) if found == "6.0-static"
        ));
        let args: Vec<String> = ["-i", "x", GRAPH_FROM_FILE, "g"]
            .map(str::to_owned)
            .to_vec();
        assert_eq!(t.graph_args(&args), args);
        let nine = Tools::parse(NINE, ENCODERS, "").unwrap();
        assert_eq!(nine.graph_args(&args)[2], "-/filter_complex");
    }

    #[test]
    fn a_preset_names_the_encoders_it_lacks() {
        let t = Tools::parse(DEBIAN_5_1, ENCODERS, "").unwrap();
        assert!(t.missing_for(crate::PresetId::Mp4_720p.preset()).is_empty());
        assert_eq!(
            t.missing_for(crate::PresetId::Webm_1080p.preset()),
            vec!["the libvpx-vp9 encoder", "the libopus encoder"]
        );
    }
}
