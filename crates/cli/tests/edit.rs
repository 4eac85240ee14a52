//! `estudio-cli edit` and `recover` through the real binary: a process killed with SIGKILL after
//! N acknowledged operations gives back exactly N; edits of a deck import's project are
//! one-line diffs; bad operations change nothing; two editors on one file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;

use common::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn edit(data: &Path, args: &[&str]) -> std::process::Output {
    bin()
        .env("ESTUDIO_DATA_DIR", data)
        .arg("edit")
        .args(args)
        .output()
        .unwrap()
}

/// `estudio-cli edit PROJECT --stdin`, its input and answers piped.
fn stdin_editor(data: &Path, project: &Path) -> std::process::Child {
    bin()
        .env("ESTUDIO_DATA_DIR", data)
        .args(["edit", project.to_str().unwrap(), "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn value(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_kill_after_n_acknowledged_operations_gives_back_exactly_n() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let project = many_scenes(dir.path(), 12);
    let original = std::fs::read(&project).unwrap();
    for n in [1usize, 7] {
        let mut child = stdin_editor(&data, &project);
        let mut input = child.stdin.take().unwrap();
        let mut acks = BufReader::new(child.stdout.take().unwrap()).lines();
        for k in 1..=n {
            writeln!(input, "set /scenes/{k}/duration {}", k as f64 + 0.5).unwrap();
            input.flush().unwrap();
            assert_eq!(acks.next().unwrap().unwrap(), format!("ok {k}"));
        }
        // SIGKILL: no handler runs, nothing is saved.
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(std::fs::read(&project).unwrap(), original, "nothing saved");
        let listed = bin()
            .env("ESTUDIO_DATA_DIR", &data)
            .arg("recover")
            .output()
            .unwrap();
        let said = stdout(&listed);
        let expected = if n == 1 {
            "1 unsaved change".to_owned()
        } else {
            format!("{n} unsaved changes")
        };
        assert!(
            said.contains(&format!("{}: {expected}", project.display())),
            "{said}"
        );
        let o = bin()
            .env("ESTUDIO_DATA_DIR", &data)
            .args(["recover", project.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let v = value(&project);
        for k in 1..=n {
            assert_eq!(v["scenes"][k]["duration"], k as f64 + 0.5, "change {k}");
        }
        assert_ne!(v["scenes"][n + 1]["duration"], (n + 1) as f64 + 0.5);
        // Nothing is left to recover.
        let again = bin()
            .env("ESTUDIO_DATA_DIR", &data)
            .arg("recover")
            .output()
            .unwrap();
        assert!(
            stdout(&again).contains("no unsaved changes"),
            "{}",
            stdout(&again)
        );
        std::fs::write(&project, &original).unwrap();
    }
}

#[test]
fn edits_of_an_imported_deck_are_one_line_diffs_and_bad_ones_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = d.join("data");
    // A deck's project, as the import writes it (a PDF: no LibreOffice needed).
    let deck = d.join("aula.pdf");
    two_page_pdf(&deck);
    let project = d.join("aula.estudio");
    let o = bin()
        .env("ESTUDIO_DATA_DIR", &data)
        .args([
            "import",
            deck.to_str().unwrap(),
            "-o",
            project.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read_to_string(&project).unwrap();
    // A duration changed: one line.
    let o = edit(
        &data,
        &[project.to_str().unwrap(), "set", "/scenes/1/duration", "8"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("changed scenes: 2"), "{}", stdout(&o));
    let after = std::fs::read_to_string(&project).unwrap();
    let changed = similar::TextDiff::from_lines(&before, &after)
        .iter_all_changes()
        .filter(|c| c.tag() == similar::ChangeTag::Insert)
        .count();
    assert_eq!(changed, 1, "{after}");
    // Scenes swapped, with a dry run first: the diff, and nothing written.
    let o = edit(
        &data,
        &[project.to_str().unwrap(), "--dry-run", "move", "2", "1"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("--- before"), "{}", stdout(&o));
    assert_eq!(std::fs::read_to_string(&project).unwrap(), after);
    let o = edit(
        &data,
        &[project.to_str().unwrap(), "move", "2", "1", "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["saved"], true);
    assert_eq!(report["changed_scenes"], serde_json::json!([0, 1]));
    assert_eq!(value(&project)["scenes"][0]["duration"], 8.0);
    // Bad operations: a typed error at their pointer, the file untouched, in Portuguese too.
    let now = std::fs::read(&project).unwrap();
    for (args, says) in [
        (
            vec!["set", "/scenes/9/duration", "3"],
            "/scenes/9: past the end (there are 2)",
        ),
        (vec!["move", "3", "1"], "/scenes/2: past the end"),
        (vec!["remove", "0"], "0: not a scene number"),
        (vec!["set", "/title/x", "1"], "/title: it holds a value"),
        (vec!["mvoe", "1", "2"], "mvoe: not an operation"),
    ] {
        let mut all = vec![project.to_str().unwrap()];
        all.extend(args.iter());
        let o = edit(&data, &all);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert_eq!(std::fs::read(&project).unwrap(), now, "{args:?}");
    }
    let o = bin()
        .env("ESTUDIO_DATA_DIR", &data)
        .env("LANGUAGE", "pt_BR")
        .args([
            "edit",
            project.to_str().unwrap(),
            "set",
            "/scenes/9/duration",
            "3",
        ])
        .output()
        .unwrap();
    assert!(
        stderr(&o).contains("erro: /scenes/9: além do fim (há 2); o projeto ficou como estava"),
        "{}",
        stderr(&o)
    );
    // A value out of range is saved, its problem said at its pointer, exit 2.
    let o = edit(
        &data,
        &[project.to_str().unwrap(), "set", "/scenes/0/duration", "-1"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("/scenes/0/duration: "),
        "{}",
        stderr(&o)
    );
    // Nothing is left in the journal.
    let journal: Vec<_> = std::fs::read_dir(data.join("journal")).unwrap().collect();
    assert!(journal.is_empty());
}

/// A PDF of two coloured pages, written by hand (the smallest valid file).
fn two_page_pdf(path: &Path) {
    let pages = ["1 0 0", "0 0 1"];
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>".to_owned(),
    ];
    for (i, rgb) in pages.iter().enumerate() {
        let content = format!("{rgb} rg 0 0 640 360 re f");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 640 360] /Contents {} 0 R >>",
            4 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    std::fs::write(path, out).unwrap();
}

#[test]
fn a_second_editor_is_told_where_the_file_is_being_edited() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let project = many_scenes(dir.path(), 3);
    let mut first = stdin_editor(&data, &project);
    let mut input = first.stdin.take().unwrap();
    let mut acks = BufReader::new(first.stdout.take().unwrap()).lines();
    writeln!(input, "set /title \"Primeiro\"").unwrap();
    assert_eq!(acks.next().unwrap().unwrap(), "ok 1");
    let o = edit(
        &data,
        &[project.to_str().unwrap(), "set", "/title", "Segundo"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{} is being edited by estudio-cli edit on",
            project.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains(&format!("(process {})", first.id())),
        "{}",
        stderr(&o)
    );
    // The first saves at the end of its input, and lets go.
    drop(input);
    assert!(first.wait().unwrap().success());
    assert_eq!(value(&project)["title"], "Primeiro");
    let o = edit(
        &data,
        &[project.to_str().unwrap(), "set", "/title", "Segundo"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(value(&project)["title"], "Segundo");
}

/// What a hostile review reproduced: each operation sees what the ones before it did; a value
/// that starts as JSON must be JSON; a line of --stdin is applied whole or not at all; a link
/// is edited through, never replaced; what could not be read back is refused.
#[test]
fn operations_see_each_other_links_are_followed_and_bad_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let project = many_scenes(dir.path(), 3);
    let p = project.to_str().unwrap();
    let o = edit(
        &data,
        &[p, "set", "/scenes/0/duration", "9", "duplicate", "1"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(value(&project)["scenes"][1]["duration"], 9);
    let before = std::fs::read(&project).unwrap();
    let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
    for (args, says) in [
        (
            vec!["set", "/scenes/0/duration", "1e400"],
            "1e400: not a JSON value",
        ),
        (
            vec!["set", "/x-d", deep.as_str()],
            "nested deeper than the 64 levels",
        ),
        (
            vec!["set", "/a~2b", "1"],
            "/a~2b: a JSON Pointer starts with",
        ),
    ] {
        let mut all = vec![p];
        all.extend(args.iter().copied());
        let o = edit(&data, &all);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert_eq!(std::fs::read(&project).unwrap(), before, "{args:?}");
    }
    // Two operations on one line of --stdin: neither.
    let mut child = bin()
        .env("ESTUDIO_DATA_DIR", &data)
        .args(["edit", p, "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "remove 1 remove 99").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        stderr(&o).contains("one operation a line"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&project).unwrap(), before);
    // Through a link: the file it names changes, the link stays a link.
    let link = dir.path().join("link.estudio");
    std::os::unix::fs::symlink(&project, &link).unwrap();
    let o = edit(
        &data,
        &[link.to_str().unwrap(), "set", "/title", "Pelo atalho"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(value(&project)["title"], "Pelo atalho");
}
