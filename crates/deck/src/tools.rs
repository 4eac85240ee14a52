//! The programs a deck import runs: LibreOffice (a deck to PDF), and poppler's `pdfinfo` and
//! `pdftoppm` (a PDF's pages to PNG). Each runs in its own process group, never outlives
//! Estúdio, is killed with all its children on cancel or when it passes its time limit, and
//! LibreOffice gets a private, throw-away profile that allows no macros, and no network when
//! the system lets a process give its network up (`unshare -rn`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use estudio_render::process::{run, run_all, ToolError};
use estudio_render::CancelToken;

/// LibreOffice's program: `ESTUDIO_SOFFICE`, else `soffice` on the `PATH`.
pub fn soffice_program() -> PathBuf {
    std::env::var_os("ESTUDIO_SOFFICE").map_or_else(|| PathBuf::from("soffice"), PathBuf::from)
}

/// Whether this system lets a process give up its network (`unshare -rn`), checked once.
pub(crate) fn can_unshare() -> bool {
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

/// Every page of `pdf` (`pages` of them) drawn at `width` x `height` into `out_dir` as
/// `slide-001.png` ...: one `pdftoppm` per core on a share of the pages, all at once.
/// `on_page(n)` reports how many pictures are done, as they appear.
pub(crate) fn pdf_pages(
    pdf: &Path,
    pages: usize,
    (width, height): (u32, u32),
    out_dir: &Path,
    work: &Path,
    cancel: &CancelToken,
    mut on_page: impl FnMut(usize),
) -> Result<Vec<PathBuf>, ToolError> {
    let failed = |detail: String| ToolError::Failed {
        program: "pdftoppm".into(),
        detail,
    };
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let share = pages.div_ceil(cores.clamp(1, pages.max(1)));
    let raw = work.join("pages");
    std::fs::create_dir_all(&raw).map_err(|e| failed(e.to_string()))?;
    let commands: Vec<Command> = (1..=pages)
        .step_by(share.max(1))
        .map(|first| {
            let last = (first + share - 1).min(pages);
            let mut c = Command::new("pdftoppm");
            c.args(["-png", "-f", &first.to_string(), "-l", &last.to_string()])
                .args([
                    "-scale-to-x",
                    &width.to_string(),
                    "-scale-to-y",
                    &height.to_string(),
                ])
                .arg(pdf)
                .arg(raw.join("p"));
            c
        })
        .collect();
    let count = || {
        std::fs::read_dir(&raw).map_or(0, |d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "png"))
                .count()
        })
    };
    // Generous: a page takes a fraction of a second.
    let limit = Duration::from_secs(60 + 10 * pages as u64);
    run_all(commands, work, limit, cancel, || on_page(count()))?;
    // pdftoppm names pages `p-7.png`, `p-07.png` or `p-007.png` after the document's length.
    let mut made: Vec<(usize, PathBuf)> = std::fs::read_dir(&raw)
        .map_err(|e| failed(e.to_string()))?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name
                .strip_prefix("p-")?
                .strip_suffix(".png")?
                .parse()
                .ok()?;
            Some((n, e.path()))
        })
        .collect();
    made.sort();
    if made.len() != pages || made.iter().enumerate().any(|(i, (n, _))| *n != i + 1) {
        return Err(failed(format!(
            "it drew {} pictures for {pages} pages",
            made.len()
        )));
    }
    std::fs::create_dir_all(out_dir).map_err(|e| failed(e.to_string()))?;
    made.into_iter()
        .map(|(n, path)| {
            let to = out_dir.join(format!("slide-{n:03}.png"));
            std::fs::rename(&path, &to).map_err(|e| failed(e.to_string()))?;
            Ok(to)
        })
        .collect()
}
