//! The programs a deck import runs: LibreOffice (a deck to PDF), and poppler's `pdfinfo` and
//! `pdftoppm` (a PDF's pages to PNG). Each runs in its own process group, never outlives
//! Estúdio, is killed with all its children on cancel or when it passes its time limit, and
//! LibreOffice gets a private, throw-away profile that allows no macros, and no network when
//! the system lets a process give its network up (`unshare -rn`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use estudio_render::CancelToken;

/// Why a program of the import did not do its work.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error("{program} is not installed ({source})")]
    Missing {
        program: String,
        source: std::io::Error,
    },
    #[error("{program} failed: {detail}")]
    Failed { program: String, detail: String },
    #[error("{program} took longer than {secs} s and was stopped")]
    TimedOut { program: String, secs: u64 },
    #[error("canceled")]
    Canceled,
}

/// How often a running program is checked for cancel and its time limit.
const TICK: Duration = Duration::from_millis(50);

/// Runs `command` to its end: its stdout, or why not. Its output goes to files in `scratch` (a
/// pipe left unread could block it).
pub(crate) fn run(
    mut command: Command,
    scratch: &Path,
    limit: Duration,
    cancel: &CancelToken,
) -> Result<String, ToolError> {
    use std::os::unix::process::CommandExt;
    let program = command.get_program().to_string_lossy().into_owned();
    let failed = |detail: String| ToolError::Failed {
        program: program.clone(),
        detail,
    };
    let out_path = scratch.join(format!("{}.out", std::process::id()));
    let err_path = scratch.join(format!("{}.err", std::process::id()));
    let out = std::fs::File::create(&out_path).map_err(|e| failed(e.to_string()))?;
    let err = std::fs::File::create(&err_path).map_err(|e| failed(e.to_string()))?;
    command
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0);
    estudio_render::process::die_with_parent(&mut command);
    let mut child = command.spawn().map_err(|source| ToolError::Missing {
        program: program.clone(),
        source,
    })?;
    let group = rustix::process::Pid::from_child(&child);
    let kill_group = || {
        // The whole group: LibreOffice starts helpers of its own.
        if let Err(e) = rustix::process::kill_process_group(group, rustix::process::Signal::KILL) {
            tracing::debug!(error = %e, "the program's group was already gone");
        }
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => {
                kill_group();
                return Err(failed(e.to_string()));
            }
        }
        if cancel.is_canceled() || started.elapsed() > limit {
            kill_group();
            if let Err(e) = child.wait() {
                tracing::warn!(error = %e, "could not reap {program}");
            }
            return Err(if cancel.is_canceled() {
                ToolError::Canceled
            } else {
                ToolError::TimedOut {
                    program,
                    secs: limit.as_secs(),
                }
            });
        }
        std::thread::sleep(TICK);
    };
    // Helpers it left behind go with it.
    kill_group();
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    for p in [&out_path, &err_path] {
        if let Err(e) = std::fs::remove_file(p) {
            tracing::debug!(error = %e, "scratch file already gone");
        }
    }
    if status.success() {
        Ok(stdout)
    } else {
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        Err(failed(format!("{status}: {}", last.trim())))
    }
}

/// LibreOffice's program: `ESTUDIO_SOFFICE`, else `soffice` on the `PATH`.
pub fn soffice_program() -> PathBuf {
    std::env::var_os("ESTUDIO_SOFFICE").map_or_else(|| PathBuf::from("soffice"), PathBuf::from)
}

/// Whether this system lets a process give up its network (`unshare -rn`), checked once.
fn can_unshare() -> bool {
    static CAN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CAN.get_or_init(|| {
        Command::new("unshare")
            .args(["-rn", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// The settings of the throw-away profile: macros never run, links to other documents and
/// pictures are not updated, nothing is checked online.
const PROFILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Impress/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"#;

/// Converts `deck` with LibreOffice into `format` (`pdf`, `pptx`) in `out_dir`, with a new
/// profile in `work`; returns the converted file.
pub(crate) fn soffice_convert(
    deck: &Path,
    format: &str,
    work: &Path,
    out_dir: &Path,
    limit: Duration,
    cancel: &CancelToken,
) -> Result<PathBuf, ToolError> {
    let failed = |detail: String| ToolError::Failed {
        program: "LibreOffice".into(),
        detail,
    };
    let profile = work.join("profile");
    let user = profile.join("user");
    std::fs::create_dir_all(&user).map_err(|e| failed(e.to_string()))?;
    std::fs::write(user.join("registrymodifications.xcu"), PROFILE)
        .map_err(|e| failed(e.to_string()))?;
    std::fs::create_dir_all(out_dir).map_err(|e| failed(e.to_string()))?;
    let program = soffice_program();
    let mut command = if can_unshare() {
        let mut c = Command::new("unshare");
        c.arg("-rn").arg(&program);
        c
    } else {
        Command::new(&program)
    };
    command
        .args([
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--nofirststartwizard",
        ])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.to_string_lossy()
        ))
        .args(["--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(deck)
        // Its own HOME and temporary folder: nothing of the user's profile is read.
        .env("HOME", work)
        .env("TMPDIR", work);
    run(command, work, limit, cancel)?;
    let stem = deck.file_stem().unwrap_or_default();
    let out = out_dir.join(stem).with_extension(format);
    if out.is_file() {
        Ok(out)
    } else {
        Err(failed(format!("it wrote no {format}")))
    }
}

/// A PDF's page count and first page's size in points (`pdfinfo`).
pub(crate) fn pdf_info(
    pdf: &Path,
    work: &Path,
    cancel: &CancelToken,
) -> Result<(usize, Option<(f64, f64)>), ToolError> {
    let mut c = Command::new("pdfinfo");
    c.arg(pdf);
    let text = run(c, work, Duration::from_secs(60), cancel)?;
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
    };
    let pages = field("Pages:")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| ToolError::Failed {
            program: "pdfinfo".into(),
            detail: "no page count".into(),
        })?;
    // "Page size:      720 x 405 pts (...)"
    let size = field("Page size:").and_then(|v| {
        let mut it = v.split_whitespace();
        let w: f64 = it.next()?.parse().ok()?;
        it.next()?;
        let h: f64 = it.next()?.parse().ok()?;
        Some((w, h))
    });
    Ok((pages, size))
}

/// Page `page` (from 1) of `pdf` drawn at `width` x `height` into the PNG `out`.
pub(crate) fn pdf_page(
    pdf: &Path,
    page: usize,
    (width, height): (u32, u32),
    out: &Path,
    work: &Path,
    cancel: &CancelToken,
) -> Result<(), ToolError> {
    let prefix = out.with_extension("");
    let mut c = Command::new("pdftoppm");
    c.args([
        "-png",
        "-singlefile",
        "-f",
        &page.to_string(),
        "-l",
        &page.to_string(),
    ])
    .args([
        "-scale-to-x",
        &width.to_string(),
        "-scale-to-y",
        &height.to_string(),
    ])
    .arg(pdf)
    .arg(&prefix);
    run(c, work, Duration::from_secs(120), cancel)?;
    if out.is_file() {
        Ok(())
    } else {
        Err(ToolError::Failed {
            program: "pdftoppm".into(),
            detail: format!("it wrote no picture for page {page}"),
        })
    }
}
