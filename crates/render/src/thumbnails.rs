//! Scene thumbnails for the project panel: each scene drawn alone at its middle, small, by the
//! same graph code as a render, so a thumbnail shows what the video will.
//!
//! Thumbnails are kept by content, like parts ([`crate::keys`]): a thumbnail's file name is the
//! key of its ffmpeg run (its command and graph, the bytes of every picture, clip and font it
//! reads, the ffmpeg build), so a picture replaced under the same name, size and time, or a
//! font installed for a family a text names, gives a new thumbnail, and a scene moved or
//! reopened keeps its own.

use std::path::{Path, PathBuf};

use crate::keys::{FileHashes, KeyBuilder};
use crate::{fonts, graph, together, Prepared, RenderError, Session};

/// Draws a PNG thumbnail, `width` pixels wide, of every scene of `prepared` into `dir` (created
/// if needed), two ffmpeg runs at a time, and returns their paths in scene order. Thumbnails
/// already in `dir` for an unchanged scene are reused; each file appears complete or not at all.
/// The `session` gives the work folder, the cancel token and the stall limit.
///
/// # Errors
/// The folder cannot be written, no font, or ffmpeg failed, stalled or was cancelled.
pub fn thumbnails(
    prepared: &Prepared,
    dir: &Path,
    width: u32,
    session: &Session,
) -> Result<Vec<PathBuf>, RenderError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| RenderError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let project = &prepared.project;
    let font = fonts::default_font().ok_or(RenderError::NoFont)?;
    let families = fonts::family_files(project);
    let build = crate::build::build_id(&crate::ffmpeg_program(), session.hash_memo.as_deref());
    let work = session
        .work
        .create(&session.tag)
        .map_err(io(session.work.root()))?;
    let started = std::time::Instant::now();
    let mut hashes = FileHashes::default();
    let mut steps = Vec::new();
    let mut temps = Vec::new();
    let mut paths = Vec::with_capacity(project.scenes.len());
    for i in 0..project.scenes.len() {
        // Each in a folder of its own, written as a placeholder in its key.
        let own = work.path().join(format!("thumb-{i}"));
        let temp = own.join("thumb.png");
        let thumb = graph::thumbnail(
            project,
            &prepared.media,
            i,
            width,
            &graph::Paths {
                work_dir: &own,
                font: &font,
                families: &families,
                output: &temp,
                poster: None,
            },
        );
        let key = build
            .as_deref()
            .filter(|_| thumb.reads.known)
            .and_then(|build| key_of(&thumb, &own, build, &mut hashes).ok());
        let dest = match &key {
            Some(key) => dir.join(format!("{key}.png")),
            // Not keyable (a file that cannot be read, a font family fontconfig cannot
            // name): drawn every time, under a name of its own.
            None => dir.join(format!("{}.png", uuid::Uuid::new_v4().simple())),
        };
        paths.push(dest.clone());
        if key.is_some() && dest.is_file() {
            continue;
        }
        std::fs::create_dir_all(&own).map_err(io(&own))?;
        for (path, content) in &thumb.files {
            std::fs::write(path, content).map_err(io(path))?;
        }
        steps.push(thumb.step);
        temps.push((i, temp, thumb.reads.files));
    }
    let keyed = started.elapsed();
    if steps.is_empty() {
        return Ok(paths);
    }
    together::run_steps(&steps, &session.cancel, session.stall, 2)?;
    tracing::debug!(
        keys_ms = keyed.as_millis(),
        drawn_ms = (started.elapsed() - keyed).as_millis(),
        drawn = steps.len(),
        "thumbnails"
    );
    for (i, temp, reads) in temps {
        // A file changed while it was drawn: what shows is the new one, so it is never kept
        // under the old one's key.
        if !hashes.unchanged(reads.iter().map(PathBuf::as_path)) {
            paths[i] = dir.join(format!("{}.png", uuid::Uuid::new_v4().simple()));
        }
        // The work folder may be on another file system: copy beside the destination, then rename.
        let dest = &paths[i];
        let beside = dest.with_extension("png.partial");
        std::fs::copy(&temp, &beside).map_err(io(&beside))?;
        std::fs::rename(&beside, dest).map_err(io(dest))?;
    }
    Ok(paths)
}

/// A thumbnail's key (hex): its run, with its own folder as a placeholder and its files as their
/// contents, the text files it reads and the ffmpeg build.
fn key_of(
    thumb: &graph::Thumbnail,
    own: &Path,
    build: &str,
    hashes: &mut FileHashes,
) -> std::io::Result<String> {
    let mut key = KeyBuilder::new(build);
    key.text("kind", "thumbnail");
    key.place(own, "<thumb>");
    for path in &thumb.reads.files {
        key.read(path, hashes)?;
    }
    key.step(&thumb.step);
    for (path, content) in &thumb.files {
        let label = key.neutral(&path.to_string_lossy());
        key.text(&label, content);
    }
    Ok(key.finish().hex())
}
