//! The previous version of every saved file, kept in the data folder (never beside the
//! project, where it would clutter the person's folder and their git status): a save the
//! person regrets after closing the window (undo is gone then) can still be taken back.
//! `backups/NAME-HASH/TIME.estudio`, the last [`KEEP`] of each file.

use std::path::{Path, PathBuf};

/// Versions kept per file.
pub const KEEP: usize = 20;

/// The folder of `project`'s backups in `dir`.
pub fn folder(dir: &Path, project: &Path) -> PathBuf {
    let name = project.file_stem().unwrap_or_default().to_string_lossy();
    let hash = blake3::hash(project.as_os_str().as_encoded_bytes()).to_hex();
    dir.join(format!(
        "{}-{}",
        estudio_project::files::temp_stem(&name),
        &hash[..12]
    ))
}

/// Copies the file at `project` (as it is before a save) into its backup folder, and drops the
/// oldest beyond [`KEEP`]. Best effort: a backup that cannot be made never stops a save.
pub(crate) fn keep(dir: &Path, project: &Path) {
    let Ok(bytes) = std::fs::read(project) else {
        return;
    };
    let folder = folder(dir, project);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let made = std::fs::create_dir_all(&folder).and_then(|()| {
        estudio_project::files::write_whole(
            &folder.join(format!("{stamp:015}.estudio")),
            &bytes,
            estudio_project::files::Existing::Replace,
        )
    });
    if let Err(e) = made {
        tracing::warn!(folder = %folder.display(), error = %e, "no backup of the previous version");
        return;
    }
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return;
    };
    let mut versions: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "estudio"))
        .collect();
    versions.sort();
    let extra = versions.len().saturating_sub(KEEP);
    for old in &versions[..extra] {
        std::fs::remove_file(old).ok();
    }
}
