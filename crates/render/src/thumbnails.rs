//! Scene thumbnails for the project panel: each scene drawn alone at its middle, small, by the
//! same graph code as a render, so a thumbnail shows what the video will.

use std::path::{Path, PathBuf};

use crate::{fonts, graph, together, Prepared, RenderError, Session};

/// Thumbnails are cached by what they show: a scene, its media as probed, and the size. An
/// unchanged scene is not drawn again when the project is reopened.
fn cache_key(prepared: &Prepared, index: usize, width: u32) -> String {
    let scene = &prepared.project.scenes[index];
    let mut text = serde_json::to_string(&(&prepared.project.canvas, scene, width))
        .expect("a scene always serialises");
    // The files' stamps, so a replaced image gives a new thumbnail.
    let one = estudio_project::Project {
        scenes: vec![scene.clone()],
        music: None,
        ..prepared.project.clone()
    };
    for m in one.media() {
        if let Some(info) = prepared.media.get(&m.path) {
            text.push_str(&serde_json::to_string(info).unwrap_or_default());
        }
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, text.as_bytes())
        .simple()
        .to_string()
}

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
    let paths: Vec<PathBuf> = (0..project.scenes.len())
        .map(|i| dir.join(format!("{}.png", cache_key(prepared, i, width))))
        .collect();
    let missing: Vec<usize> = (0..paths.len()).filter(|&i| !paths[i].is_file()).collect();
    if missing.is_empty() {
        return Ok(paths);
    }
    let font = fonts::default_font().ok_or(RenderError::NoFont)?;
    let work = session
        .work
        .create(&session.tag)
        .map_err(io(session.work.root()))?;
    let mut steps = Vec::new();
    let mut temps = Vec::new();
    for &i in &missing {
        let temp = work.path().join(format!("{i}.png"));
        let (step, files) = graph::thumbnail(
            project,
            &prepared.media,
            i,
            width,
            work.path(),
            &font,
            &temp,
        );
        for (path, content) in files {
            std::fs::write(&path, content).map_err(io(&path))?;
        }
        steps.push(step);
        temps.push((temp, paths[i].clone()));
    }
    together::run_steps(&steps, &session.cancel, session.stall, 2)?;
    for (temp, dest) in temps {
        // The work folder may be on another file system: copy beside the destination, then rename.
        let beside = dest.with_extension("png.partial");
        std::fs::copy(&temp, &beside).map_err(io(&beside))?;
        std::fs::rename(&beside, &dest).map_err(io(&dest))?;
    }
    Ok(paths)
}
