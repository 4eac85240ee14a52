//! One scene's preview, for the window's inspector: the scene with its neighbours (so the
//! transitions into and out of it are drawn as in the video), at the preview preset's size,
//! through the cache of finished parts. After an edit of the scene only its part and the next
//! one (which draws the end of it in its incoming transition) are drawn again; the scene before
//! comes from the cache.

use std::path::{Path, PathBuf};

use estudio_render::{Prepared, PresetId, RenderError, RenderOptions, Session};

/// Why a scene's preview was not made.
#[derive(Debug, thiserror::Error)]
pub enum ScenePreviewError {
    /// No such scene (indexed from 0): the project changed meanwhile.
    #[error("{}", estudio_words::Message::NoSuchScene { scene: *.0 + 1 })]
    NoSuchScene(usize),
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// A scene's preview video and where in it the scene is.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenePreview {
    pub file: PathBuf,
    /// Where the scene starts in the file (where the transition into it begins), in seconds.
    pub start_secs: f64,
    /// Where it ends (the transition out of it included).
    pub end_secs: f64,
    /// Where it is seen alone, neither transition on screen (a picture of the scene, as the
    /// window's poster): from, to.
    pub own_secs: (f64, f64),
    /// Scenes of the file whose pictures came from the cache, of all its scenes.
    pub reused: usize,
    pub scenes: usize,
}

/// What is kept of the next scene after the transition into it: enough to see it has come.
const NEXT_SCENE_TAIL_SECS: f64 = 0.5;

/// The project made of scene `scene` of `prepared` and its neighbours, without the music (it
/// would start from its beginning, not where the scene is in the video), and the index of the
/// scene in it. The next scene is cut after the transition into it: its part is drawn again
/// after every edit of the scene (it draws the scene's end in its transition), so the less of
/// it, the sooner the preview. The scene before is whole: its part comes from the cache.
fn window(prepared: &Prepared, scene: usize) -> (Prepared, usize) {
    let n = prepared.project.scenes.len();
    let first = scene.saturating_sub(1);
    let last = (scene + 1).min(n.saturating_sub(1));
    let mut project = prepared.project.clone();
    let into_next = project.scenes[scene]
        .transition
        .as_ref()
        .filter(|t| !t.is_cut())
        .map_or(0.0, estudio_project::Transition::secs);
    project.scenes = project.scenes[first..=last].to_vec();
    project.music = None;
    if last > scene {
        if let Some(next) = project.scenes.last_mut() {
            let cut = into_next + NEXT_SCENE_TAIL_SECS;
            if next.duration.is_some_and(|d| d > cut) {
                next.duration = Some(cut);
            }
        }
    }
    (
        Prepared {
            project,
            media: prepared.media.clone(),
        },
        scene - first,
    )
}

/// Renders the preview of scene `scene` into `dir` (under a new name; the caller removes old
/// ones), with `session`'s parts cache and cancel token.
///
/// # Errors
/// No such scene; the render's own (ffmpeg missing or failing, canceled).
pub fn scene_preview(
    prepared: &Prepared,
    scene: usize,
    dir: &Path,
    session: &Session,
) -> Result<ScenePreview, ScenePreviewError> {
    if scene >= prepared.project.scenes.len() {
        return Err(ScenePreviewError::NoSuchScene(scene));
    }
    let (sub, at) = window(prepared, scene);
    let preset = PresetId::Preview.preset();
    let fps = preset.output_fps(sub.project.canvas.fps);
    let timeline = sub.project.timeline_at(fps);
    let span = &timeline.scenes[at];
    let secs = |frames: u64| frames as f64 / f64::from(fps);
    std::fs::create_dir_all(dir).map_err(|source| RenderError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let dest = dir.join(format!("scene-{}.mp4", uuid::Uuid::new_v4().simple()));
    let done = estudio_render::render(
        &sub,
        preset,
        &RenderOptions::default(),
        &dest,
        session,
        |_| {},
    )?;
    let into = at
        .checked_sub(1)
        .map_or(0, |before| timeline.scenes[before].transition_out);
    let own_from = span.start + into.min(span.frames);
    let own_to = (span.start + span.frames)
        .saturating_sub(span.transition_out)
        .max(own_from);
    Ok(ScenePreview {
        file: done.output,
        start_secs: secs(span.start),
        end_secs: secs(span.start + span.frames),
        own_secs: (secs(own_from), secs(own_to)),
        reused: done.reused.scenes,
        scenes: done.reused.of,
    })
}
