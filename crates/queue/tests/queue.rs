//! The queue's whole suite on both databases: a real SQLite file and a real PostgreSQL server
//! (a throw-away cluster started by the tests, `estudio-testdb`), with real threads and
//! processes. Each test is a function of a [`Db`]; `both!` runs it once per backend.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::Duration;

use estudio_queue::{
    AttemptOutcome, ErrorKind, JobAction, JobStatus, NewJob, Queue, QueueConfig, QueueError,
    QueueTarget,
};
use estudio_words::{Lang, Message};

fn new_job(n: usize) -> NewJob {
    NewJob {
        project_path: format!("/projects/{n}.estudio"),
        project_title: format!("Project {n}"),
        snapshot: format!("{{\"n\": {n}}}"),
        preset: "mp4-720p".into(),
        options: "{}".into(),
        output: format!("/out/{n}.mp4"),
        side_outputs: Vec::new(),
        duration_secs: 10.0,
        priority: 0,
        max_attempts: 3,
    }
}

/// Where one test's queue lives: a SQLite file in a temporary folder, or a database of its own
/// on the test server.
struct Db {
    target: QueueTarget,
    /// The URL with its password, for child processes (the target never shows it).
    url: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl Db {
    fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        Db {
            target: QueueTarget::Sqlite(dir.path().join("q.sqlite3")),
            url: None,
            _dir: Some(dir),
        }
    }

    fn postgres() -> Db {
        let url = estudio_testdb::PgServer::shared().database();
        Db {
            target: QueueTarget::parse(&url).unwrap(),
            url: Some(url),
            _dir: None,
        }
    }

    /// Another, empty queue of the same kind.
    fn fresh(&self) -> Db {
        if self.target.is_postgres() {
            Db::postgres()
        } else {
            Db::sqlite()
        }
    }

    fn raw(&self) -> Queue {
        Queue::connect(&self.target, QueueConfig::default()).unwrap()
    }

    /// A queue whose tests are about claiming, not the concurrency limit: allow 16 at once.
    fn open(&self) -> Queue {
        let q = self.raw();
        let s = q.settings().unwrap();
        q.set_settings(&estudio_queue::QueueSettings {
            concurrency: 16,
            ..s
        })
        .unwrap();
        q
    }

    fn fast(&self) -> Queue {
        Queue::connect(
            &self.target,
            QueueConfig {
                lease: Duration::from_millis(300),
                backoff: Duration::from_millis(200),
                ..QueueConfig::default()
            },
        )
        .unwrap()
    }
}

/// Each test once on SQLite and once on PostgreSQL.
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name(&super::Db::sqlite()) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name(&super::Db::postgres()) } )*
        }
    };
}

both!(
    two_threads_claim_200_jobs_each_exactly_once,
    claim_order_is_priority_then_age,
    a_lost_lease_refuses_late_writes,
    reaper_decides_by_attempts_and_cancel,
    cancel_retry_and_remove_follow_the_rules,
    a_transient_failure_is_retried_after_a_backoff,
    progress_never_goes_backwards_and_survives_reopening,
    a_released_job_is_queued_again_without_using_an_attempt,
    pause_stops_new_claims_until_resumed,
    the_concurrency_limit_holds_across_connections,
    old_finished_jobs_are_pruned_and_others_kept,
    three_processes_and_four_enqueuers_complete_1200_jobs_exactly_once,
    a_cancel_asked_while_an_attempt_fails_is_never_lost,
    two_unfinished_jobs_never_write_the_same_file,
    the_reaper_spares_the_callers_live_renders,
    a_subscription_sees_every_change_from_another_connection,
    workers_are_listed_by_name_while_they_beat,
);

fn two_threads_claim_200_jobs_each_exactly_once(db: &Db) {
    let q = db.open();
    let ids: Vec<String> = (0..200)
        .map(|n| q.enqueue(&new_job(n)).unwrap().id)
        .collect();

    let workers: Vec<_> = (0..2)
        .map(|w| {
            let q = q.reopen().unwrap();
            std::thread::spawn(move || {
                // Each thread has its own connection, as separate workers would.
                let owner = format!("worker-{w}");
                let mut mine = Vec::new();
                while let Some(c) = q.claim(&owner.as_str().into()).unwrap() {
                    // A job body that takes a moment, so both workers really compete.
                    std::thread::sleep(Duration::from_millis(2));
                    q.heartbeat(&c.lease, 0.5).unwrap();
                    q.complete(&c.lease, "log").unwrap();
                    mine.push(c.job.id);
                }
                mine
            })
        })
        .collect();
    let claimed: Vec<Vec<String>> = workers.into_iter().map(|w| w.join().unwrap()).collect();

    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in claimed.iter().flatten() {
        *count.entry(id.as_str()).or_default() += 1;
    }
    assert_eq!(count.len(), 200, "every job claimed");
    assert!(count.values().all(|&c| c == 1), "no job claimed twice");
    assert!(
        claimed.iter().all(|c| !c.is_empty()),
        "both threads got work: {:?}",
        claimed.iter().map(Vec::len).collect::<Vec<_>>()
    );
    for id in &ids {
        let job = q.get(id).unwrap();
        assert_eq!(
            (job.status, job.attempts, job.progress),
            (JobStatus::Completed, 1, 1.0)
        );
        assert!(job.finished_at.is_some());
    }
    assert_eq!(q.integrity_check().unwrap(), "ok");
}

fn claim_order_is_priority_then_age(db: &Db) {
    let q = db.open();
    let a = q.enqueue(&new_job(1)).unwrap();
    let b = q
        .enqueue(&NewJob {
            priority: 5,
            ..new_job(2)
        })
        .unwrap();
    let c = q.enqueue(&new_job(3)).unwrap();
    let order: Vec<String> =
        std::iter::from_fn(|| q.claim(&"w".into()).unwrap().map(|c| c.job.id)).collect();
    assert_eq!(order, vec![b.id, a.id, c.id]);
}

fn a_lost_lease_refuses_late_writes(db: &Db) {
    let q = db.fast();
    let job = q.enqueue(&new_job(1)).unwrap();
    let first = q.claim(&"slow-worker".into()).unwrap().unwrap();
    std::thread::sleep(Duration::from_millis(400));
    // The lease expired; the reaper gives the job back and another worker takes it.
    let reaped = q.reap_expired(&Default::default()).unwrap();
    assert_eq!(reaped.len(), 1);
    assert_eq!(reaped[0].status, JobStatus::Queued);
    // Backoff does not apply to a lost lease: the job is claimable at once.
    let second = q.claim(&"fast-worker".into()).unwrap().unwrap();
    assert_eq!(second.lease.attempt, 2);
    // The first worker wakes up: none of its writes land.
    assert!(matches!(
        q.heartbeat(&first.lease, 0.9),
        Err(QueueError::LeaseLost(_))
    ));
    assert!(matches!(
        q.complete(&first.lease, ""),
        Err(QueueError::LeaseLost(_))
    ));
    assert!(matches!(
        q.fail(
            &first.lease,
            &ffmpeg_failed("x"),
            ErrorKind::Ffmpeg,
            "",
            false
        ),
        Err(QueueError::LeaseLost(_))
    ));
    q.complete(&second.lease, "ok").unwrap();
    let done = q.get(&job.id).unwrap();
    assert_eq!((done.status, done.attempts), (JobStatus::Completed, 2));
    let attempts = q.attempts(&job.id).unwrap();
    let outcomes: Vec<_> = attempts.iter().map(|a| a.outcome.unwrap()).collect();
    assert_eq!(
        outcomes,
        vec![AttemptOutcome::Lost, AttemptOutcome::Completed]
    );
    assert_eq!(q.integrity_check().unwrap(), "ok");
}

fn reaper_decides_by_attempts_and_cancel(db: &Db) {
    struct Case {
        name: &'static str,
        max_attempts: i64,
        cancel: bool,
        expire: bool,
        expected: JobStatus,
    }
    let cases = [
        Case {
            name: "not yet expired",
            max_attempts: 3,
            cancel: false,
            expire: false,
            expected: JobStatus::Processing,
        },
        Case {
            name: "expired, attempts left",
            max_attempts: 3,
            cancel: false,
            expire: true,
            expected: JobStatus::Queued,
        },
        Case {
            name: "expired, attempts used up",
            max_attempts: 1,
            cancel: false,
            expire: true,
            expected: JobStatus::Failed,
        },
        Case {
            name: "expired, cancel asked",
            max_attempts: 3,
            cancel: true,
            expire: true,
            expected: JobStatus::Canceled,
        },
    ];
    for case in cases {
        let q = db.fresh().open();
        let job = q
            .enqueue(&NewJob {
                max_attempts: case.max_attempts,
                ..new_job(1)
            })
            .unwrap();
        let finished = q.enqueue(&new_job(2)).unwrap();
        q.cancel(&finished.id).unwrap();
        q.claim(&"w".into()).unwrap().unwrap();
        if case.cancel {
            q.cancel(&job.id).unwrap();
        }
        let when = estudio_queue::now_ms() + if case.expire { 60_000 } else { 0 };
        q.reap_expired_at(when, &Default::default()).unwrap();
        assert_eq!(
            q.get(&job.id).unwrap().status,
            case.expected,
            "{}",
            case.name
        );
        assert_eq!(
            q.get(&finished.id).unwrap().status,
            JobStatus::Canceled,
            "{}: terminal job untouched",
            case.name
        );
        assert_eq!(q.integrity_check().unwrap(), "ok");
    }
}

fn cancel_retry_and_remove_follow_the_rules(db: &Db) {
    let q = db.open();
    // Cancel of a queued job is immediate.
    let queued = q.enqueue(&new_job(1)).unwrap();
    let canceled = q.cancel(&queued.id).unwrap();
    assert_eq!(canceled.status, JobStatus::Canceled);
    assert!(canceled.finished_at.is_some());
    // ... and it can be retried, then claimed again.
    assert_eq!(q.retry(&queued.id).unwrap().status, JobStatus::Queued);
    let running = q.claim(&"w".into()).unwrap().unwrap();
    // A running job is only flagged; the heartbeat tells the worker.
    assert_eq!(q.cancel(&queued.id).unwrap().status, JobStatus::Processing);
    assert!(q.heartbeat(&running.lease, 0.3).unwrap());
    assert!(matches!(
        q.remove(&queued.id),
        Err(QueueError::Running { .. })
    ));
    assert!(matches!(
        q.retry(&queued.id),
        Err(QueueError::InvalidTransition { .. })
    ));
    let ended = q.finish_canceled(&running.lease, "log").unwrap();
    assert_eq!(ended.status, JobStatus::Canceled);
    // A completed job cannot be canceled or retried.
    let other = q.enqueue(&new_job(2)).unwrap();
    let c = q.claim(&"w".into()).unwrap().unwrap();
    q.complete(&c.lease, "").unwrap();
    assert!(matches!(
        q.cancel(&other.id),
        Err(QueueError::InvalidTransition {
            from: JobStatus::Completed,
            ..
        })
    ));
    assert!(matches!(
        q.retry(&other.id),
        Err(QueueError::InvalidTransition { .. })
    ));
    // Clearing finished jobs removes both; removing an unknown id says so.
    assert_eq!(q.clear_finished().unwrap().len(), 2);
    assert!(matches!(q.remove(&other.id), Err(QueueError::NotFound(_))));
    assert!(q.list(None).unwrap().is_empty());
}

fn a_transient_failure_is_retried_after_a_backoff(db: &Db) {
    let q = db.fast();
    let job = q
        .enqueue(&NewJob {
            max_attempts: 2,
            ..new_job(1)
        })
        .unwrap();
    let a1 = q.claim(&"w".into()).unwrap().unwrap();
    let after = q
        .fail(
            &a1.lease,
            &Message::FfmpegKilled { signal: 9 },
            ErrorKind::Ffmpeg,
            "tail",
            true,
        )
        .unwrap();
    assert_eq!(after.status, JobStatus::Queued);
    assert!(
        after.run_after > after.updated_at,
        "backoff sets run_after in the future"
    );
    assert!(
        q.claim(&"w".into()).unwrap().is_none(),
        "not claimable during the backoff"
    );
    std::thread::sleep(Duration::from_millis(250));
    let a2 = q
        .claim(&"w".into())
        .unwrap()
        .expect("claimable after the backoff");
    // The last attempt fails for good.
    let failed = q
        .fail(
            &a2.lease,
            &Message::FfmpegKilled { signal: 9 },
            ErrorKind::Ffmpeg,
            "tail",
            true,
        )
        .unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    // Stored as a message, read back in words (English here: the test never chose).
    assert_eq!(
        failed.error.as_deref(),
        Some(Message::FfmpegKilled { signal: 9 }.words(Lang::En).as_str())
    );
    let attempts = q.attempts(&failed.id).unwrap();
    assert_eq!(attempts[1].error, failed.error);
    assert_eq!(
        attempts.iter().map(|a| a.outcome).collect::<Vec<_>>(),
        [Some(AttemptOutcome::Retry), Some(AttemptOutcome::Failed)]
    );
    assert_eq!(failed.actions, [JobAction::Retry, JobAction::Remove]);
    // A permanent failure is not retried even with attempts left.
    let job2 = q.enqueue(&new_job(2)).unwrap();
    let b1 = q.claim(&"w".into()).unwrap().unwrap();
    assert_eq!(
        q.fail(
            &b1.lease,
            &ffmpeg_failed("bad input"),
            ErrorKind::Ffmpeg,
            "",
            false
        )
        .unwrap()
        .status,
        JobStatus::Failed
    );
    assert_eq!(q.attempts(&job.id).unwrap().len(), 2);
    assert_eq!(q.get(&job2.id).unwrap().attempts, 1);
}

fn progress_never_goes_backwards_and_survives_reopening(db: &Db) {
    let id = {
        let q = db.open();
        let job = q.enqueue(&new_job(1)).unwrap();
        let c = q.claim(&"w".into()).unwrap().unwrap();
        q.heartbeat(&c.lease, 0.6).unwrap();
        q.heartbeat(&c.lease, 0.4).unwrap();
        job.id
    };
    let q = db.open();
    let job = q.get(&id).unwrap();
    assert_eq!((job.status, job.progress), (JobStatus::Processing, 0.6));
    assert_eq!(q.snapshot(&id).unwrap(), "{\"n\": 1}");
}

fn a_released_job_is_queued_again_without_using_an_attempt(db: &Db) {
    let q = db.open();
    let job = q.enqueue(&new_job(1)).unwrap();
    let c = q.claim(&"w".into()).unwrap().unwrap();
    let released = q.release(&c.lease).unwrap();
    assert_eq!((released.status, released.attempts), (JobStatus::Queued, 0));
    let again = q.claim(&"w2".into()).unwrap().unwrap();
    assert_eq!(again.lease.attempt, 1);
    assert!(matches!(q.release(&c.lease), Err(QueueError::LeaseLost(_))));
    assert_eq!(q.attempts(&job.id).unwrap().len(), 1);

    // Left to others by a machine that cannot reach the files: queued, the attempt not used,
    // saying why (in the reader's words) until a machine claims it.
    let why = Message::OutOfReach {
        machine: "sala-2".into(),
        path: "/mnt/cursos/aula.png".into(),
        write: false,
        detail: "No such file or directory (os error 2)".into(),
    };
    let other = q.enqueue(&new_job(2)).unwrap();
    let c = q.claim(&"w3".into()).unwrap().unwrap();
    assert_eq!(c.job.id, other.id);
    let left = q.leave_to_others(&c.lease, &why).unwrap();
    let waiting = q.get(&other.id).unwrap();
    for j in [&left, &waiting] {
        assert_eq!((j.status, j.attempts), (JobStatus::Queued, 0));
        assert_eq!(j.error_kind, Some(ErrorKind::OutOfReach));
        assert_eq!(j.error.as_deref(), Some(why.to_string().as_str()));
    }
    assert!(waiting.error.as_deref().unwrap().contains("sala-2"));
    let taken = q.claim(&"w4".into()).unwrap().unwrap();
    assert_eq!(taken.lease.attempt, 1);
    let rendering = q.get(&other.id).unwrap();
    assert_eq!((rendering.error, rendering.error_kind), (None, None));
}

fn pause_stops_new_claims_until_resumed(db: &Db) {
    let q = db.open();
    q.enqueue(&new_job(1)).unwrap();
    q.enqueue(&new_job(2)).unwrap();
    let running = q.claim(&"w".into()).unwrap().unwrap();
    assert!(q.set_paused(true).unwrap().paused);
    // The running job goes on; nothing new starts, even when the slot frees up.
    q.heartbeat(&running.lease, 0.5).unwrap();
    q.complete(&running.lease, "").unwrap();
    assert!(q.claim(&"w".into()).unwrap().is_none());
    assert!(!q.set_paused(false).unwrap().paused);
    assert!(q.claim(&"w".into()).unwrap().is_some());
}

fn the_concurrency_limit_holds_across_connections(db: &Db) {
    let (a, b) = (db.raw(), db.raw());
    for n in 0..4 {
        a.enqueue(&new_job(n)).unwrap();
    }
    // One render at a time on one computer by default (ffmpeg uses every core); a farm's
    // machines bring their own cores.
    let default = if db.target.is_postgres() { 16 } else { 1 };
    let s = a.settings().unwrap();
    assert_eq!(s.concurrency, default);
    a.set_settings(&estudio_queue::QueueSettings {
        concurrency: 1,
        ..s
    })
    .unwrap();
    let first = a.claim(&"a".into()).unwrap().unwrap();
    assert!(
        b.claim(&"b".into()).unwrap().is_none(),
        "a second render would exceed the limit"
    );
    let s = a.settings().unwrap();
    b.set_settings(&estudio_queue::QueueSettings {
        concurrency: 2,
        ..s
    })
    .unwrap();
    assert!(b.claim(&"b".into()).unwrap().is_some());
    assert!(a.claim(&"a".into()).unwrap().is_none());
    a.complete(&first.lease, "").unwrap();
    assert!(a.claim(&"a".into()).unwrap().is_some());
}

fn old_finished_jobs_are_pruned_and_others_kept(db: &Db) {
    let q = db.open();
    let s = q.settings().unwrap();
    q.set_settings(&estudio_queue::QueueSettings {
        concurrency: 4,
        keep_finished_days: 7,
        ..s
    })
    .unwrap();
    let done = q.enqueue(&new_job(1)).unwrap();
    let c = q.claim(&"w".into()).unwrap().unwrap();
    q.complete(&c.lease, "").unwrap();
    let waiting = q.enqueue(&new_job(2)).unwrap();
    let day = 86_400_000;
    assert!(q
        .prune_at(estudio_queue::now_ms() + 6 * day)
        .unwrap()
        .is_empty());
    assert_eq!(
        q.prune_at(estudio_queue::now_ms() + 8 * day).unwrap(),
        vec![done.id.clone()]
    );
    assert!(
        q.get(&waiting.id).is_ok(),
        "unfinished jobs are never pruned"
    );
    // 0 keeps finished jobs forever.
    let s = q.settings().unwrap();
    q.set_settings(&estudio_queue::QueueSettings {
        keep_finished_days: 0,
        ..s
    })
    .unwrap();
    let c = q.claim(&"w".into()).unwrap().unwrap();
    q.complete(&c.lease, "").unwrap();
    assert!(q
        .prune_at(estudio_queue::now_ms() + 3650 * day)
        .unwrap()
        .is_empty());
}

#[test]
fn a_version_1_file_is_migrated_with_its_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    // Build a file as version 1 of the schema left it, holding a queued and a finished job.
    {
        let mut conn = rusqlite::Connection::open(&db).unwrap();
        estudio_queue::MIGRATIONS.to_version(&mut conn, 1).unwrap();
        for (id, status, finished) in [("a", "queued", None), ("b", "completed", Some(5))] {
            conn.execute(
                "INSERT INTO render_jobs (id, status, project_path, project_title, project_snapshot, preset,
                    output_path, duration_secs, run_after, created_at, updated_at, finished_at)
                 VALUES (?1, ?2, 'p', 't', '{}', 'mp4-720p', '/o.mp4', 1.0, 0, 1, 1, ?3)",
                rusqlite::params![id, status, finished],
            )
            .unwrap();
        }
    }
    let q = Queue::open(&db).unwrap();
    assert_eq!(q.list(None).unwrap().len(), 2);
    assert_eq!(
        q.list(None).unwrap()[0].worker,
        None,
        "version 5's column, empty for old jobs"
    );
    assert_eq!(q.settings().unwrap().concurrency, 1);
    assert_eq!(q.claim(&"w".into()).unwrap().unwrap().job.id, "a");
    assert_eq!(q.integrity_check().unwrap(), "ok");
    // Opening again is a no-op.
    drop(q);
    assert_eq!(Queue::open(&db).unwrap().list(None).unwrap().len(), 2);
}

/// Environment variables that turn this test binary into one worker process of the test below.
const CHILD_DB: &str = "ESTUDIO_TEST_CLAIM_DB";
const CHILD_NAME: &str = "ESTUDIO_TEST_CLAIM_NAME";
const CHILD_OUT: &str = "ESTUDIO_TEST_CLAIM_OUT";

/// In a child process: claim and complete jobs (a fast job body) until every job is enqueued
/// (the parent says so with a file) and the queue is empty, printing each id claimed. In the
/// normal test run: nothing.
#[test]
#[ignore = "a child process of another test, started with --ignored"]
fn claim_worker_process() {
    let (Ok(db), Ok(name)) = (std::env::var(CHILD_DB), std::env::var(CHILD_NAME)) else {
        return;
    };
    let q = Queue::connect(&QueueTarget::parse(&db).unwrap(), QueueConfig::default()).unwrap();
    let worker = estudio_queue::WorkerId::from(name.as_str());
    let out_path = std::path::PathBuf::from(std::env::var(CHILD_OUT).unwrap());
    // Written by the parent once every enqueuer is done: an empty queue means done only then
    // (waiting for a quiet spell instead ended children early on a busy machine).
    let all_enqueued = out_path.with_file_name("all-enqueued");
    let mut out = String::new();
    loop {
        // Read before the claim: a claim that finds nothing after it is the end.
        let done = all_enqueued.exists();
        match q.claim(&worker).unwrap() {
            Some(c) => {
                q.heartbeat(&c.lease, 0.5).unwrap();
                q.complete(&c.lease, "").unwrap();
                out.push_str(&format!("CLAIMED {}\n", c.job.id));
            }
            None if done => break,
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    std::fs::write(out_path, out).unwrap();
}

fn three_processes_and_four_enqueuers_complete_1200_jobs_exactly_once(db: &Db) {
    let q = db.open();
    let outs = tempfile::tempdir().unwrap();
    let address = match &db.target {
        QueueTarget::Sqlite(p) => p.display().to_string(),
        QueueTarget::Postgres(_) => db.url.clone().unwrap(),
    };
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..3)
        .map(|n| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "claim_worker_process",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(CHILD_DB, &address)
                .env(CHILD_NAME, format!("proc{n}"))
                .env(CHILD_OUT, outs.path().join(format!("proc{n}.out")))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let enqueuers: Vec<_> = (0..4)
        .map(|t| {
            let q = q.reopen().unwrap();
            std::thread::spawn(move || {
                (0..300)
                    .map(|n| q.enqueue(&new_job(t * 1000 + n)).unwrap().id)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let enqueued: Vec<String> = enqueuers
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    std::fs::write(outs.path().join("all-enqueued"), b"").unwrap();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let mut claimed: HashMap<String, usize> = HashMap::new();
    let mut per_process = Vec::new();
    for n in 0..3 {
        let out = std::fs::read_to_string(outs.path().join(format!("proc{n}.out"))).unwrap();
        let ids: Vec<&str> = out
            .lines()
            .filter_map(|l| l.strip_prefix("CLAIMED "))
            .collect();
        per_process.push(ids.len());
        for id in ids {
            *claimed.entry(id.to_owned()).or_default() += 1;
        }
    }
    assert_eq!(enqueued.len(), 1200);
    assert_eq!(
        claimed.len(),
        1200,
        "every job claimed (per process: {per_process:?})"
    );
    assert!(claimed.values().all(|&c| c == 1), "no job claimed twice");
    let jobs = q.list(None).unwrap();
    assert_eq!(jobs.len(), 1200);
    assert!(jobs
        .iter()
        .all(|j| j.status == JobStatus::Completed && j.attempts == 1));
    // How the processes shared the work is the machine's business (one may start late on a
    // busy one): said, not asserted.
    eprintln!("jobs claimed by each process: {per_process:?}");
    assert_eq!(q.integrity_check().unwrap(), "ok");
}

/// A cancel asked while the attempt is failing (ffmpeg dying, say) must win: the job ends
/// canceled, never queued again. Raced for real: one thread cancels while another records a
/// failure that would retry.
fn a_cancel_asked_while_an_attempt_fails_is_never_lost(db: &Db) {
    let q = std::sync::Arc::new(db.open());
    for n in 0..60 {
        let job = q.enqueue(&new_job(n)).unwrap();
        let claimed = q.claim(&"w".into()).unwrap().unwrap();
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let canceler = {
            let (other, id, barrier) = (q.reopen().unwrap(), job.id.clone(), barrier.clone());
            std::thread::spawn(move || {
                let q = other;
                barrier.wait();
                q.cancel(&id).unwrap();
            })
        };
        barrier.wait();
        // Alternate which one tends to go first.
        if n % 2 == 0 {
            std::thread::yield_now();
        }
        q.fail(
            &claimed.lease,
            &Message::FfmpegKilled { signal: 9 },
            ErrorKind::Ffmpeg,
            "",
            true,
        )
        .unwrap();
        canceler.join().unwrap();
        let end = q.get(&job.id).unwrap();
        assert_eq!(end.status, JobStatus::Canceled, "round {n}: {end:?}");
        assert_eq!(end.error_kind, Some(ErrorKind::Canceled), "round {n}");
        assert!(
            q.claim(&"w".into()).unwrap().is_none(),
            "round {n}: nothing to run"
        );
    }
    // And the plain order: cancel first, then the failure lands.
    let job = q.enqueue(&new_job(100)).unwrap();
    let claimed = q.claim(&"w".into()).unwrap().unwrap();
    assert!(q.cancel(&job.id).unwrap().cancel_requested);
    let end = q
        .fail(
            &claimed.lease,
            &ffmpeg_failed("killed"),
            ErrorKind::Ffmpeg,
            "",
            true,
        )
        .unwrap();
    assert_eq!(end.status, JobStatus::Canceled);
    // A clean shutdown of the worker (release) does not lose it either.
    let job = q.enqueue(&new_job(101)).unwrap();
    let claimed = q.claim(&"w".into()).unwrap().unwrap();
    q.cancel(&job.id).unwrap();
    assert_eq!(
        q.release(&claimed.lease).unwrap().status,
        JobStatus::Canceled
    );
}

fn two_unfinished_jobs_never_write_the_same_file(db: &Db) {
    let q = db.open();
    let first = q
        .enqueue(&NewJob {
            side_outputs: vec!["/out/1.poster.png".into()],
            ..new_job(1)
        })
        .unwrap();
    // The same video, and another video whose poster would be the same file.
    for clash in [
        new_job(1),
        NewJob {
            output: "/out/1.webm".into(),
            side_outputs: vec!["/out/1.poster.png".into()],
            ..new_job(1)
        },
    ] {
        match q.enqueue(&clash) {
            Err(QueueError::OutputTaken {
                job, status, title, ..
            }) => {
                assert_eq!(job, first.id);
                // Named as its row shows it: by its project's title.
                assert_eq!(title, first.project_title);
                assert_eq!(status, JobStatus::Queued);
            }
            other => panic!("expected OutputTaken, got {other:?}"),
        }
    }
    // Still refused while it renders; free once it is finished.
    let claimed = q.claim(&"w".into()).unwrap().unwrap();
    assert!(matches!(
        q.enqueue(&new_job(1)),
        Err(QueueError::OutputTaken {
            status: JobStatus::Processing,
            ..
        })
    ));
    q.fail(
        &claimed.lease,
        &ffmpeg_failed("bad"),
        ErrorKind::Ffmpeg,
        "",
        false,
    )
    .unwrap();
    let second = q.enqueue(&new_job(1)).unwrap();
    // Retrying the first would race the second for the file: refused until that one ends.
    assert!(matches!(
        q.retry(&first.id),
        Err(QueueError::OutputTaken { .. })
    ));
    q.cancel(&second.id).unwrap();
    assert_eq!(q.retry(&first.id).unwrap().status, JobStatus::Queued);
}

fn the_reaper_spares_the_callers_live_renders(db: &Db) {
    let q = db.open();
    let mine = q.enqueue(&new_job(1)).unwrap();
    let theirs = q.enqueue(&new_job(2)).unwrap();
    let c1 = q.claim(&"me".into()).unwrap().unwrap();
    q.claim(&"them".into()).unwrap().unwrap();
    // An hour later (the laptop slept): both leases look expired.
    let later = estudio_queue::now_ms() + 3_600_000;
    let spare: std::collections::HashSet<String> = [mine.id.clone()].into();
    let reaped = q.reap_expired_at(later, &spare).unwrap();
    assert_eq!(reaped.len(), 1);
    assert_eq!(reaped[0].id, theirs.id);
    assert_eq!(reaped[0].error_kind, Some(ErrorKind::Lost));
    assert_eq!(q.get(&mine.id).unwrap().status, JobStatus::Processing);
    // Its worker's heartbeat still holds it, and it completes on its first attempt.
    q.heartbeat(&c1.lease, 0.5).unwrap();
    let done = q.complete(&c1.lease, "").unwrap();
    assert_eq!((done.status, done.attempts), (JobStatus::Completed, 1));
}

#[test]
fn the_change_counter_finds_every_change_after_a_point() {
    let db = Db::sqlite();
    let q = db.open();
    let start = q.change_seq().unwrap();
    let a = q.enqueue(&new_job(1)).unwrap();
    let b = q.enqueue(&new_job(2)).unwrap();
    let seen = q.changes_since(start).unwrap();
    assert_eq!(
        seen.jobs.iter().map(|j| j.id.clone()).collect::<Vec<_>>(),
        vec![a.id.clone(), b.id.clone()]
    );
    let claimed = q.claim(&"w".into()).unwrap().unwrap();
    let later = q.changes_since(seen.seq).unwrap();
    assert_eq!(later.jobs.len(), 1);
    assert_eq!(later.jobs[0].id, claimed.job.id);
    assert_eq!(later.jobs[0].status, JobStatus::Processing);
    assert!(later.seq > seen.seq);
    assert!(q.changes_since(later.seq).unwrap().jobs.is_empty());
    // A deletion moves the counter on too (the watcher then looks for removed jobs).
    q.cancel(&b.id).unwrap();
    let before = q.change_seq().unwrap();
    q.remove(&b.id).unwrap();
    assert!(q.change_seq().unwrap() > before);
}

/// Another connection's changes arrive in order, a heartbeat as progress, a deletion as removed,
/// the settings once; nothing arrives when nothing changed.
fn a_subscription_sees_every_change_from_another_connection(db: &Db) {
    use estudio_queue::Change;
    let q = db.open();
    let before = q.enqueue(&new_job(0)).unwrap();
    let mut sub = q.subscribe().unwrap();
    assert_eq!(
        sub.jobs().iter().map(|j| &j.id).collect::<Vec<_>>(),
        [&before.id]
    );
    let other = q.reopen().unwrap();
    let a = other.enqueue(&new_job(1)).unwrap();
    let claimed = other.claim(&"w".into()).unwrap().unwrap();
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    // Collected until the claim is seen (the two commits may arrive in one batch or two).
    while !seen
        .iter()
        .any(|c| matches!(c, Change::Job(j) if j.status == JobStatus::Processing))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "changes never came: {seen:?}"
        );
        seen.extend(sub.next(Duration::from_secs(2)).unwrap());
    }
    let kinds: Vec<(String, JobStatus)> = seen
        .iter()
        .map(|c| match c {
            Change::Job(j) => (j.id.clone(), j.status),
            other => panic!("only job changes so far: {other:?}"),
        })
        .collect();
    // The oldest job is claimed: the one from before the subscription.
    assert_eq!(claimed.job.id, before.id);
    assert_eq!(
        kinds,
        [
            (a.id.clone(), JobStatus::Queued),
            (before.id.clone(), JobStatus::Processing)
        ]
    );
    other.heartbeat(&claimed.lease, 0.5).unwrap();
    let progress = next_nonempty(&mut sub);
    assert!(
        matches!(&progress[..], [Change::Progress(j)] if j.progress == 0.5),
        "{progress:?}"
    );
    other.cancel(&a.id).unwrap();
    other.remove(&a.id).unwrap();
    let mut got = Vec::new();
    while !got.iter().any(|c| matches!(c, Change::Removed(_))) {
        got.extend(next_nonempty(&mut sub));
    }
    assert!(got.contains(&Change::Removed(a.id.clone())), "{got:?}");
    other.set_paused(true).unwrap();
    let paused = next_nonempty(&mut sub);
    assert!(
        matches!(&paused[..], [Change::Settings(s)] if s.paused),
        "{paused:?}"
    );
    assert!(
        sub.next(Duration::from_millis(600)).unwrap().is_empty(),
        "quiet when nothing changes"
    );
}

fn next_nonempty(sub: &mut estudio_queue::Subscription) -> Vec<estudio_queue::Change> {
    for _ in 0..20 {
        let got = sub.next(Duration::from_millis(500)).unwrap();
        if !got.is_empty() {
            return got;
        }
    }
    panic!("no change within 10 s");
}

/// A claim names the worker on the job; a worker that beats is listed, one that stopped or went
/// quiet is not.
fn workers_are_listed_by_name_while_they_beat(db: &Db) {
    let q = db.fast();
    let s = q.settings().unwrap();
    q.set_settings(&estudio_queue::QueueSettings {
        concurrency: 4,
        ..s
    })
    .unwrap();
    let sala3 = estudio_queue::WorkerId::new("pid1-abc-0", "sala-3");
    let sala4 = estudio_queue::WorkerId::new("pid2-def-0", "sala-4");
    let job = q.enqueue(&new_job(1)).unwrap();
    let claimed = q.claim(&sala3).unwrap().unwrap();
    assert_eq!(claimed.job.worker.as_deref(), Some("sala-3"));
    assert_eq!(q.get(&job.id).unwrap().worker.as_deref(), Some("sala-3"));
    q.worker_seen(&sala3, "host-a", Some(&job.id)).unwrap();
    q.worker_seen(&sala4, "host-b", None).unwrap();
    let listed = q.workers().unwrap();
    assert_eq!(
        listed.iter().map(|w| w.name.as_str()).collect::<Vec<_>>(),
        ["sala-3", "sala-4"]
    );
    assert_eq!(listed[0].job_id.as_deref(), Some(job.id.as_str()));
    assert_eq!(listed[0].host, "host-a");
    q.worker_gone(&sala4).unwrap();
    // Three leases (0.9 s) without a beat: no longer live.
    std::thread::sleep(Duration::from_millis(1000));
    assert!(q.workers().unwrap().is_empty());
    q.worker_seen(&sala3, "host-a", None).unwrap();
    assert_eq!(q.workers().unwrap().len(), 1);
    // The name stays on the job after it ends: who rendered it.
    q.reap_expired(&Default::default()).unwrap();
    assert_eq!(q.get(&job.id).unwrap().worker.as_deref(), Some("sala-3"));
}

/// A failure as a worker reports one: ffmpeg's own words.
fn ffmpeg_failed(detail: &str) -> Message {
    Message::FfmpegFailed {
        detail: detail.to_owned(),
    }
}
