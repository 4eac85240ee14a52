//! Project files in, located problems out: one test per kind of problem, asserting the pointer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use estudio_project::{load, Color, LoadError, Problem, ProblemKind};
use serde_json::{json, Value};

/// A valid two-scene project whose media exist in `dir`.
fn valid(dir: &Path) -> Value {
    std::fs::write(dir.join("a.png"), b"png bytes are not checked here").unwrap();
    std::fs::write(dir.join("voice.wav"), b"wav").unwrap();
    json!({
        "version": 1,
        "title": "T",
        "canvas": {"width": 640, "height": 360, "fps": 25},
        "scenes": [
            {"duration": 2, "background": {"image": "a.png"}, "narration": {"src": "voice.wav"},
             "transition": {"type": "fade", "duration": 0.5}},
            {"duration": 2, "background": {"color": "#112233"}, "texts": [{"text": "x"}]}
        ]
    })
}

fn problems_of(dir: &Path, project: &Value) -> Vec<Problem> {
    let path = dir.join("p.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(project).unwrap()).unwrap();
    match load(&path) {
        Ok(loaded) => loaded.problems,
        Err(LoadError::Malformed { problem, .. }) => vec![*problem],
        Err(e) => panic!("unexpected load error: {e}"),
    }
}

fn assert_one(problems: &[Problem], kind: ProblemKind, pointer: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.kind == kind && p.pointer == pointer),
        "expected {kind:?} at {pointer}, got {problems:#?}"
    );
}

#[test]
fn valid_project_has_no_problems() {
    let dir = tempfile::tempdir().unwrap();
    let p = valid(dir.path());
    assert_eq!(problems_of(dir.path(), &p), vec![]);
}

#[test]
fn missing_file_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][0]["narration"]["src"] = json!("nope.wav");
    let problems = problems_of(dir.path(), &p);
    assert_one(
        &problems,
        ProblemKind::FileNotFound,
        "/scenes/0/narration/src",
    );
    assert_eq!(
        problems[0].to_string(),
        "/scenes/0/narration/src: file not found: nope.wav"
    );
}

#[test]
fn bad_colour_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][1]["background"]["color"] = json!("bluish");
    p["scenes"][1]["texts"][0]["color"] = json!("#12345");
    let problems = problems_of(dir.path(), &p);
    assert_one(
        &problems,
        ProblemKind::BadColor,
        "/scenes/1/background/color",
    );
    assert_one(&problems, ProblemKind::BadColor, "/scenes/1/texts/0/color");
}

#[test]
fn negative_duration_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][1]["duration"] = json!(-3);
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::OutOfRange,
        "/scenes/1/duration",
    );
}

#[test]
fn transition_longer_than_its_scene_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][0]["transition"]["duration"] = json!(2.5);
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::TransitionTooLong,
        "/scenes/0/transition/duration",
    );
}

#[test]
fn transition_longer_than_the_next_scene_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][0]["duration"] = json!(5);
    p["scenes"][0]["transition"]["duration"] = json!(3);
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::TransitionTooLong,
        "/scenes/0/transition/duration",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["canvas"]["fps"] = json!(0);
    p["scenes"][0]["background"]["image"] = json!("missing.png");
    p["scenes"][1]["texts"][0]["x"] = json!(1.5);
    p["scenes"][0]["transition"]["type"] = json!("spin");
    let problems = problems_of(dir.path(), &p);
    assert_one(&problems, ProblemKind::OutOfRange, "/canvas/fps");
    assert_one(
        &problems,
        ProblemKind::FileNotFound,
        "/scenes/0/background/image",
    );
    assert_one(&problems, ProblemKind::OutOfRange, "/scenes/1/texts/0/x");
    assert_one(
        &problems,
        ProblemKind::UnknownTransition,
        "/scenes/0/transition/type",
    );
}

#[test]
fn wrong_type_is_located_by_the_parser() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][1]["duration"] = json!("two seconds");
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Structure,
        "/scenes/1/duration",
    );
}

#[test]
fn unknown_field_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][0]["durration"] = json!(1);
    let problems = problems_of(dir.path(), &p);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::Structure);
    assert!(problems[0].pointer.starts_with("/scenes/0"), "{problems:?}");
    assert!(problems[0].message.contains("durration"), "{problems:?}");
}

#[test]
fn an_unknown_field_inside_a_background_is_located_as_anywhere_else() {
    let dir = tempfile::tempdir().unwrap();
    for (background, field) in [
        (json!({"image": "a.png", "fitt": "contain"}), "fitt"),
        (json!({"video": "v.mp4", "speeed": 2}), "speeed"),
        (json!({"color": "#000", "fit": "cover"}), "fit"),
    ] {
        let mut p = valid(dir.path());
        p["scenes"][0]["background"] = background;
        let problems = problems_of(dir.path(), &p);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].kind, ProblemKind::Structure);
        assert_eq!(problems[0].pointer, format!("/scenes/0/background/{field}"));
        assert!(
            problems[0]
                .message
                .contains(&format!("unknown field `{field}`, expected one of")),
            "{problems:?}"
        );
    }
    // The schema says so too, for editors that check projects as they are typed.
    let schema = estudio_project::json_schema();
    for v in schema["$defs"]["Background"]["anyOf"].as_array().unwrap() {
        assert_eq!(v["additionalProperties"], false);
    }
}

#[test]
fn a_value_of_the_wrong_type_inside_a_background_is_said_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    for (background, pointer, says) in [
        (
            json!({"video": "v.mp4", "speed": "fast"}),
            "/scenes/0/background/speed",
            "\"fast\" is not a value this field takes: it takes a number",
        ),
        (
            json!({"video": "v.mp4", "audio": true, "loop": "yes"}),
            "/scenes/0/background/loop",
            "it takes true or false",
        ),
        (
            json!({"video": 5, "audio": true}),
            "/scenes/0/background/video",
            "5 is not a value this field takes: it takes a text in quotes",
        ),
        (
            json!({"video": "v.mp4", "fit_time": "squeeze"}),
            "/scenes/0/background/fit_time",
            "it takes one of `stretch`",
        ),
        (
            json!({"image": "a.png", "fit": "cove"}),
            "/scenes/0/background/fit",
            "it takes one of `cover`, `contain`, `stretch`, `blur`",
        ),
        (
            json!({"image": "a.png", "motion": {"to": {"zoom": "2"}}}),
            "/scenes/0/background/motion/to/zoom",
            "invalid type: string",
        ),
        (
            json!({"color": ["red"]}),
            "/scenes/0/background/color",
            "it takes a text in quotes",
        ),
    ] {
        let mut p = valid(dir.path());
        p["scenes"][0]["background"] = background;
        let problems = problems_of(dir.path(), &p);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].kind, ProblemKind::Structure);
        assert_eq!(problems[0].pointer, pointer, "{problems:?}");
        assert!(problems[0].message.contains(says), "{problems:?}");
    }
}

#[test]
fn malformed_json_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.estudio");
    std::fs::write(&path, "{\"version\": 1,\n \"title\": }").unwrap();
    let err = load(&path).unwrap_err();
    let problem = err.problem().expect("a located problem");
    assert_eq!(problem.kind, ProblemKind::Syntax);
    assert!(problem.message.contains("line 2"), "{problem:?}");
}

#[test]
fn paths_are_made_absolute_against_the_project_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = valid(dir.path());
    let path = dir.path().join("p.estudio");
    std::fs::write(&path, serde_json::to_vec(&p).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    for media in loaded.project.media() {
        assert!(Path::new(&media.path).is_absolute(), "{media:?}");
        assert!(Path::new(&media.path).exists(), "{media:?}");
    }
}

#[test]
fn sample_project_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path =
        estudio_project::sample::install(dir.path(), estudio_project::files::Existing::Replace)
            .unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let t = loaded.project.timeline();
    // 6 + 4.5 + 3 seconds minus two 0.5 s transitions, at 30 fps.
    assert_eq!(t.total_frames, 375);
}

#[test]
fn timeline_follows_the_formula() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"duration": 1.5, "background": {"color": "#000000"}}));
    p["scenes"][1]["transition"] = json!({"type": "cut", "duration": 0});
    let path = dir.path().join("p.estudio");
    std::fs::write(&path, serde_json::to_vec(&p).unwrap()).unwrap();
    let t = load(&path).unwrap().project.timeline();
    let starts: Vec<u64> = t.scenes.iter().map(|s| s.start).collect();
    // 25 fps: scene 1 starts at 1.5 s (frame 37.5, rounded up to 38) and ends at 3.5 s
    // (87.5 -> 88), where the cut puts scene 2; the video ends at exactly 5 s.
    assert_eq!(starts, vec![0, 38, 88]);
    assert_eq!(t.total_frames, 125);
}

#[test]
fn new_fields_are_checked_each_at_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][0]["background"]["motion"] = json!({"to": {"zoom": 9, "x": 2}});
    p["scenes"][0]["narration"]["delay"] = json!(5);
    p["scenes"][0]["images"] =
        json!([{"src": "a.png", "width": 0, "opacity": 1.5, "start": 1, "end": 0.5}]);
    p["scenes"][1]["texts"][0]["box"] = json!({"color": "blackish", "padding": 1});
    p["scenes"][1]["texts"][0]["shadow"] = json!({"x": 0.5});
    p["scenes"][1]["texts"][0]["end"] = json!(3);
    p["scenes"][1]["texts"][0]["font_file"] = json!("missing.ttf");
    p["scenes"][1]["background"] = json!({"video": "a.png", "start": -1, "volume": 11});
    let problems = problems_of(dir.path(), &p);
    for (kind, pointer) in [
        (
            ProblemKind::OutOfRange,
            "/scenes/0/background/motion/to/zoom",
        ),
        (ProblemKind::OutOfRange, "/scenes/0/background/motion/to/x"),
        (ProblemKind::OutOfRange, "/scenes/0/narration/delay"),
        (ProblemKind::OutOfRange, "/scenes/0/images/0/width"),
        (ProblemKind::OutOfRange, "/scenes/0/images/0/opacity"),
        (ProblemKind::OutOfRange, "/scenes/0/images/0/end"),
        (ProblemKind::BadColor, "/scenes/1/texts/0/box/color"),
        (ProblemKind::OutOfRange, "/scenes/1/texts/0/box/padding"),
        (ProblemKind::OutOfRange, "/scenes/1/texts/0/shadow/x"),
        (ProblemKind::OutOfRange, "/scenes/1/texts/0/end"),
        (ProblemKind::FileNotFound, "/scenes/1/texts/0/font_file"),
        (ProblemKind::OutOfRange, "/scenes/1/background/start"),
        (ProblemKind::OutOfRange, "/scenes/1/background/volume"),
    ] {
        assert_one(&problems, kind, pointer);
    }
    assert_eq!(problems.len(), 13, "{problems:#?}");
}

#[test]
fn a_duration_may_only_be_left_to_a_narration() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    // Scene 0 has a narration: its duration may be omitted (it is measured when prepared).
    p["scenes"][0].as_object_mut().unwrap().remove("duration");
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    // Scene 1 has none.
    p["scenes"][1].as_object_mut().unwrap().remove("duration");
    p["scenes"][1]["pad"] = json!(-1);
    let problems = problems_of(dir.path(), &p);
    assert_one(&problems, ProblemKind::Empty, "/scenes/1/duration");
    assert_one(&problems, ProblemKind::OutOfRange, "/scenes/1/pad");
}

#[test]
fn a_narration_is_a_recording_or_a_text_with_a_voice() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][0]["narration"] = json!({"src": "voice.wav", "text": "both"});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Structure,
        "/scenes/0/narration",
    );
    p["scenes"][0]["narration"] = json!({"volume": 1});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Empty,
        "/scenes/0/narration",
    );
    p["scenes"][0]["narration"] = json!({"text": "Olá", "voice": "pt-br; rm -rf /"});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::UnknownVoice,
        "/scenes/0/narration/voice",
    );
    p["scenes"][0]["narration"] = json!({"text": "Olá", "voice": "en-us"});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
}

#[test]
fn paths_that_look_like_urls_or_protocols_are_only_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    for (i, path) in [
        "http://example.com/a.png",
        "concat:a.png|a.png",
        "subfile,,start,0,end,10,,:a.png",
        "data:image/png;base64,AAAA",
        "-i",
    ]
    .iter()
    .enumerate()
    {
        p["scenes"][0]["background"]["image"] = json!(path);
        let problems = problems_of(dir.path(), &p);
        assert_one(
            &problems,
            ProblemKind::FileNotFound,
            "/scenes/0/background/image",
        );
        assert!(problems[0].message.contains(path), "{i}: {}", problems[0]);
    }
    // A device behind a link is not a regular file.
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.png")).unwrap();
    p["scenes"][0]["background"]["image"] = json!("zero.png");
    let problems = problems_of(dir.path(), &p);
    assert_one(
        &problems,
        ProblemKind::FileNotFound,
        "/scenes/0/background/image",
    );
    assert!(
        problems[0].message.contains("not a regular file"),
        "{}",
        problems[0]
    );
}

/// A project of colour scenes with these durations and transitions out (seconds), at `fps`.
fn timed(durations: &[f64], transitions: &[f64], fps: u32) -> estudio_project::Project {
    let scenes: Vec<Value> = durations
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut s = json!({"duration": d, "background": {"color": "#000000"}});
            if let Some(t) = transitions.get(i) {
                s["transition"] = json!({"type": "fade", "duration": t});
            }
            s
        })
        .collect();
    let p = json!({"version": 1, "title": "t", "canvas": {"width": 64, "height": 36, "fps": fps},
                   "scenes": scenes});
    estudio_project::parse(p.to_string().as_bytes()).unwrap()
}

#[test]
fn transitions_rounded_to_frames_stay_inside_their_scenes() {
    // Valid in seconds (0.45 + 0.55 = 1 s), but at 30 fps 13.5 -> 14 and 16.5 -> 17 frames
    // each would be 31 frames of a 30-frame scene. Boundaries are rounded instead: scene 1
    // starts at 0.55 s (16.5 -> frame 17) and ends at 1.55 s (46.5 -> 47), scene 2 starts at
    // 1 s (frame 30): the fades are 13 and 17 frames, exactly the scene between them.
    let p = timed(&[1.0, 1.0, 1.0], &[0.45, 0.55], 30);
    assert_eq!(estudio_project::validate(&p, Path::new("/")), vec![]);
    let t = p.timeline();
    let outs: Vec<u64> = t.scenes.iter().map(|s| s.transition_out).collect();
    assert_eq!(outs, vec![13, 17, 0]);
    assert_eq!(t.total_frames, 60);

    // Every valid combination on a grid: incoming + outgoing fit in each scene, and each
    // transition fits in the next scene.
    let steps = [0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.5, 0.55, 0.65];
    for fps in [10, 24, 25, 30] {
        for d in [0.2, 0.5, 0.7, 1.0] {
            for a in steps {
                for b in steps {
                    let p = timed(&[1.0, d, 0.6], &[a, b], fps);
                    if !estudio_project::validate(&p, Path::new("/")).is_empty() {
                        continue;
                    }
                    let t = p.timeline();
                    for (i, s) in t.scenes.iter().enumerate() {
                        let incoming = if i == 0 {
                            0
                        } else {
                            t.scenes[i - 1].transition_out
                        };
                        assert!(
                            incoming + s.transition_out <= s.frames,
                            "{fps} fps, {d} s, {a} + {b}: {t:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_timeline_never_drifts_from_the_durations() {
    // 80 scenes of 1 s with 0.25 s fades at 30 fps: 80 - 79 × 0.25 = 60.25 s. Each 7.5-frame
    // fade rounded on its own to 8 frames made 58.93 s.
    let p = timed(&[1.0; 80], &[0.25; 79], 30);
    assert_eq!(estudio_project::validate(&p, Path::new("/")), vec![]);
    let t = p.timeline();
    assert_eq!(
        t.total_frames, 1808,
        "60.25 s × 30 = 1807.5 frames, rounded"
    );
    // Four scenes of 2 s with 0.5 s fades at 25 fps: 6.5 s (162.5 frames, rounded), not 6.44.
    let p = timed(&[2.0; 4], &[0.5; 3], 25);
    assert_eq!(p.timeline().total_frames, 163);
    // Every boundary, for many durations and rates, within half a frame of the exact time.
    let durations = [0.7, 1.3, 2.05, 0.55, 3.33, 1.0, 0.9, 5.25, 0.61, 1.17];
    let fades = [0.2, 0.0, 0.33, 0.15, 0.5, 0.1, 0.25, 0.3, 0.12];
    for fps in [10, 12, 24, 25, 30, 50, 60] {
        let p = timed(&durations, &fades, fps);
        assert_eq!(estudio_project::validate(&p, Path::new("/")), vec![]);
        let t = p.timeline();
        let mut exact_start = 0.0;
        for (i, span) in t.scenes.iter().enumerate() {
            let exact_end = exact_start + durations[i];
            let half = 0.5 / f64::from(fps) + 1e-9;
            let start = span.start as f64 / f64::from(fps);
            let end = (span.start + span.frames) as f64 / f64::from(fps);
            assert!(
                (start - exact_start).abs() <= half,
                "{fps} fps, scene {i} starts at {start}, not {exact_start}"
            );
            assert!(
                (end - exact_end).abs() <= half,
                "{fps} fps, scene {i} ends at {end}, not {exact_end}"
            );
            exact_start = exact_end - fades.get(i).copied().unwrap_or(0.0);
        }
        let exact: f64 = durations.iter().sum::<f64>() - fades.iter().sum::<f64>();
        assert!(
            (t.duration_secs() - exact).abs() <= 0.5 / f64::from(fps) + 1e-9,
            "{fps} fps"
        );
    }
    // A thousand scenes whose every duration and fade sits just off a tick of a coarser count
    // (thousandths of a frame lost 0.98 frames here): still within half a frame.
    let (d, f) = (1.0 + 0.49 / 30_000.0, 0.25 + 0.51 / 30_000.0);
    let mut durations = vec![d; 1000];
    durations[0] += 0.5 / 30.0;
    let p = timed(&durations, &vec![f; 999], 30);
    let exact = (durations.iter().sum::<f64>() - 999.0 * f) * 30.0;
    let frames = p.timeline().total_frames as f64;
    assert!((frames - exact).abs() <= 0.5, "{frames} frames for {exact}");
}

#[test]
fn a_slice_of_the_timeline_keeps_its_layout() {
    let p = timed(&[1.0, 2.0, 1.5, 1.0], &[0.5, 0.0, 0.3], 10);
    let whole = p.timeline();
    let part = whole.slice(1..3);
    assert_eq!(part.scenes.len(), 2);
    assert_eq!(part.scenes[0].start, 0);
    assert_eq!(part.scenes[0].frames, 20);
    // Scene 2 starts where it does in the whole video, counted from scene 1's start.
    assert_eq!(
        part.scenes[1].start,
        whole.scenes[2].start - whole.scenes[1].start
    );
    // The last one's transition belongs to the next slice.
    assert_eq!(part.scenes[1].transition_out, 0);
    assert_eq!(part.total_frames, 20 + 15);
}

#[test]
fn voices_rates_and_pauses_are_checked_where_written_the_scene_or_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][0]["narration"] = json!({"text": "Olá", "voice": "piper:pt_BR-faber-medium"});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    for (voice, ok) in [
        ("piper:../../etc/passwd", false),
        ("piper:", false),
        ("piper:a b", false),
        ("vozes/faber.onnx", true),
        ("/abs/faber.ONNX", true),
    ] {
        p["scenes"][0]["narration"]["voice"] = json!(voice);
        let problems = problems_of(dir.path(), &p);
        if ok {
            assert_eq!(problems, vec![], "{voice}");
        } else {
            assert_one(
                &problems,
                ProblemKind::UnknownVoice,
                "/scenes/0/narration/voice",
            );
        }
    }
    p["scenes"][0]["narration"] = json!({"text": "Olá", "rate": 3, "pause": -1});
    p["defaults"] = json!({"narration": {"voice": "no voice!", "rate": 0.1, "pause": 9}});
    let problems = problems_of(dir.path(), &p);
    let mut at: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
    at.sort_unstable();
    // Each once: the default voice the scene inherited is said at the default.
    assert_eq!(
        at,
        [
            "/defaults/narration/pause",
            "/defaults/narration/rate",
            "/defaults/narration/voice",
            "/scenes/0/narration/pause",
            "/scenes/0/narration/rate",
        ],
        "{problems:#?}"
    );
    p["defaults"] = json!({"narration": {"tone": "happy"}});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Structure,
        "/defaults/narration/tone",
    );
}

#[test]
fn a_voice_named_by_its_file_is_found_beside_the_project_and_defaults_fill_what_a_scene_omits() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    p["scenes"][0]["narration"] = json!({"text": "Um", "voice": "vozes/faber.onnx", "rate": 1.2});
    p["scenes"][1]["narration"] = json!({"text": "Dois"});
    p["defaults"] = json!({"narration": {"voice": "en-us", "pause": 0.4}});
    let path = dir.path().join("p.estudio");
    std::fs::write(&path, serde_json::to_vec(&p).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let one = loaded.project.speech(0).unwrap();
    assert_eq!(
        Path::new(&one.voice),
        dir.path().join("vozes/faber.onnx"),
        "made absolute like media"
    );
    assert_eq!((one.rate, one.pause), (1.2, Some(0.4)));
    assert_eq!(one.rate_at.to_string(), "/scenes/0/narration/rate");
    assert_eq!(one.pause_at.to_string(), "/defaults/narration/pause");
    let two = loaded.project.speech(1).unwrap();
    assert_eq!((two.voice.as_str(), two.rate), ("en-us", 1.0));
    assert_eq!(two.voice_at.to_string(), "/defaults/narration/voice");
    // Without any default, pt-br as before.
    p.as_object_mut().unwrap().remove("defaults");
    std::fs::write(&path, serde_json::to_vec(&p).unwrap()).unwrap();
    assert_eq!(
        load(&path).unwrap().project.speech(1).unwrap().voice,
        "pt-br"
    );
    assert_eq!(load(&path).unwrap().project.speech(0).unwrap().pause, None);
}

#[test]
fn colours_are_read_as_css_writes_them_everywhere_a_colour_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let fields: [&[&str]; 6] = [
        &["scenes", "1", "background", "color"],
        &["scenes", "1", "texts", "0", "color"],
        &["scenes", "1", "texts", "0", "outline", "color"],
        &["scenes", "1", "texts", "0", "box", "color"],
        &["scenes", "1", "texts", "0", "shadow", "color"],
        &["canvas", "background"],
    ];
    let set = |p: &mut Value, path: &[&str], v: &str| {
        let mut at = p;
        for k in &path[..path.len() - 1] {
            at = match k.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*k],
            };
        }
        at[path[path.len() - 1]] = json!(v);
    };
    let mut base = valid(dir.path());
    base["scenes"][1]["texts"][0]["outline"] = json!({"width": 0.004});
    base["scenes"][1]["texts"][0]["box"] = json!({});
    base["scenes"][1]["texts"][0]["shadow"] = json!({});
    for colour in [
        "#fff",
        "#FFFFFF",
        "#ffff",
        "#ffffff80",
        "white",
        "RebeccaPurple",
        "rgb(10, 20, 30)",
        "rgba(10,20,30,0.5)",
        "rgb(10 20 30 / 50%)",
        "hsl(120 100% 25%)",
    ] {
        for field in fields {
            let mut p = base.clone();
            set(&mut p, field, colour);
            let problems = problems_of(dir.path(), &p);
            let see_through = Color::parse(colour).is_some_and(|c| !c.is_opaque());
            if field[0] == "canvas" && see_through {
                // Nothing is behind the canvas.
                assert_one(&problems, ProblemKind::BadColor, "/canvas/background");
                assert!(problems[0].message.contains("see-through"), "{problems:?}");
            } else {
                assert_eq!(problems, vec![], "{colour} at {field:?}");
            }
        }
    }
    for bad in ["bluish", "#12345", "cafe", "rgb(1,2)", "url(x.png)", ""] {
        for field in fields {
            let mut p = base.clone();
            set(&mut p, field, bad);
            let pointer = format!("/{}", field.join("/"));
            assert_one(
                &problems_of(dir.path(), &p),
                ProblemKind::BadColor,
                &pointer,
            );
        }
    }
}

#[test]
fn transitions_are_named_as_people_write_them_and_the_messages_name_scenes_one_way() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    for name in [
        "Fade",
        "WIPE-LEFT",
        "crossfade",
        "directional-left",
        "random",
        "CUT",
    ] {
        let duration = if name == "CUT" {
            json!(null)
        } else {
            json!(0.5)
        };
        p["scenes"][0]["transition"] = json!({"type": name, "duration": duration});
        assert_eq!(problems_of(dir.path(), &p), vec![], "{name}");
    }
    // Omitted: half a second, or none for a cut.
    p["scenes"][0]["transition"] = json!({"type": "dissolve"});
    let path = dir.path().join("p.estudio");
    std::fs::write(&path, serde_json::to_vec(&p).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.problems, vec![]);
    // 4 s of scenes, half a second shared (to the frame at 25 fps).
    let d = loaded.project.timeline().duration_secs();
    assert!((d - 3.5).abs() <= 0.04, "{d}");
    // A cut that says how long it lasts is said, not silently ignored.
    p["scenes"][0]["transition"] = json!({"type": "cut", "duration": 1});
    let problems = problems_of(dir.path(), &p);
    assert_one(
        &problems,
        ProblemKind::OutOfRange,
        "/scenes/0/transition/duration",
    );
    assert!(
        problems[0].message.contains("a cut has no duration"),
        "{}",
        problems[0].message
    );
    // Nor is a pace given to a cut, which has no time to pace.
    p["scenes"][0]["transition"] = json!({"type": "cut", "easing": "ease-in"});
    let problems = problems_of(dir.path(), &p);
    assert_one(
        &problems,
        ProblemKind::Structure,
        "/scenes/0/transition/easing",
    );
    assert!(
        problems[0].message.contains("a cut has no pace"),
        "{}",
        problems[0].message
    );
    // A pace among the defaults is the fades', as their duration is: a cut does not take it.
    p["defaults"] = json!({"transition": {"type": "fade", "duration": 0.5, "easing": "ease-in"}});
    p["scenes"][0]["transition"] = json!({"type": "cut"});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    p.as_object_mut().unwrap().remove("defaults");
    // The last scene's transition leads nowhere: ignored, so not checked.
    p["scenes"][0]["transition"] = json!({"type": "fade", "duration": 0.5});
    p["scenes"][1]["transition"] = json!({"type": "directional", "duration": 99});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    p["scenes"][0]["transition"] = json!({"type": "cubes", "duration": 0.5});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::UnknownTransition,
        "/scenes/0/transition/type",
    );
    // editly's whole list is known, with its paces.
    p["scenes"][0]["transition"] =
        json!({"type": "cube", "duration": 0.5, "easing": "easeInOutCubic"});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    // Paces are read as names are: in any case, with or without separators.
    for easing in ["EaseIn", "ease_out", "EASE-IN-OUT", "easeOutExpo", "Linear"] {
        p["scenes"][0]["transition"] = json!({"type": "fade", "easing": easing});
        std::fs::write(dir.path().join("p.estudio"), p.to_string()).unwrap();
        let loaded = load(&dir.path().join("p.estudio")).unwrap();
        assert_eq!(loaded.problems, vec![], "{easing}");
        assert!(loaded.project.scenes[0]
            .transition
            .as_ref()
            .unwrap()
            .easing
            .is_some());
    }
    p["scenes"][0]["transition"] = json!({"type": "fade", "easing": "bouncy"});
    let problems = problems_of(dir.path(), &p);
    assert!(
        problems[0].message.contains("ease-in-out"),
        "{}",
        problems[0].message
    );
    assert_one(
        &problems,
        ProblemKind::Structure,
        "/scenes/0/transition/easing",
    );
    // A scene is named as the user counts it and as the pointer does.
    p["scenes"][0]["transition"] = json!({"type": "fade", "duration": 2.5});
    let problems = problems_of(dir.path(), &p);
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("the scene /scenes/0")),
        "{problems:#?}"
    );
}

#[test]
fn hostile_values_of_the_new_fields_are_problems_at_their_pointers() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = valid(dir.path());
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"image": "a.png", "fit": "blur", "blur": 1e9}),
            "/scenes/0/background/blur",
        ),
        (
            json!({"image": "a.png", "fit": "blur", "blur": -1}),
            "/scenes/0/background/blur",
        ),
        (
            json!({"image": "a.png", "fit": "cover", "blur": 0.1}),
            "/scenes/0/background/blur",
        ),
        (
            json!({"gradient": {"colors": ["red"]}}),
            "/scenes/0/background/gradient/colors",
        ),
        (
            json!({"gradient": {"colors": ["red", "blue", "red", "blue", "red", "blue", "red",
                                           "blue", "red"]}}),
            "/scenes/0/background/gradient/colors",
        ),
        (
            json!({"gradient": {"colors": ["red", "blueish"]}}),
            "/scenes/0/background/gradient/colors/1",
        ),
        (
            json!({"gradient": {"colors": ["red", "blue"], "angle": 1e300}}),
            "/scenes/0/background/gradient/angle",
        ),
        (
            json!({"gradient": {"type": "conic", "colors": ["red", "blue"]}}),
            "/scenes/0/background/gradient/type",
        ),
        (
            json!({"gradient": {"colors": ["red", "blue"], "moving": "yes"}}),
            "/scenes/0/background/gradient/moving",
        ),
        // A radial gradient has no direction: an angle there is said, not ignored.
        (
            json!({"gradient": {"type": "radial", "colors": ["red", "blue"], "angle": 45}}),
            "/scenes/0/background/gradient/angle",
        ),
    ];
    for (background, pointer) in cases {
        p["scenes"][0]["background"] = background;
        let problems = problems_of(dir.path(), &p);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].pointer, pointer);
    }
    p["scenes"][0]["background"] = json!({"image": "a.png", "fit": "blur", "blur": 0.25});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    p["scenes"][0]["background"] = json!({"gradient": {"type": "radial",
        "colors": ["#fff8", "hsl(120 100% 25%)", "navy"], "moving": true}});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    p["scenes"][0]["background"] = json!({"gradient": {"type": "linear",
        "colors": ["#fff8", "navy"], "angle": -45, "moving": true}});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    for (text, pointer) in [
        (json!({"text": "x", "width": 0}), "/scenes/1/texts/0/width"),
        (
            json!({"text": "x", "width": 1e300}),
            "/scenes/1/texts/0/width",
        ),
        (
            json!({"text": "x", "enter": {"kind": "fade", "duration": 60}}),
            "/scenes/1/texts/0/enter/duration",
        ),
        (
            json!({"text": "x", "exit": {"kind": "zoom", "duration": 0}}),
            "/scenes/1/texts/0/exit/duration",
        ),
        (
            json!({"text": "x", "enter": {"kind": "spin"}}),
            "/scenes/1/texts/0/enter/kind",
        ),
    ] {
        p["scenes"][1]["texts"][0] = text;
        let problems = problems_of(dir.path(), &p);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert_eq!(problems[0].pointer, pointer, "{problems:#?}");
    }
    p["scenes"][1]["texts"][0] = json!({"text": "x"});
    // Trims that keep nothing, and a music that starts after the video ends.
    p["scenes"][0]["narration"] = json!({"src": "voice.wav", "start": 2, "end": 1});
    p["music"] = json!({"src": "voice.wav", "delay": 1e6});
    let mut at: Vec<String> = problems_of(dir.path(), &p)
        .into_iter()
        .map(|p| p.pointer)
        .collect();
    at.sort();
    assert_eq!(at, ["/music/delay", "/scenes/0/narration/end"]);
    p["scenes"][0]["narration"] = json!({"text": "Olá", "start": 1});
    p.as_object_mut().unwrap().remove("music");
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Structure,
        "/scenes/0/narration/start",
    );
}

#[test]
fn every_transition_has_a_name_people_read_in_both_languages() {
    for name in estudio_project::TRANSITIONS {
        let pt = estudio_words::Message::TransitionName {
            name: (*name).to_owned(),
        }
        .words(estudio_words::Lang::PtBr);
        assert_ne!(pt, *name, "{name} has no Portuguese name");
        assert!(!pt.is_empty());
    }
}

#[test]
fn a_clip_over_the_background_has_its_hostile_values_refused_at_their_pointers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rosto.mp4"), b"not probed here").unwrap();
    let mut p = valid(dir.path());
    let ok = json!({"src": "rosto.mp4", "x": 0.85, "y": 0.8, "width": 0.25, "height": 0.4,
                    "mask": "circle", "speed": 0.25, "start": 0.5, "end": 1.5, "cut_from": 2, "cut_to": 4,
                    "audio": true, "volume": 0.8, "loop": true, "opacity": 0.9});
    p["scenes"][0]["videos"] = json!([ok]);
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    for (field, value, pointer) in [
        ("src", json!("falta.mp4"), "/scenes/0/videos/0/src"),
        ("width", json!(0), "/scenes/0/videos/0/width"),
        ("height", json!(1.5), "/scenes/0/videos/0/height"),
        ("fit", json!("blur"), "/scenes/0/videos/0/fit"),
        ("opacity", json!(2), "/scenes/0/videos/0/opacity"),
        ("x", json!(-1), "/scenes/0/videos/0/x"),
        ("end", json!(0.2), "/scenes/0/videos/0/end"),
        ("start", json!(-1), "/scenes/0/videos/0/start"),
        ("cut_to", json!(1), "/scenes/0/videos/0/cut_to"),
        ("cut_from", json!(-3), "/scenes/0/videos/0/cut_from"),
        ("volume", json!(1e9), "/scenes/0/videos/0/volume"),
        ("mask", json!("star"), "/scenes/0/videos/0/mask"),
        ("speed", json!(8), "/scenes/0/videos/0/speed"),
        ("speed", json!(0.1), "/scenes/0/videos/0/speed"),
        ("fast", json!(2), "/scenes/0/videos/0/fast"),
    ] {
        let mut layer = ok.clone();
        layer[field] = value;
        p["scenes"][0]["videos"] = json!([layer]);
        let problems = problems_of(dir.path(), &p);
        assert_eq!(problems.len(), 1, "{field}: {problems:#?}");
        assert_eq!(problems[0].pointer, pointer, "{field}");
    }
    p["scenes"][0]["videos"] = json!([ok]);
    // A background clip's speed, or its time fitted to the scene, not both.
    p["scenes"][1]["background"] = json!({"video": "rosto.mp4", "speed": 4, "fit_time": "stretch"});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Structure,
        "/scenes/1/background/fit_time",
    );
    p["scenes"][1]["background"] = json!({"video": "rosto.mp4", "speed": 5});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::OutOfRange,
        "/scenes/1/background/speed",
    );
    p["scenes"][1]["background"] = json!({"video": "rosto.mp4", "fit_time": "stretch"});
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    // Fitted to the scene's time, which the scene must give.
    let own = p["scenes"][1]
        .as_object_mut()
        .unwrap()
        .remove("duration")
        .unwrap();
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Structure,
        "/scenes/1/background/fit_time",
    );
    p["scenes"][1]["duration"] = own;
    // One kind of background: a gradient beside a colour is not dropped unsaid.
    p["scenes"][1]["background"] = json!({"color": "red", "gradient": {"colors": ["red", "blue"]}});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Structure,
        "/scenes/1/background",
    );
    p["scenes"][1]["background"] = json!({"color": "navy"});
    // The texts' defaults give their motion, entrance, exit and width too, checked where written.
    p["defaults"] = json!({"text": {"motion": {"from": {"zoom": 9}}}});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::OutOfRange,
        "/defaults/text/motion/from/zoom",
    );
    p["defaults"] = json!({"text": {"enter": {"kind": "fade", "duration": 99}}});
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::OutOfRange,
        "/defaults/text/enter/duration",
    );
    p.as_object_mut().unwrap().remove("defaults");
    // A scene with a clip that is not looped needs no duration; a looped one does.
    p["scenes"][0]["videos"] = json!([ok]);
    p["scenes"][1].as_object_mut().unwrap().remove("duration");
    p["scenes"][1]["videos"] = json!([{"src": "rosto.mp4"}]);
    assert_eq!(problems_of(dir.path(), &p), vec![]);
    p["scenes"][1]["videos"] = json!([{"src": "rosto.mp4", "loop": true}]);
    assert_one(
        &problems_of(dir.path(), &p),
        ProblemKind::Empty,
        "/scenes/1/duration",
    );
}
