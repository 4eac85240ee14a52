//! A real PostgreSQL server for tests, started by the tests themselves: `initdb` into a
//! temporary folder, `postgres` on a free loopback port with password logins (SCRAM), run as
//! the unprivileged `postgres` user when the tests run as root (PostgreSQL refuses root).
//!
//! The server dies with the test process: it is started from a thread that lives as long as the
//! process, with the kernel told to kill it when that thread ends (`die_with_parent`), so a
//! test binary killed half-way leaves no server behind. Folders of servers whose test process
//! died are removed by the next start.
//!
//! [`PgServer::shared`] is one server per test process (each test takes a database of its own
//! with [`PgServer::database`]); [`PgServer::start`] is a server of one's own, for tests that
//! stop and restart it.

#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The superuser's name and password in every test server.
pub const ADMIN: &str = "estudio_admin";
pub const ADMIN_PASSWORD: &str = "admin-pw-7Hq2";

/// Debian's PostgreSQL binaries, newest version first.
fn bin(program: &str) -> PathBuf {
    if let Ok(dir) = std::env::var("ESTUDIO_PG_BIN") {
        return Path::new(&dir).join(program);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    versions.sort();
    versions
        .into_iter()
        .rev()
        .map(|v| v.join("bin").join(program))
        .find(|p| p.exists())
        .unwrap_or_else(|| {
            panic!("PostgreSQL's {program} is not installed (Debian's postgresql package; scripts/setup.sh installs it)")
        })
}

/// Who runs the server: ourselves, or `postgres` when we are root.
fn server_user() -> Option<(u32, u32)> {
    let out = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&out.stdout).trim() != "0" {
        return None;
    }
    let id = |flag: &str| -> u32 {
        let out = Command::new("id")
            .args([flag, "postgres"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "running as root, but there is no user postgres to run the server as"
        );
        String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
    };
    Some((id("-u"), id("-g")))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

enum Order {
    Stop(mpsc::Sender<()>),
    Start(mpsc::Sender<()>),
}

/// A running test server.
/// How a server is started.
#[derive(Default, Clone, Copy)]
struct Options<'a> {
    /// More `-c name=value` settings.
    settings: &'a [(&'a str, &'a str)],
    tls: bool,
    /// A line added to `pg_hba.conf`.
    hba: Option<&'a str>,
    /// The server's clock, this many seconds ahead (behind when negative).
    clock_off_secs: Option<i64>,
}

/// Debian's `libfaketime` (`scripts/setup.sh` installs the `faketime` package).
fn faketime_library() -> String {
    let path = format!(
        "/usr/lib/{}-linux-gnu/faketime/libfaketime.so.1",
        std::env::consts::ARCH
    );
    assert!(
        Path::new(&path).exists(),
        "{path} is missing: install Debian's faketime package (scripts/setup.sh does)"
    );
    path
}

pub struct PgServer {
    dir: PathBuf,
    port: u16,
    keeper: mpsc::Sender<Order>,
}

impl PgServer {
    /// The server this test process shares.
    pub fn shared() -> &'static PgServer {
        static SERVER: OnceLock<PgServer> = OnceLock::new();
        SERVER.get_or_init(PgServer::start)
    }

    /// A server of one's own.
    pub fn start() -> PgServer {
        Self::start_with(&[])
    }

    /// A server that also takes TLS connections, with a self-signed certificate for
    /// `localhost` and `127.0.0.1` ([`PgServer::certificate`]).
    pub fn start_tls() -> PgServer {
        Self::start_full(&Options {
            tls: true,
            ..Options::default()
        })
    }

    /// A server with more `-c name=value` settings.
    pub fn start_with(settings: &[(&str, &str)]) -> PgServer {
        Self::start_full(&Options {
            settings,
            ..Options::default()
        })
    }

    /// A server whose clock is `secs` ahead of this machine's (behind when negative;
    /// libfaketime under the server alone): a farm machine whose clock disagrees with the
    /// server's.
    pub fn start_clock_off(secs: i64) -> PgServer {
        Self::start_full(&Options {
            clock_off_secs: Some(secs),
            ..Options::default()
        })
    }

    /// A server that also listens on `addresses` and lets password logins come from `network`
    /// (a CIDR): for workers in network namespaces of their own, as separate hosts.
    pub fn start_for(addresses: &[&str], network: &str) -> PgServer {
        let listen = std::iter::once("127.0.0.1")
            .chain(addresses.iter().copied())
            .collect::<Vec<_>>()
            .join(",");
        let hba = format!("host all all {network} scram-sha-256");
        Self::start_full(&Options {
            settings: &[("listen_addresses", listen.as_str())],
            hba: Some(&hba),
            ..Options::default()
        })
    }

    /// The certificate of a [`PgServer::start_tls`] server (PEM), to trust it.
    pub fn certificate(&self) -> PathBuf {
        self.dir.join("server.crt")
    }

    fn start_full(options: &Options<'_>) -> PgServer {
        let Options {
            settings,
            tls,
            hba,
            clock_off_secs,
        } = *options;
        sweep_dead();
        let dir = std::env::temp_dir().join(format!(
            "estudio-pg-{}-{}",
            std::process::id(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        ));
        let data = dir.join("data");
        std::fs::create_dir_all(&data).unwrap();
        let user = server_user();
        let pwfile = dir.join("pw");
        std::fs::write(&pwfile, ADMIN_PASSWORD).unwrap();
        if let Some((uid, gid)) = user {
            for p in [&dir, &data, &pwfile] {
                std::os::unix::fs::chown(p, Some(uid), Some(gid)).unwrap();
            }
        }
        let mut initdb = Command::new(bin("initdb"));
        initdb
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                ADMIN,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            ])
            .arg(format!("--pwfile={}", pwfile.display()))
            .env("LC_ALL", "C.UTF-8");
        as_user(&mut initdb, user);
        let out = initdb.output().unwrap();
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(line) = hba {
            let file = data.join("pg_hba.conf");
            let mut text = std::fs::read_to_string(&file).unwrap();
            text.push_str(line);
            text.push('\n');
            std::fs::write(&file, text).unwrap();
        }
        let mut extra: Vec<(String, String)> = Vec::new();
        if tls {
            let (crt, key) = (dir.join("server.crt"), dir.join("server.key"));
            let out = Command::new("openssl")
                .args([
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=localhost",
                ])
                .args([
                    "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout",
                ])
                .arg(&key)
                .arg("-out")
                .arg(&crt)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "openssl: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600))
                .unwrap();
            if let Some((uid, gid)) = user {
                for p in [&crt, &key] {
                    std::os::unix::fs::chown(p, Some(uid), Some(gid)).unwrap();
                }
            }
            extra.push(("ssl".into(), "on".into()));
            extra.push(("ssl_cert_file".into(), crt.display().to_string()));
            extra.push(("ssl_key_file".into(), key.display().to_string()));
        }
        let port = free_port();
        let mut args: Vec<String> = vec![
            "-D".into(),
            data.display().to_string(),
            "-p".into(),
            port.to_string(),
            "-k".into(),
            dir.display().to_string(),
        ];
        // Tests need no durability; they need speed and many connections.
        for (k, v) in [
            ("listen_addresses", "127.0.0.1"),
            ("fsync", "off"),
            ("synchronous_commit", "off"),
            ("full_page_writes", "off"),
            ("max_connections", "300"),
            ("shared_buffers", "32MB"),
        ]
        .iter()
        .chain(settings)
        {
            args.push("-c".into());
            args.push(format!("{k}={v}"));
        }
        for (k, v) in &extra {
            args.push("-c".into());
            args.push(format!("{k}={v}"));
        }
        let (keeper, orders) = mpsc::channel::<Order>();
        let (ready, started) = mpsc::channel();
        let log = dir.join("server.log");
        let env: Vec<(String, String)> = match clock_off_secs {
            Some(secs) => vec![
                ("LD_PRELOAD".into(), faketime_library()),
                ("FAKETIME".into(), format!("{secs:+}s")),
                // Timers and sleeps stay real: only what the clock says is moved.
                ("DONT_FAKE_MONOTONIC".into(), "1".into()),
            ],
            None => Vec::new(),
        };
        std::thread::Builder::new()
            .name(format!("postgres-{port}"))
            .spawn(move || keep(&args, &env, user, &log, &ready, &orders))
            .unwrap();
        started.recv().unwrap();
        let server = PgServer { dir, port, keeper };
        server.wait_ready();
        server
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder of the server's files (its log is `server.log` there).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The superuser's URL for `db`.
    pub fn admin_url(&self, db: &str) -> String {
        format!(
            "postgres://{ADMIN}:{ADMIN_PASSWORD}@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.admin_url("postgres"), postgres::NoTls).unwrap()
    }

    /// A new, empty database of the superuser; returns its URL.
    pub fn database(&self) -> String {
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        self.admin()
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        self.admin_url(&name)
    }

    /// Stops the server (a fast shutdown: connections are cut) and waits for it to end.
    pub fn stop(&self) {
        let (done, wait) = mpsc::channel();
        self.keeper.send(Order::Stop(done)).unwrap();
        wait.recv().unwrap();
    }

    /// Starts it again after [`PgServer::stop`], on the same port and data.
    pub fn start_again(&self) {
        let (done, wait) = mpsc::channel();
        self.keeper.send(Order::Start(done)).unwrap();
        wait.recv().unwrap();
        self.wait_ready();
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match postgres::Client::connect(&self.admin_url("postgres"), postgres::NoTls) {
                Ok(_) => return,
                Err(e) if Instant::now() > deadline => panic!(
                    "the test server did not start: {e}\n{}",
                    std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
                ),
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
}

fn as_user(command: &mut Command, user: Option<(u32, u32)>) {
    use std::os::unix::process::CommandExt;
    if let Some((uid, gid)) = user {
        command.uid(uid).gid(gid);
    }
}

/// The thread that owns the server process: it starts it, stops and restarts it when told, and
/// its own end (the process's) ends the server.
fn keep(
    args: &[String],
    env: &[(String, String)],
    user: Option<(u32, u32)>,
    log: &Path,
    ready: &mpsc::Sender<()>,
    orders: &mpsc::Receiver<Order>,
) {
    let spawn = || -> Child {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let mut command = Command::new(bin("postgres"));
        command
            .args(args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        as_user(&mut command, user);
        // After the user change (std applies uid/gid before pre_exec hooks), so the kernel
        // keeps the death signal across exec.
        estudio_render::process::die_with_parent(&mut command);
        command.spawn().unwrap()
    };
    let mut child = Some(spawn());
    ready.send(()).unwrap();
    while let Ok(order) = orders.recv() {
        match order {
            Order::Stop(done) => {
                if let Some(mut c) = child.take() {
                    // SIGINT: PostgreSQL's fast shutdown.
                    let pid = c.id().to_string();
                    Command::new("kill").args(["-INT", &pid]).status().unwrap();
                    c.wait().unwrap();
                }
                done.send(()).unwrap();
            }
            Order::Start(done) => {
                if child.is_none() {
                    child = Some(spawn());
                }
                done.send(()).unwrap();
            }
        }
    }
    // Every handle dropped (a server of one's own, when its test ends): stop it.
    if let Some(mut c) = child {
        let pid = c.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().ok();
        c.wait().ok();
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        self.stop();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

/// Folders of servers whose test process is gone.
fn sweep_dead() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("estudio-pg-")
            .and_then(|rest| rest.split('-').next())
        else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            std::fs::remove_dir_all(entry.path()).ok();
        }
    }
}
