//! `estudio-cli import NEW --into PROJECT` with the real LibreOffice, then the real queue and
//! worker: the export after a deck update draws only the scenes the update changed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::cli;

/// Version 1: four slides with notes. Version 2: a new slide first, and slide 2's notes
/// reworded; nothing else.
const DECKS: &str = r#"
import sys
from pptx import Presentation
v1, v2 = sys.argv[1], sys.argv[2]
prs = Presentation()
for n in range(1, 5):
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = f"Slide {n}"
    s.notes_slide.notes_text_frame.text = f"Slide {n}."
prs.save(v1)
prs = Presentation(v1)
list(prs.slides)[1].notes_slide.notes_text_frame.text = "Slide two, reworded."
new = prs.slides.add_slide(prs.slide_layouts[5])
new.shapes.title.text = "Welcome"
new.notes_slide.notes_text_frame.text = "Welcome."
ids = prs.slides._sldIdLst
el = ids[-1]; ids.remove(el); ids.insert(0, el)
prs.save(v2)
"#;

#[test]
fn the_export_after_a_deck_update_draws_only_the_scenes_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (v1, v2) = (
        dir.path().join("curso.pptx"),
        dir.path().join("curso-v2.pptx"),
    );
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    let ok = Command::new(python)
        .args(["-c", DECKS])
        .arg(&v1)
        .arg(&v2)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let db = dir.path().join("q.sqlite3");
    let project = dir.path().join("curso.estudio");
    let project_arg = project.to_str().unwrap();
    let made = cli(
        &db,
        &[
            "import",
            v1.to_str().unwrap(),
            "-o",
            project_arg,
            "--voice",
            "pt-br",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(
        common::export_through_the_queue(&db, &project),
        None,
        "the first export draws all"
    );

    let updated = cli(
        &db,
        &["import", v2.to_str().unwrap(), "--into", project_arg],
    );
    let said = String::from_utf8_lossy(&updated.stderr);
    assert!(updated.status.success(), "{said}");
    assert!(said.contains("scene 1: new slide 1 added"), "{said}");
    assert!(
        said.contains("scene 3: the new narration of slide 3 taken"),
        "{said}"
    );
    // The new slide and slide 2's new words are drawn; the three others come from the cache,
    // though every one of them now starts later.
    assert_eq!(
        common::export_through_the_queue(&db, &project).as_deref(),
        Some("# 3 of 5 scenes from the cache of finished parts")
    );

    // The same deck again: nothing changes, the file neither.
    let before = std::fs::read(&project).unwrap();
    let again = cli(
        &db,
        &["import", v2.to_str().unwrap(), "--into", project_arg],
    );
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(std::fs::read(&project).unwrap(), before);
}
