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

/// A line starting with "-" is a line, not an option of espeak-ng's (a review found `--show`
/// printing no phonemes for "-10 °C"), and its sign is said.
#[test]
fn say_shows_the_phonemes_of_a_line_starting_with_a_minus() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let o = cli(&db, &["say", "--voice", "pt-br", "--show", "--", "-10 °C"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stdout);
    assert_eq!(said.lines().next(), Some("menos dez graus Celsius"));
    assert!(said.lines().last().unwrap().contains("m'enU"), "{said}");
}

/// espeak-ng phonemes the voice does not have are refused at the entry's field, nothing
/// written: espeak-ng would have stopped reading the word there without a word.
#[test]
fn say_refuses_phonemes_the_voice_does_not_have() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let p = project(
        dir.path(),
        json!([{"text": "NR-35", "espeak": "'En& 'Ex& tR'iNt& §§ s'iNkU"}]),
    );
    let out = dir.path().join("dito.wav");
    let args = |p: &std::path::Path| {
        [
            "say",
            "A NR-35.",
            "--project",
            p.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]
        .map(str::to_owned)
    };
    let o = cli(&db, &args(&p).each_ref().map(String::as_str));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("/pronunciations/0/espeak") && err.contains('§'),
        "{err}"
    );
    assert!(!out.exists());
    let p = project(
        dir.path(),
        json!([{"text": "NR-35", "espeak": "'En& 'Ex& tR'iNt& i s'iNkU"}]),
    );
    let o = cli(&db, &args(&p).each_ref().map(String::as_str));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.exists());
}

#[test]
fn pronunciations_lists_where_each_entry_is_used_and_bad_ones_at_their_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let p = project(
        dir.path(),
        json!([
            {"text": "NR-35", "say": "norma trinta e cinco"},
            {"text": "CIPA", "say": "cipa"},
            // Only phonemes for Piper voices: these espeak-ng lines pass it over.
            {"text": "EPI", "ipa": "epˈi"},
            // ... but not where a longer form holds its word (NR-35 takes "NR" there).
            {"text": "NR", "ipa": "ˈɛnɛ"}
        ]),
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
            json!({"origin": "project", "entry": 1, "text": "NR-35", "scenes": [1, 3], "passed_over": []}),
            json!({"origin": "project", "entry": 2, "text": "CIPA", "scenes": [], "passed_over": []}),
            json!({"origin": "project", "entry": 3, "text": "EPI", "scenes": [], "passed_over": [1]}),
            json!({"origin": "project", "entry": 4, "text": "NR", "scenes": [], "passed_over": []}),
            json!({"origin": "shipped", "entry": 1, "text": "EPI", "scenes": [1], "passed_over": []}),
        ]
    );
    // Said in words too, in the person's language.
    let o = common::on(&db)
        .env("LANGUAGE", "pt_BR")
        .args(["pronunciations", p.to_str().unwrap()])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(
        listed.contains(
            "Projeto #3\tEPI\tnão usada\n\tignorada nas cenas 1: só tem fonemas para vozes Piper"
        ),
        "{listed}"
    );
    let bad = project(dir.path(), json!([{"text": "NR-35"}]));
    let o = cli(&db, &["pronunciations", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/pronunciations/0/say"));
}

/// Exports `project` through the queue (enqueue, a worker that drains it) and gives the job's
/// log line saying how many scenes came from the cache of finished parts, if any did.
fn spoken_lines(db: &std::path::Path) -> usize {
    std::fs::read_dir(common::data_dir(db).join("cache/speech"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "wav"))
        .count()
}

/// A pronunciation added or changed speaks again only the lines that use it (counted in the
/// speech cache), and the export after it draws only their scenes again (the job's log).
#[test]
fn a_changed_entry_speaks_and_draws_again_only_the_scenes_that_use_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let p = project(dir.path(), json!([]));
    assert_eq!(
        common::export_through_the_queue(&db, &p),
        None,
        "the first export draws all"
    );
    assert_eq!(spoken_lines(&db), 3);

    // NR-35 is in the first and the last line.
    let p = project(
        dir.path(),
        json!([{"text": "NR-35", "say": "norma trinta e cinco"}]),
    );
    assert_eq!(
        common::export_through_the_queue(&db, &p).as_deref(),
        Some("# 1 of 3 scenes from the cache of finished parts")
    );
    assert_eq!(spoken_lines(&db), 5, "two lines spoken again");

    // Its respelling changed (longer, so their scenes last longer): the same two again.
    let p = project(
        dir.path(),
        json!([{"text": "NR-35", "say": "norma regulamentadora número trinta e cinco"}]),
    );
    assert_eq!(
        common::export_through_the_queue(&db, &p).as_deref(),
        Some("# 1 of 3 scenes from the cache of finished parts")
    );
    assert_eq!(spoken_lines(&db), 7);

    // A word no line says: nothing spoken, nothing drawn.
    let p = project(
        dir.path(),
        json!([
            {"text": "NR-35", "say": "norma regulamentadora número trinta e cinco"},
            {"text": "CIPA", "say": "cipa"}
        ]),
    );
    assert_eq!(
        common::export_through_the_queue(&db, &p).as_deref(),
        Some("# 3 of 3 scenes from the cache of finished parts")
    );
    assert_eq!(spoken_lines(&db), 7);
}
