//! The engine's policy on files the front ends touch: suggested destinations, preview files,
//! and which files the window may open, on real files and a real queue.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::Arc;

use estudio_queue::{JobStatus, Queue};
use estudio_render::{PresetId, RenderOptions};
use estudio_worker::outputs::{
    openable_output, preview_destination, preview_file, remove_earlier_previews,
};
use estudio_worker::{Engine, EngineError, ExportRequest};

#[test]
fn each_preview_has_a_new_name_and_earlier_ones_of_the_project_go() {
    let dir = tempfile::tempdir().unwrap();
    let a = Path::new("/projects/a.estudio");
    let b = Path::new("/projects/b.estudio");
    let first = preview_destination(dir.path(), a, 1000);
    let second = preview_destination(dir.path(), a, 2000);
    let other = preview_destination(dir.path(), b, 1000);
    assert_ne!(first, second);
    assert_eq!(first.extension().unwrap(), "mp4");
    for p in [&first, &second, &other] {
        std::fs::write(p, b"x").unwrap();
    }
    assert_eq!(remove_earlier_previews(dir.path(), a, &second), 1);
    assert!(!first.exists());
    assert!(
        second.exists() && other.exists(),
        "the new one and other projects' stay"
    );
}

#[test]
fn the_window_may_open_only_a_completed_jobs_own_video() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::new(
        Queue::open(&dir.path().join("q.sqlite3")).unwrap(),
        Arc::new(estudio_worker::NoEvents),
    );
    let project = estudio_project::sample::install(
        &dir.path().join("sample"),
        estudio_project::files::Existing::Replace,
    )
    .unwrap();
    let previews = dir.path().join("previews");
    std::fs::create_dir(&previews).unwrap();
    let out = preview_destination(&previews, &project, 1);
    let job = engine
        .enqueue(&ExportRequest {
            project: project.clone(),
            preset: PresetId::Preview,
            options: RenderOptions::default(),
            output: out.clone(),
            priority: 0,
            replace: estudio_worker::outputs::Replace::No,
        })
        .unwrap();
    // Not finished: nothing to open.
    assert!(matches!(
        openable_output(&job),
        Err(EngineError::NotOpenable { .. })
    ));
    engine.start_draining(1).join();
    let done = engine.queue().get(&job.id).unwrap();
    assert_eq!(done.status, JobStatus::Completed, "{:?}", done.error);
    assert_eq!(openable_output(&done).unwrap(), out);
    assert_eq!(preview_file(&done, &previews).unwrap(), out);
    // Not served as a preview from elsewhere.
    assert!(preview_file(&done, dir.path().join("sample").as_path()).is_err());
    // Replaced since by something else (a link to a system file, a document): refused.
    std::fs::remove_file(&out).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", &out).unwrap();
    assert!(openable_output(&done).is_err());
    std::fs::remove_file(&out).unwrap();
    std::fs::write(&out, b"not a video").unwrap();
    assert!(openable_output(&done).is_err());
    std::fs::remove_file(&out).unwrap();
    assert!(openable_output(&done).is_err(), "gone");
}

#[test]
fn keep_newest_leaves_the_newest_files_of_a_prefix_and_nothing_else_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    for k in 0..5 {
        let f = dir.path().join(format!("scene-{k}.mp4"));
        std::fs::write(&f, b"x").unwrap();
        let when = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000 + k);
        std::fs::File::options()
            .write(true)
            .open(&f)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }
    std::fs::write(dir.path().join("other.mp4"), b"x").unwrap();
    assert_eq!(
        estudio_worker::outputs::keep_newest(dir.path(), "scene-", 2),
        3
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["other.mp4", "scene-3.mp4", "scene-4.mp4"]);
}
