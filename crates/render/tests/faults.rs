//! Faults a careful review found, each rendered for real: clips that would drop out of the
//! timeline, names ffmpeg would read as patterns, an ffmpeg that stalls or drops frames, sound
//! shorter than the pictures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use estudio_project::load;
use estudio_render::{prepare, render, CancelToken, PresetId, RenderOptions};
use serde_json::{json, Value};
use support::*;

fn write(dir: &Path, project: &Value) -> PathBuf {
    let path = dir.join("p.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(project).unwrap()).unwrap();
    path
}

/// Writes, loads, prepares and renders `project` with the preview preset into `out.mp4`.
fn preview(dir: &Path, project: &Value) -> PathBuf {
    let loaded = load(&write(dir, project)).unwrap();
    let prepared = prepare(&loaded.project, &dir.join("cache")).unwrap();
    let out = dir.join("out.mp4");
    render(
        &prepared,
        PresetId::Preview.preset(),
        &RenderOptions::default(),
        &out,
        &session(&CancelToken::new()),
        |_| {},
    )
    .unwrap();
    out
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
    let out = preview(
        dir.path(),
        &json!({
            "version": 1, "title": "Clip", "canvas": {"width": 320, "height": 240, "fps": 25},
            "scenes": [
                {"duration": 2, "background": {"video": "clip.mp4", "start": 3.0}},
                {"duration": 1, "background": {"color": "#2040a0"}}
            ]
        }),
    );
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
    // Every extension image2 claims, not only the usual ones: `t%d.jps` (a stereo JPEG) is
    // yellow, `t1.jps` blue.
    for (name, hex) in [("t%d.jps", "e0e020"), ("t1.jps", "2020e0")] {
        let jpeg = dir.path().join("plain.jpg");
        ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &format!("color=c=0x{hex}:s=320x240:d=1"),
            "-frames:v",
            "1",
            jpeg.to_str().unwrap(),
        ]);
        std::fs::rename(&jpeg, dir.path().join(name)).unwrap();
    }
    let out = preview(
        dir.path(),
        &json!({
            "version": 1, "title": "Pattern", "canvas": {"width": 320, "height": 240, "fps": 25},
            "scenes": [
                {"duration": 1, "background": {"image": "s%03d.png"}},
                {"duration": 1, "background": {"image": "*.png"}},
                {"duration": 1, "background": {"image": "t%d.jps"}}
            ]
        }),
    );
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
    let yellow = pixel(&out, 2.5, 100, 100);
    assert!(
        close(yellow, [0xe0, 0xe0, 0x20]),
        "third is t%d.jps itself: {yellow:?}"
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

/// The processes that are children of process `parent` (a render's only children are its
/// ffmpegs and ffprobes; by parent, not by name: a static build is `ffmpeg-linux-x86_64-v9.0.2`).
fn ffmpegs_of(parent: u32) -> Vec<u32> {
    let out = std::process::Command::new("pgrep")
        .args(["-P", &parent.to_string()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect()
}

/// The children of `parent` that are writing the render's temporary output: the encoding
/// ffmpeg, not a short-lived ffprobe.
fn encoders_of(parent: u32) -> Vec<u32> {
    ffmpegs_of(parent)
        .into_iter()
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| String::from_utf8_lossy(&c).contains(".estudio-part-"))
                .unwrap_or(false)
        })
        .collect()
}

/// Starts [`render_in_child`] in a process of its own, so what a test does to its ffmpeg
/// touches no other test's.
fn spawn_render(
    prepared: &estudio_render::Prepared,
    out: &Path,
    env: &[(&str, &std::ffi::OsStr)],
) -> std::process::Child {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", "render_in_child", "--ignored", "--nocapture"])
        .env(
            "ESTUDIO_TEST_PREPARED",
            serde_json::to_string(prepared).unwrap(),
        )
        .env("ESTUDIO_TEST_OUT", out)
        .stdout(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

#[test]
fn an_ffmpeg_that_makes_no_progress_is_killed_and_the_attempt_fails_as_stalled() {
    let dir = tempfile::tempdir().unwrap();
    let prepared = long_project(dir.path(), 600);
    let out = dir.path().join("out.mp4");
    let child = spawn_render(
        &prepared,
        &out,
        &[
            ("ESTUDIO_TEST_STALL", "2".as_ref()),
            ("ESTUDIO_TEST_PRESET", "mp4-720p".as_ref()),
        ],
    );
    // Wait for the encoding ffmpeg (the one writing the temporary output; the render's ffprobes
    // come and go before it) to be drawing, then freeze it as a hung mount would.
    let deadline = Instant::now() + Duration::from_secs(60);
    let stopped = loop {
        let encoders = encoders_of(child.id());
        if !encoders.is_empty() {
            std::thread::sleep(Duration::from_millis(800));
            let encoders = encoders_of(child.id());
            for pid in &encoders {
                std::process::Command::new("kill")
                    .args(["-STOP", &pid.to_string()])
                    .status()
                    .unwrap();
            }
            if !encoders.is_empty() {
                break encoders;
            }
        }
        assert!(Instant::now() < deadline, "ffmpeg never started");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!stopped.is_empty());
    let said = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(
        said.contains("RESULT: ffmpeg made no progress for 2 s and was stopped (transient)"),
        "{said}"
    );
    // Killed (a stopped process still dies of SIGKILL) and reaped by the render's guard.
    for pid in stopped {
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "ffmpeg {pid} left behind"
        );
    }
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
    // Passes everything through, but its pictures end 10 frames early (it edits the graph).
    let wrapper = dir.path().join("ffmpeg");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/bash\nprev=\nfor a in \"$@\"; do\n  if [[ $prev == -filter_complex_script || $prev == -/filter_complex ]]; then sed -i 's/trim=end_frame=75\\[vframes\\]/trim=end_frame=65[vframes]/' \"$a\"; fi\n  prev=$a\ndone\nexec {real} \"$@\"\n"
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
    let child = spawn_render(
        &prepared,
        &out,
        &[
            ("ESTUDIO_FFMPEG", wrapper.as_os_str()),
            ("ESTUDIO_FFPROBE", "ffprobe".as_ref()),
        ],
    );
    let said = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(
        said.contains("RESULT: the video has 65 frames where the timeline has 75"),
        "{said}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"the user's earlier video");
}

/// In a child process (so the ffmpeg it uses can be another): renders what the parent
/// prepared and prints the outcome. In the normal run: nothing.
#[test]
#[ignore = "a child process of another test, started with --ignored"]
fn render_in_child() {
    let (Ok(prepared), Ok(out)) = (
        std::env::var("ESTUDIO_TEST_PREPARED"),
        std::env::var("ESTUDIO_TEST_OUT"),
    ) else {
        return;
    };
    let prepared: estudio_render::Prepared = serde_json::from_str(&prepared).unwrap();
    let preset: PresetId =
        std::env::var("ESTUDIO_TEST_PRESET").map_or(PresetId::Preview, |p| p.parse().unwrap());
    let mut session = session(&CancelToken::new());
    if let Ok(secs) = std::env::var("ESTUDIO_TEST_STALL") {
        session = session.with_stall(Duration::from_secs(secs.parse().unwrap()));
    }
    let result = render(
        &prepared,
        preset.preset(),
        &RenderOptions::default(),
        Path::new(&out),
        &session,
        |_| {},
    );
    match result {
        Ok(_) => println!("RESULT: ok"),
        Err(e) if e.is_transient() => println!("RESULT: {e} (transient)"),
        Err(e) => println!("RESULT: {e}"),
    }
}

/// How long the sound of `path` plays, from its decoded samples (a decoder honours the codecs'
/// priming and padding, as a player does).
fn sound_secs(path: &Path) -> f64 {
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args([
            "-map", "0:a", "-ac", "1", "-ar", "48000", "-f", "s16le", "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout.len() as f64 / 2.0 / 48000.0
}

/// Both streams last the timeline's length on every preset: joined exports, and editors that
/// trust stream lengths, do not drift. (The sound used to end 26-60 ms before the pictures.)
#[test]
fn sound_and_pictures_both_last_the_timeline_on_every_preset() {
    let dir = tempfile::tempdir().unwrap();
    tone(&dir.path().join("voice.wav"), 700, 1.3, 22050);
    tone(&dir.path().join("music.wav"), 300, 0.7, 44100);
    let path = write(
        dir.path(),
        &json!({
            "version": 1, "title": "Lengths", "canvas": {"width": 320, "height": 240, "fps": 25},
            "scenes": [
                {"duration": 1.5, "background": {"color": "#2040a0"}, "narration": {"src": "voice.wav"},
                 "transition": {"type": "fade", "duration": 0.4}},
                {"duration": 1.5, "background": {"color": "#a04020"}}
            ],
            "music": {"src": "music.wav", "volume": 0.3}
        }),
    );
    let loaded = load(&path).unwrap();
    let prepared = prepare(&loaded.project, &dir.path().join("cache")).unwrap();
    for id in PresetId::ALL {
        let preset = id.preset();
        let out = dir
            .path()
            .join(format!("out-{id}.{}", preset.container.extension()));
        let done = render(
            &prepared,
            preset,
            &RenderOptions::default(),
            &out,
            &session(&CancelToken::new()),
            |_| {},
        )
        .unwrap();
        // The timeline in whole frames of the preset's rate.
        let timeline = done.duration_secs;
        assert!((timeline - 2.6).abs() < 0.05, "{id}: {timeline}");
        if preset.video != estudio_render::VideoCodec::None {
            let fps = preset.output_fps(25);
            assert_eq!(
                frames(&out),
                (timeline * f64::from(fps)).round() as u64,
                "{id} frames"
            );
        }
        if preset.audio != estudio_render::AudioCodec::None {
            let sound = sound_secs(&out);
            assert!(
                (sound - timeline).abs() <= 0.010,
                "{id}: the sound ends at {sound:.4} s, the timeline at {timeline} s"
            );
        }
    }
}

/// Every path a render touches (the project's folder, its pictures, narration, music and font
/// file, the work folder and the destination) named with what the filter-graph and command-line
/// parsers treat specially: quotes, colons, commas, brackets, semicolons, percent signs, spaces,
/// backslashes and non-ASCII. The escaping is unit-tested against its own unescaper; this proves
/// ffmpeg reads every one of them as a plain name.
#[test]
fn paths_with_every_special_character_render_as_plain_names() {
    let root = tempfile::tempdir().unwrap();
    let odd = "Aula 1: 'redes', [parte] 2; 100% ção \\ fim";
    let dir = root.path().join(odd);
    std::fs::create_dir_all(&dir).unwrap();
    png(&dir.join("slide [1]; 50%: 'a'.png"), 320, 240, "2020e0");
    let font = dir.join("fonte, 'sans': [x].ttf");
    std::fs::copy("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", &font).unwrap();
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=f=440:d=1",
        dir.join("voz: 'um', [1]; 5%.wav").to_str().unwrap(),
    ]);
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=f=220:d=3",
        dir.join("música, fundo.ogg").to_str().unwrap(),
    ]);
    let project = write(
        &dir,
        &json!({
            "version": 1, "title": "Ímpar", "canvas": {"width": 320, "height": 240, "fps": 25},
            "scenes": [{
                "duration": 2,
                "background": {"image": "slide [1]; 50%: 'a'.png"},
                "texts": [{"text": "OLÁ", "x": 0.5, "y": 0.5, "size": 0.4, "color": "#ffffff",
                           "font_file": "fonte, 'sans': [x].ttf"}],
                "narration": {"src": "voz: 'um', [1]; 5%.wav"}
            }],
            "music": {"src": "música, fundo.ogg", "volume": 0.3}
        }),
    );
    let loaded = load(&project).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let prepared = prepare(&loaded.project, &dir.join("cache")).unwrap();
    let work = estudio_render::Session::new(
        "odd",
        estudio_render::WorkDirs::new(dir.join("work, [w]; 'x': 9%")),
        &CancelToken::new(),
    );
    let out = dir.join("saída: 'final', [v1]; 100%.mp4");
    render(
        &prepared,
        PresetId::Preview.preset(),
        &RenderOptions::default(),
        &out,
        &work,
        |_| {},
    )
    .unwrap();
    let secs = duration(&probe(&out));
    assert!((secs - 2.0).abs() < 0.1, "{secs}");
    // The picture is the blue slide, and the text is drawn over it.
    let corner = pixel(&out, 1.0, 5, 5);
    assert!(close(corner, [0x20, 0x20, 0xe0]), "{corner:?}");
    let frame = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-ss", "1", "-i"])
        .arg(&out)
        .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        .output()
        .unwrap()
        .stdout;
    let video = stream(&probe(&out), "video").clone();
    let (w, h) = (
        video["width"].as_u64().unwrap() as usize,
        video["height"].as_u64().unwrap() as usize,
    );
    assert_eq!(frame.len(), w * h * 3);
    let row = &frame[h / 2 * w * 3..(h / 2 + 1) * w * 3];
    assert!(
        row.chunks(3).any(|p| p.iter().all(|c| *c > 200)),
        "the text is drawn"
    );
    // The narration and the music play: the sound lasts the video and is not silence.
    assert!(sound_secs(&out) > 1.9);
    let (integrated, _) = loudness(&out);
    assert!(integrated > -40.0, "{integrated} LUFS");
}

/// The runs that draw several parts name their files by a pattern (`seg-%04d`): a work folder
/// whose name holds pattern characters is still a plain name.
#[test]
fn a_work_folder_named_like_a_pattern_still_renders_in_runs_of_parts() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path();
    png(&dir.join("a.png"), 64, 36, "e02020");
    png(&dir.join("b.png"), 64, 36, "2020e0");
    let scenes: Vec<serde_json::Value> = (0..6)
        .map(|i| json!({"duration": 0.5, "background": {"image": if i % 2 == 0 { "a.png" } else { "b.png" }}}))
        .collect();
    let project = write(
        dir,
        &json!({"version": 1, "title": "Padrão", "canvas": {"width": 64, "height": 36, "fps": 10},
                "scenes": scenes}),
    );
    let loaded = load(&project).unwrap();
    let prepared = prepare(&loaded.project, &dir.join("cache")).unwrap();
    let work = estudio_render::Session::new(
        "pattern",
        estudio_render::WorkDirs::new(dir.join("w %04d %s %% %")),
        &CancelToken::new(),
    );
    let out = dir.join("out.mp4");
    let done = render(
        &prepared,
        PresetId::Mp4_480p.preset(),
        &RenderOptions::default(),
        &out,
        &work,
        |_| {},
    )
    .unwrap();
    assert!(
        done.log.command.contains("-f segment"),
        "{}",
        done.log.command
    );
    assert_eq!(stream(&probe(&out), "video")["nb_frames"], "30");
    for (t, c) in [
        (0.2, [0xe0, 0x20, 0x20]),
        (0.7, [0x20, 0x20, 0xe0]),
        (2.7, [0x20, 0x20, 0xe0]),
    ] {
        let got = pixel(&out, t, 400, 240);
        assert!(close(got, c), "{t} s: {got:?}");
    }
}
