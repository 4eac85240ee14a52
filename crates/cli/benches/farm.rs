//! The render farm, measured: how soon a worker's progress reaches `estudio-cli watch` in
//! another process (PostgreSQL's LISTEN/NOTIFY against SQLite's look every 250 ms), and what a
//! second machine gives one long job (two workers each pinned to one core with `taskset`,
//! against one worker on one core, on a durable throw-away PostgreSQL).
//!
//! `cargo bench -p estudio-cli --bench farm` prints Markdown.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use estudio_queue::{NewJob, Queue, QueueConfig, QueueTarget};

const CLI: &str = env!("CARGO_BIN_EXE_estudio-cli");
const SAMPLES: usize = 40;
const SCENES: usize = 80;
const ROUNDS: usize = 3;

fn quantile(mut v: Vec<f64>, q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// Milliseconds from a committed heartbeat to `watch --json` printing it, `SAMPLES` times.
fn latency(address: &str, data: &Path) -> Vec<f64> {
    let q = Queue::connect(
        &QueueTarget::parse(address).unwrap(),
        QueueConfig::default(),
    )
    .unwrap();
    let s = q.settings().unwrap();
    q.set_settings(&estudio_queue::QueueSettings {
        concurrency: 16,
        ..s
    })
    .unwrap();
    let mut watch = Command::new(CLI)
        .env("ESTUDIO_DATA_DIR", data)
        .args(["--db", address, "watch", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel::<(Instant, serde_json::Value)>();
    let stdout = watch.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx
                .send((Instant::now(), serde_json::from_str(&line).unwrap()))
                .is_err()
            {
                return;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(1500));
    q.enqueue(&NewJob {
        project_path: "/p.estudio".into(),
        project_title: "latency".into(),
        snapshot: "{}".into(),
        preset: "mp4-720p".into(),
        options: "{}".into(),
        output: format!("/out/latency-{}.mp4", std::process::id()),
        side_outputs: Vec::new(),
        duration_secs: 1.0,
        priority: 0,
        max_attempts: 1,
    })
    .unwrap();
    let claimed = q.claim(&"bench".into()).unwrap().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    while rx.try_recv().is_ok() {}
    let mut out = Vec::new();
    for i in 1..=SAMPLES {
        let p = i as f64 / 100.0;
        q.heartbeat(&claimed.lease, p).unwrap();
        let sent = Instant::now();
        loop {
            let (at, v) = rx
                .recv_timeout(Duration::from_secs(5))
                .expect("watch printed the progress");
            if v["event"] == "job-progress" && (v["progress"].as_f64().unwrap() - p).abs() < 1e-9 {
                out.push(at.duration_since(sent).as_secs_f64() * 1000.0);
                break;
            }
        }
        // Heartbeats come about once a second; not in step with the watcher's ticks.
        std::thread::sleep(Duration::from_millis(37 * (i as u64 % 7) + 60));
    }
    watch.kill().ok();
    watch.wait().ok();
    out
}

/// A project of `n` two-second scenes (titles, fades, two pictures, music) in `dir`.
fn project(dir: &Path, n: usize) -> PathBuf {
    for (name, colour) in [("a.png", "red"), ("b.png", "blue")] {
        let ok = Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
            .arg(format!("color=c={colour}:s=1280x720:d=1"))
            .args(["-frames:v", "1"])
            .arg(dir.join(name))
            .status()
            .unwrap();
        assert!(ok.success());
    }
    let ok = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", "sine=f=330:d=200"])
        .arg(dir.join("music.wav"))
        .status()
        .unwrap();
    assert!(ok.success());
    let scenes: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "duration": 2,
                "background": {"image": if i % 2 == 0 { "a.png" } else { "b.png" }},
                "texts": [{"text": format!("Parte {i}"), "size": 0.1}],
                "transition": {"type": "fade", "duration": 0.5}
            })
        })
        .collect();
    let path = dir.join("long.estudio");
    std::fs::write(
        &path,
        serde_json::json!({
            "version": 1, "title": "Longo", "canvas": {"width": 1280, "height": 720, "fps": 25},
            "scenes": scenes, "music": {"src": "music.wav", "volume": 0.4}
        })
        .to_string(),
    )
    .unwrap();
    path
}

/// Wall seconds for `cores.len()` workers, each pinned to one core, to render one long job.
fn farm_render(
    server: &estudio_testdb::PgServer,
    root: &Path,
    round: usize,
    cores: &[usize],
) -> f64 {
    let url = server.database();
    let shared = root.join(format!("farm-{round}-{}", cores.len()));
    std::fs::create_dir_all(&shared).unwrap();
    let project = project(&shared, SCENES);
    let out = shared.join("long.mp4");
    let enqueue = Command::new(CLI)
        .env("ESTUDIO_DATA_DIR", shared.join("machine-enqueue"))
        .args(["--db", &url, "enqueue"])
        .arg(&project)
        .arg("-o")
        .arg(&out)
        .args(["--preset", "mp4-720p"])
        .output()
        .unwrap();
    assert!(
        enqueue.status.success(),
        "{}",
        String::from_utf8_lossy(&enqueue.stderr)
    );
    let started = Instant::now();
    let workers: Vec<_> = cores
        .iter()
        .map(|core| {
            Command::new("taskset")
                .args([
                    "-c",
                    &core.to_string(),
                    CLI,
                    "--db",
                    &url,
                    "worker",
                    "--drain",
                ])
                .arg("--name")
                .arg(format!("core-{core}"))
                .env("ESTUDIO_DATA_DIR", shared.join(format!("machine-{core}")))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut w in workers {
        assert!(w.wait().unwrap().success());
    }
    let secs = started.elapsed().as_secs_f64();
    assert!(out.exists(), "the video was made");
    std::fs::remove_dir_all(&shared).ok();
    secs
}

fn main() {
    let root =
        tempfile::tempdir_in(std::env::var("BENCH_TMP").unwrap_or_else(|_| ".".into())).unwrap();
    let server = estudio_testdb::PgServer::start_with(&[
        ("fsync", "on"),
        ("synchronous_commit", "on"),
        ("full_page_writes", "on"),
    ]);
    let sqlite = root.path().join("latency.sqlite3").display().to_string();
    let pg = server.database();
    let (l_sqlite, l_pg) = (
        latency(&sqlite, &root.path().join("d1")),
        latency(&pg, &root.path().join("d2")),
    );
    println!("### Progress to another process's `watch`");
    println!();
    println!("A heartbeat committed by one process, printed by `estudio-cli watch --json` in another ({SAMPLES} heartbeats each).");
    println!();
    println!("| queue | median (ms) | 95th percentile (ms) |");
    println!("|---|---:|---:|");
    let (ms, mp) = (quantile(l_sqlite.clone(), 0.5), quantile(l_pg.clone(), 0.5));
    println!(
        "| SQLite (`data_version` looked at every 250 ms) | {ms:.1} | {:.1} |",
        quantile(l_sqlite, 0.95)
    );
    println!(
        "| PostgreSQL (LISTEN/NOTIFY) | {mp:.1} | {:.1} |",
        quantile(l_pg, 0.95)
    );
    println!();
    println!("PostgreSQL / SQLite, median: {:.3}.", mp / ms);
    println!();

    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    println!("### One {SCENES}-scene job (MP4 720p), a second machine");
    println!();
    if cores < 2 {
        println!("Not measured: this machine has one core.");
        return;
    }
    let (mut one, mut two) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        one.push(farm_render(&server, root.path(), round, &[0]));
        two.push(farm_render(&server, root.path(), round, &[0, 1]));
    }
    let (o, t) = (quantile(one.clone(), 0.5), quantile(two.clone(), 0.5));
    println!("Each worker a process of its own with its own data folder (its own machine), pinned to one core with `taskset`; the parts on the shared folder; median of {ROUNDS} rounds, alternating.");
    println!();
    println!("| workers | wall (s) | speed-up |");
    println!("|---|---:|---:|");
    println!("| one, on core 0 (reference) | {o:.1} | 1.00 |");
    println!("| two, on cores 0 and 1 | {t:.1} | {:.2} |", o / t);
    println!();
    println!(
        "Rounds: one {:?} s, two {:?} s.",
        one.iter()
            .map(|v| (v * 10.0).round() / 10.0)
            .collect::<Vec<_>>(),
        two.iter()
            .map(|v| (v * 10.0).round() / 10.0)
            .collect::<Vec<_>>()
    );
}
