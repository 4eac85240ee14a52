//! Faults from outside, with the real binary, real files and real processes: a full disk, a
//! missing ffmpeg, a database that is locked, read-only or damaged, media changed after queueing.
//!
//! The disk and read-only cases mount small tmpfs file systems, which needs root (CI runs as
//! root); elsewhere they say so and return.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

/// A tmpfs of `size` mounted on `dir`, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    /// Needs root: the tests that call it are `#[ignore = "needs root"]`, and `make test` runs
    /// them (`--ignored`) when it runs as root, as CI does. Run by hand as another user, they
    /// fail here rather than pass without testing anything.
    fn mount(dir: &Path, size: &str) -> Self {
        #[allow(unsafe_code)]
        // SAFETY: geteuid has no preconditions and touches no memory.
        let root = unsafe { libc::geteuid() } == 0;
        assert!(root, "mounting a tmpfs needs root");
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .unwrap()
            .success();
        assert!(ok, "mount tmpfs on {} failed", dir.display());
        Self(dir.to_owned())
    }

    fn remount_read_only(&self) {
        let ok = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if let Err(e) = Command::new("umount").arg("-l").arg(&self.0).status() {
            eprintln!("umount {}: {e}", self.0.display());
        }
    }
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
#[ignore = "needs root"]
fn a_full_disk_fails_the_job_clearly_and_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("small-disk");
    let _fs = Tmpfs::mount(&full, "256k");
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 20);
    let out = full.join("talk.mp4");
    let before = previous_video(&out);
    let o = try_enqueue(&db, &project, &out, "mp4-720p", &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    let worker = cli(&db, &["worker", "--drain"]);
    assert!(worker.status.success(), "{}", stderr(&worker));
    let j = job(&db, &id);
    assert_eq!(j["status"], "failed", "{j}");
    // Found before ffmpeg starts: the folder is named, with what is needed and what is free.
    let error = j["error"].as_str().unwrap();
    assert!(
        error.starts_with(&format!(
            "not enough free space in {}: the render needs about",
            full.display()
        )),
        "{error}"
    );
    // Not a fault that passes by itself: no automatic retry.
    assert_eq!(j["attempts"], 1, "{j}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    assert_eq!(temp_files(&full), Vec::<String>::new());
    assert_eq!(integrity(&db), "ok");

    // The work folder (the sound mix, segments) is checked too: here it is the small disk.
    let o = bin()
        .env("ESTUDIO_DATA_DIR", &full)
        .args(["render", project.to_str().unwrap(), "-o"])
        .arg(dir.path().join("elsewhere.mp4"))
        .args(["--preset", "mp4-720p"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let work = full.join("cache").join("work");
    assert!(
        stderr(&o).contains(&format!("not enough free space in {}", work.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_missing_or_old_ffmpeg_is_said_and_nothing_is_queued() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 6);
    let out = dir.path().join("talk.mp4");
    // An "ffmpeg" that is version 4.4, and none at all.
    let old = dir.path().join("ffmpeg");
    std::fs::write(
        &old,
        "#!/bin/sh\necho 'ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021'\n",
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", old.to_str().unwrap()])
        .status()
        .unwrap();
    for (ffmpeg, says) in [
        (
            old.to_str().unwrap(),
            "ffmpeg 4.4.2-0ubuntu0.22.04.1 is too old",
        ),
        (
            "/nonexistent/ffmpeg",
            "/nonexistent/ffmpeg could not be started",
        ),
    ] {
        let with = |args: &[&str]| {
            on(&db)
                .env("ESTUDIO_FFMPEG", ffmpeg)
                .args(args)
                .output()
                .unwrap()
        };
        let o = with(&[
            "enqueue",
            project.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        let o = with(&["worker", "--drain"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
        let o = with(&[
            "render",
            project.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    let jobs = cli(&db, &["jobs", "--json"]);
    assert_eq!(String::from_utf8_lossy(&jobs.stdout).trim(), "[]");
    assert!(!out.exists());
}

#[test]
fn a_locked_database_is_waited_for_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 6);
    let first = enqueue(&db, &project, &dir.path().join("a.mp4"), "preview");
    // Another process holds the write lock for two seconds.
    let holder = std::thread::spawn({
        let db = db.clone();
        move || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.execute_batch("BEGIN EXCLUSIVE; UPDATE render_jobs SET priority = priority;")
                .unwrap();
            std::thread::sleep(Duration::from_secs(2));
            conn.execute_batch("COMMIT").unwrap();
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let second = enqueue(&db, &project, &dir.path().join("b.mp4"), "preview");
    let waited = started.elapsed();
    holder.join().unwrap();
    assert!(
        waited >= Duration::from_millis(1500),
        "did not wait: {waited:?}"
    );
    let ids: Vec<String> =
        serde_json::from_slice::<serde_json::Value>(&cli(&db, &["jobs", "--json"]).stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["id"].as_str().unwrap().to_owned())
            .collect();
    assert!(ids.contains(&first) && ids.contains(&second), "{ids:?}");
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn a_damaged_database_is_moved_aside_and_a_new_queue_started() {
    let dir = tempfile::tempdir().unwrap();
    for (name, damage) in [("garbage", None), ("torn page", Some(8192usize))] {
        let db = dir
            .path()
            .join(format!("{}.sqlite3", name.replace(' ', "-")));
        let project = long_sample(dir.path(), 6);
        for k in 0..30 {
            enqueue(
                &db,
                &project,
                &dir.path().join(format!("{k}.mp4")),
                "preview",
            );
        }
        // Checkpoint so the damage lands in the main file, then damage it.
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
        let mut bytes = std::fs::read(&db).unwrap();
        let original = bytes.clone();
        match damage {
            None => bytes = b"this is not a database at all".repeat(100),
            Some(at) => bytes[at..at + 4096].fill(0xA5),
        }
        std::fs::write(&db, &bytes).unwrap();

        let o = cli(&db, &["jobs", "--json"]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("was damaged; it was kept as"),
            "{name}: {}",
            stderr(&o)
        );
        assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[]", "{name}");
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{}.sqlite3.corrupt-", name.replace(' ', "-")))
            })
            .filter(|p| {
                !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")
            })
            .collect();
        assert_eq!(aside.len(), 1, "{name}: {aside:?}");
        // Kept as it was, for whoever wants to look at it.
        assert_eq!(std::fs::read(&aside[0]).unwrap(), bytes, "{name}");
        assert_ne!(bytes, original);
        // The new queue works.
        enqueue(&db, &project, &dir.path().join("new.mp4"), "preview");
        assert_eq!(integrity(&db), "ok");
    }
}

#[test]
#[ignore = "needs root"]
fn a_read_only_database_is_reported_not_corrupted() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    let fs = Tmpfs::mount(&ro, "4m");
    let db = ro.join("q.sqlite3");
    let project = long_sample(dir.path(), 6);
    let id = enqueue(&db, &project, &dir.path().join("a.mp4"), "preview");
    fs.remount_read_only();
    let o = cli(&db, &["jobs", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot be written"), "{}", stderr(&o));
    // Nothing was moved aside or changed: it is still there once writable again.
    let remount = Command::new("mount")
        .args(["-o", "remount,rw"])
        .arg(&ro)
        .status()
        .unwrap();
    assert!(remount.success());
    assert_eq!(job(&db, &id)["status"], "queued");
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn media_deleted_or_broken_after_queueing_fails_the_job_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 6);
    let sample = project.parent().unwrap();
    let gone = enqueue(&db, &project, &dir.path().join("a.mp4"), "preview");
    std::fs::rename(sample.join("narration-2.ogg"), dir.path().join("kept.ogg")).unwrap();
    let o = cli(&db, &["worker", "--drain"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let j = job(&db, &gone);
    assert_eq!(j["status"], "failed");
    let error = j["error"].as_str().unwrap();
    assert!(
        error.contains("/narration/src") && error.contains("narration-2.ogg"),
        "{error}"
    );
    // Back, but no longer a sound file.
    std::fs::write(sample.join("narration-2.ogg"), b"garbage").unwrap();
    let o = cli(&db, &["retry", &gone]);
    assert!(o.status.success(), "{}", stderr(&o));
    cli(&db, &["worker", "--drain"]);
    let j = job(&db, &gone);
    assert_eq!(j["status"], "failed");
    assert!(
        j["error"]
            .as_str()
            .unwrap()
            .contains("narration-2.ogg: not a media file"),
        "{j}"
    );
    assert!(!dir.path().join("a.mp4").exists());
}

#[test]
fn ffmpeg_killed_mid_render_is_retried_and_the_job_completes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 30);
    let out = dir.path().join("talk.mp4");
    let id = enqueue(&db, &project, &out, "preview");
    let worker = spawn_worker(&db, &[]);
    // Into the picture pass, then kill ffmpeg as the OOM killer would.
    wait_job(&db, &id, 60, |j| {
        j["status"] == "processing" && j["progress"].as_f64().unwrap() > 0.1
    });
    let pids = ffmpeg_of(&id);
    assert!(!pids.is_empty(), "ffmpeg is rendering");
    for line in &pids {
        let pid = line.split_whitespace().next().unwrap();
        Command::new("kill").args(["-KILL", pid]).status().unwrap();
    }
    // A transient failure: the job goes back to the queue with the reason, then completes.
    let done = wait_job(&db, &id, 120, |j| j["status"] == "completed");
    assert_eq!(done["attempts"], 2, "{done}");
    stop_cleanly(worker);
    let o = cli(&db, &["log", &id]);
    let log = String::from_utf8_lossy(&o.stdout);
    assert!(log.contains("stopped by the system (signal 9"), "{log}");
    assert!(log.contains("$ ffmpeg "), "{log}");
    assert!(out.is_file());
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert_eq!(integrity(&db), "ok");
}
