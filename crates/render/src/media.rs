//! What is inside a media file, asked of ffprobe, and how ffmpeg may open it.
//!
//! Every file a project names is opened the same guarded way, by ffprobe here and by ffmpeg in
//! the graph: only the `file` protocol, a `file:` prefix (so no name is read as a URL or an
//! option), and only the demuxers of ordinary media files ([`FORMAT_WHITELIST`]), so a playlist
//! or a concat list disguised as `voice.ogg` cannot make ffmpeg open other files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use estudio_project::{MediaRole, Problem, ProblemKind};
use estudio_words::{MediaWhy, Message};
use serde::{Deserialize, Serialize};

/// Demuxers allowed to open a project's media: still images, audio and video files. Playlists
/// (`hls`, `dash`), lists of other files (`concat`), `image2` patterns, devices and network
/// formats are left out.
pub const FORMAT_WHITELIST: &str = "image2,png_pipe,jpeg_pipe,webp_pipe,bmp_pipe,tiff_pipe,\
gif,gif_pipe,qoi_pipe,pam_pipe,ppm_pipe,pgm_pipe,pbm_pipe,svg_pipe,jpegxl_pipe,dpx_pipe,exr_pipe,\
mov,matroska,avi,mpegts,mpeg,flv,asf,ogg,mp3,wav,w64,flac,aac,aiff,caf,ac3,eac3,wv,ape,au,amr,\
opus,ivf,h264,hevc,m4v,mjpeg,yuv4mpegpipe";

/// The options that open one of the project's files safely (see the module documentation),
/// followed by `-i file:PATH`.
pub fn input_args(extra: &[&str], path: &str) -> Vec<String> {
    let mut args: Vec<String> = [
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        FORMAT_WHITELIST,
    ]
    .iter()
    .chain(extra)
    .chain(if reads_as_sequence(path) {
        // `image2` would read `slide%03d.png` (or `*.png`) as a pattern matching other files
        // of the folder; with no pattern it reads that one file. Only image2 knows the option,
        // so it is named for these names alone.
        ["-f", "image2", "-pattern_type", "none"].as_slice()
    } else {
        &[]
    })
    .map(|s| (*s).to_owned())
    .collect();
    args.push("-i".to_owned());
    // `file:` makes the path a path, whatever it starts with (`-`, `http:`, `concat:` ...).
    args.push(format!("file:{path}"));
    args
}

/// Whether ffmpeg's `image2` demuxer would take `path` for a pattern of many files: a picture's
/// name with `%` (a printf sequence) or glob characters. image2 claims a file by what follows
/// the last `.` of its path, against its own table of picture extensions (`ff_img_tags` in
/// libavformat/img2.c, FFmpeg 5.1 to 9, all of them here: a name it claims that this list
/// missed would be read as another file, `slide%d.jps` as `slide1.jps`).
fn reads_as_sequence(path: &str) -> bool {
    const IMAGE2: &[&str] = &[
        "jpeg", "jpg", "jps", "mpo", "ljpg", "jls", "png", "pns", "mng", "ppm", "pnm", "pgm",
        "pgmyuv", "pbm", "pam", "pfm", "phm", "cri", "pix", "dds", "mpg1-img", "mpg2-img",
        "mpg4-img", "y", "raw", "bmp", "tga", "tiff", "tif", "dng", "sgi", "ptx", "pcd", "pcx",
        "pic", "pct", "pict", "sun", "ras", "rs", "im1", "im8", "im24", "im32", "sunras", "svg",
        "svgz", "j2c", "jp2", "jpc", "j2k", "dpx", "exr", "yuv10", "webp", "xbm", "xpm", "xface",
        "xwd", "img", "ximg", "timg", "vbn", "jxl", "qoi", "hdr", "wbmp",
        // Not image2's, but pictures people name so; treated the same for safety.
        "gif", "psd",
    ];
    let claimed = path
        .rsplit_once('.')
        .is_some_and(|(_, ext)| IMAGE2.contains(&ext.to_ascii_lowercase().as_str()));
    let name = Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    claimed && name.contains(['%', '*', '?', '['])
}

/// The first four bytes of the font files FreeType reads: TrueType, OpenType (CFF), Apple
/// TrueType, collections, WOFF and WOFF2.
const FONT_MAGIC: &[&[u8; 4]] = &[&[0, 1, 0, 0], b"OTTO", b"true", b"ttcf", b"wOFF", b"wOF2"];

/// What a probe found in one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaInfo {
    /// What the file was checked for.
    pub role: MediaRole,
    /// Length in seconds, when the file says (a still image has none); of a clip, its
    /// picture's, which is what a loop repeats (its sound may run longer).
    pub duration: Option<f64>,
    /// Of a clip, its pictures per second, when the file says: a cut must hold one.
    #[serde(default)]
    pub fps: Option<f64>,
    /// Of a clip with transparency that ffmpeg's own decoder drops (VP8 and VP9 in WebM keep it
    /// in a side stream only libvpx reads), the decoder to read it with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoder: Option<String>,
    /// Of a clip whose sound is used, the sound's own length: a loop repeats the sound at it,
    /// which may differ from the picture's (a phone's sound runs on after its picture).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound_duration: Option<f64>,
    /// Of a clip, whether its pictures have transparency of their own (a mask then keeps it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alpha: bool,
    pub has_video: bool,
    pub has_audio: bool,
    /// Size and modification time when probed, to notice a file changed since.
    pub stamp: Stamp,
}

/// A file's size and modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub bytes: u64,
    pub modified_nanos: u128,
}

impl Stamp {
    /// The file's current stamp, or `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified_nanos = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Some(Stamp {
            bytes: meta.len(),
            modified_nanos,
        })
    }
}

/// Probe results by absolute path, as a job carries them from enqueue to render.
pub type MediaIndex = HashMap<String, MediaInfo>;

/// Probe results kept between runs in a JSON file, so opening, exporting and re-exporting a
/// project probes each unchanged file once. A cache: unreadable means empty, and a failed write
/// only costs a probe next time.
pub struct ProbeCache {
    path: PathBuf,
}

impl ProbeCache {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn load(&self) -> MediaIndex {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Adds `fresh` to what is stored (atomically: written aside, then renamed).
    pub fn store(&self, fresh: &MediaIndex) {
        let mut all = self.load();
        // Entries of files that are gone are dropped, so the cache does not grow forever.
        all.retain(|path, info| Stamp::of(Path::new(path)) == Some(info.stamp));
        all.extend(fresh.iter().map(|(k, v)| (k.clone(), v.clone())));
        let Some(dir) = self.path.parent() else {
            return;
        };
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| tempfile::NamedTempFile::new_in(dir))
            .and_then(|mut f| {
                serde_json::to_writer(&mut f, &all)?;
                f.persist(&self.path).map_err(|e| e.error)?;
                Ok(())
            });
        if let Err(e) = written {
            tracing::debug!(error = %e, path = %self.path.display(), "probe cache not written");
        }
    }
}

use crate::tools::ffprobe_program;

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    streams: Vec<ProbeStream>,
    format: Option<ProbeFormat>,
    #[serde(default)]
    frames: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct ProbeStream {
    codec_type: Option<String>,
    codec_name: Option<String>,
    pix_fmt: Option<String>,
    #[serde(default)]
    tags: HashMap<String, String>,
    duration: Option<String>,
    avg_frame_rate: Option<String>,
    r_frame_rate: Option<String>,
    #[serde(default)]
    disposition: HashMap<String, i64>,
}

#[derive(Deserialize)]
struct ProbeFormat {
    duration: Option<String>,
}

/// Probes `path` for use as `role`. The error is a sentence for the user (the file is named by
/// the caller, with the field's pointer).
///
/// # Errors
/// ffprobe cannot run, the file cannot be opened or decoded, or lacks the stream `role` needs.
pub fn probe(path: &Path, role: MediaRole) -> Result<MediaInfo, MediaWhy> {
    let stamp = Stamp::of(path).ok_or(MediaWhy::Unreadable)?;
    if role == MediaRole::Font {
        // drawtext quietly falls back to another font when a file is not one: check the magic.
        let mut magic = [0u8; 4];
        let is_font = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
            .is_ok()
            && FONT_MAGIC.contains(&&magic);
        if !is_font {
            return Err(MediaWhy::NotAFont);
        }
        return Ok(MediaInfo {
            role,
            duration: None,
            fps: None,
            decoder: None,
            sound_duration: None,
            alpha: false,
            has_video: false,
            has_audio: false,
            stamp,
        });
    }
    let mut cmd = Command::new(ffprobe_program());
    cmd.args([
        "-v",
        "error",
        "-of",
        "json",
        "-show_streams",
        "-show_format",
    ]);
    // Decoding the first frame (of a picture) proves the file is not just a plausible header.
    if matches!(
        role,
        MediaRole::Image | MediaRole::Video | MediaRole::VideoWithAudio
    ) {
        cmd.args([
            "-select_streams",
            "v:0",
            "-show_entries",
            "frame=width",
            "-read_intervals",
            "%+#1",
        ]);
    }
    let out = cmd
        .args(input_args(&[], &path.to_string_lossy()))
        .output()
        .map_err(|e| MediaWhy::ToolMissing {
            program: ffprobe_program().display().to_string(),
            detail: e.to_string(),
        })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("unknown reason")
            .trim()
            .to_owned();
        return Err(MediaWhy::NotMedia { detail: why });
    }
    let parsed: Probe = serde_json::from_slice(&out.stdout).map_err(|e| MediaWhy::ProbeFailed {
        detail: e.to_string(),
    })?;
    let (has_audio_stream, sound_duration) = if role == MediaRole::VideoWithAudio {
        // The frame check above looks at the picture stream only; ask again for all streams.
        let out = Command::new(ffprobe_program())
            .args(["-v", "error", "-of", "json", "-show_streams"])
            .args(input_args(&[], &path.to_string_lossy()))
            .output()
            .map_err(|e| MediaWhy::ToolMissing {
                program: ffprobe_program().display().to_string(),
                detail: e.to_string(),
            })?;
        serde_json::from_slice::<Probe>(&out.stdout)
            .ok()
            .and_then(|p| {
                p.streams
                    .into_iter()
                    .find(|s| s.codec_type.as_deref() == Some("audio"))
            })
            .map_or((false, None), |s| {
                let secs = s.duration.as_deref().and_then(|d| d.parse::<f64>().ok());
                (true, secs.filter(|d| d.is_finite() && *d > 0.0))
            })
    } else {
        (false, None)
    };
    let kind = |t: &'static str| {
        parsed.streams.iter().filter(move |s| {
            s.codec_type.as_deref() == Some(t)
                // Cover art inside an audio file is not a picture stream for us.
                && s.disposition.get("attached_pic").copied().unwrap_or(0) == 0
        })
    };
    let has_video = kind("video").next().is_some();
    let has_audio = has_audio_stream || kind("audio").next().is_some();
    let secs = |s: &Option<String>| s.as_deref().and_then(|d| d.parse::<f64>().ok());
    let duration = match role {
        MediaRole::Audio => kind("audio").find_map(|s| secs(&s.duration)),
        _ => kind("video").find_map(|s| secs(&s.duration)),
    }
    .or_else(|| parsed.format.as_ref().and_then(|f| secs(&f.duration)))
    .filter(|d| d.is_finite() && *d > 0.0);
    // "30000/1001"; "0/0" when the file does not say.
    let rate = |r: &Option<String>| {
        let (n, d) = r.as_deref()?.split_once('/')?;
        let fps = n.parse::<f64>().ok()? / d.parse::<f64>().ok()?;
        (fps.is_finite() && fps > 0.0).then_some(fps)
    };
    let fps = kind("video")
        .next()
        .and_then(|s| rate(&s.avg_frame_rate).or_else(|| rate(&s.r_frame_rate)));
    let decoder = kind("video").next().and_then(|s| {
        let alpha = s
            .tags
            .get("alpha_mode")
            .or_else(|| s.tags.get("ALPHA_MODE"));
        match (s.codec_name.as_deref(), alpha.map(String::as_str)) {
            (Some("vp9"), Some("1")) => Some("libvpx-vp9".to_owned()),
            (Some("vp8"), Some("1")) => Some("libvpx".to_owned()),
            _ => None,
        }
    });
    // Pixel formats with an alpha plane (ffmpeg's names), or a palette, which may have one.
    const ALPHA_FORMATS: [&str; 9] = [
        "yuva", "rgba", "bgra", "argb", "abgr", "gbrap", "ya8", "ya16", "pal8",
    ];
    let alpha = decoder.is_some()
        || kind("video").next().is_some_and(|s| {
            s.pix_fmt
                .as_deref()
                .is_some_and(|f| ALPHA_FORMATS.iter().any(|a| f.starts_with(a)))
        });
    let info = MediaInfo {
        role,
        duration,
        fps,
        decoder,
        sound_duration,
        alpha,
        has_video,
        has_audio,
        stamp,
    };
    let pictured = matches!(
        role,
        MediaRole::Image | MediaRole::Video | MediaRole::VideoWithAudio
    );
    if pictured && has_video && parsed.frames.is_empty() {
        return Err(MediaWhy::PictureUndecodable);
    }
    fit_for_use(info)
}

/// Whether `path` is a file of `container`'s kind (ffprobe reads it as that format), so that
/// replacing it with a new export loses nothing the user made in another program.
pub fn is_of_kind(path: &Path, container: crate::Container) -> bool {
    let Ok(out) = Command::new(ffprobe_program())
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=format_name",
            "-of",
            "json",
        ])
        .args(input_args(&[], &path.to_string_lossy()))
        .output()
    else {
        return false;
    };
    out.status.success() && format_names(&out.stdout).is_some_and(|n| container_in(&n, container))
}

/// The demuxer names ffprobe's JSON gives for a file (`mov,mp4,m4a,3gp,3g2,mj2`,
/// `matroska,webm`), read as data: its CSV output quotes a list with commas in it.
fn format_names(json: &[u8]) -> Option<Vec<String>> {
    #[derive(Deserialize)]
    struct Named {
        format: NamedFormat,
    }
    #[derive(Deserialize)]
    struct NamedFormat {
        format_name: String,
    }
    let named: Named = serde_json::from_slice(json).ok()?;
    Some(
        named
            .format
            .format_name
            .split(',')
            .map(|n| n.trim().to_owned())
            .collect(),
    )
}

fn container_in(names: &[String], container: crate::Container) -> bool {
    let wanted = match container {
        crate::Container::Mp4 | crate::Container::M4a => "mp4",
        crate::Container::Webm => "webm",
        crate::Container::Gif => "gif",
    };
    names.iter().any(|n| n == wanted)
}

/// How many frames the first picture stream of `path` (one of our own outputs) holds, counted
/// from its packets (fast: nothing is decoded).
///
/// # Errors
/// ffprobe cannot run or read the file, or it has no picture stream.
pub fn count_frames(path: &Path) -> Result<u64, MediaWhy> {
    let out = Command::new(ffprobe_program())
        .args([
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-count_packets",
            "-show_entries",
            "stream=nb_read_packets",
            "-of",
            "csv=p=0",
        ])
        .arg(format!("file:{}", path.to_string_lossy()))
        .output()
        .map_err(|e| MediaWhy::ToolMissing {
            program: ffprobe_program().display().to_string(),
            detail: e.to_string(),
        })?;
    let text = String::from_utf8_lossy(&out.stdout);
    // MPEG-TS lists its streams again under its program: the first line is the stream's.
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match first.trim_end_matches(',').parse() {
        Ok(n) if out.status.success() => Ok(n),
        // No picture stream at all: no frames.
        _ if out.status.success() && text.trim().is_empty() => Ok(0),
        _ => Err(MediaWhy::ProbeFailed {
            detail: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        }),
    }
}

/// Whether what a file holds suits its use.
fn fit_for_use(info: MediaInfo) -> Result<MediaInfo, MediaWhy> {
    match info.role {
        MediaRole::Image | MediaRole::Video | MediaRole::VideoWithAudio if !info.has_video => {
            Err(MediaWhy::NoPicture)
        }
        MediaRole::VideoWithAudio if !info.has_audio => Err(MediaWhy::ClipWithoutSound),
        MediaRole::Audio if !info.has_audio => Err(MediaWhy::NoSound),
        MediaRole::Audio if info.duration.is_none() => Err(MediaWhy::LengthUnknown),
        _ => Ok(info),
    }
}

/// At most this many files are opened by one ffmpeg in [`probe_batch`] (its command line
/// stays well under the system's limit).
const BATCH: usize = 150;

/// Probes many files with one ffmpeg process: starting ffprobe costs more than opening a file,
/// so a deck of 400 files takes seconds instead of half a minute. ffmpeg opens the inputs in
/// order and stops at the first it cannot open; that one is probed alone with ffprobe (for its
/// exact reason) and the batch goes on after it. Fonts are checked without ffmpeg, and clips
/// alone with ffprobe (see [`alone`]).
fn probe_batch(refs: &[&estudio_project::MediaRef]) -> Vec<Result<MediaInfo, MediaWhy>> {
    let mut results: Vec<Option<Result<MediaInfo, MediaWhy>>> = vec![None; refs.len()];
    let mut start = 0;
    while start < refs.len() {
        if alone(refs[start].role) {
            results[start] = Some(probe(Path::new(&refs[start].path), refs[start].role));
            start += 1;
            continue;
        }
        let end = (start..refs.len())
            .take(BATCH)
            .find(|&i| alone(refs[i].role))
            .unwrap_or_else(|| (start + BATCH).min(refs.len()));
        let part = &refs[start..end];
        match opened_inputs(part) {
            Ok(found) => {
                let opened = found.len();
                for (k, f) in found.into_iter().enumerate() {
                    let r = part[k];
                    results[start + k] = Some(match Stamp::of(Path::new(&r.path)) {
                        None => Err(MediaWhy::Unreadable),
                        Some(stamp) => fit_for_use(MediaInfo {
                            role: r.role,
                            duration: f.duration.filter(|d| d.is_finite() && *d > 0.0),
                            fps: None,
                            decoder: None,
                            sound_duration: None,
                            alpha: false,
                            has_video: f.has_video,
                            has_audio: f.has_audio,
                            stamp,
                        }),
                    });
                }
                if opened < part.len() {
                    // The first file ffmpeg could not open: ask ffprobe why.
                    let r = part[opened];
                    results[start + opened] =
                        Some(probe(Path::new(&r.path), r.role).and_then(|_| {
                            Err(MediaWhy::NotMedia {
                                detail: "ffmpeg cannot open it".to_owned(),
                            })
                        }));
                    start += opened + 1;
                } else {
                    start = end;
                }
            }
            Err(e) => {
                for slot in &mut results[start..end] {
                    *slot = Some(Err(e.clone()));
                }
                start = end;
            }
        }
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or(Err(MediaWhy::Unreadable)))
        .collect()
}

/// Whether a file of `role` is probed alone. A clip is (a project has few): its picture's own
/// length and rate are needed, which ffmpeg's log does not give. The container's length is the
/// longest stream's, and a loop or a stretch timed by a sound running past the picture showed
/// frames outside the cut.
fn alone(role: MediaRole) -> bool {
    matches!(
        role,
        MediaRole::Font | MediaRole::Video | MediaRole::VideoWithAudio
    )
}

/// What ffmpeg reported of one input.
#[derive(Default)]
struct Found {
    duration: Option<f64>,
    has_video: bool,
    has_audio: bool,
}

/// Opens `refs` as inputs of one ffmpeg (no output) and reads what it reports of each, in order,
/// up to the first it could not open.
fn opened_inputs(refs: &[&estudio_project::MediaRef]) -> Result<Vec<Found>, MediaWhy> {
    use ffmpeg_sidecar::event::FfmpegEvent;
    let program = crate::tools::ffmpeg_program();
    let mut cmd = ffmpeg_sidecar::command::FfmpegCommand::new_with_path(&program);
    cmd.args(["-hide_banner", "-nostdin"]);
    for r in refs {
        cmd.args(input_args(&[], &r.path));
    }
    let failed = |e: &dyn std::fmt::Display| MediaWhy::ProbeFailed {
        detail: e.to_string(),
    };
    let mut child = crate::process::Child::spawn(cmd, &program).map_err(|e| match e {
        crate::RenderError::FfmpegMissing { program, error } => MediaWhy::ToolMissing {
            program,
            detail: error.to_string(),
        },
        other => failed(&other),
    })?;
    let events = child.get().iter().map_err(|e| failed(&e))?;
    let mut found: Vec<Found> = Vec::new();
    for event in events {
        match event {
            FfmpegEvent::ParsedInput(input) => {
                let index = input.index as usize;
                if found.len() <= index {
                    found.resize_with(index + 1, Found::default);
                }
            }
            FfmpegEvent::ParsedDuration(d) => {
                if let Some(f) = found.get_mut(d.input_index as usize) {
                    f.duration = Some(d.duration);
                }
            }
            FfmpegEvent::ParsedInputStream(stream) => {
                if let Some(f) = found.get_mut(stream.parent_index as usize) {
                    // Cover art inside a sound file is not a picture for us.
                    if stream.is_video() && !stream.raw_log_message.contains("(attached pic)") {
                        f.has_video = true;
                    }
                    f.has_audio |= stream.is_audio();
                }
            }
            _ => {}
        }
    }
    // ffmpeg always ends in error here (there is no output); what matters is what it opened.
    if let Err(e) = child.wait() {
        tracing::debug!(error = %e, "probing ffmpeg did not exit cleanly");
    }
    Ok(found)
}

/// Probes every media file of `project` (paths absolute), a few at a time. Files already in
/// `known` with an unchanged [`Stamp`] are not probed again.
///
/// # Errors
/// Every file that failed, as problems located at the field naming it.
pub fn probe_all(
    project: &estudio_project::Project,
    known: &MediaIndex,
) -> Result<MediaIndex, Vec<Problem>> {
    let refs = project.media();
    let mut todo: Vec<&estudio_project::MediaRef> = Vec::new();
    let mut index = MediaIndex::new();
    for r in &refs {
        match known.get(&r.path) {
            Some(info)
                if info.role == r.role && Stamp::of(Path::new(&r.path)) == Some(info.stamp) =>
            {
                index.insert(r.path.clone(), info.clone());
            }
            _ if index.contains_key(&r.path) => {}
            _ => {
                if !todo.iter().any(|t| t.path == r.path && t.role == r.role) {
                    todo.push(r);
                }
            }
        }
    }
    // A batch per core: opening files is CPU work (probing decodes a little of each).
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8));
    let chunk = todo.len().div_ceil(workers).max(1);
    let results: Vec<(&estudio_project::MediaRef, Result<MediaInfo, MediaWhy>)> =
        std::thread::scope(|s| {
            let handles: Vec<_> = todo
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .copied()
                            .zip(probe_batch(part))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|_| Vec::new()).into_iter())
                .collect()
        });
    let mut failed: Vec<(&estudio_project::MediaRef, MediaWhy)> = Vec::new();
    for (r, result) in results {
        match result {
            Ok(info) => {
                index.insert(r.path.clone(), info);
            }
            Err(why) => failed.push((r, why)),
        }
    }
    // One problem per field naming a bad file, in document order, so each place is pointed at.
    let problems: Vec<Problem> = refs
        .iter()
        .filter_map(|r| {
            failed
                .iter()
                .find(|(f, _)| f.path == r.path && f.role == r.role)
                .map(|(_, why)| {
                    Problem::new(
                        ProblemKind::BadMedia,
                        &r.pointer,
                        Message::Media {
                            file: display_name(&r.path),
                            why: why.clone(),
                        },
                    )
                })
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let problems = trims(project, &index);
    if problems.is_empty() {
        Ok(index)
    } else {
        Err(problems)
    }
}

/// Every part of a file a project plays must lie inside it: a clip scene, a narration or the
/// music that starts at or past its file's end has nothing to play (and ffmpeg would silently
/// leave a clip scene out of the video), and one that ends past it is not a trim.
fn trims(project: &estudio_project::Project, index: &MediaIndex) -> Vec<Problem> {
    let mut cuts: Vec<Cut> = Vec::new();
    for (i, s) in project.scenes.iter().enumerate() {
        if let estudio_project::Background::Video {
            video,
            start,
            end,
            r#loop,
            fit_time,
            ..
        } = &s.background
        {
            let at = format!("/scenes/{i}/background");
            cuts.push(Cut {
                stretched: fit_time.is_some(),
                ..Cut::new(&at, ["start", "end"], video, *start, *end, Some(*r#loop))
            });
        }
        for (j, v) in s.videos.iter().enumerate() {
            let at = format!("/scenes/{i}/videos/{j}");
            let fields = ["cut_from", "cut_to"];
            cuts.push(Cut::new(
                &at,
                fields,
                &v.src,
                v.cut_from,
                v.cut_to,
                Some(v.r#loop),
            ));
        }
        if let Some(n) = s.narration.as_ref() {
            if let Some(src) = n.src.as_deref() {
                let at = format!("/scenes/{i}/narration");
                cuts.push(Cut::new(&at, ["start", "end"], src, n.start, n.end, None));
            }
        }
    }
    if let Some(m) = &project.music {
        cuts.push(Cut::new(
            "/music",
            ["start", "end"],
            &m.src,
            m.start,
            m.end,
            None,
        ));
    }
    cuts.into_iter()
        .filter_map(|cut| {
            let info = index.get(cut.src)?;
            cut.problem(info, project.canvas.fps)
        })
        .collect()
}

/// The part of a file a field plays: its start and end, and their fields' pointers.
struct Cut<'a> {
    /// The object holding the fields, for those other than the start and the end.
    at: String,
    start_at: String,
    end_at: String,
    src: &'a str,
    start: f64,
    end: Option<f64>,
    /// Of a clip (its pictures are shown, so it must hold one), whether it is looped.
    looped: Option<bool>,
    /// Its length is fitted to the scene's (`fit_time`).
    stretched: bool,
}

impl<'a> Cut<'a> {
    fn new(
        at: &str,
        [start_field, end_field]: [&str; 2],
        src: &'a str,
        start: f64,
        end: Option<f64>,
        looped: Option<bool>,
    ) -> Self {
        Self {
            at: at.to_owned(),
            start_at: format!("{at}/{start_field}"),
            end_at: format!("{at}/{end_field}"),
            src,
            start,
            end,
            looped,
            stretched: false,
        }
    }

    fn problem(self, info: &MediaInfo, canvas_fps: u32) -> Option<Problem> {
        let file = display_name(self.src);
        let Some(length) = info.duration else {
            return self.length_needed(file);
        };
        if self.start >= length {
            return Some(Problem::new(
                ProblemKind::OutOfRange,
                self.start_at,
                Message::ClipStartPastEnd {
                    start: self.start,
                    file,
                    length,
                },
            ));
        }
        // A few milliseconds past the end is the container's rounding, not a mistake.
        if let Some(end) = self.end.filter(|e| *e > length + 0.05) {
            return Some(Problem::new(
                ProblemKind::OutOfRange,
                self.end_at,
                Message::ClipEndPastEnd { end, file, length },
            ));
        }
        let looped = self.looped?;
        let end = self.end.unwrap_or(length).min(length);
        // The first picture at or after the start must come before the end: a cut inside the
        // last picture, or narrower than the gap between two, shows nothing.
        if let Some(fps) = info.fps {
            let first = (self.start * fps - 1e-6).ceil() / fps;
            if first >= end - 1e-6 {
                return Some(Problem::new(
                    ProblemKind::OutOfRange,
                    self.start_at,
                    Message::CutHoldsNoFrame {
                        start: self.start,
                        end,
                        file,
                        fps,
                    },
                ));
            }
        }
        // A loop keeps, of each pass, the video's frames that fall in the cut (see
        // `ClipTiming::select`): a cut shorter than one of them may keep none, and the loop
        // would then never end.
        let frame = 1.0 / f64::from(canvas_fps.max(1));
        (looped && end - self.start < frame - 1e-9).then(|| {
            Problem::new(
                ProblemKind::OutOfRange,
                self.start_at,
                Message::LoopShorterThanFrame {
                    secs: end - self.start,
                    fps: canvas_fps,
                },
            )
        })
    }
}

impl Cut<'_> {
    /// Of a clip whose file does not say how long it is, the field that needs its length: a
    /// stretch to the scene with no `end` (the speed is the cut's length over the scene's), or
    /// a loop of a cut (a pass is the clip's length). Unsaid, the one played at 1× and the
    /// other ignored its cut.
    fn length_needed(self, file: String) -> Option<Problem> {
        let field = if self.stretched && self.end.is_none() {
            "fit_time"
        } else if self.looped == Some(true) && (self.start > 0.0 || self.end.is_some()) {
            "loop"
        } else {
            return None;
        };
        Some(Problem::new(
            ProblemKind::BadMedia,
            format!("{}/{field}", self.at),
            Message::ClipLengthUnknown { file },
        ))
    }
}

fn display_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}
