//! The editing engine on real files: random sequences of operations undone to the same bytes,
//! saves that keep the layout and every field, the journal recovered after a crash (and after
//! damage), outside changes seen through the real watcher, and two editors on one file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use estudio_edit::{Document, EditError, Op, OpenOptions, Outside};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A project as an import writes it (20 scenes, notes spoken, names, defaults) with fields
/// Estúdio does not know, at the top and in a scene, and a layout of its own.
fn project_text() -> String {
    let scenes: Vec<String> = (0..20)
        .map(|i| {
            format!(
                "    {{\n      \"name\": \"Slide {i}\",\n      \"background\": {{ \"color\": \"#{:02x}2040\" }},\n      \"narration\": {{ \"text\": \"Linha {i}.\" }},\n      \"caption\": \"Linha {i}.\"{}\n    }}",
                i * 10,
                if i == 3 { ",\n      \"x-reviewed\": true" } else { "" }
            )
        })
        .collect();
    format!(
        "{{\n  \"version\": 1,\n  \"title\": \"Curso\",\n  \"canvas\": {{ \"width\": 640, \"height\": 360, \"fps\": 30 }},\n  \"scenes\": [\n{}\n  ],\n  \"defaults\": {{ \"narration\": {{ \"voice\": \"pt-br\" }}, \"transition\": {{ \"type\": \"fade\", \"duration\": 0.4 }} }},\n  \"x-course\": {{ \"code\": \"NR-35\" }}\n}}\n",
        scenes.join(",\n")
    )
}

fn options(data: &Path) -> OpenOptions {
    OpenOptions {
        program: "tests".into(),
        journal_dir: Some(data.join("journal")),
        backup_dir: Some(data.join("backups")),
        take_over: false,
    }
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("curso.estudio");
    std::fs::write(&path, project_text()).unwrap();
    (dir, path)
}

/// An action drawn at random, made concrete against the document as it is then.
#[derive(Debug, Clone)]
enum Action {
    Duration(usize, u32),
    Name(usize, String),
    DropCaption(usize),
    Duplicate(usize, usize),
    Remove(usize),
    Move(usize, usize),
    Title(String),
    Voice(usize),
    Rate(u32),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (any::<usize>(), 1u32..300).prop_map(|(s, d)| Action::Duration(s, d)),
        (any::<usize>(), "[a-zA-Zá-ú ]{0,12}").prop_map(|(s, n)| Action::Name(s, n)),
        any::<usize>().prop_map(Action::DropCaption),
        (any::<usize>(), any::<usize>()).prop_map(|(s, t)| Action::Duplicate(s, t)),
        any::<usize>().prop_map(Action::Remove),
        (any::<usize>(), any::<usize>()).prop_map(|(s, t)| Action::Move(s, t)),
        "[\\PC]{0,20}".prop_map(Action::Title),
        any::<usize>().prop_map(Action::Voice),
        (5u32..30).prop_map(Action::Rate),
    ]
}

fn concrete(action: &Action, doc: &Value) -> Option<Op> {
    let n = doc["scenes"].as_array().map_or(0, Vec::len);
    if n == 0 {
        return None;
    }
    Some(match action {
        Action::Duration(s, d) => Op::set(
            format!("/scenes/{}/duration", s % n),
            json!(*d as f64 / 10.0),
        ),
        Action::Name(s, name) => Op::set(format!("/scenes/{}/name", s % n), json!(name)),
        Action::DropCaption(s) => {
            let at = format!("/scenes/{}/caption", s % n);
            doc.pointer(&at)?;
            Op::Remove { at }
        }
        Action::Duplicate(s, t) => Op::Insert {
            at: format!("/scenes/{}", t % (n + 1)),
            value: doc["scenes"][s % n].clone(),
        },
        Action::Remove(s) if n > 1 => Op::Remove {
            at: format!("/scenes/{}", s % n),
        },
        Action::Remove(_) => return None,
        Action::Move(s, t) => Op::Move {
            at: "/scenes".into(),
            from: vec![s % n],
            to: t % n,
        },
        Action::Title(t) => Op::set("/title", json!(t)),
        Action::Voice(s) => {
            let at = format!("/scenes/{}/narration", s % n);
            doc.pointer(&at)?;
            Op::set(format!("{at}/voice"), json!("en"))
        }
        Action::Rate(r) => Op::Batch {
            ops: vec![
                Op::set("/defaults/narration/rate", json!(*r as f64 / 10.0)),
                Op::set("/scenes/0/pad", json!(1)),
            ],
        },
    })
}

fn ordered(v: &Value) -> String {
    // serde_json keeps key order (preserve_order): the text says the order too.
    serde_json::to_string(v).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any sequence of operations, saved, then undone as many times and saved again, gives the
    /// file back byte for byte; redo after undo gives the same document; a saved file read
    /// again holds every field of the document, the unknown ones too, in its order.
    #[test]
    fn undo_gives_back_the_bytes_and_saves_keep_every_field(actions in prop::collection::vec(action(), 1..24)) {
        let (dir, path) = setup();
        let original = std::fs::read(&path).unwrap();
        let mut doc = Document::open(&path, &options(dir.path())).unwrap();
        let mut applied = 0;
        for a in &actions {
            if let Some(op) = concrete(a, doc.value()) {
                doc.apply(op).unwrap();
                applied += 1;
            }
        }
        let edited = doc.value().clone();
        doc.save().unwrap();
        let saved: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        prop_assert_eq!(ordered(&saved), ordered(&edited));
        prop_assert_eq!(&saved["x-course"], &json!({"code": "NR-35"}));
        // One step per operation that changed something (one that changed nothing is none).
        let mut undone = 0;
        while doc.undo().is_ok() {
            undone += 1;
        }
        prop_assert!(undone <= applied);
        prop_assert!(matches!(doc.undo(), Err(EditError::NothingToUndo)));
        doc.save().unwrap();
        let back = std::fs::read_to_string(&path).unwrap();
        let original = String::from_utf8(original).unwrap();
        prop_assert!(
            back == original,
            "{}",
            similar::TextDiff::from_lines(&original, &back).unified_diff()
        );
        for _ in 0..undone {
            doc.redo().unwrap();
        }
        prop_assert!(matches!(doc.redo(), Err(EditError::NothingToRedo)));
        prop_assert_eq!(ordered(doc.value()), ordered(&edited));
        doc.close();
    }
}

#[test]
fn a_one_field_edit_is_a_one_line_diff_and_a_new_key_goes_in_the_schemas_place() {
    let (dir, path) = setup();
    let before = std::fs::read_to_string(&path).unwrap();
    let mut doc = Document::open(&path, &options(dir.path())).unwrap();
    let outcome = doc
        .apply(Op::set(
            "/scenes/4/narration/text",
            json!("Linha quatro, dita de novo."),
        ))
        .unwrap();
    assert_eq!(outcome.changed_scenes, [4]);
    assert!(!outcome.all_scenes && outcome.dirty && outcome.can_undo);
    doc.save().unwrap();
    let after = std::fs::read_to_string(&path).unwrap();
    let changed: Vec<_> = similar::TextDiff::from_lines(&before, &after)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| c.to_string())
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    // A scene's duration is written on that scene, between its name and its background.
    doc.apply(Op::set("/scenes/7/duration", json!(4))).unwrap();
    doc.save().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\"name\": \"Slide 7\",\n      \"duration\": 4,\n      \"background\""),
        "{text}"
    );
    doc.close();
}

#[test]
fn a_value_out_of_range_is_applied_and_its_problem_reported_at_its_pointer() {
    let (dir, path) = setup();
    let mut doc = Document::open(&path, &options(dir.path())).unwrap();
    let outcome = doc.apply(Op::set("/scenes/2/duration", json!(-1))).unwrap();
    let pointers: Vec<String> = outcome
        .problems
        .iter()
        .map(|p| p.pointed().pointer)
        .collect();
    assert!(
        pointers.contains(&"/scenes/2/duration".to_owned()),
        "{pointers:?}"
    );
    assert_eq!(doc.value()["scenes"][2]["duration"], json!(-1));
    // A pointer that is not there is refused, and nothing changes.
    let before = doc.value().clone();
    let err = doc
        .apply(Op::set("/scenes/99/duration", json!(1)))
        .unwrap_err();
    assert!(matches!(err, EditError::Op(_)), "{err:?}");
    assert_eq!(doc.value(), &before);
    doc.close();
}

#[test]
fn a_crash_leaves_every_acknowledged_change_to_recover_even_after_damage() {
    let (dir, path) = setup();
    let original = std::fs::read(&path).unwrap();
    let journal_dir = dir.path().join("journal");
    {
        let mut doc = Document::open(&path, &options(dir.path())).unwrap();
        doc.apply(Op::set("/title", json!("Um"))).unwrap();
        doc.apply(Op::set("/scenes/0/duration", json!(3))).unwrap();
        doc.apply(Op::Remove {
            at: "/scenes/5".into(),
        })
        .unwrap();
        doc.undo().unwrap();
        // Dropped without a save or a close: what a crash leaves (the process's lock goes
        // with it).
        let journal = doc.journal_path().unwrap().to_owned();
        drop(doc);
        // A crash in the middle of writing a line: half a step at the end.
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&journal)
            .unwrap();
        std::io::Write::write_all(&mut f, b"{\"do\":{\"op\":\"set\",\"at\":\"/ti").unwrap();
    }
    assert_eq!(std::fs::read(&path).unwrap(), original, "nothing was saved");
    let found = estudio_edit::recover::list(&journal_dir);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].changes, 3,
        "three operations made, one of them undone"
    );
    assert!(!found[0].changed_on_disk);
    let mut doc = found
        .into_iter()
        .next()
        .unwrap()
        .open(&options(dir.path()))
        .unwrap();
    assert!(doc.is_dirty());
    assert_eq!(doc.value()["title"], "Um");
    assert_eq!(doc.value()["scenes"][0]["duration"], 3);
    assert_eq!(doc.value()["scenes"].as_array().unwrap().len(), 20);
    doc.save().unwrap();
    doc.close();
    assert!(estudio_edit::recover::list(&journal_dir).is_empty());
}

#[test]
fn recovered_changes_to_a_file_changed_since_are_written_beside_it() {
    let (dir, path) = setup();
    {
        let mut doc = Document::open(&path, &options(dir.path())).unwrap();
        doc.apply(Op::set("/title", json!("Meu"))).unwrap();
        drop(doc);
    }
    let theirs = project_text().replace("\"Curso\"", "\"Deles\"");
    std::fs::write(&path, &theirs).unwrap();
    let found = estudio_edit::recover::list(&dir.path().join("journal"));
    assert!(found[0].changed_on_disk);
    let doc = found
        .into_iter()
        .next()
        .unwrap()
        .open(&options(dir.path()))
        .unwrap();
    assert_eq!(doc.path(), dir.path().join("curso (recovered).estudio"));
    let mine: Value = serde_json::from_slice(&std::fs::read(doc.path()).unwrap()).unwrap();
    assert_eq!(mine["title"], "Meu");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "theirs kept"
    );
    doc.close();
}

#[test]
fn a_second_editor_is_told_who_has_the_file_and_a_file_that_does_not_parse_is_read_only() {
    let (dir, path) = setup();
    let doc = Document::open(&path, &options(dir.path())).unwrap();
    let err = Document::open(&path, &options(dir.path())).unwrap_err();
    match &err {
        EditError::BeingEdited { by, .. } => {
            assert_eq!(by.program, "tests");
            assert_eq!(by.pid, std::process::id());
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().contains("is being edited by tests on"),
        "{err}"
    );
    doc.close();
    assert!(
        !estudio_edit::lock_path(&path).exists(),
        "the lock goes with the editor"
    );
    Document::open(&path, &options(dir.path())).unwrap().close();
    let broken = dir.path().join("quebrado.estudio");
    std::fs::write(&broken, "{\"version\": 1,\n \"title\": ").unwrap();
    let err = Document::open(&broken, &options(dir.path())).unwrap_err();
    assert!(matches!(err, EditError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("line 2"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "{\"version\": 1,\n \"title\": "
    );
}

#[test]
fn saves_are_atomic_keep_the_mode_and_the_previous_version() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = setup();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let original = std::fs::read(&path).unwrap();
    let mut doc = Document::open(&path, &options(dir.path())).unwrap();
    doc.apply(Op::set("/title", json!("Outro"))).unwrap();
    doc.save().unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let backups = estudio_edit::backup_folder(&dir.path().join("backups"), &path);
    let kept: Vec<_> = std::fs::read_dir(&backups).unwrap().flatten().collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), original);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    doc.close();
}

/// Waits for the watcher to name `path`.
fn wait_touched(rx: &std::sync::mpsc::Receiver<PathBuf>, path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let got = rx.recv_timeout(left).expect("the watcher named the file");
        if got == path {
            return;
        }
    }
}

/// As vim saves: a new file written beside it, renamed over it.
fn save_as_vim_does(path: &Path, text: &str) {
    let temp = path.with_extension("estudio~new");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

#[test]
fn an_outside_save_by_rename_reloads_a_clean_document_and_is_a_conflict_for_a_dirty_one() {
    let (dir, path) = setup();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = estudio_edit::Watcher::new(move |p| {
        tx.send(p.to_owned()).ok();
    })
    .unwrap();
    let mut doc = Document::open(&path, &options(dir.path())).unwrap();
    watcher.watch(doc.path()).unwrap();
    // Clean: reloaded, as an entry of its history.
    save_as_vim_does(&path, &project_text().replace("\"Curso\"", "\"Curso 2\""));
    wait_touched(&rx, doc.path());
    match doc.check_disk() {
        Outside::Reloaded(outcome) => assert!(!outcome.dirty && outcome.can_undo),
        other => panic!("{other:?}"),
    }
    assert_eq!(doc.value()["title"], "Curso 2");
    // Its own save is nothing.
    doc.apply(Op::set("/title", json!("Meu"))).unwrap();
    doc.save().unwrap();
    assert!(matches!(doc.check_disk(), Outside::Unchanged));
    // Dirty: a conflict; nothing taken, and a save does not write over it.
    doc.apply(Op::set("/scenes/0/duration", json!(9))).unwrap();
    save_as_vim_does(&path, &project_text().replace("\"Curso\"", "\"Deles\""));
    wait_touched(&rx, doc.path());
    assert!(matches!(doc.check_disk(), Outside::Conflict));
    assert!(matches!(doc.save(), Err(EditError::ChangedOnDisk { .. })));
    assert!(std::fs::read_to_string(&path).unwrap().contains("Deles"));
    // Taking theirs is one entry: undo brings back the unsaved change.
    doc.take_disk().unwrap();
    assert_eq!(doc.value()["title"], "Deles");
    doc.undo().unwrap();
    assert_eq!(doc.value()["scenes"][0]["duration"], 9);
    watcher.unwatch(doc.path());
    doc.close();
}

#[test]
fn save_as_another_folder_keeps_the_pictures_and_moves_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("curso/fotos")).unwrap();
    std::fs::write(d.join("curso/fotos/a.png"), b"not read").unwrap();
    let path = d.join("curso/aula.estudio");
    std::fs::write(
        &path,
        "{\n  \"version\": 1,\n  \"title\": \"A\",\n  \"canvas\": { \"width\": 64, \"height\": 36, \"fps\": 10 },\n  \"scenes\": [\n    { \"duration\": 1, \"background\": { \"image\": \"fotos/a.png\" } }\n  ]\n}\n",
    )
    .unwrap();
    let mut doc = Document::open(&path, &options(d)).unwrap();
    let to = d.join("copias/2026/aula.estudio");
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    doc.save_as(&to, "tests").unwrap();
    let copy = std::fs::read_to_string(&to).unwrap();
    assert!(
        copy.contains("\"image\": \"../../curso/fotos/a.png\""),
        "{copy}"
    );
    assert!(!doc.is_dirty());
    assert_eq!(doc.path(), to);
    assert!(estudio_edit::lock_path(&to).exists());
    // The first file is as it was.
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("\"fotos/a.png\""));
    doc.close();
}

#[test]
fn a_failed_save_as_leaves_the_document_as_it_was_and_a_linked_folder_is_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("curso/fotos")).unwrap();
    std::fs::write(d.join("curso/fotos/a.png"), b"not read").unwrap();
    let path = d.join("curso/aula.estudio");
    let text = "{\n  \"version\": 1,\n  \"title\": \"A\",\n  \"canvas\": { \"width\": 64, \"height\": 36, \"fps\": 10 },\n  \"scenes\": [\n    { \"duration\": 1, \"background\": { \"image\": \"fotos/a.png\" } }\n  ]\n}\n";
    std::fs::write(&path, text).unwrap();
    let mut doc = Document::open(&path, &options(d)).unwrap();
    // Onto a folder, then into a folder that does not exist: refused, and nothing changed.
    std::fs::create_dir_all(d.join("pasta.estudio")).unwrap();
    assert!(doc.save_as(&d.join("pasta.estudio"), "tests").is_err());
    assert!(doc.save_as(&d.join("nada/aula.estudio"), "tests").is_err());
    assert_eq!(
        doc.value()["scenes"][0]["background"]["image"],
        "fotos/a.png"
    );
    assert!(!doc.is_dirty());
    doc.save().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // Through a link to a folder: the document is the file in the folder itself.
    std::fs::create_dir_all(d.join("real")).unwrap();
    std::os::unix::fs::symlink(d.join("real"), d.join("link")).unwrap();
    doc.save_as(&d.join("link/../link/copia.estudio"), "tests")
        .unwrap();
    let real = std::fs::canonicalize(d.join("real"))
        .unwrap()
        .join("copia.estudio");
    assert_eq!(doc.path(), real);
    assert!(estudio_edit::lock_path(&real).exists());
    // Onto its own file: a save.
    doc.apply(Op::set("/title", json!("B"))).unwrap();
    doc.save_as(&real, "tests").unwrap();
    assert!(!doc.is_dirty());
    assert!(std::fs::read_to_string(&real).unwrap().contains("\"B\""));
    doc.close();
}

#[test]
fn a_change_that_changes_nothing_is_no_step_and_a_value_too_large_to_save_is_refused() {
    use estudio_edit::Change;
    let (dir, path) = setup();
    let mut doc = Document::open(&path, &options(dir.path())).unwrap();
    let title = doc.value()["title"].clone();
    for change in [
        Change::RemoveScenes { scenes: vec![] },
        Change::MoveScenes {
            scenes: vec![],
            to: 0,
        },
        Change::Duplicate { scenes: vec![] },
        Change::MoveScenes {
            scenes: vec![1],
            to: 1,
        },
    ] {
        let op = change.op(doc.value(), dir.path()).unwrap();
        let outcome = doc.apply(op).unwrap();
        assert!(
            !outcome.dirty && !outcome.can_undo,
            "{change:?}: {outcome:?}"
        );
    }
    let outcome = doc.apply(Op::set("/title", title)).unwrap();
    assert!(!outcome.dirty && !outcome.can_undo);
    let huge = "n".repeat(usize::try_from(estudio_project::MAX_FILE_BYTES).unwrap() + 1);
    let refused = doc.apply(Op::set("/scenes/0/name", json!(huge)));
    assert!(
        matches!(
            refused,
            Err(EditError::Op(estudio_edit::OpError::TooLarge { .. }))
        ),
        "{refused:?}"
    );
    assert!(!doc.is_dirty());
    doc.close();
}

#[test]
fn a_change_of_several_scenes_is_one_step_and_writes_where_it_was_asked() {
    use estudio_edit::{Change, Length, Target};
    let (dir, path) = setup();
    let mut doc = Document::open(&path, &options(dir.path())).unwrap();
    let op = Change::Length {
        target: Target::Scenes(vec![1, 2, 3]),
        length: Length::Seconds { secs: 4.0 },
    }
    .op(doc.value(), dir.path())
    .unwrap();
    let outcome = doc.apply(op).unwrap();
    assert_eq!(outcome.changed_scenes, [1, 2, 3]);
    // A voice equal to the default it inherits is still written on the scene, as asked.
    let op = Change::Narration {
        target: Target::Scenes(vec![5]),
        field: estudio_edit::NarrationField::Voice,
        value: Some(json!("pt-br")),
    }
    .op(doc.value(), dir.path())
    .unwrap();
    let outcome = doc.apply(op).unwrap();
    assert_eq!(doc.value()["scenes"][5]["narration"]["voice"], "pt-br");
    assert!(
        outcome.changed_scenes.is_empty(),
        "the same sound: nothing to redraw"
    );
    doc.undo().unwrap();
    doc.undo().unwrap();
    for i in 1..=3 {
        assert!(doc.value()["scenes"][i].get("duration").is_none());
    }
    doc.close();
}

/// A review found every change after "save, undo" lost after a crash: the journal started again
/// at the save without the history, so the undo did not replay and the rest with it.
#[test]
fn undo_and_redo_past_a_save_replay_after_a_crash() {
    let (dir, path) = setup();
    {
        let mut doc = Document::open(&path, &options(dir.path())).unwrap();
        doc.apply(Op::set("/title", json!("Um"))).unwrap();
        doc.save().unwrap();
        doc.undo().unwrap();
        doc.apply(Op::set("/x-a", json!(1))).unwrap();
        doc.apply(Op::set("/scenes/0/duration", json!(9))).unwrap();
        doc.undo().unwrap();
        doc.redo().unwrap();
        drop(doc);
    }
    let found = estudio_edit::recover::list(&dir.path().join("journal"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].changes, 2);
    let mut doc = found
        .into_iter()
        .next()
        .unwrap()
        .open(&options(dir.path()))
        .unwrap();
    assert_eq!(doc.value()["title"], "Curso");
    assert_eq!(doc.value()["x-a"], 1);
    assert_eq!(doc.value()["scenes"][0]["duration"], 9);
    doc.save().unwrap();
    doc.close();
}

/// A pronunciation changes no scene's JSON, yet the scenes whose narration it says otherwise
/// are to be spoken and drawn again: they are the step's changed scenes and are marked unsaved;
/// a save clears the marks, an undo past it brings them back.
#[test]
fn a_pronunciation_marks_the_scenes_it_says_otherwise() {
    use estudio_edit::Change;
    let (dir, path) = setup();
    let mut doc = Document::open(&path, &options(dir.path())).unwrap();
    assert!(doc.outcome().unsaved_scenes.is_empty());
    let entry = |text: &str, say: &str| estudio_spoken::Entry {
        text: text.into(),
        say: Some(say.into()),
        espeak: None,
        ipa: None,
        any_case: false,
    };
    // "Linha 1." and "Linha 12." both hold the word "Linha"; "1" alone is only in "Linha 1.".
    let op = Change::Pronunciations {
        pronunciations: vec![entry("1", "um")],
    }
    .op(doc.value(), dir.path())
    .unwrap();
    let outcome = doc.apply(op).unwrap();
    assert_eq!(outcome.changed_scenes, [1], "only the line with the word 1");
    assert_eq!(outcome.unsaved_scenes, [1]);
    assert!(!outcome.all_scenes);
    // Another scene's own change joins the marks; the captions' text is not a narration.
    let outcome = doc.apply(Op::set("/scenes/7/duration", json!(3))).unwrap();
    assert_eq!(outcome.changed_scenes, [7]);
    assert_eq!(outcome.unsaved_scenes, [1, 7]);
    doc.save().unwrap();
    assert!(
        doc.outcome().unsaved_scenes.is_empty(),
        "saved: nothing marked"
    );
    let outcome = doc.undo().unwrap();
    assert_eq!(outcome.unsaved_scenes, [7]);
    let outcome = doc.undo().unwrap();
    assert_eq!(outcome.unsaved_scenes, [1, 7]);
    assert_eq!(outcome.changed_scenes, [1]);
    doc.close();
}
