//! A scene's preview with real ffmpeg: the scene and its transitions, frames read back, and
//! after an edit of the scene the scene before it comes from the cache of finished parts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use estudio_render::parts::PartCache;
use estudio_render::{CancelToken, Session, WorkDirs};

/// The RGB colour at the middle of a video's frame at `at` seconds.
fn middle_at(file: &Path, at: f64) -> [u8; 3] {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-ss", &format!("{at}"), "-i"])
        .arg(file)
        .args([
            "-frames:v",
            "1",
            "-vf",
            "format=rgb24,crop=1:1:iw/2:ih/2",
            "-f",
            "rawvideo",
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    [out.stdout[0], out.stdout[1], out.stdout[2]]
}

fn duration(file: &Path) -> f64 {
    let out = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "format=duration",
            "-of",
            "csv=p=0",
        ])
        .arg(file)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn near(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 24)
}

fn project(middle: &str) -> estudio_project::Project {
    let json = serde_json::json!({
        "version": 1, "title": "Três", "canvas": {"width": 320, "height": 180, "fps": 30},
        "scenes": [
            {"duration": 2, "background": {"color": "#ff0000"}, "transition": {"type": "fade", "duration": 0.5}},
            {"duration": 2, "background": {"color": middle}, "transition": {"type": "fade", "duration": 0.5}},
            {"duration": 2, "background": {"color": "#0000ff"}},
            {"duration": 2, "background": {"color": "#ffffff"}},
        ]
    });
    estudio_project::from_value(json).unwrap()
}

#[test]
fn a_scene_preview_shows_the_scene_with_its_transitions_and_reuses_the_scene_before() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let parts = PartCache::new(dir.path().join("parts"), 1 << 30);
    let session = || {
        Session::new(
            "scene",
            WorkDirs::new(dir.path().join("work")),
            &CancelToken::new(),
        )
        .with_parts(Some(parts.clone()))
    };
    let out = dir.path().join("previews");

    let green = estudio_render::prepare(&project("#00ff00"), &cache).unwrap();
    let first = estudio_worker::scene_preview(&green, 1, &out, &session()).unwrap();
    // Scenes 1 to 3, the third cut half a second after the transition into it:
    // 2 + 2 + 1 - 0.5 - 0.5 s; the scene from 1.5 s to 3.5 s.
    assert!(
        (duration(&first.file) - 4.0).abs() < 0.1,
        "{}",
        duration(&first.file)
    );
    assert!((first.start_secs - 1.5).abs() < 0.05, "{first:?}");
    assert!((first.end_secs - 3.5).abs() < 0.05, "{first:?}");
    assert_eq!(
        first.scenes, 3,
        "the scene and its neighbours, not the whole project"
    );
    assert!(
        near(middle_at(&first.file, 1.0), [255, 0, 0]),
        "the scene before"
    );
    assert!(near(middle_at(&first.file, 2.5), [0, 255, 0]), "the scene");
    assert!(
        near(middle_at(&first.file, 3.8), [0, 0, 255]),
        "the scene after"
    );
    let fading_in = middle_at(&first.file, 1.75);
    assert!(
        fading_in[0] > 40 && fading_in[1] > 40,
        "the transition in: {fading_in:?}"
    );

    // The scene edited: drawn again, and the scene before it comes from the cache.
    let yellow = estudio_render::prepare(&project("#ffff00"), &cache).unwrap();
    let second = estudio_worker::scene_preview(&yellow, 1, &out, &session()).unwrap();
    assert_ne!(second.file, first.file);
    assert!(near(middle_at(&second.file, 2.5), [255, 255, 0]));
    assert!(second.reused >= 1, "{second:?}");
    assert!(
        second.reused < second.scenes,
        "the edited scene is drawn again: {second:?}"
    );

    // The first and last scenes have one neighbour.
    let last = estudio_worker::scene_preview(&yellow, 3, &out, &session()).unwrap();
    assert_eq!(last.scenes, 2);
    assert!(near(
        middle_at(&last.file, last.end_secs - 0.5),
        [255, 255, 255]
    ));
    assert!(matches!(
        estudio_worker::scene_preview(&yellow, 4, &out, &session()),
        Err(estudio_worker::ScenePreviewError::NoSuchScene(4))
    ));
}
