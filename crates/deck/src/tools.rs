//! The programs a deck import runs: LibreOffice (a deck to PDF), poppler's `pdfinfo` (a PDF's
//! pages and their size) and MuPDF's `mutool draw` (a PDF's pages to PNG: ten to twenty times
//! faster than poppler's `pdftoppm` on real decks, whose tiled textures and pictures poppler
//! draws slowly, and as faithful). Each runs in its own process group, never outlives
//! Estúdio, is killed with all its children on cancel or when it passes its time limit, and
//! LibreOffice gets a private, throw-away profile that allows no macros, and no network when
//! the system lets a process give its network up (`unshare -rn`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use estudio_render::process::{run, run_all, run_output, ToolError};
use estudio_render::CancelToken;

/// LibreOffice's program: `ESTUDIO_SOFFICE`, else `soffice` on the `PATH`.
pub fn soffice_program() -> PathBuf {
    std::env::var_os("ESTUDIO_SOFFICE").map_or_else(|| PathBuf::from("soffice"), PathBuf::from)
}

/// The programs an import of `kind` runs that this system lacks: (how people know it, the
/// Debian package that brings it). A PDF needs only poppler and MuPDF.
pub(crate) fn missing_programs(kind: crate::DeckKind) -> Vec<(&'static str, &'static str)> {
    let mut wanted: Vec<(PathBuf, &str, &str)> = vec![
        ("pdfinfo".into(), "poppler", "poppler-utils"),
        ("mutool".into(), "MuPDF", "mupdf-tools"),
    ];
    if kind != crate::DeckKind::Pdf {
        wanted.insert(
            0,
            (
                soffice_program(),
                "LibreOffice Impress",
                "libreoffice-impress",
            ),
        );
    }
    let mut missing: Vec<(&str, &str)> = Vec::new();
    for (program, name, package) in wanted {
        if !installed(&program) && !missing.contains(&(name, package)) {
            missing.push((name, package));
        }
    }
    missing
}

/// Whether `program` (a path, or a name looked up on `PATH`) is an executable file.
fn installed(program: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let executable = |p: &Path| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if program.components().count() > 1 {
        return executable(program);
    }
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| executable(&dir.join(program)))
    })
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

/// The name LibreOffice is known by in what people read (never `soffice`, nor the `unshare`
/// that starts it).
const LIBREOFFICE: &str = "LibreOffice";

/// Converts `deck` with LibreOffice into `format` (`pdf`, `pptx`) in `out_dir`, with a new
/// profile in `work`; returns the converted file.
///
/// # Errors
/// [`ToolError`], named `LibreOffice`; [`ToolError::WroteNothing`] when it could not open the
/// deck (with its own reason, when it gave one).
pub(crate) fn soffice_convert(
    deck: &Path,
    format: &str,
    work: &Path,
    out_dir: &Path,
    limit: Duration,
    cancel: &CancelToken,
) -> Result<PathBuf, ToolError> {
    let failed = |detail: String| ToolError::Failed {
        program: LIBREOFFICE.into(),
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
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args(["--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(deck)
        // Its own HOME and temporary folder: nothing of the user's profile is read.
        .env("HOME", work)
        .env("TMPDIR", work);
    let ran = run_output(command, work, limit, cancel);
    remove_pipe(&profile);
    let ran = ran.map_err(|e| e.named(LIBREOFFICE))?;
    let stem = deck.file_stem().unwrap_or_default();
    let out = out_dir.join(stem).with_extension(format);
    if out.is_file() {
        Ok(out)
    } else {
        // "Error: source file could not be loaded": its reason, without its prefix.
        let said = ran
            .stderr
            .lines()
            .rev()
            .find_map(|l| l.trim().strip_prefix("Error:"))
            .map(|l| l.trim().to_owned())
            .unwrap_or_default();
        Err(ToolError::WroteNothing {
            program: LIBREOFFICE.into(),
            said,
        })
    }
}

/// Removes the socket LibreOffice leaves in `/tmp` for the profile at `profile` (it ignores
/// `TMPDIR` for it, and a LibreOffice that was stopped never removes it): named
/// `OSL_PIPE_<uid>_SingleOfficeIPC_<MD5 of the profile's URL in UTF-16LE>` (each byte in hex
/// without its leading zero).
fn remove_pipe(profile: &Path) {
    let pipe = pipe_of(profile);
    if let Err(e) = std::fs::remove_file(&pipe) {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::debug!(pipe = %pipe.display(), error = %e, "LibreOffice's socket stays");
        }
    }
}

/// The socket LibreOffice makes for the profile at `profile`.
fn pipe_of(profile: &Path) -> PathBuf {
    use md5::Digest;
    let url = format!("file://{}", profile.to_string_lossy());
    let utf16: Vec<u8> = url.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let digest = md5::Md5::digest(&utf16);
    // Each byte in hex without its leading zero, as LibreOffice writes it.
    let hex: String = digest.iter().map(|b| format!("{b:x}")).collect();
    let uid = rustix::process::getuid().as_raw();
    Path::new("/tmp").join(format!("OSL_PIPE_{uid}_SingleOfficeIPC_{hex}"))
}

/// A PDF's page count and first page's size in points (`pdfinfo`).
pub(crate) fn pdf_info(
    pdf: &Path,
    work: &Path,
    cancel: &CancelToken,
) -> Result<(usize, Option<(f64, f64)>), ToolError> {
    let mut c = Command::new("pdfinfo");
    c.arg(pdf);
    let text = match run(c, work, Duration::from_secs(60), cancel) {
        Ok(text) => text,
        // pdfinfo refuses a PDF of no pages ("the last page (0)"): that is its page count.
        Err(ToolError::Failed { detail, .. }) if detail.contains("the last page (0)") => {
            return Ok((0, None))
        }
        Err(e) => return Err(e),
    };
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
/// `slide-001.png` ...: one `mutool draw` per core on a share of the pages, all at once (each
/// fitted within the size: a page of the canvas's shape fills it).
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
        program: "MuPDF".into(),
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
            let mut c = Command::new("mutool");
            c.args(["draw", "-q", "-F", "png", "-c", "rgb"])
                .args(["-w", &width.to_string(), "-h", &height.to_string()])
                .arg("-o")
                .arg(raw.join("p-%d.png"))
                .arg(pdf)
                .arg(format!("{first}-{last}"));
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
    run_all(commands, work, limit, cancel, || on_page(count())).map_err(|e| e.named("MuPDF"))?;
    // mutool names pages `p-7.png` (and a zero-padded `p-007.png` would read the same).
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

/// `path` as a `file://` URL, every byte but the unreserved ones and `/` percent-encoded: a
/// profile in a folder with a space ("Meus Documentos") was otherwise no profile LibreOffice
/// could use, and it waited until its time limit.
fn file_url(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut url = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Each page's look and words, for recognising a page in a new version of the deck: (a 64-bit
/// difference hash of a 9×8 grey thumbnail, the page's text). One MuPDF run draws all the
/// thumbnails, another writes all the texts.
pub(crate) fn pdf_looks(
    pdf: &Path,
    pages: usize,
    work: &Path,
    cancel: &CancelToken,
) -> Result<Vec<(u64, String)>, ToolError> {
    let failed = |detail: String| ToolError::Failed {
        program: "MuPDF".into(),
        detail,
    };
    let dir = work.join("looks");
    std::fs::create_dir_all(&dir).map_err(|e| failed(e.to_string()))?;
    let limit = Duration::from_secs(60 + pages as u64);
    let mut thumbs = Command::new("mutool");
    // `-f`: exactly 9×8 whatever the page's shape, as the hash wants.
    thumbs
        .args([
            "draw", "-q", "-F", "pgm", "-c", "gray", "-f", "-w", "9", "-h", "8",
        ])
        .arg("-o")
        .arg(dir.join("t-%d.pgm"))
        .arg(pdf);
    let mut texts = Command::new("mutool");
    texts
        .args(["draw", "-q", "-F", "txt"])
        .arg("-o")
        .arg(dir.join("w-%d.txt"))
        .arg(pdf);
    run_all(vec![thumbs, texts], work, limit, cancel, || {}).map_err(|e| e.named("MuPDF"))?;
    (1..=pages)
        .map(|n| {
            let pgm = std::fs::read(dir.join(format!("t-{n}.pgm")))
                .map_err(|e| failed(format!("page {n}: {e}")))?;
            let hash = difference_hash(&pgm)
                .ok_or_else(|| failed(format!("page {n}: an unreadable thumbnail")))?;
            let words = std::fs::read(dir.join(format!("w-{n}.txt")))
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            Ok((hash, words))
        })
        .collect()
}

/// The difference hash of a 9×8 binary PGM (`P5`): bit `8y+x` is set when pixel `x` of row
/// `y` is darker than the one right of it. Near pictures have near hashes.
fn difference_hash(pgm: &[u8]) -> Option<u64> {
    // The header: "P5", width, height, maxval, each after white space (comments aside).
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        if pgm[at] == b'#' {
            while *pgm.get(at)? != b'\n' {
                at += 1;
            }
            continue;
        }
        let start = at;
        while !pgm.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&pgm[start..at]).ok()?);
    }
    let (w, h): (usize, usize) = (fields[1].parse().ok()?, fields[2].parse().ok()?);
    if fields[0] != "P5" || w != 9 || h != 8 || fields[3].parse::<u32>().ok()? > 255 {
        return None;
    }
    let pixels = pgm.get(at + 1..at + 1 + 72)?;
    let mut hash = 0u64;
    for y in 0..8 {
        for x in 0..8 {
            if pixels[y * 9 + x] < pixels[y * 9 + x + 1] {
                hash |= 1 << (y * 8 + x);
            }
        }
    }
    Some(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_url_escapes_what_a_url_cannot_hold() {
        assert_eq!(
            file_url(Path::new("/tmp/Meus Documentos/ç%#?/p")),
            "file:///tmp/Meus%20Documentos/%C3%A7%25%23%3F/p"
        );
    }

    #[test]
    fn a_stopped_libreoffice_leaves_no_socket_in_tmp() {
        let dir = tempfile::tempdir().unwrap();
        // A deck long enough that LibreOffice is still drawing it when the watcher looks.
        let doc = dir.path().join("a.fodp");
        let pages: String = (0..300)
            .map(|i| format!("<draw:page draw:name=\"p{i}\"><draw:frame svg:x=\"1cm\" svg:y=\"1cm\" svg:width=\"20cm\" svg:height=\"3cm\"><draw:text-box><text:p>Slide {i}</text:p></draw:text-box></draw:frame></draw:page>"))
            .collect();
        std::fs::write(
            &doc,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation"><office:body><office:presentation>{pages}</office:presentation></office:body></office:document>"#
            ),
        )
        .unwrap();
        let work = dir.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        let pipe = pipe_of(&work.join("profile"));
        let cancel = CancelToken::new();
        // Stopped as soon as its socket is there (a cancel, as a person's Cancel does).
        let watcher = {
            let (cancel, pipe) = (cancel.clone(), pipe.clone());
            std::thread::spawn(move || {
                let deadline = std::time::Instant::now() + Duration::from_secs(120);
                while !pipe.exists() && std::time::Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(5));
                }
                let seen = pipe.exists();
                cancel.cancel();
                seen
            })
        };
        let result = soffice_convert(
            &doc,
            "pdf",
            &work,
            &dir.path().join("out"),
            Duration::from_secs(120),
            &cancel,
        );
        let seen = watcher.join().unwrap();
        assert!(seen, "LibreOffice made its socket in /tmp ({result:?})");
        assert!(
            matches!(result, Err(ToolError::Canceled) | Ok(_)),
            "{result:?}"
        );
        assert!(!pipe.exists(), "{} was left behind", pipe.display());
    }
}
