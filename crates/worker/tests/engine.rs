//! The engine end to end: a real queue file, real worker threads, real ffmpeg.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use estudio_queue::{ErrorKind, Job, JobStatus, Queue};
use estudio_render::{PresetId, RenderOptions};
use estudio_words::{Message, OutputWhy};
use estudio_worker::{Engine, EngineError, Event, EventSink, ExportRequest};

#[derive(Default)]
struct Recorder(Mutex<Vec<Event>>);

impl EventSink for Recorder {
    fn emit(&self, event: &Event) {
        self.0.lock().unwrap().push(event.clone());
    }
}

impl Recorder {
    fn statuses(&self, id: &str) -> Vec<JobStatus> {
        let mut out: Vec<JobStatus> = Vec::new();
        for e in self.0.lock().unwrap().iter() {
            if let Event::JobChanged(j) = e {
                if j.id == id && out.last() != Some(&j.status) {
                    out.push(j.status);
                }
            }
        }
        out
    }
    fn progress(&self, id: &str) -> Vec<f64> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                Event::JobProgress(p) if p.id == id => Some(p.progress.fraction),
                _ => None,
            })
            .collect()
    }
}

fn wait_for(queue: &Queue, id: &str, pred: impl Fn(&Job) -> bool, secs: u64) -> Job {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let job = queue.get(id).unwrap();
        if pred(&job) {
            return job;
        }
        assert!(Instant::now() < deadline, "timed out; job is {job:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A job put straight into the queue, as another build or process would: its snapshot as given.
fn raw_job(title: &str, snapshot: &str, output: &str, priority: i64) -> estudio_queue::NewJob {
    estudio_queue::NewJob {
        project_path: format!("/{title}.estudio"),
        project_title: title.to_owned(),
        snapshot: snapshot.to_owned(),
        preset: "mp4-720p".into(),
        options: "{}".into(),
        output: output.to_owned(),
        side_outputs: Vec::new(),
        duration_secs: 1.0,
        priority,
        max_attempts: 3,
    }
}

fn sample(dir: &Path) -> std::path::PathBuf {
    estudio_project::sample::install(
        &dir.join("sample"),
        estudio_project::files::Existing::Replace,
    )
    .unwrap()
}

#[test]
fn export_of_the_sample_goes_queued_processing_completed_with_progress_events() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Arc::new(Recorder::default());
    let engine = Engine::new(
        Queue::open(&dir.path().join("q.sqlite3")).unwrap(),
        recorder.clone(),
    );
    let workers = engine.start(1);
    let out = dir.path().join("Bem-vindo ção.mp4");
    let job = engine
        .enqueue(&ExportRequest {
            project: sample(dir.path()),
            preset: PresetId::Preview,
            options: RenderOptions::default(),
            output: out.clone(),
            priority: 0,
            replace: estudio_worker::outputs::Replace::No,
        })
        .unwrap();
    assert_eq!(job.status, JobStatus::Queued);
    let started = Instant::now();
    let done = wait_for(engine.queue(), &job.id, |j| j.status.is_terminal(), 120);
    let took = started.elapsed().as_secs_f64();
    workers.shutdown();

    assert_eq!(done.status, JobStatus::Completed, "{:?}", done.error);
    assert_eq!(done.progress, 1.0);
    assert!(out.metadata().unwrap().len() > 10_000);
    assert_eq!(
        recorder.statuses(&job.id),
        vec![
            JobStatus::Queued,
            JobStatus::Processing,
            JobStatus::Completed
        ]
    );
    let ticks = recorder.progress(&job.id);
    assert!(ticks.len() >= 2, "progress events: {ticks:?}");
    assert!(
        ticks.windows(2).all(|w| w[0] <= w[1]),
        "progress went backwards: {ticks:?}"
    );
    assert_eq!(ticks.last(), Some(&1.0));
    // Throttled: at most ten progress events a second (plus the final one).
    assert!(
        ticks.len() as f64 <= took * 10.0 + 2.0,
        "{} progress events in {took:.2} s",
        ticks.len()
    );
    let attempts = engine.queue().attempts(&job.id).unwrap();
    assert!(
        attempts[0]
            .log
            .as_deref()
            .unwrap_or("")
            .starts_with("$ ffmpeg "),
        "{attempts:?}"
    );
    assert_eq!(engine.queue().integrity_check().unwrap(), "ok");
}

#[test]
fn cancel_of_a_running_render_stops_it_quickly_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let recorder = Arc::new(Recorder::default());
    let engine = Engine::new(
        Queue::open(&dir.path().join("q.sqlite3")).unwrap(),
        recorder.clone(),
    );
    // A long project: one scene of ten minutes.
    let project = sample(dir.path());
    let text = std::fs::read_to_string(&project).unwrap().replacen(
        "\"duration\": 6,",
        "\"duration\": 600,",
        1,
    );
    std::fs::write(&project, text).unwrap();
    let workers = engine.start(1);
    let out = dir.path().join("long.mp4");
    let job = engine
        .enqueue(&ExportRequest {
            project,
            preset: PresetId::Mp4_720p,
            options: RenderOptions::default(),
            output: out.clone(),
            priority: 0,
            replace: estudio_worker::outputs::Replace::No,
        })
        .unwrap();
    wait_for(
        engine.queue(),
        &job.id,
        |j| j.status == JobStatus::Processing,
        30,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while recorder.progress(&job.id).iter().all(|&f| f <= 0.0) {
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(50));
    }
    engine.cancel(&job.id).unwrap();
    let ended = wait_for(engine.queue(), &job.id, |j| j.status.is_terminal(), 30);
    workers.shutdown();
    // Stopped mid-render (how fast is the benchmarks' business, not a test's): canceled, with
    // the render not done, on its first attempt.
    assert_eq!(ended.status, JobStatus::Canceled);
    assert!(ended.progress < 1.0, "{ended:?}");
    assert_eq!(ended.attempts, 1);
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".estudio-part-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // No ffmpeg of ours is left running.
    let ffmpegs = std::process::Command::new("pgrep")
        .args(["-f", &format!("estudio-part-{}", job.id)])
        .output()
        .unwrap();
    assert!(
        ffmpegs.stdout.is_empty(),
        "ffmpeg still running: {}",
        String::from_utf8_lossy(&ffmpegs.stdout)
    );
}

#[test]
fn invalid_projects_and_destinations_are_refused_before_queueing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::new(
        Queue::open(&dir.path().join("q.sqlite3")).unwrap(),
        Arc::new(estudio_worker::NoEvents),
    );
    let project = sample(dir.path());
    let req = |output: &Path| ExportRequest {
        project: project.clone(),
        preset: PresetId::Mp4_720p,
        options: RenderOptions::default(),
        output: output.to_owned(),
        priority: 0,
        replace: estudio_worker::outputs::Replace::No,
    };
    // The destination is one of the project's media files (a clip), or its poster would be.
    let folder = project.parent().unwrap();
    let made = std::process::Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=s=320x240:d=2",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(folder.join("clip.mp4"))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::copy(folder.join("slide.png"), folder.join("talk.poster.png")).unwrap();
    let with_clip = folder.join("clip.estudio");
    std::fs::write(
        &with_clip,
        r##"{"version": 1, "title": "Clip", "canvas": {"width": 320, "height": 240, "fps": 25},
            "scenes": [{"duration": 1, "background": {"video": "clip.mp4"}},
                       {"duration": 1, "background": {"image": "talk.poster.png"}}]}"##,
    )
    .unwrap();
    for (output, poster) in [
        (folder.join("clip.mp4"), None),
        (folder.join("talk.mp4"), Some(0.5)),
    ] {
        let refused = engine.enqueue(&ExportRequest {
            project: with_clip.clone(),
            options: RenderOptions {
                poster_secs: poster,
                ..RenderOptions::default()
            },
            ..req(&output)
        });
        match refused {
            Err(EngineError::Output { why, .. }) => assert!(
                matches!(
                    why,
                    OutputWhy::IsProjectFile | OutputWhy::SideFileIsProjectFile { .. }
                ),
                "{why:?}"
            ),
            other => panic!("{}: {other:?}", output.display()),
        }
    }
    // An image's name as the destination is that name with the preset's extension.
    let beside = engine.enqueue(&req(&folder.join("slide.png"))).unwrap();
    assert_eq!(
        beside.output,
        folder.join("slide.png.mp4").to_string_lossy()
    );
    engine.cancel(&beside.id).unwrap();
    engine.remove(&beside.id).unwrap();
    // A folder that does not exist.
    assert!(matches!(
        engine.enqueue(&req(&dir.path().join("nope/out.mp4"))),
        Err(EngineError::Output { .. })
    ));
    // A folder.
    assert!(matches!(
        engine.enqueue(&req(dir.path())),
        Err(EngineError::Output { .. })
    ));
    // A project with a problem.
    std::fs::remove_file(project.parent().unwrap().join("music.ogg")).unwrap();
    match engine.enqueue(&req(&dir.path().join("out.mp4"))) {
        Err(EngineError::InvalidProject(problems)) => assert_eq!(problems[0].pointer, "/music/src"),
        other => panic!("{other:?}"),
    }
    assert!(engine.jobs().unwrap().is_empty(), "nothing was queued");
}

#[test]
fn changes_made_by_another_process_become_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let recorder = Arc::new(Recorder::default());
    let engine = Engine::new(Queue::open(&db).unwrap(), recorder.clone());
    let watcher = engine.watch_other_processes().unwrap();
    // "Another process": a second connection to the same file, as estudio-cli would have.
    let other = Engine::new(
        Queue::open(&db).unwrap(),
        Arc::new(estudio_worker::NoEvents),
    );
    let job = other
        .enqueue(&ExportRequest {
            project: sample(dir.path()),
            preset: PresetId::Preview,
            options: RenderOptions::default(),
            output: dir.path().join("x.mp4"),
            priority: 0,
            replace: estudio_worker::outputs::Replace::No,
        })
        .unwrap();
    let seen = |pred: &dyn Fn(&Event) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if recorder.0.lock().unwrap().iter().any(pred) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    };
    assert!(seen(
        &|e| matches!(e, Event::JobChanged(j) if j.id == job.id && j.status == JobStatus::Queued)
    ));
    other.cancel(&job.id).unwrap();
    assert!(seen(
        &|e| matches!(e, Event::JobChanged(j) if j.id == job.id && j.status == JobStatus::Canceled)
    ));
    other.remove(&job.id).unwrap();
    assert!(seen(
        &|e| matches!(e, Event::JobRemoved(id) if *id == job.id)
    ));
    other.set_paused(true).unwrap();
    assert!(seen(
        &|e| matches!(e, Event::SettingsChanged(s) if s.paused)
    ));
    drop(watcher);
}

#[test]
fn an_unreadable_snapshot_fails_for_good_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let queue = Queue::open(&dir.path().join("q.sqlite3")).unwrap();
    let job = queue
        .enqueue(&raw_job(
            "Broken",
            "{not json",
            &dir.path().join("x.mp4").to_string_lossy(),
            0,
        ))
        .unwrap();
    let engine = Engine::new(queue, Arc::new(estudio_worker::NoEvents));
    engine.start_draining(1).join();
    let failed = engine.queue().get(&job.id).unwrap();
    assert_eq!(
        (failed.status, failed.attempts),
        (JobStatus::Failed, 1),
        "no automatic retry"
    );
    assert_eq!(failed.error_kind, Some(ErrorKind::InvalidSnapshot));
    let said = failed.error.unwrap();
    assert!(
        said.contains("copy of the project cannot be read (project: "),
        "{said}"
    );
}

/// Environment variables that turn this test binary into one writer process of the test below.
const WRITER_DB: &str = "ESTUDIO_TEST_WRITER_DB";
const WRITER_NAME: &str = "ESTUDIO_TEST_WRITER_NAME";

/// In a child process: enqueue, claim, heartbeat and finish jobs as fast as it can, on its own
/// connection, competing with the other writers for the lock. In the normal run: nothing.
#[test]
#[ignore = "a child process of another test, started with --ignored"]
fn writer_process() {
    let (Ok(db), Ok(name)) = (std::env::var(WRITER_DB), std::env::var(WRITER_NAME)) else {
        return;
    };
    let q = Queue::open(Path::new(&db)).unwrap();
    let new = |n: usize| estudio_queue::NewJob {
        output: format!("/{name}/{n}.mp4"),
        ..raw_job(&format!("{name} {n}"), "{}", "", 0)
    };
    for n in 0..100 {
        // A job whose enqueue is its last change (it waits behind the others).
        q.enqueue(&estudio_queue::NewJob {
            priority: -1,
            ..new(1000 + n)
        })
        .unwrap();
        let job = q.enqueue(&new(n)).unwrap();
        if let Some(c) = q.claim(&name.as_str().into()).unwrap() {
            for k in 0..3 {
                q.heartbeat(&c.lease, f64::from(k) / 3.0).unwrap();
            }
            match n % 3 {
                0 => drop(q.complete(&c.lease, "").unwrap()),
                1 => drop(
                    q.fail(
                        &c.lease,
                        &Message::FfmpegFailed {
                            detail: "bad".into(),
                        },
                        ErrorKind::Ffmpeg,
                        "",
                        false,
                    )
                    .unwrap(),
                ),
                _ => drop(q.cancel(&c.job.id).unwrap()),
            }
        }
        if n % 7 == 0 {
            q.cancel(&job.id).ok();
        }
    }
}

/// The window's view of the queue, built only from the watcher's events, equals the database
/// at the end, however the writers of other processes interleaved (each waits for the write
/// lock, so a time stamp taken before the wait would be older than what the watcher had seen).
#[test]
fn the_watcher_misses_no_commit_of_competing_writer_processes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let queue = Queue::open(&db).unwrap();
    queue
        .set_settings(&estudio_queue::QueueSettings {
            concurrency: 16,
            ..queue.settings().unwrap()
        })
        .unwrap();
    let recorder = Arc::new(Recorder::default());
    let engine = Engine::new(queue, recorder.clone());
    let watcher = engine.watch_other_processes().unwrap();
    // A slow writer beside them (a big prune, a checkpoint on a slow disk): it commits, then at
    // once holds the write lock again for longer than the watcher's tick. The watcher reads
    // after each of its commits while the others wait with their changes stamped long before.
    let holder = {
        let db = db.clone();
        std::thread::spawn(move || {
            let mut conn = rusqlite::Connection::open(&db).unwrap();
            conn.busy_timeout(Duration::from_secs(30)).unwrap();
            for n in 0..12 {
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .unwrap();
                tx.execute("UPDATE queue_settings SET updated_at = ?1", [n])
                    .unwrap();
                std::thread::sleep(Duration::from_millis(600));
                tx.commit().unwrap();
                // The others get on for a moment, and block again at some other write.
                std::thread::sleep(Duration::from_millis(40));
            }
        })
    };
    let exe = std::env::current_exe().unwrap();
    let writers: Vec<_> = (0..4)
        .map(|n| {
            std::process::Command::new(&exe)
                .args(["--exact", "writer_process", "--ignored", "--test-threads=1"])
                .env(WRITER_DB, &db)
                .env(WRITER_NAME, format!("w{n}"))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut w in writers {
        assert!(w.wait().unwrap().success());
    }
    holder.join().unwrap();
    let truth: std::collections::HashMap<String, Job> = engine
        .jobs()
        .unwrap()
        .into_iter()
        .map(|j| (j.id.clone(), j))
        .collect();
    assert_eq!(truth.len(), 800);
    let view = || {
        let mut view: std::collections::HashMap<String, Job> = std::collections::HashMap::new();
        for e in recorder.0.lock().unwrap().iter() {
            if let Event::JobChanged(j) = e {
                view.insert(j.id.clone(), j.clone());
            }
        }
        view
    };
    // The watcher looks twice a second: give it a few looks after the last commit.
    let deadline = Instant::now() + Duration::from_secs(10);
    while view() != truth && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    let view = view();
    let wrong: Vec<String> = truth
        .values()
        .filter(|j| view.get(&j.id) != Some(j))
        .map(|j| {
            format!(
                "{} is {} in the database, {:?} in the window",
                j.project_title,
                j.status,
                view.get(&j.id).map(|v| v.status)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{} stale: {wrong:#?}", wrong.len());
    drop(watcher);
}

/// After the computer slept, a lease of this process's own live render looks expired before its
/// heartbeat runs: the reaper must not take it (that would kill ffmpeg and use an attempt).
/// Leases of other processes get a grace period after the jump.
#[test]
fn after_a_suspend_the_reaper_spares_live_renders() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let queue = Queue::open_with(
        &db,
        estudio_queue::QueueConfig {
            lease: Duration::from_secs(2),
            ..estudio_queue::QueueConfig::default()
        },
    )
    .unwrap();
    queue
        .set_settings(&estudio_queue::QueueSettings {
            concurrency: 4,
            ..queue.settings().unwrap()
        })
        .unwrap();
    let engine = Engine::new(queue, Arc::new(estudio_worker::NoEvents));
    let workers = engine.start(1);
    let project = estudio_project::sample::install(
        &dir.path().join("s"),
        estudio_project::files::Existing::Replace,
    )
    .unwrap();
    let job = engine
        .enqueue(&ExportRequest {
            project,
            preset: PresetId::Mp4_720p,
            options: RenderOptions::default(),
            output: dir.path().join("long.mp4"),
            priority: 0,
            replace: estudio_worker::outputs::Replace::No,
        })
        .unwrap();
    // Another process's job, its worker asleep too.
    let other = Queue::open(&db).unwrap();
    let foreign = other
        .enqueue(&raw_job(
            "Other",
            "{}",
            &dir.path().join("other.mp4").to_string_lossy(),
            -1,
        ))
        .unwrap();
    wait_for(
        engine.queue(),
        &job.id,
        |j| j.status == JobStatus::Processing,
        30,
    );
    let foreign_lease = other.claim(&"other-process".into()).unwrap().unwrap();
    assert_eq!(foreign_lease.job.id, foreign.id);

    // Simulated suspend: the wall clock is an hour on, the monotonic clock a moment.
    let now = Instant::now();
    engine.recover_at(estudio_queue::now_ms(), now).unwrap();
    let woke = estudio_queue::now_ms() + 3_600_000;
    assert_eq!(
        engine
            .recover_at(woke, now + Duration::from_millis(100))
            .unwrap(),
        0
    );
    assert_eq!(
        engine.queue().get(&foreign.id).unwrap().status,
        JobStatus::Processing
    );
    // The grace period over (two leases), the other process never came back: its job is reaped;
    // this process's live render still is not.
    let reaped = engine
        .recover_at(woke + 4_500, now + Duration::from_millis(4_600))
        .unwrap();
    assert_eq!(reaped, 1);
    assert_eq!(
        engine.queue().get(&foreign.id).unwrap().status,
        JobStatus::Queued
    );
    let mine = engine.queue().get(&job.id).unwrap();
    assert_eq!((mine.status, mine.attempts), (JobStatus::Processing, 1));
    let done = wait_for(engine.queue(), &job.id, |j| j.status.is_terminal(), 120);
    assert_eq!((done.status, done.attempts), (JobStatus::Completed, 1));
    workers.shutdown();
}
