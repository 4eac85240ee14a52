//! Queue throughput: enqueue per second and claim+complete per second (one worker; four worker
//! processes), every commit durable (WAL + synchronous=FULL). The reference, measured in the
//! same run, is the bare cost of the same number of durable one-row commits on this disk.
//!
//! `cargo bench -p estudio-queue --bench throughput` prints a Markdown table (medians of 3 runs).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use estudio_queue::{NewJob, Queue, QueueSettings};

const JOBS: usize = 2000;
const RUNS: usize = 3;
const CHILD_DB: &str = "ESTUDIO_BENCH_CLAIM_DB";

fn new_job(n: usize) -> NewJob {
    NewJob {
        project_path: format!("/p/{n}.estudio"),
        project_title: format!("P{n}"),
        snapshot: "{\"version\":1}".into(),
        preset: "mp4-720p".into(),
        options: "{}".into(),
        output: format!("/o/{n}.mp4"),
        side_outputs: Vec::new(),
        duration_secs: 10.0,
        priority: 0,
        max_attempts: 3,
    }
}

fn fresh(dir: &Path, name: &str) -> Queue {
    let q = Queue::open(&dir.join(name)).unwrap();
    let s = q.settings().unwrap();
    q.set_settings(&QueueSettings {
        concurrency: 16,
        ..s
    })
    .unwrap();
    q
}

/// Durable one-row commits per second with the queue's pragmas: what the disk allows.
fn reference(dir: &Path, run: usize) -> f64 {
    let conn = rusqlite::Connection::open(dir.join(format!("ref{run}.sqlite3"))).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", [])
        .unwrap();
    let t = Instant::now();
    for n in 0..JOBS {
        conn.execute("INSERT INTO t (v) VALUES (?1)", [n.to_string()])
            .unwrap();
    }
    JOBS as f64 / t.elapsed().as_secs_f64()
}

fn enqueue_rate(dir: &Path, run: usize) -> f64 {
    let q = fresh(dir, &format!("enq{run}.sqlite3"));
    let t = Instant::now();
    for n in 0..JOBS {
        q.enqueue(&new_job(n)).unwrap();
    }
    JOBS as f64 / t.elapsed().as_secs_f64()
}

fn fill(q: &Queue) {
    for n in 0..JOBS {
        q.enqueue(&new_job(n)).unwrap();
    }
}

fn claim_complete_rate_one(dir: &Path, run: usize) -> f64 {
    let q = fresh(dir, &format!("one{run}.sqlite3"));
    fill(&q);
    let t = Instant::now();
    let mut done = 0;
    while let Some(c) = q.claim(&"w".into()).unwrap() {
        q.complete(&c.lease, "").unwrap();
        done += 1;
    }
    assert_eq!(done, JOBS);
    JOBS as f64 / t.elapsed().as_secs_f64()
}

fn claim_complete_rate_procs(dir: &Path, run: usize, procs: usize) -> f64 {
    let db = dir.join(format!("procs{run}.sqlite3"));
    let q = fresh(dir, &format!("procs{run}.sqlite3"));
    fill(&q);
    let exe = std::env::current_exe().unwrap();
    let t = Instant::now();
    let children: Vec<_> = (0..procs)
        .map(|_| {
            std::process::Command::new(&exe)
                .env(CHILD_DB, &db)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let rate = JOBS as f64 / t.elapsed().as_secs_f64();
    let completed = q
        .list(Some(estudio_queue::JobStatus::Completed))
        .unwrap()
        .len();
    assert_eq!(completed, JOBS, "every job completed once");
    rate
}

fn child(db: &str) {
    let q = Queue::open(Path::new(db)).unwrap();
    let owner = format!("p{}", std::process::id());
    while let Some(c) = q.claim(&owner.as_str().into()).unwrap() {
        q.complete(&c.lease, "").unwrap();
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    if let Ok(db) = std::env::var(CHILD_DB) {
        child(&db);
        return;
    }
    let dir =
        tempfile::tempdir_in(std::env::var("BENCH_TMP").unwrap_or_else(|_| ".".into())).unwrap();
    let (mut r, mut e, mut c1, mut c4) = (vec![], vec![], vec![], vec![]);
    for run in 0..RUNS {
        // Alternate reference and measurement within each run, so drift hits both alike.
        r.push(reference(dir.path(), run));
        e.push(enqueue_rate(dir.path(), run));
        c1.push(claim_complete_rate_one(dir.path(), run));
        c4.push(claim_complete_rate_procs(dir.path(), run, 4));
    }
    let reference = median(r);
    println!("| measure ({JOBS} jobs, median of {RUNS}) | per second | vs durable commits/s |");
    println!("|---|---:|---:|");
    println!(
        "| reference: durable one-row commits (WAL, synchronous=FULL) | {reference:.0} | 1.00 |"
    );
    for (name, v) in [
        ("enqueue (one thread)", median(e)),
        ("claim + complete, one worker", median(c1)),
        ("claim + complete, 4 worker processes", median(c4)),
    ] {
        println!("| {name} | {v:.0} | {:.2} |", v / reference);
    }
}
