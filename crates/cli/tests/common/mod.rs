//! Helpers for tests that drive the real `estudio-cli` binary.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The CLI in English whatever the machine's language (messages follow LANGUAGE first).
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_estudio-cli"));
    cmd.env("LANGUAGE", "en");
    cmd
}

/// The data folder of the test whose queue is `db`: caches (speech, finished parts), work
/// folders and preferences of one test never meet another's.
pub fn data_dir(db: &Path) -> PathBuf {
    db.parent().unwrap().join("data")
}

/// The CLI on the queue `db`, with the test's own data folder.
pub fn on(db: &Path) -> Command {
    let mut cmd = bin();
    cmd.env("ESTUDIO_DATA_DIR", data_dir(db))
        .arg("--db")
        .arg(db);
    cmd
}

pub fn cli(db: &Path, args: &[&str]) -> Output {
    on(db).args(args).output().unwrap()
}

pub fn spawn_worker(db: &Path, extra: &[&str]) -> Child {
    bin()
        .env("ESTUDIO_DATA_DIR", data_dir(db))
        .arg("--db")
        .arg(db)
        .arg("worker")
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

pub fn job(db: &Path, id: &str) -> serde_json::Value {
    let out = cli(db, &["jobs", "--json"]);
    let jobs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    jobs.as_array()
        .unwrap()
        .iter()
        .find(|j| j["id"] == id)
        .cloned()
        .expect("job listed")
}

pub fn wait_job(
    db: &Path,
    id: &str,
    secs: u64,
    pred: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let j = job(db, id);
        if pred(&j) {
            return j;
        }
        assert!(Instant::now() < deadline, "timed out waiting; job is {j}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The sample project with its first scene stretched to `secs` seconds.
pub fn long_sample(dir: &Path, secs: u32) -> PathBuf {
    let out = cli(
        &dir.join("q.sqlite3"),
        &["sample", dir.join("sample").to_str().unwrap()],
    );
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "\"duration\": 6,",
        &format!("\"duration\": {secs},"),
        1,
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// `estudio-cli enqueue PROJECT -o OUT --preset PRESET EXTRA…`, as it ended.
pub fn try_enqueue(db: &Path, project: &Path, out: &Path, preset: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "enqueue",
        project.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--preset",
        preset,
    ];
    args.extend(extra);
    cli(db, &args)
}

/// Enqueues and returns the job's id (the enqueue must succeed).
pub fn enqueue(db: &Path, project: &Path, out: &Path, preset: &str) -> String {
    let o = try_enqueue(db, project, out, preset, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_owned()
}

/// The ffmpeg processes rendering job `job_id` (their files are in its work folder,
/// `render-<id>-…`, or are its temporary output, `.…estudio-part-<id>-…`). The program may be
/// a static build named by its path (`…/ffmpeg-linux-x86_64-v9.0.2`).
pub fn ffmpeg_of(job_id: &str) -> Vec<String> {
    let out = Command::new("pgrep")
        .args([
            "-a",
            "-f",
            &format!("ffmpeg[^ /]* .*(render-|estudio-part-){job_id}-"),
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

pub fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".estudio-part-"))
        .collect()
}

/// SIGTERM: a worker stops cleanly and exits 0.
pub fn stop_cleanly(mut worker: Child) {
    Command::new("kill")
        .arg(worker.id().to_string())
        .status()
        .unwrap();
    assert!(
        worker.wait().unwrap().success(),
        "the worker did not exit cleanly on SIGTERM"
    );
}

pub fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A previous export at `path`: a real (tiny) video, which a new export of its kind may replace.
/// Returns its bytes, to check it was left alone.
pub fn previous_video(path: &Path) -> Vec<u8> {
    let ok = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=s=64x64:d=1",
            "-y",
        ])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "ffmpeg made no previous video");
    std::fs::read(path).unwrap()
}

/// A project of `n` two-second scenes over two pictures, each with its own title and a fade
/// into the next, with music: a render in several parts.
pub fn many_scenes(dir: &Path, n: usize) -> PathBuf {
    for (name, colour) in [("a.png", "red"), ("b.png", "blue")] {
        let ok = Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-f", "lavfi", "-i"])
            .arg(format!("color=c={colour}:s=640x360:d=1"))
            .args(["-frames:v", "1"])
            .arg(dir.join(name))
            .status()
            .unwrap();
        assert!(ok.success());
    }
    let ok = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-f", "lavfi", "-i", "sine=f=330:d=60"])
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
    let project = dir.join("many.estudio");
    std::fs::write(
        &project,
        serde_json::json!({
            "version": 1, "title": "Muitas", "canvas": {"width": 640, "height": 360, "fps": 25},
            "scenes": scenes, "music": {"src": "music.wav", "volume": 0.4}
        })
        .to_string(),
    )
    .unwrap();
    project
}

/// The MD5 of every decoded picture of `video`, in order.
pub fn frame_hashes(video: &Path) -> Vec<String> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(video)
        .args(["-map", "0:v", "-f", "framemd5", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.rsplit(',').next().unwrap().trim().to_owned())
        .collect()
}

/// The least PSNR (dB) of a frame of `b` against the same frame of `a`, by ffmpeg's `psnr`.
pub fn least_psnr(a: &Path, b: &Path) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-v", "info", "-i"])
        .arg(b)
        .arg("-i")
        .arg(a)
        .args(["-lavfi", "[0:v][1:v]psnr", "-f", "null", "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .find(|l| l.contains("PSNR y:"))
        .unwrap_or_else(|| panic!("no PSNR in: {text}"));
    let min = line
        .split("min:")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    if min == "inf" {
        f64::INFINITY
    } else {
        min.parse().unwrap()
    }
}

/// Exports `project` through the real queue (enqueue, `worker --drain`) to a video beside the
/// queue, and returns the job log's line saying how many scenes came from the cache of finished
/// parts (`None`: every scene was drawn).
pub fn export_through_the_queue(db: &Path, project: &Path) -> Option<String> {
    let out = db.with_file_name("export.mp4");
    let enq = try_enqueue(db, project, &out, "preview", &["--force"]);
    assert!(
        enq.status.success(),
        "{}",
        String::from_utf8_lossy(&enq.stderr)
    );
    let id = String::from_utf8_lossy(&enq.stdout).trim().to_owned();
    let work = cli(db, &["worker", "--drain"]);
    assert!(
        work.status.success(),
        "{}",
        String::from_utf8_lossy(&work.stderr)
    );
    let log = cli(db, &["log", &id]);
    assert!(
        log.status.success(),
        "{}",
        String::from_utf8_lossy(&log.stderr)
    );
    String::from_utf8_lossy(&log.stdout)
        .lines()
        .find(|l| l.contains("from the cache of finished parts"))
        .map(str::to_owned)
}
