//! Pronunciations change only what is spoken: captions keep what was written, the speech cache
//! is keyed by the spoken form, so changing one entry speaks again only the lines that use it.
//! Real espeak-ng.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use estudio_render::prepare;
use serde_json::json;

fn project(
    dir: &Path,
    name: &str,
    lines: &[&str],
    pronunciations: serde_json::Value,
) -> estudio_project::Project {
    let scenes: Vec<_> = lines
        .iter()
        .map(|l| json!({"background": {"color": "#203040"}, "narration": {"text": l}}))
        .collect();
    let file = dir.join(name);
    std::fs::write(
        &file,
        json!({
            "version": 1, "title": "Pronúncias",
            "canvas": {"width": 320, "height": 180, "fps": 10},
            "defaults": {"narration": {"voice": "pt-br"}},
            "pronunciations": pronunciations,
            "scenes": scenes,
        })
        .to_string(),
    )
    .unwrap();
    let loaded = estudio_project::load(&file).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    loaded.project
}

fn recordings(p: &estudio_render::Prepared) -> Vec<String> {
    p.project
        .scenes
        .iter()
        .map(|s| s.narration.as_ref().unwrap().src.clone().unwrap())
        .collect()
}

fn wavs(cache: &Path) -> usize {
    std::fs::read_dir(cache)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "wav"))
        .count()
}

#[test]
fn an_entry_changes_the_speech_not_the_caption_and_a_changed_entry_speaks_only_its_lines_again() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("speech");
    let lines = [
        "A NR-35 vale para todos.",
        "Sem siglas nesta cena.",
        "Releia a NR-35 hoje.",
    ];
    let first = project(
        dir.path(),
        "a.estudio",
        &lines,
        json!([{"text": "NR-35", "say": "norma trinta e cinco"}]),
    );
    let before = prepare(&first, &cache).unwrap();
    // Captions keep what was written.
    let captions: Vec<_> = before
        .project
        .scenes
        .iter()
        .map(|s| s.caption.clone().unwrap())
        .collect();
    assert_eq!(captions, lines);
    // The same line written in the respelling is the same recording: the speech is keyed by
    // what is said.
    let respelled = project(
        dir.path(),
        "b.estudio",
        &["A norma trinta e cinco vale para todos."],
        json!([]),
    );
    let respelled = prepare(&respelled, &cache).unwrap();
    assert_eq!(recordings(&respelled)[0], recordings(&before)[0]);
    // Where the speech cache keeps its recordings.
    let kept = Path::new(&recordings(&before)[0])
        .parent()
        .unwrap()
        .to_owned();
    let spoken = wavs(&kept);
    // The entry changed: only the two lines that use it are spoken again.
    let second = project(
        dir.path(),
        "a.estudio",
        &lines,
        json!([{"text": "NR-35", "say": "ene erre trinta e cinco"}]),
    );
    let after = prepare(&second, &cache).unwrap();
    let (b, a) = (recordings(&before), recordings(&after));
    assert_ne!(a[0], b[0]);
    assert_eq!(a[1], b[1], "a line without the entry keeps its recording");
    assert_ne!(a[2], b[2]);
    assert_eq!(wavs(&kept), spoken + 2, "two lines spoken again, no more");
}

#[test]
fn a_bad_entry_is_a_problem_at_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.estudio");
    std::fs::write(
        &file,
        json!({
            "version": 1, "title": "x", "canvas": {"width": 320, "height": 180, "fps": 10},
            "pronunciations": [{"text": "TI", "say": "tê í"}, {"text": "TI", "say": "ti"}, {"text": "", "say": "a"}, {"text": "EPC"}],
            "scenes": [{"background": {"color": "#000000"}, "duration": 1}],
        })
        .to_string(),
    )
    .unwrap();
    let loaded = estudio_project::load(&file).unwrap();
    let at: Vec<_> = loaded.problems.iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(
        at,
        [
            "/pronunciations/1/text",
            "/pronunciations/2/text",
            "/pronunciations/3/say"
        ]
    );
}
