//! The engine end to end: a real queue file, real worker threads, real ffmpeg.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use estudio_queue::{Job, JobStatus, Queue};
use estudio_render::{PresetId, RenderOptions};
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

fn sample(dir: &Path) -> std::path::PathBuf {
    estudio_project::sample::install(&dir.join("sample")).unwrap()
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
    let asked = Instant::now();
    engine.cancel(&job.id).unwrap();
    let ended = wait_for(engine.queue(), &job.id, |j| j.status.is_terminal(), 10);
    let took = asked.elapsed();
    workers.shutdown();
    assert_eq!(ended.status, JobStatus::Canceled);
    assert!(took < Duration::from_secs(1), "cancel took {took:?}");
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
    };
    // The destination is one of the project's media files.
    let media = project.parent().unwrap().join("slide.png");
    assert!(matches!(
        engine.enqueue(&req(&media)),
        Err(EngineError::Output { .. })
    ));
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
        .enqueue(&estudio_queue::NewJob {
            project_path: "/p.estudio".into(),
            project_title: "Broken".into(),
            snapshot: "{not json".into(),
            preset: "mp4-720p".into(),
            options: "{}".into(),
            output: dir.path().join("x.mp4").to_string_lossy().into_owned(),
            duration_secs: 1.0,
            priority: 0,
            max_attempts: 3,
        })
        .unwrap();
    let engine = Engine::new(queue, Arc::new(estudio_worker::NoEvents));
    engine.start_draining(1).join();
    let failed = engine.queue().get(&job.id).unwrap();
    assert_eq!(
        (failed.status, failed.attempts),
        (JobStatus::Failed, 1),
        "no automatic retry"
    );
    assert!(failed
        .error
        .unwrap()
        .contains("queued project is unreadable"));
}
