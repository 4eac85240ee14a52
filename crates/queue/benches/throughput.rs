//! Queue throughput on both databases: enqueue per second and claim+complete per second (one
//! worker; four worker processes), every commit durable (SQLite: WAL + synchronous=FULL;
//! PostgreSQL: a throw-away server with fsync and synchronous_commit on, on loopback). The
//! reference of each, measured in the same run, is the bare cost of the same number of durable
//! one-row commits on the same disk through the same database.
//!
//! `cargo bench -p estudio-queue --bench throughput` prints a Markdown table (medians of 3 runs).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use estudio_queue::{NewJob, Queue, QueueConfig, QueueSettings, QueueTarget};

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

/// Where one measurement's queue lives.
#[derive(Clone, Copy)]
enum Db<'a> {
    Sqlite(&'a Path),
    Postgres(&'a estudio_testdb::PgServer),
}

impl Db<'_> {
    /// A new, empty queue; the address a child process opens it by.
    fn fresh(self, name: &str) -> (Queue, String) {
        let address = match self {
            Db::Sqlite(dir) => dir.join(name).display().to_string(),
            Db::Postgres(server) => server.database(),
        };
        (fresh(&address), address)
    }
}

fn fresh(address: &str) -> Queue {
    let q = Queue::connect(
        &QueueTarget::parse(address).unwrap(),
        QueueConfig::default(),
    )
    .unwrap();
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

/// The same on the PostgreSQL server: one-row INSERTs, each its own durable commit.
fn reference_pg(server: &estudio_testdb::PgServer) -> f64 {
    let mut c = postgres::Client::connect(&server.database(), postgres::NoTls).unwrap();
    c.batch_execute("CREATE TABLE t (id BIGSERIAL PRIMARY KEY, v TEXT)")
        .unwrap();
    let stmt = c.prepare("INSERT INTO t (v) VALUES ($1)").unwrap();
    let t = Instant::now();
    for n in 0..JOBS {
        c.execute(&stmt, &[&n.to_string()]).unwrap();
    }
    JOBS as f64 / t.elapsed().as_secs_f64()
}

fn enqueue_rate(db: Db<'_>, run: usize) -> f64 {
    let (q, _) = db.fresh(&format!("enq{run}.sqlite3"));
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

fn claim_complete_rate_one(db: Db<'_>, run: usize) -> f64 {
    let (q, _) = db.fresh(&format!("one{run}.sqlite3"));
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

fn claim_complete_rate_procs(db: Db<'_>, run: usize, procs: usize) -> f64 {
    let (q, db) = db.fresh(&format!("procs{run}.sqlite3"));
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
    let q = Queue::connect(&QueueTarget::parse(db).unwrap(), QueueConfig::default()).unwrap();
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
    // Durable, as a farm's server should be (the tests' servers trade that for speed).
    let server = estudio_testdb::PgServer::start_with(&[
        ("fsync", "on"),
        ("synchronous_commit", "on"),
        ("full_page_writes", "on"),
    ]);
    let mut rows: Vec<(&str, Vec<f64>)> = [
        "sqlite reference",
        "sqlite enqueue",
        "sqlite claim1",
        "sqlite claim4",
        "pg reference",
        "pg enqueue",
        "pg claim1",
        "pg claim4",
    ]
    .into_iter()
    .map(|n| (n, Vec::new()))
    .collect();
    for run in 0..RUNS {
        // Alternate reference and measurement within each run, so drift hits both alike.
        let sqlite = Db::Sqlite(dir.path());
        let pg = Db::Postgres(&server);
        let values = [
            reference(dir.path(), run),
            enqueue_rate(sqlite, run),
            claim_complete_rate_one(sqlite, run),
            claim_complete_rate_procs(sqlite, run, 4),
            reference_pg(&server),
            enqueue_rate(pg, run),
            claim_complete_rate_one(pg, run),
            claim_complete_rate_procs(pg, run, 4),
        ];
        for (row, v) in rows.iter_mut().zip(values) {
            row.1.push(v);
        }
    }
    let m: Vec<f64> = rows.into_iter().map(|(_, v)| median(v)).collect();
    println!("| measure ({JOBS} jobs, median of {RUNS}) | SQLite /s | vs its durable commits | PostgreSQL /s | vs its durable commits | PostgreSQL / SQLite |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, i) in [
        ("reference: durable one-row commits", 0),
        ("enqueue (one thread)", 1),
        ("claim + complete, one worker", 2),
        ("claim + complete, 4 worker processes", 3),
    ] {
        let (s, p) = (m[i], m[i + 4]);
        println!(
            "| {name} | {s:.0} | {:.2} | {p:.0} | {:.2} | {:.2} |",
            s / m[0],
            p / m[4],
            p / s
        );
    }
}
