//! Deck updates with the real LibreOffice and MuPDF: a deck imported, the project edited as a
//! person would, a new version of the deck (python-pptx, and LibreOffice's conversions of it to
//! .odp and PDF) merged in, and every expectation checked scene by scene.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::{convert, project as read, python};
use estudio_deck::merge::{Event, Field};
use estudio_deck::{import, update, ImportError, ImportOptions};
use estudio_render::CancelToken;
use serde_json::{json, Value};

/// Version 1: ten slides "Slide N", each with notes "Notes N." and a picture of its own (its
/// title). Version 2, from version 1 as an author edits a deck: a red box on slide 2, new notes
/// on slide 3, a new slide after slide 4, slide 6 removed, slide 10 moved first.
const DECKS: &str = r#"
import sys
from pptx import Presentation
from pptx.util import Inches
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
v1, v2 = sys.argv[1], sys.argv[2]
prs = Presentation()
for n in range(1, 11):
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = f"Slide {n}"
    s.notes_slide.notes_text_frame.text = f"Notes {n}."
prs.save(v1)
prs = Presentation(v1)
slides = list(prs.slides)
box = slides[1].shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(3), Inches(4), Inches(2))
box.fill.solid(); box.fill.fore_color.rgb = RGBColor(0xD0, 0x10, 0x10)
slides[2].notes_slide.notes_text_frame.text = "Notes 3, as the author rewrote them."
# Added before slide 6 is dropped: python-pptx names a new part after the slide count, which
# would then be slide 10's name.
new = prs.slides.add_slide(prs.slide_layouts[5])
new.shapes.title.text = "A new slide"
new.notes_slide.notes_text_frame.text = "What is new."
ids = prs.slides._sldIdLst
six = ids[5]
prs.part.drop_rel(six.rId)
ids.remove(six)
el = ids[-1]; ids.remove(el); ids.insert(4, el)
ten = ids[-1]; ids.remove(ten); ids.insert(0, ten)
prs.save(v2)
"#;

fn decks(dir: &Path) -> (PathBuf, PathBuf) {
    let (v1, v2) = (dir.join("curso.pptx"), dir.join("curso-v2.pptx"));
    python(DECKS, &[v1.as_os_str(), v2.as_os_str()]);
    (v1, v2)
}

fn write(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

/// What the CLI and the window do with an update: the pictures written, then the project.
fn apply(project: &Path, up: &estudio_deck::Update) {
    let mut p = read(project);
    up.op().apply(&mut p).unwrap();
    let _written = up.write_pictures().unwrap();
    write(project, &p);
    // What was written is a project the app reads, without a problem.
    let loaded = estudio_project::load(project).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

fn names(p: &Value) -> Vec<String> {
    p["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap_or("(by hand)").to_owned())
        .collect()
}

fn scene<'a>(p: &'a Value, name: &str) -> &'a Value {
    p["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no scene {name} in {:?}", names(p)))
}

/// The person's edits: narration of slide 3 reworded, duration of 5 changed, 7 and 8 swapped,
/// a scene added by hand after scene 2.
fn edit(project: &Path) {
    let mut p = read(project);
    let scenes = p["scenes"].as_array_mut().unwrap();
    scenes[2]["narration"]["text"] = json!("My own words for slide 3.");
    scenes[4]["duration"] = json!(8.0);
    scenes.swap(6, 7);
    scenes.insert(
        2,
        json!({"background": {"color": "#204060"}, "duration": 3.0, "texts": [{"text": "Mine"}]}),
    );
    write(project, &p);
}

fn merge_into(deck: &Path, project: &Path) -> estudio_deck::Update {
    update(
        deck,
        project,
        &read(project),
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap()
}

#[test]
fn a_new_pptx_keeps_every_fix_takes_every_change_and_reports_the_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = decks(dir.path());
    let project = dir.path().join("curso.estudio");
    import(
        &v1,
        &project,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    let before = read(&project);
    let picture_2 = scene(&before, "Slide 2")["background"]["image"].clone();
    let picture_4 = scene(&before, "Slide 4")["background"]["image"].clone();
    edit(&project);

    let up = merge_into(&v2, &project);
    apply(&project, &up);
    let p = read(&project);
    assert_eq!(
        names(&p),
        [
            "Slide 10",
            "Slide 1",
            "Slide 2",
            "(by hand)",
            "Slide 3",
            "Slide 4",
            "A new slide",
            "Slide 5",
            "Slide 8",
            "Slide 7",
            "Slide 9"
        ]
    );
    // Only the deck changed slide 2's picture: the new one, in a file of its own.
    let new_2 = &scene(&p, "Slide 2")["background"]["image"];
    assert_ne!(new_2, &picture_2);
    assert!(dir.path().join(new_2.as_str().unwrap()).is_file());
    // The old picture is still there, as it was (an undo shows it again).
    assert!(dir.path().join(picture_2.as_str().unwrap()).is_file());
    // An unchanged slide keeps its file.
    assert_eq!(scene(&p, "Slide 4")["background"]["image"], picture_4);
    // Both changed slide 3's narration: the person's is kept, the deck's reported.
    assert_eq!(
        scene(&p, "Slide 3")["narration"]["text"],
        "My own words for slide 3."
    );
    let conflicts: Vec<&Event> = up
        .merged
        .events
        .iter()
        .filter(|e| matches!(e, Event::Conflict { .. }))
        .collect();
    assert_eq!(conflicts.len(), 1, "{:#?}", up.merged.events);
    let Event::Conflict {
        scene: at_scene,
        field,
        at,
        theirs,
        ..
    } = conflicts[0]
    else {
        unreachable!()
    };
    assert_eq!((*at_scene, *field), (4, Field::Narration));
    assert_eq!(at, "/scenes/4/narration/text");
    assert_eq!(theirs, "Notes 3, as the author rewrote them.");
    // The person's length of slide 5 is kept.
    assert_eq!(scene(&p, "Slide 5")["duration"], 8.0);
    // The new slide speaks its notes with the project's voice (no voice of its own).
    let new = scene(&p, "A new slide");
    assert_eq!(new["narration"]["text"], "What is new.");
    assert!(new["narration"].get("voice").is_none());
    // Slide 6 is gone, and the scene added by hand is as it was.
    assert!(!names(&p).contains(&"Slide 6".to_owned()));
    assert_eq!(p["scenes"][3]["texts"][0]["text"], "Mine");
    // The record is the new deck's: ten slides, slide 10 first.
    let keys: Vec<&str> = p["imported"]["slides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 10);
    assert_eq!(p["scenes"][0]["slide"], keys[0]);
    assert_eq!(p["imported"]["deck"], "curso-v2.pptx");
    let removed = up
        .merged
        .events
        .iter()
        .filter(|e| matches!(e, Event::Removed { .. }))
        .count();
    assert_eq!(removed, 1);

    // The same deck again changes nothing, and says the conflict no more.
    let again = merge_into(&v2, &project);
    assert_eq!(json!(again.merged.scenes), p["scenes"]);
    assert!(
        again
            .merged
            .events
            .iter()
            .all(|e| matches!(e, Event::Kept { .. })),
        "{:#?}",
        again.merged.events
    );
}

#[test]
fn an_odp_without_slide_ids_is_matched_by_its_pictures_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = decks(dir.path());
    let (v1, v2) = (convert(&v1, "odp"), convert(&v2, "odp"));
    let project = dir.path().join("curso.estudio");
    import(
        &v1,
        &project,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    edit(&project);
    let up = merge_into(&v2, &project);
    apply(&project, &up);
    let p = read(&project);
    assert_eq!(
        names(&p),
        [
            "Slide 10",
            "Slide 1",
            "Slide 2",
            "(by hand)",
            "Slide 3",
            "Slide 4",
            "A new slide",
            "Slide 5",
            "Slide 8",
            "Slide 7",
            "Slide 9"
        ]
    );
    assert_eq!(
        scene(&p, "Slide 3")["narration"]["text"],
        "My own words for slide 3."
    );
    assert_eq!(scene(&p, "Slide 5")["duration"], 8.0);
    assert!(up.merged.events.iter().any(|e| matches!(
        e,
        Event::Taken {
            field: Field::Picture,
            ..
        }
    )));
}

#[test]
fn a_pdf_with_a_page_removed_is_recognised_page_by_page() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, _) = decks(dir.path());
    let pdf = convert(&v1, "pdf");
    // Page 4 removed: every page after it moves up one.
    let shorter = dir.path().join("curso-v2.pdf");
    let ok = Command::new("mutool")
        .args(["merge", "-o"])
        .arg(&shorter)
        .arg(&pdf)
        .arg("1-3,5-10")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let project = dir.path().join("curso.estudio");
    import(
        &pdf,
        &project,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    // The person lengthens page 7 and adds a scene after page 2.
    let mut p = read(&project);
    p["scenes"][6]["duration"] = json!(9.0);
    let page7 = p["scenes"][6]["background"]["image"].clone();
    p["scenes"].as_array_mut().unwrap().insert(
        2,
        json!({"background": {"color": "#102030"}, "duration": 2.0}),
    );
    write(&project, &p);

    let up = merge_into(&shorter, &project);
    apply(&project, &up);
    let p = read(&project);
    let scenes = p["scenes"].as_array().unwrap();
    assert_eq!(scenes.len(), 10, "{scenes:#?}");
    // Page 4's scene is gone, the others are where they were, their pictures unchanged.
    assert!(scenes[2].get("slide").is_none());
    let page7_now = scenes
        .iter()
        .find(|s| s["background"]["image"] == page7)
        .expect("page 7 keeps its picture");
    assert_eq!(page7_now["duration"], 9.0);
    let events = &up.merged.events;
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, Event::Removed { .. }))
            .count(),
        1,
        "{events:#?}"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Taken { .. } | Event::Added { .. })),
        "{events:#?}"
    );
}

#[test]
fn a_deck_of_another_course_or_a_project_without_records_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, _) = decks(dir.path());
    let project = dir.path().join("curso.estudio");
    import(
        &v1,
        &project,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    let other = dir.path().join("outro.pdf");
    let ok = Command::new("mutool")
        .args(["create", "-o"])
        .arg(&other)
        .arg("/dev/stdin")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin
                .take()
                .unwrap()
                .write_all(b"%%MediaBox 0 0 400 300\n0 0 1 rg 0 0 400 300 re f\n")?;
            c.wait()
        })
        .unwrap();
    assert!(ok.success());
    let before = std::fs::read(&project).unwrap();
    let err = update(
        &other,
        &project,
        &read(&project),
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .err()
    .expect("refused");
    assert!(matches!(err, ImportError::NothingInCommon { .. }), "{err}");
    assert_eq!(std::fs::read(&project).unwrap(), before);

    let mut by_hand = read(&project);
    by_hand.as_object_mut().unwrap().remove("imported");
    let err = update(
        &v1,
        &project,
        &by_hand,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .err()
    .expect("refused");
    assert!(matches!(err, ImportError::NoRecords { .. }), "{err}");
}

/// Found by a review: LibreOffice's profile, made beside the project, was given as a URL with
/// the folder's space as it was, and every import in such a folder waited for its time limit.
#[test]
fn a_deck_in_a_folder_with_a_space_and_an_accent_imports() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Meus Documentos de ação");
    std::fs::create_dir_all(&folder).unwrap();
    let (v1, _) = decks(&folder);
    let project = folder.join("curso.estudio");
    let options = ImportOptions {
        limit: std::time::Duration::from_secs(60),
        ..ImportOptions::default()
    };
    import(&v1, &project, &options, &CancelToken::new(), |_| {}).unwrap();
    assert_eq!(read(&project)["scenes"].as_array().unwrap().len(), 10);
}
