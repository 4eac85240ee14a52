//! What only a server has: TLS as libpq's `sslmode` says it, and the errors of a login or a
//! connection that fails, each naming the server (a real throw-away PostgreSQL, `estudio-testdb`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use estudio_queue::{Queue, QueueConfig, QueueError, QueueTarget};
use estudio_testdb::{PgServer, ADMIN, ADMIN_PASSWORD};

fn connect(url: &str) -> Result<Queue, QueueError> {
    Queue::connect(&QueueTarget::parse(url).unwrap(), QueueConfig::default())
}

/// A job of no consequence, rendering to `output`.
fn job_to(output: &str) -> estudio_queue::NewJob {
    estudio_queue::NewJob {
        project_path: "/projects/a.estudio".into(),
        project_title: "A".into(),
        snapshot: "{}".into(),
        preset: "mp4-720p".into(),
        options: "{}".into(),
        output: output.into(),
        side_outputs: Vec::new(),
        duration_secs: 10.0,
        priority: 0,
        max_attempts: 3,
    }
}

/// Whether the queue's own connection is encrypted, as the server sees it.
fn encrypted(url: &str) -> bool {
    let QueueTarget::Postgres(t) = QueueTarget::parse(url).unwrap() else {
        panic!()
    };
    let mut c = t.connect().unwrap();
    c.query_one(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        &[],
    )
    .unwrap()
    .get(0)
}

#[test]
fn tls_is_used_and_checked_as_sslmode_says() {
    let server = PgServer::start_tls();
    let cert = server.certificate();
    let base = |host: &str, mode: &str| {
        format!(
            "postgres://{ADMIN}:{ADMIN_PASSWORD}@{host}:{}/postgres?sslmode={mode}",
            server.port()
        )
    };
    assert!(!encrypted(&base("127.0.0.1", "disable")));
    assert!(
        encrypted(&base("127.0.0.1", "prefer")),
        "prefer takes TLS when offered"
    );
    assert!(
        encrypted(&base("127.0.0.1", "require")),
        "require: encrypted, the self-signed certificate not checked"
    );
    connect(&base("127.0.0.1", "require"))
        .unwrap()
        .settings()
        .unwrap();
    // verify-full: the certificate must come from a trusted authority and name the host.
    match connect(&base("localhost", "verify-full")) {
        Err(e @ (QueueError::Unreachable { .. } | QueueError::Tls(_))) => {
            assert!(
                e.to_string()
                    .contains(&format!("localhost:{}", server.port()))
                    || matches!(e, QueueError::Tls(_)),
                "{e}"
            );
        }
        other => panic!(
            "an untrusted certificate was accepted: {:?}",
            other.map(|_| ())
        ),
    }
    let trusted =
        |host: &str, mode: &str| format!("{}&sslrootcert={}", base(host, mode), cert.display());
    assert!(encrypted(&trusted("localhost", "verify-full")));
    assert!(
        encrypted(&trusted("127.0.0.1", "verify-ca")),
        "verify-ca does not check the name"
    );
    connect(&trusted("localhost", "verify-full"))
        .unwrap()
        .settings()
        .unwrap();
    // A certificate file that is not one is said so, by name.
    let junk = server.dir().join("junk.pem");
    std::fs::write(&junk, "not a certificate").unwrap();
    let bad = format!(
        "{}&sslrootcert={}",
        base("localhost", "verify-full"),
        junk.display()
    );
    match connect(&bad) {
        Err(QueueError::Tls(detail)) => assert!(detail.contains("junk.pem"), "{detail}"),
        other => panic!("expected a TLS error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn failed_logins_and_connections_name_the_server_and_never_the_password() {
    let server = PgServer::shared();
    let port = server.port();
    let wrong =
        format!("postgres://{ADMIN}:not-the-password-31@127.0.0.1:{port}/postgres?sslmode=disable");
    match connect(&wrong) {
        Err(e @ QueueError::Login { .. }) => {
            let words = e.to_string();
            assert!(
                words.contains(&format!("127.0.0.1:{port}")) && words.contains(ADMIN),
                "{words}"
            );
            assert!(!words.contains("not-the-password-31"));
        }
        other => panic!("expected Login, got {:?}", other.map(|_| ())),
    }
    let missing =
        format!("postgres://{ADMIN}:{ADMIN_PASSWORD}@127.0.0.1:{port}/no_such_db?sslmode=disable");
    assert!(
        matches!(connect(&missing), Err(QueueError::NoDatabase { ref dbname, .. }) if dbname == "no_such_db")
    );
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let nobody =
        format!("postgres://{ADMIN}:{ADMIN_PASSWORD}@127.0.0.1:{closed}/postgres?sslmode=disable");
    match connect(&nobody) {
        Err(e @ QueueError::Unreachable { .. }) => {
            assert!(e.connection_lost());
            let words = e.to_string();
            assert!(words.contains(&format!("127.0.0.1:{closed}")), "{words}");
            assert!(!words.contains(ADMIN_PASSWORD));
        }
        other => panic!("expected Unreachable, got {:?}", other.map(|_| ())),
    }
}

/// A database set up by a newer Estúdio is refused, not half-used; two processes connecting
/// to a new database at once migrate it once.
#[test]
fn schemas_are_migrated_once_and_a_newer_one_is_refused() {
    let server = PgServer::shared();
    let url = server.database();
    let racers: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || connect(&url).map(|_| ()))
        })
        .collect();
    for r in racers {
        r.join().unwrap().unwrap();
    }
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let versions: i64 = c
        .query_one("SELECT count(*) FROM estudio_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(versions, 1);
    c.batch_execute("INSERT INTO estudio_schema (version) VALUES (99)")
        .unwrap();
    match connect(&url) {
        Err(e @ QueueError::Newer { found: 99, .. }) => {
            assert!(e.to_string().contains("newer Estúdio"), "{e}")
        }
        other => panic!("expected Newer, got {:?}", other.map(|_| ())),
    }
}

/// A farm machine whose clock is an hour ahead of the server's: every time in the queue is the
/// server's, and the queue says how far apart the two clocks are, so the window and the CLI
/// can measure how long a job has been rendering, or when a worker was seen, against it.
#[test]
fn the_queue_keeps_the_servers_time_and_says_how_far_this_machine_is_from_it() {
    const SERVER_OFF_MS: i64 = -3_600_000;
    let server = PgServer::start_clock_off(-3600);
    let queue = Queue::connect(
        &QueueTarget::parse(&server.database()).unwrap(),
        QueueConfig {
            lease: std::time::Duration::from_secs(3),
            ..QueueConfig::default()
        },
    )
    .unwrap();
    let offset = queue.clock_offset_ms().unwrap();
    assert!(
        (offset - SERVER_OFF_MS).abs() < 2_000,
        "the server is an hour behind; the queue says {offset} ms"
    );
    let job = queue.enqueue(&job_to("/out/a.mp4")).unwrap();
    let worker = estudio_queue::WorkerId::new("pid1-abc-0", "sala-1");
    let claimed = queue.claim(&worker).unwrap().expect("the job is claimed");
    let started = claimed.job.started_at.expect("a claimed job has started");
    let here = estudio_queue::now_ms();
    assert!(
        (started - (here + offset)).abs() < 2_000,
        "started {started} is the server's time (this machine's {here}, offset {offset})"
    );
    assert!(queue.clock_ms().unwrap() >= started);
    // The lease is the server's too: by this machine's clock it ran out an hour ago; by the
    // server's it runs out three seconds from now (room for a slow machine before the first
    // look).
    let none = std::collections::HashSet::new();
    assert!(queue.reap_expired(&none).unwrap().is_empty());
    std::thread::sleep(std::time::Duration::from_millis(3_500));
    let reaped = queue.reap_expired(&none).unwrap();
    assert_eq!(
        reaped.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
        [job.id.as_str()]
    );

    // On SQLite the queue's clock is this computer's.
    let dir = tempfile::tempdir().unwrap();
    let local = Queue::connect(
        &QueueTarget::Sqlite(dir.path().join("q.sqlite")),
        QueueConfig::default(),
    )
    .unwrap();
    assert!(local.clock_offset_ms().unwrap().abs() < 1_000);
}

/// The server restarts, and a job is queued before the subscription has noticed. Its first
/// look after the restart fails on its own queue connection (still the broken one); what was
/// queued meanwhile is found by comparing at the next call, not lost (no NOTIFY will say it).
#[test]
fn a_subscription_reports_what_changed_while_it_reconnected() {
    use estudio_queue::Change;
    use std::time::{Duration, Instant};
    let server = PgServer::start();
    let url = server.database();
    let queue = connect(&url).unwrap();
    let mut subscription = queue.subscribe().unwrap();
    assert!(subscription
        .next(Duration::from_millis(100))
        .unwrap()
        .is_empty());
    server.stop();
    server.start_again();
    let job = connect(&url)
        .unwrap()
        .enqueue(&job_to("/out/while-away.mp4"))
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut errors = Vec::new();
    loop {
        match subscription.next(Duration::from_millis(200)) {
            Ok(changes) => {
                if changes
                    .iter()
                    .any(|c| matches!(c, Change::Job(j) if j.id == job.id))
                {
                    break;
                }
            }
            Err(e) => errors.push(e.to_string()),
        }
        assert!(
            Instant::now() < deadline,
            "the job queued during the reconnection was never reported; errors: {errors:?}"
        );
    }
    assert!(!errors.is_empty(), "the restart went unnoticed");
}
