//! `estudio-cli say` and `estudio-cli pronunciations` with the real espeak-ng.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::cli;
use serde_json::json;

fn project(dir: &std::path::Path, pronunciations: serde_json::Value) -> std::path::PathBuf {
    let file = dir.join("aula.estudio");
    std::fs::write(
        &file,
        json!({
            "version": 1, "title": "Aula", "canvas": {"width": 320, "height": 180, "fps": 10},
            "defaults": {"narration": {"voice": "pt-br"}},
            "pronunciations": pronunciations,
            "scenes": [
                {"background": {"color": "#000000"}, "narration": {"text": "A NR-35 exige EPI."}},
                {"background": {"color": "#000000"}, "narration": {"text": "Nada aqui."}},
                {"background": {"color": "#000000"}, "narration": {"text": "De novo a NR-35."}}
            ]
        })
        .to_string(),
    )
    .unwrap();
    file
}

#[test]
fn say_shows_the_spoken_form_and_writes_the_sound() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let p = project(
        dir.path(),
        json!([{"text": "NR-35", "say": "norma trinta e cinco"}]),
    );
    let out = dir.path().join("dito.wav");
    let o = cli(
        &db,
        &[
            "say",
            "Siga a NR-35 com 10 kg.",
            "--project",
            p.to_str().unwrap(),
            "--show",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stdout);
    let mut lines = said.lines();
    assert_eq!(
        lines.next(),
        Some("Siga a norma trinta e cinco com dez quilogramas.")
    );
    assert!(said.contains("Project #1: \"NR-35\""), "{said}");
    assert!(said.contains("rule: unit"), "{said}");
    // espeak-ng's phonemes of what is said: "norma", not "ene erre".
    assert!(said.lines().last().unwrap().contains("n'O"), "{said}");
    let wav = std::fs::metadata(&out).unwrap().len();
    assert!(wav > 10_000, "a sound was written ({wav} bytes)");
}

#[test]
fn pronunciations_lists_where_each_entry_is_used_and_bad_ones_at_their_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let p = project(
        dir.path(),
        json!([{"text": "NR-35", "say": "norma trinta e cinco"}, {"text": "CIPA", "say": "cipa"}]),
    );
    let o = cli(&db, &["pronunciations", p.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            json!({"origin": "project", "entry": 1, "text": "NR-35", "scenes": [1, 3]}),
            json!({"origin": "project", "entry": 2, "text": "CIPA", "scenes": []}),
            json!({"origin": "shipped", "entry": 1, "text": "EPI", "scenes": [1]}),
        ]
    );
    let bad = project(dir.path(), json!([{"text": "NR-35"}]));
    let o = cli(&db, &["pronunciations", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/pronunciations/0/say"));
}
