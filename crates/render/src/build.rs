//! The ffmpeg build as it is loaded, for the keys of kept results: the program and every
//! library the dynamic loader maps for it (as `ldd` lists them: libavcodec, libx264, freetype,
//! fontconfig, …), each by content. A new libx264 or freetype under the same ffmpeg changes
//! pixels without changing ffmpeg's version line, so the version line is not enough; a path is
//! not either (the same build on every machine of a render farm must give the same key).
//!
//! Hashing some 240 MB of libraries takes a fraction of a second, so each file's hash is
//! remembered by its [`Stat`] (device, inode, size, modification and change times): in the
//! process, and between runs in a small file the caller names. Every key asks again: a file
//! whose stat changed (an upgrade replaces the file: a new inode) is hashed anew.
//!
//! The environment variables that change how ffmpeg draws ([`PIXEL_ENV`]) are part of the
//! build too. A program that is not an executable file of its own (a wrapper script, which may
//! start any ffmpeg with any environment) has no knowable build: nothing it draws is kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use crate::keys::{hash_steady, Stat};

/// A file's remembered content hash, valid while its stat is the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Known {
    stat: Stat,
    /// BLAKE3, hex.
    hash: String,
}

type Memo = BTreeMap<PathBuf, Known>;

fn process_memo() -> &'static Mutex<Memo> {
    static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();
    MEMO.get_or_init(Mutex::default)
}

/// Environment variables that change the pixels ffmpeg draws: FreeType's rendering properties
/// (hinting, stem darkening) and fontconfig's configuration (what `font=` finds, used when a
/// family could not be resolved beforehand). `LD_LIBRARY_PATH` and `LD_PRELOAD` act through the
/// libraries `ldd` lists.
const PIXEL_ENV: &[&str] = &[
    "FREETYPE_PROPERTIES",
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "FONTCONFIG_SYSROOT",
];

/// The identity of the build of `program`, as text for a key; `memo` is the file that
/// remembers hashes between runs (none: this process only). `None` when the program cannot be
/// read (the render then fails in ffmpeg's words), or is a script: nothing is then kept.
pub(crate) fn build_id(program: &Path, memo: Option<&Path>) -> Option<String> {
    let program = resolve(program)?;
    if !is_elf(&program) {
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            tracing::warn!(program = %program.display(), "ffmpeg is not a program file of its own (a script?): what it draws cannot be told from another build, so no finished part is kept");
        });
        return None;
    }
    let mut files = vec![program.clone()];
    files.extend(libraries(&program));
    let mut known = process_memo()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if known.is_empty() {
        if let Some(saved) = memo.and_then(|m| std::fs::read(m).ok()) {
            *known = serde_json::from_slice(&saved).unwrap_or_default();
        }
    }
    let mut hashes = Vec::with_capacity(files.len());
    let mut learned = false;
    for file in &files {
        let stat = Stat::of(file).ok()?;
        match known.get(file) {
            Some(k) if k.stat == stat => hashes.push(k.hash.clone()),
            _ => {
                let (stat, hash) = hash_steady(file).ok()?;
                let hash = hash.to_hex().to_string();
                known.insert(
                    file.clone(),
                    Known {
                        stat,
                        hash: hash.clone(),
                    },
                );
                hashes.push(hash);
                learned = true;
            }
        }
    }
    if learned {
        if let Some(m) = memo {
            save(m, &known);
        }
    }
    // The program first, then its libraries in any order (the loader's order is not ours),
    // then the environment that changes its pixels.
    let (program_hash, libs) = hashes.split_first()?;
    let mut libs = libs.to_vec();
    libs.sort_unstable();
    let env: Vec<String> = PIXEL_ENV
        .iter()
        .filter_map(|k| std::env::var_os(k).map(|v| format!("{k}={}", v.to_string_lossy())))
        .collect();
    Some(format!(
        "{program_hash} {}\n{}",
        libs.join(" "),
        env.join("\n")
    ))
}

/// Whether `path` is an ELF executable (a program the loader starts itself, not a script).
fn is_elf(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok_and(|()| &magic == b"\x7fELF")
}

/// Written under a temporary name and renamed: a reader never sees half of it.
fn save(path: &Path, memo: &Memo) {
    let Ok(bytes) = serde_json::to_vec(memo) else {
        return;
    };
    let temp = path.with_extension(format!("tmp-{}", std::process::id()));
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&temp, bytes))
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        tracing::debug!(error = %e, "could not remember the ffmpeg build's hashes");
        std::fs::remove_file(&temp).ok();
    }
}

/// `program` as the system starts it: a bare name is looked up on `PATH`.
fn resolve(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 {
        return std::fs::canonicalize(program).ok();
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .and_then(|p| std::fs::canonicalize(p).ok())
}

/// The libraries the dynamic loader maps for `program`, as `ldd` resolves them (with this
/// process's `LD_LIBRARY_PATH`, which ffmpeg inherits). A static program (the FFmpeg 9 wheel)
/// or a script has none.
fn libraries(program: &Path) -> Vec<PathBuf> {
    let out = match std::process::Command::new("ldd")
        .arg(program)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            tracing::warn!(error = %e, "ldd could not run: ffmpeg's libraries are not part of the parts' keys");
            return Vec::new();
        }
    };
    parse_ldd(&String::from_utf8_lossy(&out.stdout))
}

/// `\tlibx264.so.164 => /lib/x86_64-linux-gnu/libx264.so.164 (0x…)` and
/// `\t/lib64/ld-linux-x86-64.so.2 (0x…)`: the resolved paths. The vDSO has no file.
fn parse_ldd(listing: &str) -> Vec<PathBuf> {
    let mut libs: Vec<PathBuf> = listing
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let path = match line.split_once(" => ") {
                Some((_, rest)) => rest,
                None => line,
            };
            let path = path.rsplit_once(" (").map_or(path, |(p, _)| p).trim();
            path.starts_with('/').then(|| PathBuf::from(path))
        })
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    libs.sort();
    libs.dedup();
    libs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ldd_listings_give_the_resolved_files() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("libx264.so.164");
        std::fs::write(&lib, b"x").unwrap();
        let listing = format!(
            "\tlinux-vdso.so.1 (0x00007ffd)\n\tlibx264.so.164 => {} (0x00007f)\n\
             \tlibgone.so.1 => not found\n\t/nonexistent/ld.so (0x1)\n",
            lib.display()
        );
        assert_eq!(
            parse_ldd(&listing),
            vec![std::fs::canonicalize(&lib).unwrap()]
        );
        assert!(parse_ldd("\tnot a dynamic executable\n").is_empty());
    }

    #[test]
    fn a_program_rebuilt_under_the_same_name_changes_the_build_and_a_script_has_none() {
        // A "program" of ELF bytes that ldd cannot load: no libraries, only its own bytes.
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("ffmpeg");
        std::fs::write(&program, b"\x7fELF one build").unwrap();
        let memo = dir.path().join("memo.json");
        let first = build_id(&program, Some(&memo)).unwrap();
        assert_eq!(build_id(&program, Some(&memo)).unwrap(), first);
        assert!(memo.is_file(), "remembered between runs");
        std::fs::write(&program, b"\x7fELF another build").unwrap();
        assert_ne!(build_id(&program, Some(&memo)).unwrap(), first);
        // A wrapper may start any ffmpeg: no build to key by.
        let script = dir.path().join("wrapper");
        std::fs::write(&script, b"#!/bin/sh\nexec /usr/bin/ffmpeg \"$@\"\n").unwrap();
        assert_eq!(build_id(&script, None), None);
    }

    #[test]
    fn the_installed_ffmpeg_is_keyed_with_its_libraries() {
        let Some(ffmpeg) = resolve(Path::new("ffmpeg")) else {
            panic!("ffmpeg is on PATH (make setup installs it)");
        };
        let libs = libraries(&ffmpeg);
        assert!(
            libs.iter()
                .any(|l| l.to_string_lossy().contains("libavcodec")),
            "{libs:?}"
        );
        let id = build_id(&ffmpeg, None).unwrap();
        assert_eq!(id.split(' ').count(), libs.len() + 1);
    }
}
