//! Faults a careful review found, each rendered for real: clips that would drop out of the
//! timeline, names ffmpeg would read as patterns, an ffmpeg that stalls or drops frames, sound
//! shorter than the pictures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use estudio_project::load;
use estudio_render::{prepare, render, CancelToken, PresetId, RenderError, RenderOptions};
use serde_json::{json, Value};
use support::*;

fn write(dir: &Path, project: &Value) -> PathBuf {
    let path = dir.join("p.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(project).unwrap()).unwrap();
    path
}

/// A test-pattern clip of `secs` seconds at 25 fps.
fn clip(path: &Path, secs: f64) {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("testsrc=s=320x240:r=25:d={secs}"),
        "-pix_fmt",
        "yuv420p",
        path.to_str().unwrap(),
    ]);
}

#[test]
fn a_clip_scene_starting_past_its_clip_is_a_problem_naming_the_clips_length() {
    let dir = tempfile::tempdir().unwrap();
    // 81 frames at 25 fps: 3.24 s.
    clip(&dir.path().join("clip.mp4"), 3.24);
    for start in [3.3, 3.24] {
        let path = write(
            dir.path(),
            &json!({
                "version": 1, "title": "Clip", "canvas": {"width": 320, "height": 240, "fps": 25},
                "scenes": [
                    {"duration": 2, "background": {"video": "clip.mp4", "start": start}},
                    {"duration": 1, "background": {"color": "#2040a0"}}
                ]
            }),
        );
        let loaded = load(&path).unwrap();
        let problems = prepare(&loaded.project, &dir.path().join("cache")).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].pointer, "/scenes/0/background/start");
        assert!(
            problems[0].message.contains("3.240"),
            "names the clip's length: {}",
            problems[0].message
        );
    }
    // Inside the clip it renders, and every frame of the timeline is there.
    let path = write(
        dir.path(),
        &json!({
            "version": 1, "title": "Clip", "canvas": {"width": 320, "height": 240, "fps": 25},
            "scenes": [
                {"duration": 2, "background": {"video": "clip.mp4", "start": 3.0}},
                {"duration": 1, "background": {"color": "#2040a0"}}
            ]
        }),
    );
    let loaded = load(&path).unwrap();
    let prepared = prepare(&loaded.project, &dir.path().join("cache")).unwrap();
    let out = dir.path().join("out.mp4");
    render(
        &prepared,
        PresetId::Preview.preset(),
        &RenderOptions::default(),
        &out,
        &session(&CancelToken::new()),
        |_| {},
    )
    .unwrap();
    assert_eq!(frames(&out), 75);
}

/// The number of picture frames of a file, counted by decoding.
fn frames(path: &Path) -> u64 {
    let out = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-count_frames",
            "-show_entries",
            "stream=nb_read_frames",
            "-of",
            "csv=p=0",
        ])
        .arg(path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .trim_end_matches(',')
        .parse()
        .unwrap()
}

#[test]
fn a_picture_named_like_a_pattern_is_only_that_one_file() {
    let dir = tempfile::tempdir().unwrap();
    // `s%03d.png` is red; `s001.png`, which the pattern would match, is blue.
    // Made under plain names: ffmpeg's own writer would take them for patterns too.
    for (name, hex) in [
        ("s%03d.png", "e02020"),
        ("s001.png", "2020e0"),
        ("*.png", "20c020"),
    ] {
        png(&dir.path().join("plain.png"), 320, 240, hex);
        std::fs::rename(dir.path().join("plain.png"), dir.path().join(name)).unwrap();
    }
    let path = write(
        dir.path(),
        &json!({
            "version": 1, "title": "Pattern", "canvas": {"width": 320, "height": 240, "fps": 25},
            "scenes": [
                {"duration": 1, "background": {"image": "s%03d.png"}},
                {"duration": 1, "background": {"image": "*.png"}}
            ]
        }),
    );
    let loaded = load(&path).unwrap();
    let prepared = prepare(&loaded.project, &dir.path().join("cache")).unwrap();
    let out = dir.path().join("out.mp4");
    render(
        &prepared,
        PresetId::Preview.preset(),
        &RenderOptions::default(),
        &out,
        &session(&CancelToken::new()),
        |_| {},
    )
    .unwrap();
    let red = pixel(&out, 0.5, 100, 100);
    assert!(
        close(red, [0xe0, 0x20, 0x20]),
        "first scene is s%03d.png itself: {red:?}"
    );
    let green = pixel(&out, 1.5, 100, 100);
    assert!(
        close(green, [0x20, 0xc0, 0x20]),
        "second is *.png itself: {green:?}"
    );
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 24)
}

/// A project long enough that ffmpeg is still running when the test interferes with it.
fn long_project(dir: &Path, secs: u32) -> estudio_render::Prepared {
    tone(&dir.join("voice.wav"), 500, 2.0, 44100);
    let path = write(
        dir,
        &json!({
            "version": 1, "title": "Long", "canvas": {"width": 1280, "height": 720, "fps": 30},
            "scenes": [
                {"duration": secs, "background": {"color": "#2040a0"},
                 "texts": [{"text": "moving", "y": 0.5, "start": 0.5}],
                 "narration": {"src": "voice.wav"}}
            ]
        }),
    );
    let loaded = load(&path).unwrap();
    prepare(&loaded.project, &dir.join("cache")).unwrap()
}

/// The ffmpeg processes that are children of this test process.
fn our_ffmpegs() -> Vec<u32> {
    let out = std::process::Command::new("pgrep")
        .args(["-P", &std::process::id().to_string(), "-x", "ffmpeg"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

#[test]
fn an_ffmpeg_that_makes_no_progress_is_killed_and_the_attempt_fails_as_stalled() {
    let dir = tempfile::tempdir().unwrap();
    let prepared = long_project(dir.path(), 600);
    let out = dir.path().join("out.mp4");
    let cancel = CancelToken::new();
    let stopper = std::thread::spawn(|| {
        // Wait for ffmpeg to be drawing, then freeze it as a hung mount would.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let pids = our_ffmpegs();
            if !pids.is_empty() {
                std::thread::sleep(Duration::from_millis(800));
                for pid in our_ffmpegs() {
                    std::process::Command::new("kill")
                        .args(["-STOP", &pid.to_string()])
                        .status()
                        .unwrap();
                }
                return Instant::now();
            }
            assert!(Instant::now() < deadline, "ffmpeg never started");
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let err = render(
        &prepared,
        PresetId::Mp4_720p.preset(),
        &RenderOptions::default(),
        &out,
        &session(&cancel).with_stall(Duration::from_secs(2)),
        |_| {},
    )
    .unwrap_err();
    let stopped_at = stopper.join().unwrap();
    assert!(
        matches!(err, RenderError::Stalled { secs: 2, .. }),
        "got {err:?}"
    );
    assert_eq!(err.to_string(), "ffmpeg made no progress for 2 s");
    assert!(err.is_transient(), "a stall is retried");
    // Killed (a stopped process still dies of SIGKILL) and reaped: no ffmpeg is left.
    assert!(our_ffmpegs().is_empty(), "ffmpeg left behind");
    assert!(stopped_at.elapsed() < Duration::from_secs(60));
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".estudio-part-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary output removed");
}

/// An ffmpeg that "succeeds" with fewer frames than asked (a broken build, a wrapper): the
/// render fails and the destination keeps what it had.
#[test]
fn a_video_with_frames_missing_is_never_saved() {
    let dir = tempfile::tempdir().unwrap();
    let real = std::process::Command::new("sh")
        .args(["-c", "command -v ffmpeg"])
        .output()
        .unwrap();
    let real = String::from_utf8_lossy(&real.stdout).trim().to_owned();
    // Passes everything through, but asks for 10 frames fewer than the render does.
    let wrapper = dir.path().join("ffmpeg");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/bash\nargs=()\nwhile (($#)); do\n  if [[ $1 == -frames:v && $2 -gt 20 ]]; then args+=(\"$1\" \"$(($2 - 10))\"); shift 2; continue; fi\n  args+=(\"$1\"); shift\ndone\nexec {real} \"${{args[@]}}\"\n"
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", wrapper.to_str().unwrap()])
        .status()
        .unwrap();
    let path = write(
        dir.path(),
        &json!({
            "version": 1, "title": "Short", "canvas": {"width": 320, "height": 240, "fps": 25},
            "scenes": [{"duration": 3, "background": {"color": "#2040a0"}}]
        }),
    );
    let loaded = load(&path).unwrap();
    let prepared = prepare(&loaded.project, &dir.path().join("cache")).unwrap();
    let out = dir.path().join("out.mp4");
    std::fs::write(&out, b"the user's earlier video").unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "render_in_child", "--nocapture"])
        .env("ESTUDIO_FFMPEG", &wrapper)
        .env("ESTUDIO_FFPROBE", "ffprobe")
        .env(
            "ESTUDIO_TEST_PREPARED",
            serde_json::to_string(&prepared).unwrap(),
        )
        .env("ESTUDIO_TEST_OUT", &out)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&status.stdout);
    assert!(
        said.contains("RESULT: the video has 65 frames where the timeline has 75"),
        "{said}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"the user's earlier video");
}

/// In a child process (so the ffmpeg it uses can be another): renders what the parent
/// prepared and prints the outcome. In the normal run: nothing.
#[test]
fn render_in_child() {
    let (Ok(prepared), Ok(out)) = (
        std::env::var("ESTUDIO_TEST_PREPARED"),
        std::env::var("ESTUDIO_TEST_OUT"),
    ) else {
        return;
    };
    let prepared: estudio_render::Prepared = serde_json::from_str(&prepared).unwrap();
    let result = render(
        &prepared,
        PresetId::Preview.preset(),
        &RenderOptions::default(),
        Path::new(&out),
        &session(&CancelToken::new()),
        |_| {},
    );
    match result {
        Ok(_) => println!("RESULT: ok"),
        Err(e) => println!("RESULT: {e}"),
    }
}
