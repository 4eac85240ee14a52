//! `estudio-cli`: the engine from a terminal, on the same queue file as the app.
//!
//! Exit codes: 0 success, 1 failure (with a message on stderr), 2 wrong usage.

/// Writes a line to standard error, whether or not anyone reads it: a closed log pipe (a dead
/// service logger, `2>&1 | head`) must never decide whether the process stops or a job
/// finishes, and `eprintln!` panics when the write fails.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stderr(), $($arg)*).ok();
    }};
}

/// A line of output on standard output; a reader that went away (`| head`) is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*).ok();
    }};
}

mod args;
mod commands;
mod edit;
mod say;
mod update;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Problems and errors follow LANG (and LANGUAGE, LC_ALL, LC_MESSAGES), as other tools do.
    estudio_words::set_lang(estudio_words::Lang::from_system());
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ESTUDIO_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            say!("{}", error_line(&e));
            ExitCode::from(1)
        }
    }
}

/// The error and the causes under it that it does not already say, in the person's language
/// (an operating system's error by its cause, not its English text).
fn error_line(e: &anyhow::Error) -> estudio_words::Message {
    let mut detail = e.to_string();
    for cause in e.chain().skip(1) {
        let said = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => estudio_words::Message::Because { cause: io.into() }.to_string(),
            None => cause.to_string(),
        };
        if !detail.contains(&said) {
            detail = format!("{detail}: {said}");
        }
    }
    estudio_words::Message::ErrorLine { detail }
}
