//! Latency from pressing Export (`Engine::enqueue`) to ffmpeg starting, with an idle worker
//! waiting. ffmpeg is started through a wrapper (`ESTUDIO_FFMPEG`) that records the instant it
//! runs, then execs the real ffmpeg. The reference, measured alternately in the same run, is
//! starting that same wrapper directly: the cost no queue can avoid.
//!
//! `cargo bench -p estudio-worker --bench latency` prints a Markdown table.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use estudio_queue::{JobStatus, Queue};
use estudio_render::{PresetId, RenderOptions};
use estudio_worker::{Engine, ExportRequest, NoEvents};

const ROUNDS: usize = 15;

fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// The first ffmpeg start recorded at or after `t0` (a render runs ffmpeg more than once: the
/// sound mix first, then the pictures; the first is when the render started).
fn first_start_after(stamps: &Path, t0: u128) -> u128 {
    let text = std::fs::read_to_string(stamps).unwrap();
    text.lines()
        .filter_map(|l| l.trim().parse::<u128>().ok())
        .find(|&t| t >= t0)
        .unwrap()
}

fn wrapper(dir: &Path) -> (PathBuf, PathBuf) {
    let stamps = dir.join("ffmpeg-starts.txt");
    let script = dir.join("ffmpeg-wrapper.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ndate +%s%N >> '{}'\nexec ffmpeg \"$@\"\n",
            stamps.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&script)
        .status()
        .unwrap();
    (script, stamps)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let (script, stamps) = wrapper(dir.path());
    // Set before any other thread starts.
    std::env::set_var("ESTUDIO_FFMPEG", &script);
    let project = estudio_project::sample::install(
        &dir.path().join("sample"),
        estudio_project::files::Existing::Replace,
    )
    .unwrap();
    let engine = Engine::new(
        Queue::open(&dir.path().join("q.sqlite3")).unwrap(),
        Arc::new(NoEvents),
    );
    let workers = engine.start(1);
    // As in the app: ffmpeg was checked at start and the project opened (probed) before Export.
    engine.ffmpeg().unwrap();
    estudio_worker::inspect(&project, &estudio_render::CancelToken::new()).unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let (mut export, mut reference) = (Vec::new(), Vec::new());
    for round in 0..=ROUNDS {
        // Reference: start the wrapper ourselves.
        let t0 = now_ns();
        std::process::Command::new(&script)
            .arg("-version")
            .output()
            .unwrap();
        let direct = (first_start_after(&stamps, t0) - t0) as f64 / 1e6;

        // Export: enqueue with an idle worker waiting; ffmpeg starts once the worker has
        // claimed, checked and planned the job.
        let out = dir.path().join(format!("out{round}.mp4"));
        let t0 = now_ns();
        let job = engine
            .enqueue(&ExportRequest {
                project: project.clone(),
                preset: PresetId::Preview,
                options: RenderOptions::default(),
                output: out,
                priority: 0,
                replace: estudio_worker::outputs::Replace::No,
            })
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while !engine.queue().get(&job.id).unwrap().status.is_terminal() {
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(
            engine.queue().get(&job.id).unwrap().status,
            JobStatus::Completed
        );
        let via_queue = (first_start_after(&stamps, t0) - t0) as f64 / 1e6;
        if round > 0 {
            reference.push(direct);
            export.push(via_queue);
        }
    }
    workers.shutdown();
    let (e, r) = (median(export.clone()), median(reference));
    let max = export.iter().copied().fold(0.0, f64::max);
    println!("| measure (median of {ROUNDS}) | ms | vs reference |");
    println!("|---|---:|---:|");
    println!("| reference: starting the ffmpeg wrapper directly | {r:.1} | 1.00 |");
    println!(
        "| Export (enqueue) to ffmpeg started, idle worker (max {max:.1} ms) | {e:.1} | {:.2} |",
        e / r
    );
}
