//! What an export writes and where, through the real `estudio-cli`: file modes, destinations it
//! refuses, leftovers of dead attempts, and a worker whose log pipe is gone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A render under `umask`: the video, poster and captions get 0666 less the umask, as any file
/// the user creates (a video for a web server or a colleague must be readable by them).
#[test]
fn exports_get_the_mode_of_a_file_the_user_creates() {
    let dir = tempfile::tempdir().unwrap();
    let project = long_sample(dir.path(), 2);
    for (umask, expected) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let out = dir.path().join(format!("talk-{umask}.mp4"));
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec \"$0\" render \"$1\" -o \"$2\" --preset preview --poster 1 --captions"
            ))
            .arg(env!("CARGO_BIN_EXE_estudio-cli"))
            .arg(&project)
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        for file in [
            out.clone(),
            out.with_extension("poster.png"),
            out.with_extension("srt"),
            out.with_extension("vtt"),
        ] {
            assert_eq!(
                mode(&file),
                expected,
                "{} under umask {umask}",
                file.display()
            );
        }
    }
}

#[test]
fn a_destination_that_is_not_a_video_of_the_presets_kind_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 2);
    // A script and a document, one even named like a video.
    let rc = dir.path().join(".bashrc");
    std::fs::write(&rc, "export PATH=$HOME/bin:$PATH\n").unwrap();
    let fake = dir.path().join("notes.mp4");
    std::fs::write(&fake, "my notes").unwrap();
    for (target, says) in [
        (&fake, "a file that is not a MP4 video is there already"),
        (&dir.path().to_path_buf(), "it is a folder"),
    ] {
        for verb in ["enqueue", "render"] {
            let o = cli(
                &db,
                &[
                    verb,
                    project.to_str().unwrap(),
                    "-o",
                    target.to_str().unwrap(),
                    "--preset",
                    "preview",
                ],
            );
            assert_eq!(o.status.code(), Some(1), "{verb} {}", target.display());
            assert!(stderr(&o).contains(says), "{verb}: {}", stderr(&o));
        }
    }
    assert_eq!(std::fs::read_to_string(&fake).unwrap(), "my notes");
    // The project file itself: `-o welcome.estudio` is `welcome.estudio.mp4`, beside it.
    let o = cli(
        &db,
        &[
            "render",
            project.to_str().unwrap(),
            "-o",
            project.to_str().unwrap(),
            "--preset",
            "preview",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&project)
        .unwrap()
        .contains("\"scenes\""));
    // `-o .bashrc` writes `.bashrc.mp4` beside it: the preset's extension, nothing replaced.
    let o = cli(
        &db,
        &[
            "render",
            project.to_str().unwrap(),
            "-o",
            rc.to_str().unwrap(),
            "--preset",
            "preview",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&rc).unwrap(),
        "export PATH=$HOME/bin:$PATH\n"
    );
    assert!(dir.path().join(".bashrc.mp4").is_file());
    // A video of the preset's kind is replaced only when asked (--force), as a save dialog asks.
    let video = dir.path().join(".bashrc.mp4");
    let before = std::fs::read(&video).unwrap();
    let again = |extra: &[&str]| {
        let mut args = vec![
            "render",
            project.to_str().unwrap(),
            "-o",
            video.to_str().unwrap(),
            "--preset",
            "mp4-480p",
        ];
        args.extend(extra);
        cli(&db, &args)
    };
    let refused = again(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains(&format!(
            "cannot export to {}: {} is there already; choose another name, or replace it (estudio-cli: --force)",
            video.display(),
            video.display()
        )),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read(&video).unwrap(), before, "nothing replaced");
    let forced = again(&["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_ne!(
        std::fs::read(&video).unwrap(),
        before,
        "replaced when asked"
    );
    assert_eq!(cli(&db, &["jobs", "--json"]).stdout, b"[]\n");
}

#[test]
fn two_unfinished_exports_to_one_file_are_refused_at_enqueue() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 2);
    let out = dir.path().join("talk.mp4");
    let first = enqueue(&db, &project, &out, "preview");
    let o = try_enqueue(&db, &project, &out, "preview", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "the export of “Bem-vindo ao Estúdio” (queued, job {first}) already writes {}",
            out.display()
        )),
        "{}",
        stderr(&o)
    );
    // A WebM of the same name would write the same poster: refused too.
    let o = try_enqueue(
        &db,
        &project,
        &out.with_extension("webm"),
        "webm-1080p",
        &["--poster", "1"],
    );
    assert!(
        o.status.success(),
        "no poster on the first job: {}",
        stderr(&o)
    );
    let o = try_enqueue(
        &db,
        &project,
        &out.with_extension("gif"),
        "gif",
        &["--poster", "1"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("talk.poster.png"), "{}", stderr(&o));
}

#[test]
fn temporaries_of_a_dead_attempts_poster_and_captions_are_swept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 2);
    let out = dir.path().join("talk.mp4");
    let o = try_enqueue(
        &db,
        &project,
        &out,
        "preview",
        &["--poster", "1", "--captions"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let id = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    // What a killed attempt of this job leaves (names as TempOutput makes them), and another
    // job's, which is not this worker's to touch.
    let mine = [
        format!(".talk.mp4.estudio-part-{id}-0123456789ab.mp4"),
        format!(".talk.poster.png.estudio-part-{id}-0123456789ab.png"),
        format!(".talk.srt.estudio-part-{id}-0123456789ab.srt"),
        format!(".talk.vtt.estudio-part-{id}-0123456789ab.vtt"),
    ];
    let other = ".talk.poster.png.estudio-part-someone-else-0123456789ab.png";
    for name in mine.iter().map(String::as_str).chain([other]) {
        std::fs::write(dir.path().join(name), b"half").unwrap();
    }
    let w = cli(&db, &["worker", "--drain"]);
    assert!(w.status.success(), "{}", stderr(&w));
    assert_eq!(job(&db, &id)["status"], "completed");
    assert_eq!(temp_files(dir.path()), vec![other.to_owned()]);
}

/// A worker whose standard error is a closed pipe (its logger died, or `2>&1 | head`) still
/// renders, and still stops on SIGTERM, putting its running job back.
#[test]
fn a_worker_whose_log_pipe_is_closed_still_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 30);
    let id = enqueue(&db, &project, &dir.path().join("talk.mp4"), "mp4-720p");
    let mut worker = on(&db)
        .arg("worker")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reading end goes away: every later write to stderr fails with EPIPE.
    drop(worker.stderr.take());
    wait_job(&db, &id, 60, |j| j["status"] == "processing");
    Command::new("kill")
        .arg(worker.id().to_string())
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = worker.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            worker.kill().ok();
            panic!("the worker was still running 10 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let j = job(&db, &id);
    assert_eq!(j["status"], "queued", "{j}");
    assert_eq!(j["attempts"], 0, "a clean stop uses no attempt: {j}");
}

/// A video that appears at the destination while the job waits is not the one the person
/// confirmed (there was none): the job fails naming it, and the file is kept. With --force it
/// is replaced, as asked.
#[test]
fn a_file_that_appears_at_the_destination_after_queueing_is_replaced_only_when_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 1);
    let out = dir.path().join("race.mp4");
    assert!(cli(&db, &["pause"]).status.success());
    let id = enqueue(&db, &project, &out, "preview");
    // Someone else's video arrives meanwhile (other bytes than the job's).
    let o = cli(
        &db,
        &[
            "render",
            project.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--preset",
            "preview",
            "--crf",
            "45",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let theirs = std::fs::read(&out).unwrap();
    assert!(cli(&db, &["resume"]).status.success());
    let o = cli(&db, &["worker", "--drain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let j = job(&db, &id);
    assert_eq!(j["status"], "failed", "{j}");
    let said = j["error"].as_str().unwrap_or_default();
    assert!(
        said.contains("race.mp4")
            && said.contains("a file appeared there after the export was queued"),
        "{j}"
    );
    assert!(std::fs::read(&out).unwrap() == theirs, "kept");
    assert!(
        temp_files(dir.path()).is_empty(),
        "{:?}",
        temp_files(dir.path())
    );
    // Confirmed: replaced.
    let id = {
        let o = try_enqueue(
            &db,
            &project,
            &out,
            "preview",
            &["--force", "--poster", "0.5"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    };
    let o = cli(&db, &["worker", "--drain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(job(&db, &id)["status"], "completed");
    assert!(std::fs::read(&out).unwrap() != theirs, "replaced");
}

/// A file name may have 255 bytes; the temporary file beside it must not push a long one past
/// that (a 240-byte title failed with "invalid filename").
#[test]
fn a_video_with_a_name_of_240_bytes_renders_and_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 1);
    // 118 two-byte letters: 236 bytes, and ".mp4".
    let out = dir.path().join(format!("{}.mp4", "é".repeat(118)));
    let o = cli(
        &db,
        &[
            "render",
            project.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--preset",
            "preview",
            "--captions",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.is_file());
    assert!(
        temp_files(dir.path()).is_empty(),
        "{:?}",
        temp_files(dir.path())
    );
}

/// `sample DIR` writes into a folder the person names: their files there are theirs.
#[test]
fn the_sample_never_writes_over_the_persons_files_or_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let folder = dir.path().join("s");
    std::fs::create_dir(&folder).unwrap();
    let mine = folder.join("welcome.estudio");
    std::fs::write(&mine, "{\"my\": \"project\"}").unwrap();
    let song = dir.path().join("song.ogg");
    std::fs::write(&song, "my song").unwrap();
    std::os::unix::fs::symlink(&song, folder.join("music.ogg")).unwrap();
    let o = cli(&db, &["sample", folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("welcome.estudio already exists"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "{\"my\": \"project\"}"
    );
    std::fs::remove_file(&mine).unwrap();
    let o = cli(&db, &["sample", folder.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("music.ogg already exists"),
        "{}",
        stderr(&o)
    );
    let o = cli(&db, &["sample", folder.to_str().unwrap(), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&song).unwrap(),
        "my song",
        "a link is replaced, never followed"
    );
    assert!(!folder
        .join("music.ogg")
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
    // Again: the same files are left alone.
    assert!(cli(&db, &["sample", folder.to_str().unwrap()])
        .status
        .success());
}

/// A folder the person may not write is said at once, by render and by enqueue, naming the
/// export (a review saw enqueue accept it and the job fail later, and render print the folder
/// with the system's words). Run as another user when the tests run as root (who may write
/// anywhere).
#[test]
fn a_folder_that_cannot_be_written_is_refused_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    std::fs::set_permissions(base, std::fs::Permissions::from_mode(0o777)).unwrap();
    let project = long_sample(base, 1);
    let ro = base.join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = ro.join("a.mp4");
    let as_root = rustix::process::geteuid().is_root();
    for verb in ["render", "enqueue"] {
        let mut cmd = if as_root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_estudio-cli"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_estudio-cli"))
        };
        let data = base.join(format!("data-{verb}"));
        std::fs::create_dir(&data).unwrap();
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
        let o = cmd
            .env("LANGUAGE", "en")
            .env("HOME", &data)
            .env("ESTUDIO_DATA_DIR", &data)
            .args(["--db", data.join("q.sqlite3").to_str().unwrap()])
            .args([verb, project.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .args(["--preset", "preview"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{verb}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!(
                "cannot export to {}: permission denied",
                out.display()
            )),
            "{verb}: {}",
            stderr(&o)
        );
    }
}
