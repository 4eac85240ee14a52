//! The format people write (editly's habits), rendered for real and read back frame by frame:
//! CSS colours with alpha, `fit: blur`, transition names and `random`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use estudio_project::load;
use estudio_render::{prepare, render, CancelToken, Prepared, PresetId, RenderOptions};
use serde_json::{json, Value};
use support::*;

fn prepared(dir: &Path, project: &Value) -> Prepared {
    let path = dir.join("p.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(project).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.problems, vec![], "the test project is valid");
    prepare(&loaded.project, &dir.join("cache")).unwrap()
}

fn render_json(dir: &Path, project: &Value) -> PathBuf {
    let p = prepared(dir, project);
    let out = dir.join("out.mp4");
    render(
        &p,
        PresetId::Mp4_720p.preset(),
        // Rendered again over the last one.
        &RenderOptions {
            replace: true,
            ..RenderOptions::default()
        },
        &out,
        &support::session(&CancelToken::new()),
        |_| {},
    )
    .unwrap();
    out
}

fn canvas(fps: u32) -> Value {
    json!({"width": 640, "height": 360, "fps": fps, "background": "#0000ff"})
}

#[test]
fn css_colours_render_with_their_alpha_over_what_is_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "Cores", "canvas": canvas(25),
            "scenes": [
                // Half-transparent red over the blue canvas.
                {"duration": 1, "background": {"color": "rgba(255, 0, 0, 0.5)"}},
                {"duration": 1, "background": {"color": "white"}},
                // A text's box: white at half its alpha, over black.
                {"duration": 1, "background": {"color": "#000"},
                 "texts": [{"text": "I", "size": 0.05, "color": "#000f",
                            "box": {"color": "#ffffff80", "opacity": 1, "padding": 0.2}}]},
                {"duration": 1, "background": {"color": "hsl(120, 100%, 25%)"}},
            ]
        }),
    );
    // At 720p the 640x360 canvas is scaled to 1280x720.
    assert_color(
        pixel(&out, 0.5, 640, 360),
        [128, 0, 127],
        10,
        "rgba red over blue",
    );
    assert_color(pixel(&out, 1.5, 640, 360), [255, 255, 255], 8, "white");
    // Inside the box, beside the glyph: half white over black.
    assert_color(
        pixel(&out, 2.5, 640 - 120, 360),
        [128, 128, 128],
        12,
        "half-alpha box",
    );
    assert_color(pixel(&out, 3.5, 640, 360), [0, 128, 0], 10, "hsl green");
}

/// A 4:3 picture, red on its left half and green on its right.
fn split_picture(path: &Path) {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=0xe02020:s=200x300",
        "-f",
        "lavfi",
        "-i",
        "color=c=0x20c020:s=200x300",
        "-filter_complex",
        "[0][1]hstack",
        "-frames:v",
        "1",
        path.to_str().unwrap(),
    ]);
}

#[test]
fn a_blur_fit_fills_the_bars_with_the_pictures_own_colours() {
    let dir = tempfile::tempdir().unwrap();
    split_picture(&dir.path().join("slide.png"));
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=0xe02020:s=200x300:r=25:d=2",
        "-f",
        "lavfi",
        "-i",
        "color=c=0x20c020:s=200x300:r=25:d=2",
        "-filter_complex",
        "[0][1]hstack,format=yuv420p",
        "-c:v",
        "libx264",
        dir.path().join("phone.mp4").to_str().unwrap(),
    ]);
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "Blur", "canvas": canvas(25),
            "scenes": [
                {"duration": 1, "background": {"image": "slide.png", "fit": "blur"}},
                {"duration": 1, "background": {"image": "slide.png", "fit": "contain"}},
                {"duration": 1, "background": {"video": "phone.mp4", "fit": "blur", "blur": 0.25}},
                {"duration": 1, "background": {"image": "slide.png", "fit": "blur",
                                               "motion": {"to": {"zoom": 1.1}}}},
            ]
        }),
    );
    let reddish = |c: [u8; 3]| c[0] > 120 && c[0] > c[1] + 60 && c[2] < 90;
    let greenish = |c: [u8; 3]| c[1] > 100 && c[1] > c[0] + 40 && c[2] < 90;
    for (t, what) in [(0.5, "picture"), (2.5, "clip"), (3.5, "moving picture")] {
        // The bars (the canvas is 16:9, the picture 4:3) take the picture's colours.
        let left = pixel(&out, t, 40, 360);
        let right = pixel(&out, t, 1240, 360);
        assert!(reddish(left), "{what}: left bar {left:?}");
        assert!(greenish(right), "{what}: right bar {right:?}");
        // The picture itself is whole and sharp in the middle.
        assert_color(pixel(&out, t, 500, 360), [0xe0, 0x20, 0x20], 24, what);
        assert_color(pixel(&out, t, 780, 360), [0x20, 0xc0, 0x20], 24, what);
    }
    // `contain` leaves the canvas colour in the bars.
    assert_color(pixel(&out, 1.5, 40, 360), [0, 0, 255], 10, "contain's bar");
}

#[test]
fn transition_aliases_render_as_ffmpegs_and_random_is_the_same_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let project = |kind: &str| {
        json!({
            "version": 1, "title": "T", "canvas": canvas(25),
            "scenes": [
                {"duration": 2, "background": {"color": "#e02020"},
                 "transition": {"type": kind, "duration": 1}},
                {"duration": 2, "background": {"color": "#2020e0"}},
                {"duration": 2, "background": {"color": "#20c020"},
                 "transition": {"type": "random"}},
            ]
        })
    };
    let crossfade = render_json(dir.path(), &project("Crossfade"));
    // Halfway through the fade: half red, half blue, everywhere.
    assert_color(
        pixel(&crossfade, 1.5, 100, 100),
        [0x80, 0x20, 0x80],
        16,
        "crossfade",
    );
    assert_color(
        pixel(&crossfade, 1.5, 1180, 620),
        [0x80, 0x20, 0x80],
        16,
        "crossfade",
    );
    // directional-left is slideleft (eased out, as editly draws it: 43 % of the way two frames
    // in): both colours side by side.
    let slide = render_json(dir.path(), &project("directional-left"));
    let (l, r) = (
        pixel(&slide, 1.08, 100, 360),
        pixel(&slide, 1.08, 1180, 360),
    );
    assert!(l != r, "slide: {l:?} and {r:?}");

    let kinds = |p: &Prepared| -> Vec<String> {
        p.project
            .scenes
            .iter()
            .filter_map(|s| s.transition.as_ref().map(|t| t.kind.clone()))
            .collect()
    };
    let one = kinds(&prepared(dir.path(), &project("random")));
    let two = kinds(&prepared(dir.path(), &project("random")));
    assert_eq!(one, two, "random picks the same for the same project");
    assert!(one.iter().all(|k| k != "random"), "{one:?}");
    // Picked from the scenes it joins: editing the third scene leaves the first's.
    let mut edited = project("random");
    edited["scenes"][2]["background"]["color"] = json!("#f0f010");
    assert_eq!(kinds(&prepared(dir.path(), &edited))[0], one[0]);
}

#[test]
fn a_transitions_easing_sets_how_far_along_each_frame_is() {
    let dir = tempfile::tempdir().unwrap();
    let project = |transition: Value| {
        json!({
            "version": 1, "title": "T", "canvas": canvas(25),
            "scenes": [
                {"duration": 2, "background": {"color": "#e02020"}, "transition": transition},
                {"duration": 2, "background": {"color": "#2020e0"}},
            ]
        })
    };
    // The red of each frame of a one-second fade (frames 25 to 49) says how far along it is.
    let along = |transition: Value| -> Vec<f64> {
        let out = render_json(dir.path(), &project(transition));
        let frames = pixel_per_frame(&out, 100, 100);
        assert_eq!(frames.len(), 75, "the easing leaves the length alone");
        frames[25..50]
            .iter()
            .map(|p| (224.0 - f64::from(p[0])) / (224.0 - 32.0))
            .collect()
    };
    for (easing, expected) in [
        ("linear", estudio_project::Easing::Linear),
        ("ease-in", estudio_project::Easing::EaseIn),
        ("ease-out", estudio_project::Easing::EaseOut),
        ("easeInOutCubic", estudio_project::Easing::EaseInOut),
        ("easeOutExpo", estudio_project::Easing::EaseOutExpo),
    ] {
        let got = along(json!({"type": "fade", "duration": 1, "easing": easing}));
        for (k, g) in got.iter().enumerate() {
            let want = expected.at(k as f64 / 25.0);
            assert!(
                (g - want).abs() < 0.05,
                "{easing}: frame {k} of the fade is {g:.3} along, not {want:.3}"
            );
        }
    }
    // editly's directional-left eases out by itself, as editly draws it: a quarter of the way
    // into the slide, the right edge already shows the next scene.
    let slide = |easing: Option<&str>| {
        let mut t = json!({"type": "directional-left", "duration": 1});
        if let Some(e) = easing {
            t["easing"] = json!(e);
        }
        let out = render_json(dir.path(), &project(t));
        pixel(&out, 1.0 + 6.0 / 25.0, 400, 180)
    };
    assert_color(slide(None), [0x20, 0x20, 0xe0], 24, "eased slide");
    assert_color(
        slide(Some("linear")),
        [0xe0, 0x20, 0x20],
        24,
        "linear slide",
    );
}

#[test]
fn gradients_have_their_colours_at_the_corners_and_the_centre() {
    let dir = tempfile::tempdir().unwrap();
    let scene = |gradient: Value| json!({"duration": 2, "background": {"gradient": gradient}});
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "G", "canvas": canvas(25),
            "scenes": [
                // 0-2 s: from the top down (the default), red to blue.
                scene(json!({"colors": ["#ff0000", "#0000ff"]})),
                // 2-4 s: left to right, three colours evenly spaced.
                scene(json!({"colors": ["red", "#00ff00", "blue"], "angle": 90})),
                // 4-6 s: towards the bottom-right corner: the corners have the ends.
                scene(json!({"colors": ["white", "black"], "angle": 135})),
                // 6-8 s: from the centre to the corners.
                scene(json!({"type": "radial", "colors": ["white", "black"]})),
                // 8-10 s: a see-through colour is laid over the canvas colour (blue).
                scene(json!({"colors": ["rgba(255, 0, 0, 0.5)", "red"]})),
            ]
        }),
    );
    let at = |t: f64, x: u32, y: u32| pixel(&out, t, x, y);
    let grey = |v: u8| [v, v, v];
    // The 720p output of a 640x360 canvas: 1280x720.
    assert_color(
        at(1.0, 640, 2),
        [0xff, 0, 0],
        24,
        "top of the top-down gradient",
    );
    assert_color(
        at(1.0, 640, 717),
        [0, 0, 0xff],
        24,
        "bottom of the top-down gradient",
    );
    assert_color(
        at(1.0, 640, 360),
        [0x80, 0, 0x80],
        24,
        "middle of the top-down gradient",
    );
    assert_color(
        at(3.0, 2, 360),
        [0xff, 0, 0],
        24,
        "left of the left-right gradient",
    );
    assert_color(
        at(3.0, 640, 360),
        [0, 0xff, 0],
        24,
        "middle of the left-right gradient",
    );
    assert_color(
        at(3.0, 1277, 360),
        [0, 0, 0xff],
        24,
        "right of the left-right gradient",
    );
    assert_color(
        at(5.0, 2, 2),
        grey(0xff),
        24,
        "top-left corner of the 135° gradient",
    );
    assert_color(
        at(5.0, 1277, 717),
        grey(0),
        24,
        "bottom-right corner of the 135° gradient",
    );
    assert_color(
        at(5.0, 640, 360),
        grey(0x80),
        24,
        "centre of the 135° gradient",
    );
    // The top-right corner, as CSS draws 135deg on a 16:9 box: 64 % of the way, (640 + 360) /
    // (1280 + 720) past the middle.
    assert_color(
        at(5.0, 1277, 2),
        grey(92),
        12,
        "top-right corner of the 135° gradient",
    );
    assert_color(
        at(7.0, 640, 360),
        grey(0xff),
        24,
        "centre of the radial gradient",
    );
    assert_color(at(7.0, 2, 2), grey(0), 24, "corner of the radial gradient");
    assert_color(at(7.0, 320, 180), grey(0x80), 24, "halfway to the corner");
    assert_color(
        at(9.0, 640, 2),
        [0x80, 0, 0x7f],
        24,
        "see-through red over blue",
    );
    assert_color(at(9.0, 640, 717), [0xff, 0, 0], 24, "opaque red");
}

#[test]
fn moving_gradients_turn_and_spread_over_the_scene() {
    let dir = tempfile::tempdir().unwrap();
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "G", "canvas": canvas(25),
            "scenes": [
                {"duration": 4, "background": {"gradient":
                    {"colors": ["white", "black"], "angle": 90, "moving": true}}},
                {"duration": 4, "background": {"gradient":
                    {"type": "radial", "colors": ["white", "black"], "moving": true}}},
            ]
        }),
    );
    let lum = |t: f64, x: u32, y: u32| {
        let p = pixel(&out, t, x, y);
        (i32::from(p[0]) + i32::from(p[1]) + i32::from(p[2])) / 3
    };
    // Left to right at first: the top and the bottom of the middle column are the same grey;
    // turned by 30° at the end, they are far apart.
    assert!((lum(0.0, 640, 20) - lum(0.0, 640, 700)).abs() < 12);
    let turned = (lum(3.96, 640, 20) - lum(3.96, 640, 700)).abs();
    assert!(turned > 60, "the gradient has not turned: {turned}");
    // The radial one spreads: halfway to the corner is mid grey at first, much lighter at the end.
    let first = lum(4.0, 320, 180);
    let last = lum(7.96, 320, 180);
    assert!((first - 0x80).abs() < 24, "{first}");
    assert!(
        last > first + 40,
        "the gradient has not spread: {first} then {last}"
    );
}

/// A 3 s clip: red, then green, then blue, a second each, with a 440 Hz tone.
fn three_colour_clip(path: &Path) {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=0xe02020:s=320x180:r=25:d=1",
        "-f",
        "lavfi",
        "-i",
        "color=c=0x20c020:s=320x180:r=25:d=1",
        "-f",
        "lavfi",
        "-i",
        "color=c=0x2020e0:s=320x180:r=25:d=1",
        "-f",
        "lavfi",
        "-i",
        "sine=f=440:d=3:r=48000",
        "-filter_complex",
        "[0][1][2]concat=n=3:v=1:a=0,format=yuv420p[v]",
        "-map",
        "[v]",
        "-map",
        "3:a",
        "-c:v",
        "libx264",
        "-c:a",
        "aac",
        path.to_str().unwrap(),
    ]);
}

#[test]
fn a_clip_scene_lasts_from_its_start_to_its_end_and_sounds_are_trimmed_and_placed() {
    let dir = tempfile::tempdir().unwrap();
    three_colour_clip(&dir.path().join("clip.mp4"));
    tone(&dir.path().join("voice.wav"), 660, 3.0, 48000);
    tone(&dir.path().join("music.wav"), 220, 1.0, 48000);
    let project = json!({
        "version": 1, "title": "Trims", "canvas": canvas(25),
        "scenes": [
            // No duration: 1.5 s, the clip from 1 s to 2.5 s, its sound too.
            {"background": {"video": "clip.mp4", "start": 1, "end": 2.5, "audio": true}},
            // The whole clip: 3 s.
            {"background": {"video": "clip.mp4"}},
            // A second of the recording, from 1 s: the scene is 1 s + the 0.75 s pad.
            {"background": {"color": "#808080"},
             "narration": {"src": "voice.wav", "start": 1, "end": 2}},
        ],
        // Starting 2 s into the video, looped.
        "music": {"src": "music.wav", "delay": 2, "volume": 1}
    });
    let p = prepared(dir.path(), &project);
    let lengths: Vec<f64> = p
        .project
        .scenes
        .iter()
        .map(|s| s.duration.unwrap())
        .collect();
    assert!((lengths[0] - 1.5).abs() < 0.01, "{lengths:?}");
    assert!((lengths[1] - 3.0).abs() < 0.05, "{lengths:?}");
    assert!((lengths[2] - 1.75).abs() < 0.01, "{lengths:?}");
    let out = render_json(dir.path(), &project);
    let video = duration(&probe(&out));
    assert!((video - 6.25).abs() < 0.1, "{video} s");
    // Scene 1 shows the clip from 1 s: green, then blue from its 1 s on.
    assert_color(
        pixel(&out, 0.4, 640, 360),
        [0x20, 0xc0, 0x20],
        24,
        "clip at 1.4 s",
    );
    assert_color(
        pixel(&out, 1.2, 640, 360),
        [0x20, 0x20, 0xe0],
        24,
        "clip at 2.2 s",
    );
    // Scene 2: the whole clip, red first.
    assert_color(
        pixel(&out, 1.8, 640, 360),
        [0xe0, 0x20, 0x20],
        24,
        "clip from 0",
    );
    // The clip's sound plays for its scene; nothing of it afterwards.
    assert!(tone_level(&out, 0.2, 1.3, 440) > -40.0);
    // The music: silent before its delay, there after.
    let (before, after) = (
        tone_level(&out, 0.2, 1.8, 220),
        tone_level(&out, 2.3, 4.0, 220),
    );
    assert!(
        after > before + 20.0,
        "music {before} dB before 2 s, {after} dB after"
    );
    // The narration: one second of 660 Hz from 4.5 s, then quiet.
    let voice = tone_level(&out, 4.6, 5.4, 660);
    let quiet = tone_level(&out, 5.6, 6.2, 660);
    assert!(
        voice > quiet + 20.0,
        "narration {voice} dB, then {quiet} dB"
    );
}

#[test]
fn defaults_fill_what_scenes_omit_and_problems_point_at_the_default() {
    let dir = tempfile::tempdir().unwrap();
    split_picture(&dir.path().join("slide.png"));
    let project = json!({
        "version": 1, "title": "Padrões", "canvas": canvas(25),
        "defaults": {
            "duration": 1, "fit": "blur",
            "transition": {"type": "crossfade", "duration": 0.4},
            "text": {"color": "#ffff00", "size": 0.1, "box": {"color": "#000000", "opacity": 1}}
        },
        "scenes": [
            {"background": {"image": "slide.png"}, "texts": [{"text": "A", "x": 0.1, "y": 0.1}]},
            // Its own fit, duration and text colour win.
            {"duration": 2, "background": {"image": "slide.png", "fit": "contain"},
             "texts": [{"text": "B", "x": 0.1, "y": 0.1, "color": "#ff00ff"}],
             "transition": {"type": "cut"}},
            {"background": {"color": "#2020e0"}},
        ]
    });
    let p = prepared(dir.path(), &project);
    let lengths: Vec<f64> = p
        .project
        .scenes
        .iter()
        .map(|s| s.duration.unwrap())
        .collect();
    assert_eq!(lengths, [1.0, 2.0, 1.0]);
    let out = render_json(dir.path(), &project);
    // 1 + 2 + 1 s, one 0.4 s crossfade (the second scene cuts).
    let video = duration(&probe(&out));
    assert!((video - 3.6).abs() < 0.1, "{video}");
    // Scene 1 takes the default blur fit; scene 2 keeps its contain (the canvas's blue bars).
    assert!(pixel(&out, 0.2, 40, 360)[0] > 120, "blurred bar");
    assert_color(
        pixel(&out, 1.5, 40, 360),
        [0, 0, 255],
        10,
        "scene 2's own fit",
    );

    // A default that is wrong is said once, at the default, though two scenes inherit it.
    let mut bad = project.clone();
    bad["defaults"]["text"]["color"] = json!("yellowish");
    bad["scenes"][2]["texts"] = json!([{"text": "C"}]);
    let path = dir.path().join("bad.estudio");
    std::fs::write(&path, serde_json::to_vec(&bad).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    let at: Vec<&str> = loaded.problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(at, ["/defaults/text/color"], "{:#?}", loaded.problems);
    // A wrong type in a default is refused at the default, before anything else.
    bad["defaults"]["text"]["size"] = json!("big");
    std::fs::write(&path, serde_json::to_vec(&bad).unwrap()).unwrap();
    let err = load(&path).unwrap_err();
    assert_eq!(err.problem().unwrap().pointer, "/defaults/text/size");
    // A transition too long for a scene that inherited it: at the default, naming the scene.
    let mut long = project.clone();
    long["defaults"]["transition"]["duration"] = json!(0.9);
    long["scenes"][0]["duration"] = json!(0.5);
    std::fs::write(&path, serde_json::to_vec(&long).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.problems.len(), 1, "{:#?}", loaded.problems);
    assert_eq!(loaded.problems[0].pointer, "/defaults/transition/duration");
    assert!(
        loaded.problems[0].message.contains("the scene /scenes/0"),
        "{}",
        loaded.problems[0].message
    );
}

fn problems_of(dir: &Path, project: &Value) -> Vec<estudio_project::Problem> {
    let path = dir.join("p.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(project).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    if !loaded.problems.is_empty() {
        return loaded.problems;
    }
    prepare(&loaded.project, &dir.join("cache"))
        .err()
        .unwrap_or_default()
}

#[test]
fn long_text_wraps_inside_the_canvas_and_what_cannot_fit_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    // 124 characters in one line: drawn cut at both edges before.
    let long = "Neste módulo vamos estudar como os pacotes atravessam a rede, camada por camada, até chegar ao destino final sem perdas. Fim";
    assert_eq!(long.chars().count(), 124);
    let scene = |text: Value| {
        json!({
            "version": 1, "title": "Texto", "canvas": canvas(25),
            "scenes": [{"duration": 1, "background": {"color": "#000000"}, "texts": [text]}]
        })
    };
    let out = render_json(dir.path(), &scene(json!({"text": long, "size": 0.06})));
    let frame = grey_frame(&out, 0.5, 1280, 720);
    let (left, top, right, bottom) = bright_box(&frame, 1280, 128).expect("the text is drawn");
    // Inside the default width (0.9 of the canvas, centred), on several lines.
    assert!(
        left >= 60 && right <= 1220,
        "text from x={left} to x={right}"
    );
    assert!(bottom - top > 2 * 43, "several lines: {top}..{bottom}");
    let p = prepared(dir.path(), &scene(json!({"text": long, "size": 0.06})));
    let lines = p.project.scenes[0].texts[0].text.lines().count();
    assert!((2..=4).contains(&lines), "{lines} lines");
    // A narrower width wraps more.
    let narrow = prepared(
        dir.path(),
        &scene(json!({"text": long, "size": 0.06, "width": 0.4})),
    );
    assert!(narrow.project.scenes[0].texts[0].text.lines().count() > lines);

    let at = |problems: Vec<estudio_project::Problem>| -> Vec<String> {
        problems.into_iter().map(|p| p.pointer).collect()
    };
    let word = "W".repeat(300);
    assert_eq!(
        at(problems_of(dir.path(), &scene(json!({"text": word})))),
        ["/scenes/0/texts/0/text"]
    );
    let thousands = "palavra ".repeat(1200);
    let problems = problems_of(dir.path(), &scene(json!({"text": thousands})));
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].message.contains("runs off the canvas"),
        "{}",
        problems[0].message
    );
    assert_eq!(
        at(problems_of(
            dir.path(),
            &scene(json!({"text": "x", "width": 0}))
        )),
        ["/scenes/0/texts/0/width"]
    );
    // A default too small for a scene's word: said at the scene's text, the default's width
    // having made it so.
    let mut with_default =
        scene(json!({"text": "Pneumoultramicroscopicossilicovulcanoconiótico", "size": 0.1}));
    with_default["defaults"] = json!({"text": {"width": 0.2}});
    assert_eq!(
        at(problems_of(dir.path(), &with_default)),
        ["/scenes/0/texts/0/text"]
    );
}

#[test]
fn texts_enter_and_exit_frame_by_frame() {
    let dir = tempfile::tempdir().unwrap();
    let boxed = |extra: Value| {
        let mut text = json!({"text": "Olá", "size": 0.1, "color": "#ffffff",
                              "box": {"color": "#ffffff", "opacity": 1, "padding": 0.05}});
        text.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({
            "version": 1, "title": "Movimento", "canvas": canvas(25),
            "scenes": [{"duration": 3, "background": {"color": "#000000"}, "texts": [text]}]
        })
    };
    // Fading in over the first second, out over the last.
    let out = render_json(
        dir.path(),
        &boxed(
            json!({"enter": {"kind": "fade", "duration": 1}, "exit": {"kind": "fade", "duration": 1}}),
        ),
    );
    // A corner of the box (no glyph over it), frame by frame: 0 at frame 0, half at frame 12-13,
    // whole from 25.
    let (left, top, _, _) = bright_box(&grey_frame(&out, 1.5, 1280, 720), 1280, 128).unwrap();
    let (x, y) = (
        u32::try_from(left).unwrap() + 4,
        u32::try_from(top).unwrap() + 4,
    );
    let levels: Vec<u8> = pixel_per_frame(&out, x, y).iter().map(|c| c[0]).collect();
    assert_eq!(levels.len(), 75);
    assert!(levels[0] < 10, "{:?}", &levels[..5]);
    assert!(
        (110..150).contains(&levels[12]),
        "frame 12: {} of {levels:?}",
        levels[12]
    );
    assert!(
        levels[30] > 240 && levels[40] > 240,
        "{} {}",
        levels[30],
        levels[40]
    );
    assert!((110..150).contains(&levels[62]), "frame 62: {}", levels[62]);
    assert!(levels[74] < 20, "last frame: {}", levels[74]);
    for w in levels[..25].windows(2) {
        assert!(w[1] + 3 >= w[0], "fading in, never darker: {levels:?}");
    }

    // Sliding up into place: lower at first, then where it belongs.
    let out = render_json(
        dir.path(),
        &boxed(json!({"enter": {"kind": "slide-up", "duration": 1}})),
    );
    let top_at = |t: f64| bright_box(&grey_frame(&out, t, 1280, 720), 1280, 60).map(|b| b.1);
    let (early, settled) = (top_at(0.2).unwrap(), top_at(1.5).unwrap());
    assert!(early > settled + 20, "box top at {early} then {settled}");
    let later = top_at(2.5).unwrap();
    assert!(
        later.abs_diff(settled) <= 1,
        "it stays: {settled} then {later}"
    );

    // Zooming in: smaller at first, then its own size, centred where it belongs throughout.
    // (The glyphs are measured, not the box: while zooming, drawtext places the box off-centre.)
    let out = render_json(
        dir.path(),
        &boxed(json!({"enter": {"kind": "zoom", "duration": 1}, "box": {"color": "#202020"}})),
    );
    // A quarter of the way in, the text is at 0.72 of its size and a quarter of its opacity.
    let box_at = |t: f64| bright_box(&grey_frame(&out, t, 1280, 720), 1280, 40).unwrap();
    let (small, full) = (box_at(0.25), box_at(1.5));
    let width = |b: (usize, usize, usize, usize)| b.2 - b.0;
    assert!(
        width(small) * 5 < width(full) * 4,
        "{small:?} then {full:?}"
    );
    let middle = |b: (usize, usize, usize, usize)| ((b.0 + b.2) / 2, (b.1 + b.3) / 2);
    let (a, b) = (middle(small), middle(full));
    assert!(
        a.0.abs_diff(b.0) <= 4 && a.1.abs_diff(b.1) <= 6,
        "centred: {a:?} and {b:?}"
    );
}

#[test]
fn a_trim_past_its_files_end_is_a_problem_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    three_colour_clip(&dir.path().join("clip.mp4"));
    tone(&dir.path().join("voice.wav"), 660, 3.0, 48000);
    let project = json!({
        "version": 1, "title": "Trims", "canvas": canvas(25),
        "scenes": [
            {"background": {"video": "clip.mp4", "end": 10}},
            {"background": {"color": "#000"}, "narration": {"src": "voice.wav", "start": 5}},
            {"background": {"color": "#000"}, "narration": {"src": "voice.wav", "end": 99}},
        ],
        "music": {"src": "voice.wav", "end": 3.02}
    });
    let mut at: Vec<String> = problems_of(dir.path(), &project)
        .into_iter()
        .map(|p| p.pointer)
        .collect();
    at.sort();
    // The music's end is within the container's rounding of the file's: not a problem.
    assert_eq!(
        at,
        [
            "/scenes/0/background/end",
            "/scenes/1/narration/start",
            "/scenes/2/narration/end"
        ]
    );
}

/// One second of red, one of green (25 fps), with 2.5 s of sound: as a phone's recording, whose
/// sound runs on after its picture. The sound is 300 Hz in the first second, 900 Hz in the
/// second, 1500 Hz after the picture ends.
fn red_green_clip_with_longer_sound(path: &Path) {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=0xe02020:s=320x180:r=25:d=1",
        "-f",
        "lavfi",
        "-i",
        "color=c=0x20c020:s=320x180:r=25:d=1",
        "-f",
        "lavfi",
        "-i",
        "sine=f=300:d=1:r=48000",
        "-f",
        "lavfi",
        "-i",
        "sine=f=900:d=1:r=48000",
        "-f",
        "lavfi",
        "-i",
        "sine=f=1500:d=0.5:r=48000",
        "-filter_complex",
        "[0][1]concat=n=2:v=1:a=0,format=yuv420p[v];[2][3][4]concat=n=3:v=0:a=1[a]",
        "-map",
        "[v]",
        "-map",
        "[a]",
        "-c:v",
        "libx264",
        "-c:a",
        "aac",
        path.to_str().unwrap(),
    ]);
}

#[test]
fn a_looped_cut_repeats_exactly_its_frames_though_the_sound_runs_longer() {
    let dir = tempfile::tempdir().unwrap();
    red_green_clip_with_longer_sound(&dir.path().join("clip.mp4"));
    // From 0.6 s to 1.4 s: 10 red frames, then 10 green, over and over; once as the scene's
    // background, once as a clip over it.
    let project = json!({
        "version": 1, "title": "Loops", "canvas": canvas(25),
        "scenes": [
            {"duration": 2.4, "background": {"video": "clip.mp4", "start": 0.6, "end": 1.4,
                "loop": true, "audio": true}},
            {"duration": 2.4, "background": {"color": "#000"}, "videos": [{"src": "clip.mp4",
                "width": 1, "height": 1, "cut_from": 0.6, "cut_to": 1.4, "loop": true,
                "audio": true}]},
        ],
    });
    let out = render_json(dir.path(), &project);
    let frames = pixel_per_frame(&out, 160, 90);
    assert_eq!(frames.len(), 120);
    let red = |p: [u8; 3]| p[0] > 150 && p[1] < 100;
    let green = |p: [u8; 3]| p[1] > 120 && p[0] < 100;
    for (k, p) in frames.iter().enumerate() {
        let want_red = (k % 60) % 20 < 10;
        assert!(
            if want_red { red(*p) } else { green(*p) },
            "frame {k}: {p:?}, every frame: {frames:?}"
        );
    }
    // The sound of each pass is the cut's too: 300 Hz with the red, 900 Hz with the green
    // (the sound repeats at its own 2.5 s, each pass cut to the picture's).
    for pass in 0..6 {
        let at = f64::from(pass) * 0.8;
        for (from, freq, other) in [(at, 300, 900), (at + 0.4, 900, 300)] {
            let (a, b) = (from + 0.1, from + 0.3);
            let (want, not) = (tone_level(&out, a, b, freq), tone_level(&out, a, b, other));
            assert!(
                want > not + 20.0 && tone_level(&out, a, b, 1500) < want - 20.0,
                "{a}–{b} s: {freq} Hz at {want} dB, {other} Hz at {not} dB"
            );
        }
    }
}

#[test]
fn every_pass_of_a_looped_cut_has_the_same_frames() {
    let dir = tempfile::tempdir().unwrap();
    // Frame N of the clip is grey 20 + 8N: each frame is known by its level.
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=black:s=160x90:r=25:d=1,geq=lum='20+8*N':cb=128:cr=128",
        "-c:v",
        "libx264",
        "-qp",
        "0",
        "-pix_fmt",
        "yuv420p",
        dir.path().join("ramp.mp4").to_str().unwrap(),
    ]);
    // Frames 5 to 19 (0.2 s to 0.8 s), 15 frames a pass. Compared exactly, the float rounding
    // of the time within the pass dropped or doubled a frame at the edges.
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "Passes", "canvas": canvas(25),
            "scenes": [{"duration": 3, "background": {"color": "#000"},
                "videos": [{"src": "ramp.mp4", "width": 1, "height": 1, "cut_from": 0.2,
                    "cut_to": 0.8, "loop": true}]}],
        }),
    );
    // Each pass: 15 frames, each brighter than the one before; every pass the same.
    let levels: Vec<i32> = pixel_per_frame(&out, 640, 360)
        .iter()
        .map(|p| i32::from(p[1]))
        .collect();
    assert_eq!(levels.len(), 75);
    let same = |a: i32, b: i32| (a - b).abs() <= 3;
    assert!(
        levels[..15].windows(2).all(|w| w[1] > w[0] + 4)
            && levels
                .iter()
                .enumerate()
                .all(|(k, l)| same(*l, levels[k % 15])),
        "{levels:?}"
    );
    // The first is the cut's first frame (5), not the one before it or after it.
    let (before, after) = (20 + 8 * 4, 20 + 8 * 6);
    let first = (f64::from(levels[0]) * 219.0 / 255.0 + 16.0).round() as i32;
    assert!(first > before && first < after, "{levels:?}");
}

#[test]
fn a_cut_that_holds_no_frame_is_a_problem_at_its_start() {
    let dir = tempfile::tempdir().unwrap();
    red_green_clip_with_longer_sound(&dir.path().join("clip.mp4"));
    // The clip's last picture starts at 1.96 s; a loop of nothing would never end.
    let project = json!({
        "version": 1, "title": "Empty cuts", "canvas": canvas(25),
        "scenes": [
            {"duration": 1, "background": {"video": "clip.mp4", "start": 1.97, "loop": true}},
            {"duration": 1, "background": {"color": "#000"}, "videos": [{"src": "clip.mp4",
                "cut_from": 1.01, "cut_to": 1.03, "loop": true}]},
            // It holds a picture (the one at 0.96 s), but a pass of it is shorter than a frame
            // of the video, and may keep none.
            {"duration": 1, "background": {"color": "#000"}, "videos": [{"src": "clip.mp4",
                "cut_from": 0.96, "cut_to": 0.97, "loop": true}]},
            // The last picture, and one frame long: shown.
            {"duration": 1, "background": {"video": "clip.mp4", "start": 1.96, "loop": true}},
        ],
    });
    let problems = problems_of(dir.path(), &project);
    let at: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        at,
        [
            "/scenes/0/background/start",
            "/scenes/1/videos/0/cut_from",
            "/scenes/2/videos/0/cut_from"
        ],
        "{problems:#?}"
    );
    assert!(
        problems[0].message.contains("holds no picture"),
        "{problems:#?}"
    );
    assert!(
        problems[2]
            .message
            .contains("shorter than one frame of the video at 25 fps"),
        "{problems:#?}"
    );
}

#[test]
fn a_stretch_at_the_ends_of_its_range_is_taken_and_a_clip_of_unknown_length_is_said() {
    let dir = tempfile::tempdir().unwrap();
    red_green_clip_with_longer_sound(&dir.path().join("clip.mp4"));
    // A recording as a browser saves it: its file does not say how long it is.
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=red:s=160x90:r=25:d=2",
        "-c:v",
        "libvpx",
        "-f",
        "webm",
        "-live",
        "1",
        dir.path().join("live.webm").to_str().unwrap(),
    ]);
    // 0.3 s stretched to 1.2 s is exactly 0.25×, though the division gives 0.2499999….
    let project = json!({
        "version": 1, "title": "Stretches", "canvas": canvas(25),
        "scenes": [
            {"duration": 1.2, "background": {"video": "clip.mp4", "start": 1.1, "end": 1.4,
                "fit_time": "stretch"}},
            {"duration": 1, "background": {"video": "live.webm", "fit_time": "stretch"}},
            {"duration": 1, "background": {"color": "#000"}, "videos": [{"src": "live.webm",
                "cut_from": 0.5, "loop": true}]},
        ],
    });
    let problems = problems_of(dir.path(), &project);
    let at: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        at,
        ["/scenes/1/background/fit_time", "/scenes/2/videos/0/loop"],
        "{problems:#?}"
    );
    assert!(
        problems[0].message.contains("does not say how long it is"),
        "{problems:#?}"
    );
}

#[test]
fn a_clip_keeps_its_shown_shape_and_appears_with_its_first_frame_on_the_frame_grid() {
    let dir = tempfile::tempdir().unwrap();
    // 160x90 pixels twice as wide as they are tall: shown 320x90.
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=red:s=160x90:r=25:d=1,setsar=2",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        dir.path().join("wide.mp4").to_str().unwrap(),
    ]);
    // One white frame, then black.
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=white:s=160x90:r=25:d=0.04",
        "-f",
        "lavfi",
        "-i",
        "color=c=black:s=160x90:r=25:d=1",
        "-filter_complex",
        "[0][1]concat=n=2:v=1:a=0,format=yuv420p[v]",
        "-map",
        "[v]",
        "-c:v",
        "libx264",
        dir.path().join("flash.mp4").to_str().unwrap(),
    ]);
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "Shapes", "canvas": canvas(25),
            "scenes": [
                {"duration": 1, "background": {"color": "#2080f0"},
                    "videos": [{"src": "wide.mp4", "width": 0.5}]},
                // Appears at 0.5 s, between frames 12 and 13: at frame 13, with its white one.
                {"duration": 1, "background": {"color": "#2080f0"},
                    "videos": [{"src": "flash.mp4", "width": 0.5, "start": 0.5}]},
            ],
        }),
    );
    // 640 wide in the 1280x720 output, so 180 tall around the middle: rows 270 to 450.
    assert_color(
        pixel(&out, 0.5, 640, 300),
        [0xff, 0, 0],
        24,
        "inside its box",
    );
    assert_color(
        pixel(&out, 0.5, 640, 500),
        [0x20, 0x80, 0xf0],
        24,
        "below its box (a squeezed clip reached 540)",
    );
    let frames = pixel_per_frame(&out, 640, 360);
    let white = |p: [u8; 3]| p.iter().all(|c| *c > 200);
    assert!(
        !white(frames[25 + 12]) && white(frames[25 + 13]) && !white(frames[25 + 14]),
        "the white frame at frame 13 of the scene: {:?}",
        &frames[25 + 11..25 + 16]
    );
}

#[test]
fn a_scene_whose_clips_are_pictures_is_told_to_say_its_own_length() {
    let dir = tempfile::tempdir().unwrap();
    png(&dir.path().join("face.png"), 64, 64, "ff0000");
    // `defaults.duration` does not reach a scene that plays clips, so the problem does not
    // suggest it: the scene's own `duration` is what is missing.
    let project = json!({
        "version": 1, "title": "Pictures as clips", "canvas": canvas(25),
        "defaults": {"duration": 3},
        "scenes": [{"background": {"color": "#000"}, "videos": [{"src": "face.png"}]}],
    });
    let problems = problems_of(dir.path(), &project);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, "/scenes/0/duration");
    assert!(
        problems[0].message.contains("a picture given as a clip")
            && !problems[0].message.contains("defaults"),
        "{}",
        problems[0].message
    );
}

#[test]
fn a_clip_over_the_slide_is_in_its_box_while_it_is_shown_with_its_sound() {
    let dir = tempfile::tempdir().unwrap();
    three_colour_clip(&dir.path().join("clip.mp4"));
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "PiP", "canvas": canvas(25),
            "scenes": [
                // 0-4 s: the clip in the top-right quarter from 1 s to 3.5 s, with its sound.
                {"duration": 4, "background": {"color": "white"},
                 "videos": [{"src": "clip.mp4", "x": 0.75, "y": 0.25, "width": 0.4,
                             "start": 1, "end": 3.5, "audio": true}]},
                // 4-7 s, no duration: as long as its clip; a circle in a square box.
                {"background": {"color": "white"},
                 "videos": [{"src": "clip.mp4", "width": 0.25, "height": 0.4444, "mask": "circle"}]},
                // 7-11 s: held on its last frame after its cut (1.5 s from 0.5 s).
                {"duration": 4, "background": {"color": "white"},
                 "videos": [{"src": "clip.mp4", "width": 0.5, "cut_from": 0.5, "cut_to": 2}]},
                // 11-12 s: half see-through, in a rounded box.
                {"duration": 1, "background": {"color": "white"},
                 "videos": [{"src": "clip.mp4", "width": 0.5, "opacity": 0.5, "mask": "rounded"}]},
            ]
        }),
    );
    assert!((seconds(&out) - 12.0).abs() < 0.1, "{}", seconds(&out));
    let at = |t: f64, x: u32, y: u32| pixel(&out, t, x, y);
    let (white, red, green, blue) = (
        [0xff, 0xff, 0xff],
        [0xe0, 0x20, 0x20],
        [0x20, 0xc0, 0x20],
        [0x20, 0x20, 0xe0],
    );
    // Its box on the 1280x720 output: 512x288 around (960, 180), so 704-1216 by 36-324.
    assert_color(at(0.5, 960, 180), white, 16, "before it appears");
    assert_color(at(1.2, 960, 180), red, 24, "its first second");
    assert_color(at(1.2, 710, 42), red, 24, "inside its top-left corner");
    assert_color(at(1.2, 696, 180), white, 16, "left of its box");
    assert_color(at(1.2, 960, 332), white, 16, "under its box");
    assert_color(at(1.2, 320, 540), white, 16, "the slide elsewhere");
    assert_color(at(2.5, 960, 180), green, 24, "its second second");
    assert_color(
        at(3.4, 1210, 318),
        blue,
        24,
        "its third second, inside its bottom-right corner",
    );
    assert_color(at(3.7, 960, 180), white, 16, "after it leaves");
    // Its sound while it is shown, nothing before or after.
    let tone = tone_level(&out, 1.2, 3.3, 440);
    assert!(tone > -35.0, "the clip's sound: {tone} dB");
    for (from, to) in [(0.1, 0.9), (3.6, 3.9)] {
        let quiet = tone_level(&out, from, to, 440);
        assert!(quiet < tone - 30.0, "{from}-{to}: {quiet} dB");
    }
    // The circle: the clip at its centre, the slide in its box's corners.
    assert_color(at(4.5, 640, 360), red, 24, "the circle's centre");
    assert_color(
        at(4.5, 640 - 150, 360 - 150),
        white,
        24,
        "the circle's box corner",
    );
    assert_color(at(4.5, 640 - 150, 360), red, 24, "inside the circle's edge");
    assert_color(at(6.8, 640, 360), blue, 24, "the circle's clip at its end");
    // Held: 0.5-2 s of the clip is red then green; shown for 4 s, green holds.
    assert_color(at(7.2, 640, 360), red, 24, "the cut's start");
    assert_color(at(10.8, 640, 360), green, 24, "the cut's last frame, held");
    // Half red over white; the rounded corner shows the slide.
    assert_color(
        at(11.5, 640, 360),
        [0xf0, 0x90, 0x90],
        24,
        "half see-through",
    );
    assert_color(at(11.5, 322, 182), white, 16, "the rounded corner");
}

#[test]
fn a_clips_speed_changes_its_length_and_keeps_its_pitch() {
    let dir = tempfile::tempdir().unwrap();
    three_colour_clip(&dir.path().join("clip.mp4"));
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "Speed", "canvas": canvas(25),
            "scenes": [
                // 0-1.5 s: twice as fast, half as long; its sound at its pitch.
                {"background": {"video": "clip.mp4", "speed": 2, "audio": true}},
                // 1.5-7.5 s: its 3 s stretched to the scene's 6 s (half as fast).
                {"duration": 6, "background": {"video": "clip.mp4", "fit_time": "stretch"}},
                // 7.5-10.5 s: over a colour, twice as fast, then held on its last frame.
                {"duration": 3, "background": {"color": "white"},
                 "videos": [{"src": "clip.mp4", "width": 0.5, "speed": 2}]},
            ]
        }),
    );
    assert!((seconds(&out) - 10.5).abs() < 0.1, "{}", seconds(&out));
    let at = |t: f64| pixel(&out, t, 640, 360);
    let (red, green, blue) = ([0xe0, 0x20, 0x20], [0x20, 0xc0, 0x20], [0x20, 0x20, 0xe0]);
    for (t, colour, what) in [
        (0.2, red, "speed 2: the first half second"),
        (0.75, green, "speed 2: its second second, at 0.5-1 s"),
        (1.3, blue, "speed 2: its third second, at 1-1.5 s"),
        (2.5, red, "stretched: its first second, at 0-2 s"),
        (4.5, green, "stretched: its second second, at 2-4 s"),
        (7.0, blue, "stretched: its third second, at 4-6 s"),
        (7.7, red, "the layer at speed 2"),
        (8.3, green, "the layer at speed 2, 0.8 s in"),
        (10.3, blue, "the layer's last frame, held"),
    ] {
        assert_color(at(t), colour, 24, what);
    }
    // Its 440 Hz tone is still 440 Hz, not 880.
    let (at_pitch, octave_up) = (
        tone_level(&out, 0.1, 1.4, 440),
        tone_level(&out, 0.1, 1.4, 880),
    );
    assert!(
        at_pitch > -35.0 && at_pitch > octave_up + 20.0,
        "440 Hz: {at_pitch} dB, 880 Hz: {octave_up} dB"
    );
}

#[test]
fn a_texts_motion_zooms_and_pans_it_over_the_whole_scene() {
    let dir = tempfile::tempdir().unwrap();
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "Título", "canvas": canvas(25),
            "scenes": [
                // 0-4 s: twice as large at the end, on the centre.
                {"duration": 4, "background": {"color": "black"},
                 "texts": [{"text": "ZOOM", "size": 0.08,
                            "motion": {"from": {"zoom": 1}, "to": {"zoom": 2}}}]},
                // 4-8 s: the view pans left (its centre from 0.5 to 0.3 of the canvas): the
                // text goes right, by a fifth of the canvas.
                {"duration": 4, "background": {"color": "black"},
                 "texts": [{"text": "PAN", "size": 0.08,
                            "motion": {"from": {"zoom": 1}, "to": {"zoom": 1, "x": 0.3}}}]},
                // 8-12 s: a title near the bottom grows in its place, as editly's do.
                {"duration": 4, "background": {"color": "black"},
                 "texts": [{"text": "TÍTULO", "size": 0.08, "x": 0.3, "y": 0.85,
                            "motion": {"to": {"zoom": 1.5}}}]},
            ]
        }),
    );
    let bbox = |t: f64| bright_box(&grey_frame(&out, t, 1280, 720), 1280, 128).unwrap();
    let (l0, t0, r0, b0) = bbox(0.0);
    let (l1, t1, r1, b1) = bbox(3.96);
    let (w0, w1) = ((r0 - l0) as f64, (r1 - l1) as f64);
    let (h0, h1) = ((b0 - t0) as f64, (b1 - t1) as f64);
    assert!((w1 / w0 - 2.0).abs() < 0.1, "width {w0} then {w1}");
    assert!((h1 / h0 - 2.0).abs() < 0.15, "height {h0} then {h1}");
    // It grows about its line's middle: the capitals, which sit above the line's middle (the
    // line holds descenders too), rise by a few pixels as they double.
    for (what, c0, c1, tolerance) in [
        ("x", (l0 + r0) as f64 / 2.0, (l1 + r1) as f64 / 2.0, 6.0),
        ("y", (t0 + b0) as f64 / 2.0, (t1 + b1) as f64 / 2.0, 12.0),
    ] {
        assert!(
            (c0 - c1).abs() < tolerance,
            "the zoom keeps its {what} centre: {c0} then {c1}"
        );
    }
    let centre = |t: f64| {
        let (l, _, r, _) = bbox(t);
        (l + r) as f64 / 2.0
    };
    let moved = centre(7.96) - centre(4.0);
    assert!((moved - 256.0).abs() < 8.0, "panned by {moved} px, not 256");
    let (l0, t0, r0, b0) = bbox(8.0);
    let (l1, t1, r1, b1) = bbox(11.96);
    assert!(
        (((r1 - l1) as f64 / (r0 - l0) as f64) - 1.5).abs() < 0.08,
        "the title grows by half"
    );
    let (x0, x1) = ((l0 + r0) as f64 / 2.0, (l1 + r1) as f64 / 2.0);
    let (y0, y1) = ((t0 + b0) as f64 / 2.0, (t1 + b1) as f64 / 2.0);
    assert!(
        (x0 - 384.0).abs() < 6.0 && (x1 - 384.0).abs() < 6.0,
        "{x0} then {x1}"
    );
    assert!(
        (y0 - y1).abs() < 8.0,
        "the title stays at its height: {y0} then {y1}"
    );
}

#[test]
fn every_name_of_editlys_transition_list_renders() {
    // gl-transitions 1.43, the list editly takes its names from, and editly's own four.
    let names: Vec<&str> = estudio_project::GL_TRANSITIONS
        .iter()
        .copied()
        .chain([
            "directional-left",
            "directional-right",
            "directional-up",
            "directional-down",
        ])
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let colours = ["#e02020", "#2020e0"];
    let mut scenes: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({"duration": 0.4, "background": {"color": colours[i % 2]},
                   "transition": {"type": name, "duration": 0.2}})
        })
        .collect();
    scenes.push(json!({"duration": 0.4, "background": {"color": "#20c020"}}));
    let out = render_json(
        dir.path(),
        &json!({"version": 1, "title": "T", "canvas": canvas(25), "scenes": scenes}),
    );
    // 72 scenes of 10 frames, 71 transitions of 5 frames shared; frames read small.
    let raw = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(&out)
        .args([
            "-vf",
            "scale=64:36",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ])
        .output()
        .unwrap()
        .stdout;
    let frames: Vec<&[u8]> = raw.chunks_exact(64 * 36 * 3).collect();
    assert_eq!(frames.len(), 72 * 10 - 71 * 5);
    let apart = |a: &[u8], b: &[u8]| -> u64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| u64::from(x.abs_diff(*y)))
            .sum()
    };
    // Each is drawn: one of its frames is neither scene alone (a cut would be one or the other).
    for (i, name) in names.iter().enumerate() {
        let first = i * 5 + 5;
        let (a, b) = (frames[first - 1], frames[first + 5]);
        let blended = (first..first + 5)
            .map(|f| apart(frames[f], a).min(apart(frames[f], b)))
            .max()
            .unwrap();
        assert!(
            blended > 64 * 36 * 3 * 4,
            "{name}: no frame between the two scenes"
        );
    }
}

/// A 3 s grey clip with a tone of `freq` Hz.
fn tone_clip(path: &Path, freq: u32) {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=0x808080:s=160x90:r=25:d=3",
        "-f",
        "lavfi",
        "-i",
        &format!("sine=f={freq}:d=3:r=48000"),
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-shortest",
        path.to_str().unwrap(),
    ]);
}

#[test]
fn every_clip_sound_is_heard_while_its_clip_is_shown_however_many_play_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for (name, freq) in [
        ("a.mp4", 440),
        ("b.mp4", 660),
        ("c.mp4", 990),
        ("d.mp4", 1320),
    ] {
        tone_clip(&dir.path().join(name), freq);
    }
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "Sons", "canvas": canvas(25),
            "scenes": [
                // The background clip and three clips over it, all with their sound at once.
                {"duration": 3, "background": {"video": "a.mp4", "audio": true},
                 "videos": [{"src": "b.mp4", "audio": true, "x": 0.2},
                            {"src": "c.mp4", "audio": true, "x": 0.5, "start": 0.5},
                            {"src": "d.mp4", "audio": true, "x": 0.8, "start": 1, "end": 2}]},
            ]
        }),
    );
    // Each at the level it has alone, in every stretch of time it is shown.
    let alone = tone_level(&out, 1.2, 1.8, 1320);
    for (freq, from, to) in [
        (440, 0.2, 0.45),
        (440, 2.2, 2.8),
        (660, 2.2, 2.8),
        (990, 0.6, 0.95),
        (990, 2.2, 2.8),
    ] {
        let heard = tone_level(&out, from, to, freq);
        assert!(
            (heard - alone).abs() < 6.0,
            "{freq} Hz from {from} s to {to} s: {heard} dB, where one alone is {alone} dB"
        );
    }
    // The last clip's sound stops when it leaves.
    let after = tone_level(&out, 2.2, 2.8, 1320);
    assert!(
        after < tone_level(&out, 1.2, 1.8, 1320) - 25.0,
        "{after} dB after it left"
    );
}

#[test]
fn a_clip_with_its_own_transparency_shows_what_is_behind_it() {
    let dir = tempfile::tempdir().unwrap();
    // Red, its left half see-through: in QuickTime Animation, and in WebM (VP9 and VP8 keep the
    // alpha in a side stream ffmpeg's own decoders drop; libvpx reads it).
    let see_through =
        "color=c=red:s=160x90:r=25:d=1,format=rgba,geq=r=255:g=0:b=0:a='if(lt(X,80),0,255)'";
    for (file, codec) in [
        ("alpha.mov", &["-c:v", "qtrle"][..]),
        (
            "alpha9.webm",
            &["-c:v", "libvpx-vp9", "-pix_fmt", "yuva420p"][..],
        ),
        (
            "alpha8.webm",
            &[
                "-c:v",
                "libvpx",
                "-pix_fmt",
                "yuva420p",
                "-auto-alt-ref",
                "0",
            ][..],
        ),
    ] {
        let path = dir.path().join(file);
        let mut args = vec!["-f", "lavfi", "-i", see_through];
        args.extend(codec);
        args.push(path.to_str().unwrap());
        ffmpeg(&args);
        let out = render_json(
            dir.path(),
            &json!({
                "version": 1, "title": "Alfa", "canvas": canvas(25),
                "scenes": [{"duration": 1, "background": {"color": "#2080f0"},
                            "videos": [{"src": file, "width": 0.5}]}]
            }),
        );
        // The box is 640x360 around the middle of the 1280x720 output.
        assert_color(
            pixel(&out, 0.5, 480, 360),
            [0x20, 0x80, 0xf0],
            24,
            &format!("the see-through half of {file}"),
        );
        assert_color(
            pixel(&out, 0.5, 800, 360),
            [0xff, 0, 0],
            24,
            &format!("the opaque half of {file}"),
        );
    }
    // A mask keeps what the clip itself hides: its transparency times the mask's.
    let out = render_json(
        dir.path(),
        &json!({
            "version": 1, "title": "Alfa", "canvas": canvas(25),
            "scenes": [{"duration": 1, "background": {"color": "#2080f0"},
                        "videos": [{"src": "alpha.mov", "width": 0.5, "mask": "rounded"}]}]
        }),
    );
    assert_color(
        pixel(&out, 0.5, 480, 360),
        [0x20, 0x80, 0xf0],
        24,
        "the see-through half, masked",
    );
    assert_color(
        pixel(&out, 0.5, 800, 360),
        [0xff, 0, 0],
        24,
        "the opaque half, masked",
    );
    assert_color(
        pixel(&out, 0.5, 962, 182),
        [0x20, 0x80, 0xf0],
        24,
        "the corner the mask rounds off",
    );
}
