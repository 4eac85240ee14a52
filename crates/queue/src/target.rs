//! Where the queue lives: a SQLite file on this computer, or a PostgreSQL server a render farm
//! shares, named by `--db`, `ESTUDIO_DB` or Settings in one string. The password never leaves
//! this module: what is shown of a server is [`PgTarget::shown`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::QueueError;

/// A queue's database.
#[derive(Clone)]
pub enum QueueTarget {
    Sqlite(PathBuf),
    Postgres(Box<PgTarget>),
}

impl std::fmt::Debug for QueueTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl QueueTarget {
    /// A `postgres://` or `postgresql://` URL, else the path of a SQLite file.
    ///
    /// # Errors
    /// [`QueueError::Address`] for a URL that cannot be read (it names what is wrong, never the
    /// password).
    pub fn parse(s: &str) -> Result<Self, QueueError> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            PgTarget::parse(s).map(|t| QueueTarget::Postgres(Box::new(t)))
        } else if s.trim().is_empty() {
            Err(QueueError::Address("the queue's address is empty".into()))
        } else {
            Ok(QueueTarget::Sqlite(PathBuf::from(s)))
        }
    }

    /// What may be shown of it: the path, or the URL without its password.
    pub fn shown(&self) -> String {
        match self {
            QueueTarget::Sqlite(p) => p.display().to_string(),
            QueueTarget::Postgres(t) => t.shown(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, QueueTarget::Postgres(_))
    }

    /// The SQLite file, if it is one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            QueueTarget::Sqlite(p) => Some(p),
            QueueTarget::Postgres(_) => None,
        }
    }
}

/// How much TLS a connection asks for, as libpq's `sslmode` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    Disable,
    /// TLS when the server offers it (libpq's default).
    Prefer,
    /// Encrypted, the certificate not checked.
    Require,
    /// Encrypted, the certificate signed by a trusted authority (`sslrootcert` or the system's).
    VerifyCa,
    /// As `VerifyCa`, and the certificate names the host connected to.
    VerifyFull,
}

/// A PostgreSQL server and how to log in to it.
#[derive(Clone)]
pub struct PgTarget {
    config: postgres::Config,
    tls: TlsMode,
    root_cert: Option<PathBuf>,
    host: String,
    port: u16,
    user: String,
    dbname: String,
}

impl PgTarget {
    fn parse(url: &str) -> Result<Self, QueueError> {
        // sslmode's checking modes and sslrootcert are libpq's, not the client crate's: they are
        // taken out of the URL here and applied to the TLS connector.
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut tls = TlsMode::Prefer;
        let mut root_cert = None;
        let mut rest = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => {
                    tls = match value {
                        "disable" => TlsMode::Disable,
                        "allow" | "prefer" => TlsMode::Prefer,
                        "require" => TlsMode::Require,
                        "verify-ca" => TlsMode::VerifyCa,
                        "verify-full" => TlsMode::VerifyFull,
                        other => {
                            return Err(QueueError::Address(format!(
                                "sslmode={other} is not one of disable, prefer, require, verify-ca, verify-full"
                            )))
                        }
                    }
                }
                "sslrootcert" => root_cert = Some(PathBuf::from(value)),
                _ => rest.push(pair),
            }
        }
        let rebuilt = if rest.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        let mut config: postgres::Config = rebuilt.parse().map_err(|e: postgres::Error| {
            // The crate's words name the part it could not read, never the password's value.
            QueueError::Address(format!("{} is not a PostgreSQL URL: {e}", redact(url)))
        })?;
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => "localhost".to_owned(),
        };
        if config.get_hosts().is_empty() {
            config.host("localhost");
        }
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let user = config
            .get_user()
            .map(str::to_owned)
            .or_else(|| std::env::var("PGUSER").ok())
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "postgres".to_owned());
        config.user(&user);
        let dbname = config.get_dbname().unwrap_or(&user).to_owned();
        config.dbname(&dbname);
        if config.get_password().is_none() {
            if let Some(password) = password_elsewhere(&host, port, &dbname, &user) {
                config.password(password);
            }
        }
        config.ssl_mode(match tls {
            TlsMode::Disable => postgres::config::SslMode::Disable,
            TlsMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        // A worker cut off from the server must notice within a lease, not after TCP's
        // default quarter of an hour: unanswered sends fail after 10 s, and an idle
        // connection is probed every 2 s after 5 s of silence.
        config
            .tcp_user_timeout(Duration::from_secs(10))
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(5))
            .keepalives_interval(Duration::from_secs(2))
            .keepalives_retries(3)
            .application_name("estudio");
        // Every statement is prepared once per connection and is the same shape each time:
        // a plan made once serves them all (PostgreSQL otherwise plans some again at every
        // execution, which cost the enqueue two thirds of its time).
        let options = match config.get_options() {
            Some(o) if !o.trim().is_empty() => format!("{o} -c plan_cache_mode=force_generic_plan"),
            _ => "-c plan_cache_mode=force_generic_plan".to_owned(),
        };
        config.options(&options);
        Ok(Self {
            config,
            tls,
            root_cert,
            host,
            port,
            user,
            dbname,
        })
    }

    /// `postgres://USER@HOST:PORT/DB`: the URL as it may be shown, without a password.
    pub fn shown(&self) -> String {
        format!(
            "postgres://{}@{}:{}/{}",
            self.user, self.host, self.port, self.dbname
        )
    }

    /// `HOST:PORT`, for messages.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn tls(&self) -> TlsMode {
        self.tls
    }

    /// A new connection.
    ///
    /// # Errors
    /// [`QueueError::Login`] when the server refuses the user or password,
    /// [`QueueError::Unreachable`] when it cannot be reached, [`QueueError::Tls`] when the TLS
    /// settings cannot be applied.
    pub fn connect(&self) -> Result<postgres::Client, QueueError> {
        let result = match self.tls {
            TlsMode::Disable => self.config.connect(postgres::NoTls),
            mode => {
                let mut builder = native_tls::TlsConnector::builder();
                match mode {
                    TlsMode::Prefer | TlsMode::Require => {
                        builder
                            .danger_accept_invalid_certs(true)
                            .danger_accept_invalid_hostnames(true);
                    }
                    TlsMode::VerifyCa => {
                        builder.danger_accept_invalid_hostnames(true);
                    }
                    TlsMode::VerifyFull | TlsMode::Disable => {}
                }
                if let Some(path) = &self.root_cert {
                    let pem = std::fs::read(path).map_err(|e| {
                        QueueError::Tls(format!(
                            "sslrootcert {} cannot be read: {e}",
                            path.display()
                        ))
                    })?;
                    let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
                        QueueError::Tls(format!(
                            "sslrootcert {} is not a PEM certificate: {e}",
                            path.display()
                        ))
                    })?;
                    builder.add_root_certificate(cert);
                }
                let connector = builder
                    .build()
                    .map_err(|e| QueueError::Tls(e.to_string()))?;
                self.config
                    .connect(postgres_native_tls::MakeTlsConnector::new(connector))
            }
        };
        result.map_err(|e| self.refused(e))
    }

    /// Connects, asks the server its version, and hangs up (Settings' connection test).
    ///
    /// # Errors
    /// As [`PgTarget::connect`].
    pub fn server_version(&self) -> Result<String, QueueError> {
        let mut client = self.connect()?;
        let row = client
            .query_one("SHOW server_version", &[])
            .map_err(|e| self.lost(e.into()))?;
        Ok(format!("PostgreSQL {}", row.get::<_, String>(0)))
    }

    /// A connection error in words that name the server (never the password).
    fn refused(&self, e: postgres::Error) -> QueueError {
        use postgres::error::SqlState;
        match e.code() {
            Some(c)
                if *c == SqlState::INVALID_PASSWORD
                    || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
            {
                QueueError::Login {
                    server: self.server(),
                    user: self.user.clone(),
                }
            }
            Some(c) if *c == SqlState::INVALID_CATALOG_NAME => QueueError::NoDatabase {
                server: self.server(),
                dbname: self.dbname.clone(),
            },
            Some(_) => QueueError::Postgres(e),
            None => QueueError::Unreachable {
                server: self.server(),
                detail: detail_of(&e),
            },
        }
    }

    /// An error of a connection that broke in use, made to name the server.
    pub(crate) fn lost(&self, e: QueueError) -> QueueError {
        if !e.connection_lost() {
            return e;
        }
        match e {
            QueueError::Postgres(pg) => QueueError::Unreachable {
                server: self.server(),
                detail: detail_of(&pg),
            },
            other => other,
        }
    }
}

/// The innermost cause of a connection error ("Connection refused (os error 111)").
fn detail_of(e: &postgres::Error) -> String {
    let mut source: &dyn std::error::Error = e;
    while let Some(inner) = source.source() {
        source = inner;
    }
    let inner = source.to_string();
    let outer = e.to_string();
    if inner == outer || outer.contains(&inner) {
        outer
    } else {
        format!("{outer}: {inner}")
    }
}

/// A `postgres://` URL without its password, and the password, so that the password can be kept
/// in `~/.pgpass` rather than in Settings (which the window shows).
pub fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_owned(), None);
    };
    let (authority, tail) = rest
        .find(['/', '?'])
        .map_or((rest, ""), |i| rest.split_at(i));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, password)) => (
                format!("{scheme}://{user}@{host}{tail}"),
                Some(percent_decode(password)),
            ),
            None => (url.to_owned(), None),
        },
        None => (url.to_owned(), None),
    }
}

/// `%40` → `@`: a URL's userinfo is percent-encoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl PgTarget {
    /// Keeps `password` for this server, database and user in the pgpass file
    /// (`PGPASSFILE`, else `~/.pgpass`), readable by its owner only, replacing the line it had.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn remember_password(&self, password: &str) -> std::io::Result<PathBuf> {
        let file = std::env::var_os("PGPASSFILE")
            .map(PathBuf::from)
            .or_else(|| dirs_home().map(|h| h.join(".pgpass")))
            .ok_or_else(|| std::io::Error::other("no home folder for ~/.pgpass"))?;
        let escape = |s: &str| s.replace('\\', "\\\\").replace(':', "\\:");
        let key = format!(
            "{}:{}:{}:{}:",
            escape(&self.host),
            self.port,
            escape(&self.dbname),
            escape(&self.user)
        );
        let old = std::fs::read_to_string(&file).unwrap_or_default();
        let mut lines: Vec<String> = old
            .lines()
            .filter(|l| !l.starts_with(&key))
            .map(str::to_owned)
            .collect();
        lines.push(format!("{key}{}", escape(password)));
        let mut text = lines.join("\n");
        text.push('\n');
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Written whole beside it, then renamed: a half-written password file helps nobody.
        let mut tmp = tempfile::NamedTempFile::new_in(file.parent().unwrap_or(Path::new(".")))?;
        std::io::Write::write_all(&mut tmp, text.as_bytes())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        tmp.persist(&file).map_err(|e| e.error)?;
        Ok(file)
    }
}

/// A URL with its password replaced, for a message about the URL itself.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest
        .find(['/', '?'])
        .map_or((rest, ""), |i| rest.split_at(i));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

/// The password from `PGPASSWORD`, else from `PGPASSFILE` or `~/.pgpass`, as libpq finds it.
fn password_elsewhere(host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    if let Ok(p) = std::env::var("PGPASSWORD") {
        return Some(p);
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| dirs_home().map(|h| h.join(".pgpass")))?;
    pgpass_lookup(&file, host, port, db, user)
}

fn dirs_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// The first line of a pgpass file that matches (`host:port:database:user:password`, `*` for
/// any, `\:` and `\\` escaped). Like libpq, a file others can read is ignored.
pub(crate) fn pgpass_lookup(
    file: &Path,
    host: &str,
    port: u16,
    db: &str,
    user: &str,
) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(file = %file.display(), "the password file can be read by others; it is ignored (chmod 600 it)");
            return None;
        }
    }
    let text = std::fs::read_to_string(file).ok()?;
    let port = port.to_string();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            let [h, p, d, u, password] = fields.as_slice() else {
                return None;
            };
            let matches = |field: &str, value: &str| field == "*" || field == value;
            (matches(h, host) && matches(p, &port) && matches(d, db) && matches(u, user))
                .then(|| password.clone())
        })
}

fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), fields.last_mut()) {
                    last.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => {
                if let Some(last) = fields.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_postgres_and_anything_else_a_file() {
        assert!(QueueTarget::parse("postgres://a@h/db")
            .unwrap()
            .is_postgres());
        assert!(QueueTarget::parse("postgresql://a@h/db")
            .unwrap()
            .is_postgres());
        assert!(!QueueTarget::parse("queue.sqlite3").unwrap().is_postgres());
        assert!(QueueTarget::parse("  ").is_err());
    }

    #[test]
    fn the_password_is_never_shown() {
        let t =
            QueueTarget::parse("postgres://ana:s3cr%20et@farm.local:6543/cursos?sslmode=require")
                .unwrap();
        assert_eq!(t.shown(), "postgres://ana@farm.local:6543/cursos");
        assert!(!format!("{t:?}").contains("s3cr"));
        let QueueTarget::Postgres(pg) = &t else {
            panic!()
        };
        assert_eq!(pg.tls(), TlsMode::Require);
        assert_eq!(pg.server(), "farm.local:6543");
        let bad = QueueTarget::parse("postgres://ana:s3cret@farm.local:notaport/db").unwrap_err();
        assert!(!bad.to_string().contains("s3cret"), "{bad}");
        let mode = QueueTarget::parse("postgres://ana:s3cret@h/db?sslmode=maybe").unwrap_err();
        assert!(mode.to_string().contains("sslmode=maybe"), "{mode}");
        assert!(!mode.to_string().contains("s3cret"));
    }

    #[test]
    fn pgpass_lines_match_like_libpq() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:*:ana:wrong\nfarm:*:cursos:ana:pa\\:ss\\\\1\n*:*:*:*:fallback\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert_eq!(
            pgpass_lookup(&file, "farm", 6543, "cursos", "ana").as_deref(),
            Some("pa:ss\\1")
        );
        assert_eq!(
            pgpass_lookup(&file, "x", 1, "y", "z").as_deref(),
            Some("fallback")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(
                pgpass_lookup(&file, "farm", 6543, "cursos", "ana"),
                None,
                "a file others read is ignored"
            );
        }
    }

    #[test]
    fn a_password_is_taken_out_and_kept_in_pgpass() {
        let (bare, pw) = split_password("postgres://ana:p%40ss:w@farm:6543/cursos?sslmode=require");
        assert_eq!(bare, "postgres://ana@farm:6543/cursos?sslmode=require");
        assert_eq!(pw.as_deref(), Some("p@ss:w"));
        assert_eq!(
            split_password("postgres://ana@farm/db"),
            ("postgres://ana@farm/db".to_owned(), None)
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "other:1:*:*:x\nfarm:6543:cursos:ana:old\n").unwrap();
        let QueueTarget::Postgres(t) = QueueTarget::parse(&bare).unwrap() else {
            panic!()
        };
        // PGPASSFILE is read by the process: set only in this test, which nothing else runs beside.
        std::env::set_var("PGPASSFILE", &file);
        t.remember_password("p@ss:w").unwrap();
        std::env::remove_var("PGPASSFILE");
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text, "other:1:*:*:x\nfarm:6543:cursos:ana:p@ss\\:w\n");
        assert_eq!(
            pgpass_lookup(&file, "farm", 6543, "cursos", "ana").as_deref(),
            Some("p@ss:w")
        );
    }

    #[test]
    fn redaction_keeps_the_rest_of_the_url() {
        assert_eq!(
            redact("postgres://ana:pw@h:1/db?x=1"),
            "postgres://ana:***@h:1/db?x=1"
        );
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
    }
}
