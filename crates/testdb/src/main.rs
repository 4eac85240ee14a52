//! `estudio-testdb`: a throw-away PostgreSQL server for tests in other languages (the window's
//! end-to-end tests). Prints one line, the URL of a fresh database owned by a role with a
//! password and no other rights, then serves until its standard input closes; the server dies
//! with it.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};

fn main() {
    let server = estudio_testdb::PgServer::start();
    let password = format!("pw-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let mut admin = server.admin();
    admin
        .batch_execute(&format!(
            "CREATE ROLE farm LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE"
        ))
        .unwrap();
    admin
        .batch_execute("CREATE DATABASE farm OWNER farm")
        .unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "postgres://farm:{password}@127.0.0.1:{}/farm?sslmode=disable",
        server.port()
    )
    .unwrap();
    out.flush().unwrap();
    drop(out);
    let mut sink = Vec::new();
    std::io::stdin().read_to_end(&mut sink).ok();
}
