//! Worker processes of the real `estudio-cli`, killed, canceled and paused from outside.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

#[test]
fn a_worker_killed_mid_render_leaves_no_ffmpeg_and_its_job_is_finished_by_another() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 40);
    let out = dir.path().join("out.mp4");
    let previous = previous_video(&out);
    let o = try_enqueue(&db, &project, &out, "preview", &["--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let id = String::from_utf8_lossy(&o.stdout).trim().to_owned();

    let mut first = spawn_worker(&db, &["--lease-secs", "1"]);
    // Past the sound mix (the first 5 %): the picture pass writes the temporary file.
    wait_job(&db, &id, 30, |j| {
        j["status"] == "processing" && j["progress"].as_f64().unwrap() > 0.1
    });
    assert!(!ffmpeg_of(&id).is_empty(), "ffmpeg is rendering");
    assert!(!temp_files(dir.path()).is_empty(), "into a temporary file");
    first.kill().unwrap(); // SIGKILL: no chance to clean up
    first.wait().unwrap();

    // The kernel takes ffmpeg down with its parent.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !ffmpeg_of(&id).is_empty() {
        assert!(
            Instant::now() < deadline,
            "ffmpeg outlived its worker: {:?}",
            ffmpeg_of(&id)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        job(&db, &id)["status"],
        "processing",
        "the dead worker's lease has not expired yet"
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        previous,
        "the destination is untouched"
    );

    // Another worker recovers the job once the lease expires, cleans up and finishes it.
    let second = cli(&db, &["worker", "--drain", "--lease-secs", "1"]);
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let done = job(&db, &id);
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["attempts"], 2);
    assert!(
        temp_files(dir.path()).is_empty(),
        "{:?}",
        temp_files(dir.path())
    );
    let probe = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let secs: f64 = String::from_utf8_lossy(&probe.stdout)
        .trim()
        .parse()
        .unwrap();
    assert!((secs - 46.5).abs() < 0.05, "{secs}");
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn cancel_from_another_process_stops_a_running_render() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 600);
    let out = dir.path().join("long.mp4");
    let id = enqueue(&db, &project, &out, "mp4-720p");
    let worker = spawn_worker(&db, &[]);
    wait_job(&db, &id, 30, |j| {
        j["status"] == "processing" && j["progress"].as_f64().unwrap() > 0.0
    });

    let c = cli(&db, &["cancel", &id]);
    assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    let ended = wait_job(&db, &id, 30, |j| j["status"] != "processing");
    // Stopped mid-render, on its first attempt (how fast is for the benchmarks).
    assert_eq!(ended["status"], "canceled");
    assert!(ended["progress"].as_f64().unwrap() < 1.0, "{ended}");
    assert_eq!(ended["attempts"], 1);
    assert!(ffmpeg_of(&id).is_empty());
    assert!(!out.exists());
    assert!(temp_files(dir.path()).is_empty());

    // SIGTERM: the worker stops cleanly.
    stop_cleanly(worker);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn a_paused_queue_starts_nothing_until_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = long_sample(dir.path(), 1);
    let out = dir.path().join("short.mp4");
    assert!(cli(&db, &["pause"]).status.success());
    let id = enqueue(&db, &project, &out, "preview");
    // A draining worker has nothing it may start: it exits at once.
    let drained = cli(&db, &["worker", "--drain"]);
    assert!(drained.status.success());
    assert_eq!(job(&db, &id)["status"], "queued");
    let worker = spawn_worker(&db, &[]);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        job(&db, &id)["status"],
        "queued",
        "nothing starts while paused"
    );
    let resumed = cli(&db, &["resume"]);
    assert!(String::from_utf8_lossy(&resumed.stdout).starts_with("running"));
    wait_job(&db, &id, 30, |j| j["status"] == "completed");
    stop_cleanly(worker);
    assert_eq!(integrity(&db), "ok");
}

/// Finished parts (pictures, not the sound) in the cache of the test whose queue is `db`: those
/// with their record, the last thing written.
fn cached_parts(db: &Path) -> usize {
    std::fs::read_dir(data_dir(db).join("cache/parts"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ts"))
                .filter(|p| p.with_extension("json").exists())
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn a_job_whose_worker_was_killed_resumes_from_its_finished_parts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = many_scenes(dir.path(), 24);
    let out = dir.path().join("out.mp4");
    let id = enqueue(&db, &project, &out, "mp4-480p");
    let mut first = spawn_worker(&db, &["--lease-secs", "1"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    // 24 parts of a scene each, drawn by four runs of six: killed once a run's are kept.
    while cached_parts(&db) < 6 {
        assert!(Instant::now() < deadline, "no part was finished");
        assert_ne!(
            job(&db, &id)["status"],
            "completed",
            "it finished before the kill"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let done_before = cached_parts(&db);
    assert!(done_before < 24, "{done_before} of 24 parts were kept");

    let second = cli(&db, &["worker", "--drain", "--lease-secs", "1"]);
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let done = job(&db, &id);
    assert_eq!(done["status"], "completed", "{done}");
    let log = String::from_utf8_lossy(&cli(&db, &["log", &id]).stdout).into_owned();
    let reused = format!("# {done_before} of 24 scenes from the cache");
    assert!(log.contains(&reused), "{reused} in:\n{log}");

    // The same video as a render that reads nothing from the cache.
    let fresh = dir.path().join("fresh.mp4");
    let o = cli(
        &db,
        &[
            "render",
            project.to_str().unwrap(),
            "-o",
            fresh.to_str().unwrap(),
            "--preset",
            "mp4-480p",
            "--no-cache",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The parts drawn after the kill were drawn by other runs than a fresh render's: the same
    // pictures, up to the encoder's rounding.
    assert_eq!(frame_hashes(&out).len(), frame_hashes(&fresh).len());
    let least = least_psnr(&fresh, &out);
    assert!(least > 45.0, "{least} dB");
}

#[test]
fn two_processes_rendering_one_project_at_once_both_make_the_same_video() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let project = many_scenes(dir.path(), 12);
    let render = |name: &str| {
        on(&db)
            .args(["render", project.to_str().unwrap(), "-o"])
            .arg(dir.path().join(name))
            .args(["--preset", "mp4-480p"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (render("a.mp4"), render("b.mp4"));
    for child in [a, b] {
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let a = frame_hashes(&dir.path().join("a.mp4"));
    // 12 scenes of 2 s less 11 fades of half a second: 18.5 s, 462.5 frames at 25 fps, rounded.
    assert_eq!(a.len(), 463);
    assert_eq!(a, frame_hashes(&dir.path().join("b.mp4")));
    // And a third, now from the cache, the same again.
    let o = cli(
        &db,
        &[
            "render",
            project.to_str().unwrap(),
            "-o",
            dir.path().join("c.mp4").to_str().unwrap(),
            "--preset",
            "mp4-480p",
        ],
    );
    assert!(o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("12 of 12 scenes from the cache"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(a, frame_hashes(&dir.path().join("c.mp4")));
}
