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

/// The identity of the build of `program`, as text for a key; `memo` is the file that
/// remembers hashes between runs (none: this process only). `None` when the program cannot be
/// read (the render then fails in ffmpeg's words, and nothing is kept).
pub(crate) fn build_id(program: &Path, memo: Option<&Path>) -> Option<String> {
    let program = resolve(program)?;
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
    // The program first, then its libraries in any order (the loader's order is not ours).
    let (program_hash, libs) = hashes.split_first()?;
    let mut libs = libs.to_vec();
    libs.sort_unstable();
    Some(format!("{program_hash} {}", libs.join(" ")))
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
    fn a_library_replaced_under_the_same_name_changes_the_build() {
        // A "program" that is a script: no libraries, only its own bytes.
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("ffmpeg");
        std::fs::write(&program, b"#!/bin/sh\n").unwrap();
        let memo = dir.path().join("memo.json");
        let first = build_id(&program, Some(&memo)).unwrap();
        assert_eq!(build_id(&program, Some(&memo)).unwrap(), first);
        assert!(memo.is_file(), "remembered between runs");
        std::fs::write(&program, b"#!/bin/sh\n# rebuilt\n").unwrap();
        assert_ne!(build_id(&program, Some(&memo)).unwrap(), first);
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
