//! Real renders with the real ffmpeg, checked with ffprobe and by sampling frame colours.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use estudio_project::load;
use estudio_render::{
    prepare, render, CancelToken, Prepared, PresetId, RenderError, RenderOptions,
};
use serde_json::json;
use support::*;

const RED: [u8; 3] = [0xc0, 0x30, 0x30];
const BLUE: [u8; 3] = [0x20, 0x40, 0xa0];

/// Two scenes: an image (solid red) and a colour (blue), text with hostile characters on both, a
/// 0.5 s fade between them, narration on the first and looping music under everything.
fn two_scene_project(dir: &Path) -> std::path::PathBuf {
    png(&dir.join("red.png"), 320, 240, "c03030");
    tone(&dir.join("voice.wav"), 1000, 1.5, 22050);
    tone(&dir.join("music.wav"), 440, 1.0, 44100);
    let project = json!({
        "version": 1,
        "title": "Two scenes",
        "canvas": {"width": 1280, "height": 720, "fps": 25},
        "scenes": [
            {"duration": 2, "background": {"image": "red.png", "fit": "cover"},
             "texts": [{"text": "Olá: 100% 'quoted' \"x\" [a];b,c \\ %{pts} end", "y": 0.85, "size": 0.06}],
             "narration": {"src": "voice.wav"},
             "transition": {"type": "fade", "duration": 0.5}},
            {"duration": 2, "background": {"color": "#2040a0"},
             "texts": [{"text": "line one\nline two", "y": 0.85, "size": 0.05, "color": "#ffff00"}]}
        ],
        "music": {"src": "music.wav", "volume": 0.3}
    });
    let path = dir.join("two.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(&project).unwrap()).unwrap();
    path
}

/// Prepares a valid project as a job would be (caches in a folder of its own).
fn ready(project: &estudio_project::Project) -> Prepared {
    let cache = tempfile::tempdir().unwrap();
    prepare(project, cache.path()).unwrap()
}

/// Prepares and renders `project` with the preview preset, without cancel or progress.
fn preview(
    project: &estudio_project::Project,
    out: &Path,
) -> Result<estudio_render::Rendered, RenderError> {
    preview_prepared(&ready(project), out)
}

/// Renders an already prepared (queued) project with the preview preset.
fn preview_prepared(
    prepared: &Prepared,
    out: &Path,
) -> Result<estudio_render::Rendered, RenderError> {
    render(
        prepared,
        PresetId::Preview.preset(),
        &RenderOptions::default(),
        out,
        &support::session(&CancelToken::new()),
        |_| {},
    )
}

#[test]
fn two_scene_project_renders_with_exact_timing_streams_and_colours() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load(&two_scene_project(dir.path())).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let out = dir.path().join("out.mp4");
    let mut ticks = Vec::new();
    let done = render(
        &ready(&loaded.project),
        PresetId::Preview.preset(),
        &RenderOptions::default(),
        &out,
        &support::session(&CancelToken::new()),
        |p| ticks.push(p.fraction),
    )
    .unwrap();
    assert_eq!(done.output, out);
    assert!(done.bytes > 10_000, "{} bytes", done.bytes);
    assert_eq!(ticks.last(), Some(&1.0));
    assert!(
        ticks.windows(2).all(|w| w[0] <= w[1]),
        "progress went backwards: {ticks:?}"
    );

    let p = probe(&out);
    let expected = 2.0 + 2.0 - 0.5;
    let frame = 1.0 / 25.0;
    assert!(
        (duration(&p) - expected).abs() <= frame,
        "duration {} vs {expected}",
        duration(&p)
    );
    let v = stream(&p, "video");
    assert_eq!(v["codec_name"], "h264");
    assert_eq!(v["pix_fmt"], "yuv420p");
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(640), Some(360))
    );
    assert_eq!(v["avg_frame_rate"], "25/1");
    // 2 s + 2 s - a 0.5 s fade = 3.5 s: 87.5 frames at 25 fps, rounded to 88.
    assert_eq!(v["nb_frames"], "88");
    let a = stream(&p, "audio");
    assert_eq!(a["codec_name"], "aac");
    assert_eq!(a["channels"], 2);
    assert_eq!(
        p["format"]["format_name"]
            .as_str()
            .map(|f| f.contains("mp4")),
        Some(true)
    );

    // Middle of each scene, away from the text; and just around the fade.
    assert_color(pixel(&out, 0.75, 320, 120), RED, 12, "scene 1 middle");
    assert_color(pixel(&out, 2.75, 320, 120), BLUE, 12, "scene 2 middle");
    assert_color(
        pixel(&out, 1.44, 320, 120),
        RED,
        12,
        "last frame before the fade",
    );
    assert_color(
        pixel(&out, 2.04, 320, 120),
        BLUE,
        12,
        "first frame after the fade",
    );
    let mid_fade = pixel(&out, 1.76, 320, 120);
    assert!(
        mid_fade[0] < RED[0] - 30 && mid_fade[2] > RED[2] + 30,
        "mid-fade {mid_fade:?} is not a mix"
    );
    // The text was drawn: the bottom band differs from the plain background somewhere.
    let band: Vec<[u8; 3]> = (200..440)
        .step_by(8)
        .map(|x| pixel(&out, 0.75, x, 306))
        .collect();
    assert!(
        band.iter().any(|c| c[1] > 150),
        "no text pixels in scene 1's text band: {band:?}"
    );
    // Nothing but the output is left in the folder.
    assert_no_temp_files(dir.path());
}

#[test]
fn cancel_stops_ffmpeg_and_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_scene_project(dir.path());
    let mut loaded = load(&path).unwrap();
    // Long enough that the cancel lands mid-render.
    loaded.project.scenes[1].duration = Some(600.0);
    let out = dir.path().join("out.mp4");
    std::fs::write(&out, b"previous export").unwrap();
    let cancel = CancelToken::new();
    let started = std::time::Instant::now();
    let err = render(
        &ready(&loaded.project),
        PresetId::Mp4_720p.preset(),
        &RenderOptions::default(),
        &out,
        &support::session(&cancel),
        |p| {
            if p.encoded_secs > 1.0 {
                cancel.cancel();
            }
        },
    )
    .unwrap_err();
    assert!(matches!(err, RenderError::Canceled { .. }), "{err:?}");
    assert!(started.elapsed().as_secs() < 60);
    assert_eq!(std::fs::read(&out).unwrap(), b"previous export");
    assert_no_temp_files(dir.path());
}

#[test]
fn a_media_file_deleted_after_loading_fails_with_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load(&two_scene_project(dir.path())).unwrap();
    let queued = ready(&loaded.project);
    std::fs::remove_file(dir.path().join("voice.wav")).unwrap();
    let out = dir.path().join("out.mp4");
    let err = preview_prepared(&queued, &out).unwrap_err();
    match err {
        RenderError::Invalid(problems) => {
            assert_eq!(problems[0].pointer, "/scenes/0/narration/src")
        }
        other => panic!("{other:?}"),
    }
    assert!(!out.exists());
}

/// Pids of running ffmpeg processes whose command line mentions `needle`.
fn ffmpegs_mentioning(needle: &str) -> Vec<String> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| {
            let e = e.ok()?;
            let pid = e.file_name().to_string_lossy().into_owned();
            let cmd = std::fs::read(e.path().join("cmdline")).ok()?;
            let cmd = String::from_utf8_lossy(&cmd);
            // The program by its file name: `ffmpeg` from PATH, or a build named by path
            // (`ESTUDIO_FFMPEG=/…/ffmpeg-linux-x86_64-v9.0.2`).
            let program = cmd.split('\0').next().unwrap_or_default();
            let is_ffmpeg = Path::new(program)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("ffmpeg"));
            (pid.bytes().all(|b| b.is_ascii_digit()) && is_ffmpeg && cmd.contains(needle))
                .then_some(pid)
        })
        .collect()
}

#[test]
fn ffmpeg_killed_mid_render_is_reported_with_its_log_and_may_be_retried() {
    let dir = tempfile::tempdir().unwrap();
    let mut loaded = load(&two_scene_project(dir.path())).unwrap();
    loaded.project.scenes[1].duration = Some(300.0);
    let out = dir.path().join("out.mp4");
    std::fs::write(&out, b"previous export").unwrap();
    let needle = dir.path().to_string_lossy().into_owned();
    let mut killed = false;
    let err = render(
        &ready(&loaded.project),
        PresetId::Mp4_720p.preset(),
        &RenderOptions::default(),
        &out,
        &support::session(&CancelToken::new()),
        |p| {
            // Into the picture pass: kill the real ffmpeg, as the OOM killer would.
            if p.encoded_secs > 1.0 && p.fraction > 0.06 && !killed {
                for pid in ffmpegs_mentioning(&needle) {
                    std::process::Command::new("kill")
                        .args(["-KILL", &pid])
                        .status()
                        .unwrap();
                    killed = true;
                }
            }
        },
    )
    .unwrap_err();
    assert!(killed, "no ffmpeg was found to kill");
    assert!(err.is_transient(), "{err:?}");
    match &err {
        RenderError::Ffmpeg {
            message,
            killed,
            log,
        } => {
            assert!(killed);
            assert_eq!(
                **message,
                estudio_words::Message::FfmpegKilled { signal: 9 }
            );
            // The log is a killed run's (the mix or a part: they run together), with its
            // command and ffmpeg's last words.
            assert!(log.command.starts_with("ffmpeg "), "{}", log.command);
            assert!(!log.tail.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(&out).unwrap(), b"previous export");
    assert_no_temp_files(dir.path());
}

#[test]
fn undecodable_media_is_refused_before_queueing_and_again_before_rendering() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load(&two_scene_project(dir.path())).unwrap();
    let queued = ready(&loaded.project);
    // Replaced after queueing by something that is not a picture: the render names it.
    std::fs::write(dir.path().join("red.png"), b"this is not a png").unwrap();
    let out = dir.path().join("out.mp4");
    let err = preview_prepared(&queued, &out).unwrap_err();
    let RenderError::Invalid(problems) = err else {
        panic!("{err:?}")
    };
    assert_eq!(problems[0].pointer, "/scenes/0/background/image");
    assert!(problems[0].message.contains("red.png"), "{}", problems[0]);
    // And preparing it now refuses it the same way, before anything is queued.
    let problems = prepare(&loaded.project, dir.path()).unwrap_err();
    assert_eq!(problems[0].kind, estudio_project::ProblemKind::BadMedia);
    assert_eq!(problems[0].pointer, "/scenes/0/background/image");
    assert!(!out.exists());
}

#[test]
fn video_and_contain_backgrounds_are_fitted_and_frozen() {
    let dir = tempfile::tempdir().unwrap();
    // A 1 s clip at 15 fps, 4:3, green then (after 0.5 s) magenta, for a 3 s scene: it must freeze
    // on magenta. And an odd-sized, tall image (99x201, orange) shown whole on a grey canvas.
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=0x00c000:s=320x240:r=15:d=0.5",
        "-f",
        "lavfi",
        "-i",
        "color=c=0xc000c0:s=320x240:r=15:d=0.5",
        "-filter_complex",
        "[0:v][1:v]concat=n=2:v=1:a=0",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        dir.path().join("clip.mp4").to_str().unwrap(),
    ]);
    png(&dir.path().join("tall.png"), 99, 201, "ff8000");
    let project = json!({
        "version": 1, "title": "Fits",
        "canvas": {"width": 640, "height": 360, "fps": 25, "background": "#808080"},
        "scenes": [
            {"duration": 3, "background": {"video": "clip.mp4"}},
            {"duration": 2, "background": {"image": "tall.png", "fit": "contain"}}
        ]
    });
    let path = dir.path().join("fits.estudio");
    std::fs::write(&path, project.to_string()).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let out = dir.path().join("fits.mp4");
    preview(&loaded.project, &out).unwrap();
    let p = probe(&out);
    assert!((duration(&p) - 5.0).abs() <= 0.04, "{}", duration(&p));
    assert_eq!(stream(&p, "video")["nb_frames"], "125");
    assert_color(pixel(&out, 0.2, 320, 180), [0, 192, 0], 14, "clip start");
    assert_color(pixel(&out, 0.8, 320, 180), [192, 0, 192], 14, "clip end");
    assert_color(
        pixel(&out, 2.5, 320, 180),
        [192, 0, 192],
        14,
        "frozen last frame",
    );
    assert_color(
        pixel(&out, 4.0, 320, 180),
        [255, 128, 0],
        14,
        "contained image centre",
    );
    assert_color(
        pixel(&out, 4.0, 40, 180),
        [128, 128, 128],
        14,
        "canvas colour beside it",
    );
}

#[test]
fn narrations_play_in_their_scenes_and_may_run_over_into_the_next() {
    let dir = tempfile::tempdir().unwrap();
    // Scene 1: a 3 s narration for a 2 s scene (it runs on into scene 2); scenes 2 and 3: short.
    tone(&dir.path().join("a.wav"), 600, 3.0, 22050);
    tone(&dir.path().join("b.wav"), 1000, 1.0, 44100);
    tone(&dir.path().join("c.wav"), 1500, 1.0, 48000);
    let scene = |src: &str| json!({"duration": 2, "background": {"color": "#000000"}, "narration": {"src": src}});
    let project = json!({
        "version": 1, "title": "Voices",
        "canvas": {"width": 320, "height": 180, "fps": 25},
        "scenes": [scene("a.wav"), scene("b.wav"), scene("c.wav")]
    });
    let path = dir.path().join("voices.estudio");
    std::fs::write(&path, project.to_string()).unwrap();
    let out = dir.path().join("voices.mp4");
    preview(&load(&path).unwrap().project, &out).unwrap();
    // The mix is normalised to -16 LUFS, so levels are compared with each other: a tone is
    // "absent" when it is at least 20 dB under the same tone where it plays. (A band-pass lets a
    // little of a near tone through, so absence is checked where no near tone plays.)
    let a = tone_level(&out, 0.2, 1.8, 600);
    let b = tone_level(&out, 2.2, 2.8, 1000);
    let c = tone_level(&out, 4.2, 4.8, 1500);
    for (name, level) in [("a", a), ("b", b), ("c", c)] {
        assert!(level > -45.0, "{name} plays: {level} dB");
    }
    let absent = |level: f64, reference: f64, what: &str| {
        assert!(
            level < reference - 20.0,
            "{what}: {level} dB vs {reference} dB where it plays"
        );
    };
    // 600 Hz: from 0 to 3 s (over scene 2's start), then silent.
    assert!(
        tone_level(&out, 2.2, 2.8, 600) > a - 3.0,
        "a runs on into scene 2"
    );
    absent(tone_level(&out, 3.3, 3.9, 600), a, "a has ended");
    // 1000 Hz: from 2 to 3 s only.
    absent(tone_level(&out, 0.2, 1.8, 1000), b, "b not before scene 2");
    absent(tone_level(&out, 3.3, 3.9, 1000), b, "b has ended");
    // 1500 Hz: from 4 to 5 s only.
    absent(tone_level(&out, 3.1, 3.9, 1500), c, "c not before scene 3");
}

#[test]
fn cancel_stops_every_run_of_a_render_in_parts() {
    let dir = tempfile::tempdir().unwrap();
    let mut loaded = load(&two_scene_project(dir.path())).unwrap();
    // 30 scenes: two parts and the sound mix run at the same time (all of them name files
    // of `dir`, so a leftover ffmpeg would be found).
    let scene = loaded.project.scenes[0].clone();
    loaded.project.scenes = vec![scene; 30];
    for s in &mut loaded.project.scenes {
        s.duration = Some(20.0);
        s.transition = None;
    }
    let out = dir.path().join("out.mp4");
    std::fs::write(&out, b"previous export").unwrap();
    let cancel = CancelToken::new();
    let needle = dir.path().to_string_lossy().into_owned();
    let started = std::time::Instant::now();
    let mut seen = 0.0f64;
    let err = render(
        &ready(&loaded.project),
        PresetId::Mp4_720p.preset(),
        &RenderOptions::default(),
        &out,
        &support::session(&cancel),
        |p| {
            assert!(p.fraction >= seen, "progress went back");
            seen = p.fraction;
            if p.fraction > 0.05 {
                assert!(!ffmpegs_mentioning(&needle).is_empty());
                cancel.cancel();
            }
        },
    )
    .unwrap_err();
    assert!(matches!(err, RenderError::Canceled { .. }), "{err:?}");
    assert!(started.elapsed().as_secs() < 60);
    assert!(ffmpegs_mentioning(&needle).is_empty(), "an ffmpeg is left");
    assert_eq!(std::fs::read(&out).unwrap(), b"previous export");
    assert_no_temp_files(dir.path());
}

#[test]
fn every_preset_renders_one_scene_and_two_with_and_without_sound_and_knows_its_own_kind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    tone(&d.join("voice.wav"), 440, 0.8, 48000);
    for scenes in [1, 2] {
        for sound in [false, true] {
            let list: Vec<serde_json::Value> = (0..scenes)
                .map(|i| {
                    let mut s = json!({"duration": 1, "background": {"color": "#2040a0"},
                                       "texts": [{"text": format!("Cena {i}")}]});
                    if sound {
                        s["narration"] = json!({"src": "voice.wav"});
                    }
                    s
                })
                .collect();
            let path = d.join(format!("p{scenes}{sound}.estudio"));
            std::fs::write(
                &path,
                json!({"version": 1, "title": "t", "canvas": {"width": 320, "height": 180, "fps": 25},
                       "scenes": list})
                .to_string(),
            )
            .unwrap();
            let loaded = load(&path).unwrap();
            let prepared = prepare(&loaded.project, &d.join("cache")).unwrap();
            for preset in PresetId::ALL {
                let p = preset.preset();
                let out = d.join(format!(
                    "out-{scenes}-{sound}-{}.{}",
                    preset.as_str(),
                    p.container.extension()
                ));
                let done = render(
                    &prepared,
                    p,
                    &RenderOptions::default(),
                    &out,
                    &support::session(&CancelToken::new()),
                    |_| {},
                )
                .unwrap_or_else(|e| {
                    panic!("{scenes} scene(s), sound {sound}, {}: {e}", preset.as_str())
                });
                assert!(
                    (done.duration_secs - f64::from(scenes)).abs() < 0.05,
                    "{}: {}",
                    preset.as_str(),
                    done.duration_secs
                );
                // The file is of its preset's kind as the destination check reads it (ffprobe's
                // "matroska,webm" was once missed), and of no other.
                for other in PresetId::ALL {
                    let c = other.preset().container;
                    let same = c.extension() == p.container.extension()
                        || matches!(
                            (c, p.container),
                            (
                                estudio_render::Container::Mp4,
                                estudio_render::Container::M4a
                            ) | (
                                estudio_render::Container::M4a,
                                estudio_render::Container::Mp4
                            )
                        );
                    assert_eq!(
                        estudio_render::media::is_of_kind(&out, c),
                        same,
                        "{} read as {}",
                        preset.as_str(),
                        other.as_str()
                    );
                }
            }
        }
    }
}

#[test]
fn scenes_of_a_few_frames_render_in_parts_with_every_frame() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Parts of two or three small frames once made MPEG-TS files of ten packets, which the
    // join took for MPEG-PS and refused.
    for (fps, durations) in [(30, vec![0.1, 0.1, 0.1]), (24, vec![3.0, 0.7, 0.1, 1.0])] {
        let colours = ["#ff0000", "#00ff00", "#0000ff", "#ffff00"];
        let scenes: Vec<serde_json::Value> = durations
            .iter()
            .zip(colours)
            .map(|(d, c)| json!({"duration": d, "background": {"color": c}}))
            .collect();
        let path = d.join(format!("short{fps}.estudio"));
        std::fs::write(
            &path,
            json!({"version": 1, "title": "curto", "canvas": {"width": 640, "height": 360, "fps": fps},
                   "scenes": scenes})
            .to_string(),
        )
        .unwrap();
        let prepared = prepare(&load(&path).unwrap().project, &d.join("cache")).unwrap();
        let out = d.join(format!("short{fps}.mp4"));
        render(
            &prepared,
            PresetId::Mp4_480p.preset(),
            &RenderOptions::default(),
            &out,
            &support::session(&CancelToken::new()),
            |_| {},
        )
        .unwrap();
        let exact = durations.iter().sum::<f64>() * f64::from(fps);
        let frames: f64 = stream(&probe(&out), "video")["nb_frames"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (frames - exact).abs() <= 0.5,
            "{fps} fps: {frames} frames for {exact}"
        );
    }
}

#[test]
fn a_first_scene_that_is_all_transition_renders_in_parts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Scene 0 lasts exactly its fade into scene 1 (editly's examples write this): it owns no
    // frame of its own, and its part once made an empty file the join could not open.
    let path = d.join("fade-in.estudio");
    std::fs::write(
        &path,
        json!({"version": 1, "title": "t", "canvas": {"width": 320, "height": 180, "fps": 25},
               "scenes": [
                 {"duration": 1, "background": {"color": "#ff0000"}, "texts": [{"text": "Um"}],
                  "transition": {"type": "fade", "duration": 1}},
                 {"duration": 2, "background": {"color": "#00ff00"}},
                 {"duration": 2, "background": {"color": "#0000ff"}}]})
        .to_string(),
    )
    .unwrap();
    let prepared = prepare(&load(&path).unwrap().project, &d.join("cache")).unwrap();
    let out = d.join("fade-in.mp4");
    let cache = estudio_render::parts::PartCache::new(d.join("parts"), 1 << 30);
    let render_it = || {
        render(
            &prepared,
            PresetId::Mp4_480p.preset(),
            &RenderOptions {
                replace: true,
                ..RenderOptions::default()
            },
            &out,
            &support::session(&CancelToken::new()).with_parts(Some(cache.clone())),
            |_| {},
        )
        .unwrap()
    };
    render_it();
    // 1 + 2 + 2 - 1 s: 100 frames; red fading into green at the start, blue at the end.
    let frames: u64 = stream(&probe(&out), "video")["nb_frames"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(frames, 100);
    assert_color(
        pixel(&out, 0.0, 10, 10),
        [0xff, 0x00, 0x00],
        40,
        "red first",
    );
    assert_color(
        pixel(&out, 3.5, 10, 10),
        [0x00, 0x00, 0xff],
        40,
        "blue last",
    );
    // Every scene counted, the first one with the part that draws it.
    let again = render_it();
    assert_eq!((again.reused.scenes, again.reused.of), (3, 3));
}
