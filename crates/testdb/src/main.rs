//! `estudio-testdb`: a throw-away PostgreSQL server for tests in other languages (the window's
//! end-to-end tests). Prints one line, the URL of a fresh database owned by a role with a
//! password and no other rights, then serves until its standard input closes; the server dies
//! with it. `--clock-off SECS` starts a server whose clock is that far ahead of this machine's
//! (behind when negative), as a farm server whose clock disagrees with the desktop's.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let server = match args.as_slice() {
        [] => estudio_testdb::PgServer::start(),
        [flag, secs] if flag == "--clock-off" => {
            let secs = secs.parse().unwrap_or_else(|_| usage());
            estudio_testdb::PgServer::start_clock_off(secs)
        }
        _ => usage(),
    };
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

fn usage() -> ! {
    eprintln!("usage: estudio-testdb [--clock-off SECS]");
    std::process::exit(2);
}
