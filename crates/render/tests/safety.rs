//! Untrusted project files: no text or path can change the filter graph, no media file can make
//! ffmpeg open other files, and no input makes parsing, validation or planning panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use estudio_project::{ProblemKind, Project};
use estudio_render::escape::filter_value;
use estudio_render::graph::{plan, Paths};
use estudio_render::media::MediaIndex;
use estudio_render::{prepare, PresetId, RenderOptions};
use proptest::prelude::*;
use serde_json::json;
use support::*;

fn project_with(text: &str, image: &str, family: &str) -> Project {
    serde_json::from_value(json!({
        "version": 1, "title": "t",
        "canvas": {"width": 640, "height": 360, "fps": 25},
        "scenes": [
            {"duration": 2, "background": {"image": image},
             "texts": [{"text": text, "font": family, "start": 0.5}],
             "narration": {"src": "/media/voice.wav"},
             "transition": {"type": "fade", "duration": 0.5}},
            {"duration": 2, "background": {"color": "#000000"}, "texts": [{"text": text}]}
        ],
        "music": {"src": "/media/music.ogg"}
    }))
    .unwrap()
}

/// Every ffmpeg argument of every run of the plan, in order, with the runs' filter graphs
/// appended as `-filter_complex GRAPH` pairs (they reach ffmpeg as script files).
fn all_args(project: &Project) -> (Vec<String>, Vec<(std::path::PathBuf, String)>) {
    let p = plan(
        project,
        &MediaIndex::new(),
        PresetId::Mp4_720p.preset(),
        &RenderOptions::default(),
        &Paths {
            work_dir: Path::new("/work"),
            font: Path::new("/fonts/default.ttf"),
            families: &Default::default(),
            output: Path::new("/out/.video.mp4"),
            poster: None,
        },
    );
    let mut args = Vec::new();
    let parts = p.parts.iter().map(|part| part.step.clone());
    // Every part missing: the runs that draw them, as a render with an empty cache makes them.
    let all: Vec<usize> = (0..p.parts.len()).collect();
    let runs: Vec<_> = p.runs(&all, 2);
    let mut files = p.files.clone();
    files.extend(runs.iter().flat_map(|r| r.files.clone()));
    for step in p
        .mix
        .iter()
        .cloned()
        .chain(parts)
        .chain(runs.into_iter().map(|r| r.step))
        .chain(p.sound_step(None))
        .chain([p.main_step(None)])
    {
        args.extend(step.args);
        if let Some((_, graph)) = step.graph {
            args.extend(["-filter_complex".to_owned(), graph]);
        }
    }
    (args, files)
}

/// The filter graphs among `args`.
fn graphs(args: &[String]) -> Vec<&String> {
    args.windows(2)
        .filter(|w| w[0] == "-filter_complex")
        .map(|w| &w[1])
        .collect()
}

/// ffmpeg's reading of an escaped option value: the graph level, then the option level (each
/// drops a backslash before any character and removes unescaped quotes).
fn unescape_twice(s: &str) -> String {
    fn level(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                '\'' => {}
                c => out.push(c),
            }
        }
        out
    }
    level(&level(s))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Whatever a text says, the graph is the one a plain text with the same lines gives: text
    /// reaches drawtext only through its file.
    #[test]
    fn text_never_changes_the_graph(text in "\\PC{0,40}(\n\\PC{0,20}){0,3}") {
        let plain: String = text
            .split('\n')
            .map(|l| if l.trim().is_empty() { "" } else { "x" })
            .collect::<Vec<_>>()
            .join("\n");
        let (hostile_args, hostile_files) = all_args(&project_with(&text, "/media/a.png", "Sans"));
        let (plain_args, _) = all_args(&project_with(&plain, "/media/a.png", "Sans"));
        prop_assert_eq!(&hostile_args, &plain_args);
        let lines: Vec<&str> = text.split('\n').filter(|l| !l.trim().is_empty()).collect();
        let written: Vec<&str> = hostile_files.iter().map(|(_, c)| c.as_str()).take(lines.len()).collect();
        prop_assert_eq!(written, lines);
    }

    /// A path is one argument after `-i`, prefixed with `file:`, and never enters a graph.
    #[test]
    fn paths_are_only_ever_file_arguments(name in "\\PC{1,40}") {
        let path = format!("/media/{name}");
        let (args, _) = all_args(&project_with("t", &path, "Sans"));
        let as_input = format!("file:{path}");
        prop_assert!(args.windows(2).any(|w| w[0] == "-i" && w[1] == as_input));
        let (plain, _) = all_args(&project_with("t", "/media/a.png", "Sans"));
        prop_assert_eq!(graphs(&args), graphs(&plain));
        for w in args.windows(2) {
            if w[0] == "-protocol_whitelist" {
                prop_assert_eq!(&w[1], "file");
            }
        }
    }

    /// Escaping is exact: ffmpeg's two parsing levels give back the original value.
    #[test]
    fn filter_values_round_trip(value in "\\PC{0,60}") {
        prop_assert_eq!(unescape_twice(&filter_value(&value)), value);
    }

    /// A font family only ever fills `font=`: the graph differs from a plain name's there only.
    #[test]
    fn font_names_stay_inside_their_option(family in "\\PC{1,30}") {
        let (args, _) = all_args(&project_with("t", "/media/a.png", &family));
        let (plain, _) = all_args(&project_with("t", "/media/a.png", "Sans"));
        let escaped = format!("font={}", filter_value(&family));
        let g = graphs(&args);
        let gp = graphs(&plain);
        prop_assert_eq!(g.len(), gp.len());
        for (a, b) in g.iter().zip(gp) {
            prop_assert_eq!(a.replace(&escaped, "font=Sans"), b.clone());
        }
    }

    /// Random changes to a valid project: parsing, validation and planning never panic.
    #[test]
    fn hostile_values_never_panic(
        field in prop::sample::select(vec![
            "/canvas/width", "/canvas/fps", "/scenes/0/duration", "/scenes/0/texts/0/size",
            "/scenes/0/texts/0/x", "/scenes/0/transition/duration", "/scenes/0/texts/0/start",
            "/scenes/0/background/image", "/scenes/0/narration/volume", "/scenes/1/texts/0/text",
            "/title", "/scenes/0/narration/delay", "/scenes/0/pad",
        ]),
        value in prop_oneof![
            any::<f64>().prop_map(|f| json!(f)),
            any::<i64>().prop_map(|i| json!(i)),
            Just(json!(1e308)), Just(json!(-0.0)), Just(json!(u64::MAX)),
            "\\PC{0,30}".prop_map(|s| json!(s)),
            Just(json!("x".repeat(20_000))),
            Just(json!([[[[[[[[[[[]]]]]]]]]]])),
            Just(json!(null)), Just(json!({"a": 1})),
        ],
    ) {
        // Written out in full (serialising a project leaves default fields out), and every
        // field targeted must be there: a missing one would silently test the plain project.
        let mut doc = json!({
            "version": 1, "title": "t",
            "canvas": {"width": 640, "height": 360, "fps": 25},
            "scenes": [
                {"duration": 2, "pad": 0.5, "background": {"image": "/media/a.png"},
                 "texts": [{"text": "t", "font": "Sans", "start": 0.5, "x": 0.5, "size": 0.05}],
                 "narration": {"src": "/media/voice.wav", "delay": 0.2, "volume": 1.0},
                 "transition": {"type": "fade", "duration": 0.5}},
                {"duration": 2, "background": {"color": "#000000"}, "texts": [{"text": "t"}]}
            ],
            "music": {"src": "/media/music.ogg"}
        });
        assert!(estudio_project::parse(doc.to_string().as_bytes()).is_ok(), "the base parses");
        let slot = doc.pointer_mut(field);
        prop_assert!(slot.is_some(), "{} is not in the project", field);
        if let Some(slot) = slot {
            *slot = value;
        }
        let text = doc.to_string();
        if let Ok(project) = estudio_project::parse(text.as_bytes()) {
            let problems = estudio_project::validate(&project, Path::new("/"));
            let _ = project.timeline();
            if problems.iter().all(|p| p.kind == ProblemKind::FileNotFound) {
                let _ = all_args(&project);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Arbitrary bytes, and arbitrary JSON-looking text, as a project file: an error with a
    /// location, never a panic.
    #[test]
    fn arbitrary_files_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600),
                                   text in "[\\[\\]{}\":,0-9a-z\\-. \n]{0,300}") {
        for input in [bytes.as_slice(), text.as_bytes()] {
            if let Ok(project) = estudio_project::parse(input) {
                let _ = estudio_project::validate(&project, Path::new("/"));
                let _ = project.timeline();
            }
        }
    }
}

#[test]
fn deep_nesting_and_huge_counts_are_refused_cleanly() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(estudio_project::parse(deep.as_bytes()).is_err());
    let scene = json!({"duration": 0.04, "background": {"color": "#000000"}});
    let many = json!({
        "version": 1, "title": "t", "canvas": {"width": 64, "height": 64, "fps": 25},
        "scenes": vec![scene; 50_000]
    });
    let project = estudio_project::parse(many.to_string().as_bytes()).unwrap();
    let problems = estudio_project::validate(&project, Path::new("/"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].pointer, "/scenes");
}

#[test]
fn playlists_and_file_lists_disguised_as_media_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    png(&d.join("a.png"), 32, 32, "ff0000");
    tone(&d.join("real.wav"), 440, 1.0, 22050);
    std::fs::write(d.join("secret.txt"), "not for ffmpeg").unwrap();
    // An HLS playlist and an ffconcat list, named like sound files, pointing at other files.
    std::fs::write(
        d.join("voice.ogg"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nreal.wav\n#EXTINF:1,\nsecret.txt\n#EXT-X-ENDLIST\n",
    )
    .unwrap();
    std::fs::write(
        d.join("music.mp3"),
        "ffconcat version 1.0\nfile 'real.wav'\nfile 'secret.txt'\n",
    )
    .unwrap();
    let mut project: Project = serde_json::from_value(json!({
        "version": 1, "title": "t", "canvas": {"width": 64, "height": 64, "fps": 25},
        "scenes": [{"duration": 1, "background": {"image": "a.png"}, "narration": {"src": "voice.ogg"}}],
        "music": {"src": "music.mp3"}
    }))
    .unwrap();
    project.resolve_paths(d);
    let problems = prepare(&project, &d.join("cache")).unwrap_err();
    let at: Vec<(&str, ProblemKind)> = problems
        .iter()
        .map(|p| (p.pointer.as_str(), p.kind))
        .collect();
    assert_eq!(
        at,
        [
            ("/scenes/0/narration/src", ProblemKind::BadMedia),
            ("/music/src", ProblemKind::BadMedia)
        ],
        "{problems:#?}"
    );
    assert!(
        problems[0].message.starts_with("voice.ogg: "),
        "{}",
        problems[0]
    );
    // And ffmpeg itself, given the same options as a render, refuses to open it.
    let out = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-v", "error"])
        .args(estudio_render::media::input_args(
            &[],
            &d.join("voice.ogg").to_string_lossy(),
        ))
        .args(["-f", "null", "-"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not on whitelist"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
