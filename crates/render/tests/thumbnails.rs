//! Scene thumbnails: drawn by the real ffmpeg, one per scene, at the scene's middle, cached.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use estudio_project::load;
use estudio_render::{prepare, thumbnails, CancelToken};
use serde_json::json;
use support::*;

#[test]
fn each_scene_gets_a_thumbnail_of_its_middle_reused_until_the_scene_changes() {
    let dir = tempfile::tempdir().unwrap();
    png(&dir.path().join("green.png"), 64, 36, "20c020");
    png(&dir.path().join("white.png"), 16, 16, "ffffff");
    // Scene 0: red, with a white square shown only in its second half (so the middle frame, not the
    // first, is drawn). Scene 1: a green image, contain-fitted on a blue canvas of another shape.
    let project = json!({
        "version": 1, "title": "thumbs",
        "canvas": {"width": 1280, "height": 720, "fps": 25, "background": "#2020e0"},
        "scenes": [
            {"duration": 4, "background": {"color": "#e02020"},
             "images": [{"src": "white.png", "width": 0.5, "start": 1.9}],
             "transition": {"type": "fade", "duration": 1}},
            {"duration": 3, "background": {"image": "green.png", "fit": "contain"}},
        ]
    });
    let path = dir.path().join("t.estudio");
    std::fs::write(&path, serde_json::to_vec(&project).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let prepared = prepare(&loaded.project, &dir.path().join("cache")).unwrap();
    let out = dir.path().join("thumbs");
    let thumbs = thumbnails(&prepared, &out, 320, &support::session(&CancelToken::new())).unwrap();
    assert_eq!(thumbs.len(), 2);
    for t in &thumbs {
        let p = probe(t);
        let v = stream(&p, "video");
        assert_eq!(
            (v["width"].as_u64(), v["height"].as_u64()),
            (Some(320), Some(180))
        );
    }
    // Scene 0's middle (2 s) has the box over the centre, red at the corner.
    assert_color(
        pixel(&thumbs[0], 0.0, 160, 90),
        [0xff, 0xff, 0xff],
        12,
        "square at 2 s",
    );
    assert_color(
        pixel(&thumbs[0], 0.0, 4, 4),
        [0xe0, 0x20, 0x20],
        16,
        "scene 0 red",
    );
    // Scene 1: the 16:9 image fills a 16:9 canvas: green everywhere, no fade from scene 0.
    assert_color(
        pixel(&thumbs[1], 0.0, 160, 90),
        [0x20, 0xc0, 0x20],
        16,
        "scene 1 green",
    );
    assert_color(
        pixel(&thumbs[1], 0.0, 2, 2),
        [0x20, 0xc0, 0x20],
        16,
        "scene 1 corner",
    );
    assert_eq!(
        files_in(&out).len(),
        2,
        "no partial files left: {:?}",
        files_in(&out)
    );

    // Asked again: the same files, not drawn again.
    let modified = |p: &std::path::Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let before: Vec<_> = thumbs.iter().map(|t| modified(t)).collect();
    let again = thumbnails(&prepared, &out, 320, &support::session(&CancelToken::new())).unwrap();
    assert_eq!(again, thumbs);
    assert_eq!(
        again.iter().map(|t| modified(t)).collect::<Vec<_>>(),
        before
    );

    // Scene 1 changed: only its thumbnail is new.
    let mut changed = prepared.clone();
    changed.project.scenes[1].background = estudio_project::Background::Color {
        color: "#f0f010".to_owned(),
    };
    let third = thumbnails(&changed, &out, 320, &support::session(&CancelToken::new())).unwrap();
    assert_eq!(third[0], thumbs[0]);
    assert_ne!(third[1], thumbs[1]);
    assert_color(
        pixel(&third[1], 0.0, 160, 90),
        [0xf0, 0xf0, 0x10],
        16,
        "yellow now",
    );
}

#[test]
fn odd_canvas_sizes_give_even_thumbnails() {
    let dir = tempfile::tempdir().unwrap();
    let project = json!({
        "version": 1, "title": "odd",
        "canvas": {"width": 333, "height": 187, "fps": 7},
        "scenes": [{"duration": 0.2, "background": {"color": "#e02020"}}]
    });
    let path = dir.path().join("o.estudio");
    std::fs::write(&path, serde_json::to_vec(&project).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    let prepared = prepare(&loaded.project, &dir.path().join("cache")).unwrap();
    // Wider than the canvas: kept at the canvas's width, made even.
    let thumbs = thumbnails(
        &prepared,
        &dir.path().join("t"),
        999,
        &support::session(&CancelToken::new()),
    )
    .unwrap();
    let p = probe(&thumbs[0]);
    let v = stream(&p, "video");
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(332), Some(186))
    );
}

#[test]
fn a_picture_replaced_under_the_same_name_size_and_time_gets_a_new_thumbnail_and_a_moved_scene_keeps_its_own(
) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Uncompressed pictures: any colour has the same size in bytes.
    let bmp = |path: &std::path::Path, hex: &str| {
        ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &format!("color=c=0x{hex}:s=64x36:d=1"),
            "-frames:v",
            "1",
            path.to_str().unwrap(),
        ])
    };
    bmp(&d.join("a.bmp"), "e02020");
    bmp(&d.join("b.bmp"), "2020e0");
    let project = json!({
        "version": 1, "title": "troca",
        "canvas": {"width": 320, "height": 180, "fps": 25},
        "scenes": [
            {"duration": 1, "background": {"image": "a.bmp"}},
            {"duration": 1, "background": {"color": "#20c020"}}
        ]
    });
    let path = d.join("t.estudio");
    std::fs::write(&path, serde_json::to_vec(&project).unwrap()).unwrap();
    let prepared = prepare(&load(&path).unwrap().project, &d.join("cache")).unwrap();
    let out = d.join("thumbs");
    let session = || support::session(&CancelToken::new());
    let first = thumbnails(&prepared, &out, 160, &session()).unwrap();
    assert_color(pixel(&first[0], 0.0, 80, 45), [0xe0, 0x20, 0x20], 16, "red");

    // The scenes swapped: each keeps its thumbnail (nothing in a key names a scene's place).
    let mut swapped = prepared.clone();
    swapped.project.scenes.swap(0, 1);
    let moved = thumbnails(&swapped, &out, 160, &session()).unwrap();
    assert_eq!(moved, vec![first[1].clone(), first[0].clone()]);

    // Overwritten in place with another colour of the same size, its time put back.
    let a = d.join("a.bmp");
    let stamp = std::fs::metadata(&a).unwrap().modified().unwrap();
    std::fs::write(&a, std::fs::read(d.join("b.bmp")).unwrap()).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&a)
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    let again = thumbnails(&prepared, &out, 160, &session()).unwrap();
    assert_ne!(again[0], first[0], "a new thumbnail for the new picture");
    assert_eq!(again[1], first[1]);
    assert_color(
        pixel(&again[0], 0.0, 80, 45),
        [0x20, 0x20, 0xe0],
        16,
        "blue",
    );
}
