//! One real render per project feature, checked with ffprobe, frame colours and sound levels.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use estudio_project::load;
use estudio_render::{prepare, render, CancelToken, PresetId, RenderOptions, Rendered};
use serde_json::{json, Value};
use support::*;

const RED: [u8; 3] = [0xe0, 0x20, 0x20];
const BLUE: [u8; 3] = [0x20, 0x20, 0xe0];
const GREEN: [u8; 3] = [0x20, 0xc0, 0x20];
const YELLOW: [u8; 3] = [0xf0, 0xf0, 0x10];
const GREY: [u8; 3] = [0x80, 0x80, 0x80];

/// Writes `project` into `dir`, then loads, prepares and renders it.
fn render_json(
    dir: &Path,
    project: &Value,
    preset: PresetId,
    options: &RenderOptions,
) -> (PathBuf, Rendered) {
    let path = dir.join("p.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(project).unwrap()).unwrap();
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.problems, vec![], "the test project is valid");
    let prepared = prepare(&loaded.project, &dir.join("cache")).unwrap();
    let out = dir.join(format!("out.{}", preset.preset().container.extension()));
    // Rendered again over the last one.
    let options = RenderOptions {
        replace: true,
        ..options.clone()
    };
    let done = render(
        &prepared,
        preset.preset(),
        &options,
        &out,
        &support::session(&CancelToken::new()),
        |_| {},
    )
    .unwrap();
    (out, done)
}

/// A picture made by an ffmpeg filter graph (`lavfi` source), saved as PNG.
fn picture(path: &Path, graph: &str) {
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        graph,
        "-frames:v",
        "1",
        path.to_str().unwrap(),
    ]);
}

#[test]
fn fits_layers_and_timed_text_are_drawn_where_and_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Left half red, right half blue, 300x100 (3:1): stretched onto 16:9 it keeps its halves.
    picture(
        &d.join("halves.png"),
        "color=c=0xe02020:s=300x100,drawbox=x=150:y=0:w=150:h=100:c=0x2020e0:t=fill",
    );
    // Fully transparent except a green 20x20 square in the middle: the canvas shows through.
    picture(
        &d.join("alpha.png"),
        "color=c=0x20c020:s=20x20,format=rgba,pad=100:100:40:40:color=black@0",
    );
    png(&d.join("logo.png"), 64, 64, "20c020");
    let project = json!({
        "version": 1, "title": "Layers",
        "canvas": {"width": 640, "height": 360, "fps": 10, "background": "#808080"},
        "scenes": [
            {"duration": 1, "background": {"image": "halves.png", "fit": "stretch"}},
            {"duration": 1, "background": {"image": "alpha.png", "fit": "contain"}},
            {"duration": 3, "background": {"color": "#2020e0"},
             "images": [{"src": "logo.png", "x": 0.25, "y": 0.5, "width": 0.2, "opacity": 0.5}],
             "texts": [
                {"text": "left", "x": 0.05, "y": 0.15, "align": "left", "size": 0.08, "color": "#f0f010",
                 "box": {"color": "#f0f010", "opacity": 1, "padding": 0.02}},
                {"text": "right", "x": 0.95, "y": 0.85, "align": "right", "size": 0.08, "color": "#f0f010",
                 "box": {"color": "#f0f010", "opacity": 1, "padding": 0.02}, "start": 1, "end": 2},
                {"text": "shadow", "x": 0.75, "y": 0.5, "size": 0.1, "color": "#2020e0",
                 "shadow": {"color": "#f0f010", "x": 0.02, "y": 0.02}}
             ]}
        ]
    });
    let (out, done) = render_json(d, &project, PresetId::Preview, &RenderOptions::default());
    assert!((done.duration_secs - 5.0).abs() < 1e-9);
    let p = probe(&out);
    assert_eq!(stream(&p, "video")["nb_frames"], "50");

    // Stretch: both halves, each filling its half of the frame.
    assert_color(pixel(&out, 0.5, 100, 180), RED, 14, "stretched left half");
    assert_color(pixel(&out, 0.5, 540, 180), BLUE, 14, "stretched right half");
    // Transparency shows the canvas colour; the opaque square is drawn.
    assert_color(pixel(&out, 1.5, 200, 100), GREY, 10, "transparent part");
    assert_color(pixel(&out, 1.5, 320, 180), GREEN, 14, "opaque part");
    // The logo at half opacity over blue; the blue scene beside it.
    let logo = pixel(&out, 2.5, 160, 180);
    let mix = [
        (GREEN[0] as u16 + BLUE[0] as u16) / 2,
        (GREEN[1] as u16 + BLUE[1] as u16) / 2,
        (GREEN[2] as u16 + BLUE[2] as u16) / 2,
    ]
    .map(|c| c as u8);
    assert_color(logo, mix, 16, "half-transparent logo");
    assert_color(pixel(&out, 2.5, 160, 290), BLUE, 14, "under the logo");
    // Left-aligned box starts at x = 0.05 (32 px) less its padding; right-aligned box ends at
    // 0.95 (608 px) plus padding, and only shows from 1 s to 2 s into the scene (2 s to 3 s in
    // the video; at 10 fps frames are 0.1 s apart).
    assert_color(pixel(&out, 2.5, 40, 54), YELLOW, 16, "left-aligned box");
    assert_color(pixel(&out, 2.5, 20, 54), BLUE, 14, "left of the left box");
    assert_color(pixel(&out, 2.55, 600, 306), BLUE, 14, "right box not yet");
    assert_color(pixel(&out, 3.55, 600, 306), YELLOW, 16, "right box shown");
    assert_color(
        pixel(&out, 3.55, 630, 306),
        BLUE,
        14,
        "right of the right box",
    );
    assert_color(pixel(&out, 4.55, 600, 306), BLUE, 14, "right box gone");
    // The shadow of blue-on-blue text is the only thing visible of it: yellow somewhere below
    // and right of the text's centre line.
    let shadow_band: Vec<[u8; 3]> = (400..560)
        .step_by(4)
        .map(|x| pixel(&out, 2.5, x, 190))
        .collect();
    assert!(
        shadow_band.iter().any(|c| c[0] > 150 && c[2] < 120),
        "no shadow: {shadow_band:?}"
    );
}

#[test]
fn ken_burns_moves_from_the_whole_picture_to_a_corner() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Quadrants: red top-left, blue top-right, green bottom-left, yellow bottom-right.
    picture(
        &d.join("quad.png"),
        "color=c=0xe02020:s=320x180,drawbox=x=160:y=0:w=160:h=90:c=0x2020e0:t=fill,\
         drawbox=x=0:y=90:w=160:h=90:c=0x20c020:t=fill,drawbox=x=160:y=90:w=160:h=90:c=0xf0f010:t=fill",
    );
    let project = json!({
        "version": 1, "title": "Motion",
        "canvas": {"width": 640, "height": 360, "fps": 10},
        "scenes": [{"duration": 3, "background": {"image": "quad.png",
            "motion": {"from": {"zoom": 1}, "to": {"zoom": 2.5, "x": 0.25, "y": 0.25}}}}]
    });
    let (out, _) = render_json(d, &project, PresetId::Preview, &RenderOptions::default());
    // Start: the whole picture (a corner of the frame shows that quadrant).
    assert_color(
        pixel(&out, 0.0, 600, 340),
        YELLOW,
        16,
        "start, bottom-right",
    );
    assert_color(pixel(&out, 0.0, 40, 20), RED, 16, "start, top-left");
    // End: inside the top-left quadrant only.
    assert_color(pixel(&out, 2.9, 600, 340), RED, 16, "end, bottom-right");
    assert_color(pixel(&out, 2.9, 320, 180), RED, 16, "end, centre");
    // Midway (zoom 1.75 centred on 0.375, 0.375) the view spans 0.09-0.66 of the picture, so
    // 60 % across and down the frame shows the picture at 0.43: red, where at the start it was
    // yellow.
    assert_color(pixel(&out, 0.0, 384, 216), YELLOW, 16, "start, 60 % across");
    assert_color(pixel(&out, 1.5, 384, 216), RED, 16, "midway, 60 % across");
}

#[test]
fn clips_start_late_loop_from_their_start_and_keep_their_sound() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 1.2 s clip at 10 fps: green (0-0.4 s), red (0.4-0.8 s), blue (0.8-1.2 s), with a 1 kHz tone.
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=0x20c020:s=160x120:r=10:d=0.4",
        "-f",
        "lavfi",
        "-i",
        "color=c=0xe02020:s=160x120:r=10:d=0.4",
        "-f",
        "lavfi",
        "-i",
        "color=c=0x2020e0:s=160x120:r=10:d=0.4",
        "-f",
        "lavfi",
        "-i",
        "sine=f=1000:d=1.2:sample_rate=44100",
        "-filter_complex",
        "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]",
        "-map",
        "[v]",
        "-map",
        "3:a",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        d.join("clip.mp4").to_str().unwrap(),
    ]);
    let project = json!({
        "version": 1, "title": "Clips",
        "canvas": {"width": 320, "height": 240, "fps": 10},
        "scenes": [
            {"duration": 2.4, "background": {"video": "clip.mp4", "start": 0.4, "loop": true, "audio": true}},
            {"duration": 1.5, "background": {"video": "clip.mp4", "start": 0.4}}
        ]
    });
    let (out, done) = render_json(d, &project, PresetId::Preview, &RenderOptions::default());
    assert!((done.duration_secs - 3.9).abs() < 1e-9);
    // Scene 1 plays 0.4-1.2 s of the clip (red, blue), then again from 0.4 s (red, blue).
    for (t, c, what) in [
        (0.15, RED, "first pass, red"),
        (0.55, BLUE, "first pass, blue"),
        (0.95, RED, "second pass restarts at start: red, not green"),
        (1.35, BLUE, "second pass, blue"),
        (1.75, RED, "third pass"),
    ] {
        assert_color(pixel(&out, t, 160, 120), c, 16, what);
    }
    // Scene 2: not looped, held on its last frame.
    assert_color(
        pixel(&out, 2.55, 160, 120),
        RED,
        16,
        "scene 2 starts at 0.4 s",
    );
    assert_color(
        pixel(&out, 3.75, 160, 120),
        BLUE,
        16,
        "scene 2 held on the last frame",
    );
    // The clip's tone plays through scene 1 (looped) and not in scene 2 (muted).
    let on = tone_level(&out, 0.2, 2.2, 1000);
    let off = tone_level(&out, 2.6, 3.8, 1000);
    assert!(
        on > -40.0 && off < on - 30.0,
        "clip sound {on} dB, muted {off} dB"
    );
}

#[test]
fn spoken_narration_sets_the_duration_ducks_the_music_and_is_normalised() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    tone(&d.join("music.wav"), 440, 2.0, 44100);
    let project = json!({
        "version": 1, "title": "Speech",
        "canvas": {"width": 320, "height": 180, "fps": 25},
        "scenes": [
            {"background": {"color": "#000000"}, "pad": 1.5,
             "narration": {"text": "Olá! Bem-vindo ao Estúdio: 100% offline.", "voice": "pt-br", "delay": 0.5}},
            {"duration": 2, "background": {"color": "#000000"}}
        ],
        "music": {"src": "music.wav", "volume": 0.5, "duck": true}
    });
    let (out, done) = render_json(
        d,
        &project,
        PresetId::Preview,
        &RenderOptions {
            captions: true,
            ..RenderOptions::default()
        },
    );
    // The spoken file is in the cache; scene 1 lasts delay + its length + pad.
    let spoken: Vec<PathBuf> = std::fs::read_dir(d.join("cache").join("speech"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(spoken.len(), 1, "{spoken:?}");
    let speech_secs = duration(&probe(&spoken[0]));
    assert!(speech_secs > 1.0, "{speech_secs}");
    let expected = 0.5 + speech_secs + 1.5 + 2.0;
    let frame = 1.0 / 25.0;
    assert!(
        (duration(&probe(&out)) - expected).abs() <= 2.0 * frame,
        "{} vs {expected}",
        duration(&probe(&out))
    );
    assert!((done.duration_secs - expected).abs() <= frame);
    // The captions are the person's files, as the video is (0666 less the umask).
    let mode = |p: &Path| {
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
            & 0o777
    };
    std::fs::write(d.join("mine"), b"x").unwrap();
    for f in ["out.srt", "out.vtt"] {
        assert_eq!(mode(&d.join(f)), mode(&d.join("mine")), "{f}");
    }
    assert_eq!(mode(&out), mode(&d.join("mine")), "the video");
    // The text became the scene's caption, timed to the scene.
    let srt = std::fs::read_to_string(d.join("out.srt")).unwrap();
    assert!(srt.starts_with("1\n00:00:00,000 --> 00:00:0"), "{srt}");
    assert!(
        srt.contains("Olá! Bem-vindo ao Estúdio: 100% offline."),
        "{srt}"
    );
    // Ducking: the music is clearly lower while the voice speaks than in scene 2.
    let under_voice = tone_level(&out, 0.8, 0.5 + speech_secs - 0.2, 440);
    let alone = tone_level(&out, expected - 1.8, expected - 1.6, 440);
    assert!(
        under_voice < alone - 6.0,
        "music under the voice {under_voice} dB, alone {alone} dB"
    );
    // Loudness: -16 LUFS within 1 LU, true peak kept under about -1 dBTP.
    let (i, peak) = loudness(&out);
    assert!((i + 16.0).abs() <= 1.0, "integrated {i} LUFS");
    assert!(peak <= -0.5, "true peak {peak} dBFS");
}

#[test]
fn loudness_target_is_an_option() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    tone(&d.join("voice.wav"), 700, 3.0, 48000);
    let project = json!({
        "version": 1, "title": "Quiet",
        "canvas": {"width": 320, "height": 180, "fps": 25},
        "scenes": [{"background": {"color": "#000000"}, "narration": {"src": "voice.wav", "volume": 0.05}}]
    });
    let options = RenderOptions {
        loudness_lufs: Some(-23.0),
        ..RenderOptions::default()
    };
    let (out, done) = render_json(d, &project, PresetId::M4a, &options);
    let (i, _) = loudness(&out);
    assert!((i + 23.0).abs() <= 1.0, "integrated {i} LUFS");
    assert_eq!(
        done.log.command.matches("ffmpeg ").count(),
        2,
        "mix, then encode"
    );
    // Levels kept as authored: one run, and the quiet voice stays quiet (a 700 Hz sine at
    // 1/8 amplitude, scaled by 0.05, is about -47 LUFS).
    let keep = RenderOptions {
        keep_levels: true,
        ..RenderOptions::default()
    };
    let (out, done) = render_json(d, &project, PresetId::M4a, &keep);
    let (i, _) = loudness(&out);
    assert!(i < -40.0, "integrated {i} LUFS");
    assert_eq!(done.log.command.matches("ffmpeg ").count(), 1);
    // The same levels when the pictures are drawn in parts and the mix is a file of its own
    // (`make bench` found a 200-scene render at -1.8 LUFS where the project was at -21).
    let mut two = project.clone();
    two["scenes"][0]["duration"] = json!(1.5);
    two["scenes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"duration": 1.5, "background": {"color": "#202020"}}));
    let (out, done) = render_json(d, &two, PresetId::Mp4_480p, &keep);
    assert!(done.log.command.contains("-f mpegts"), "drawn in parts");
    let (parted, _) = loudness(&out);
    assert!(
        (parted - i).abs() <= 1.0,
        "{parted} LUFS in parts, {i} LUFS in one run"
    );
}

#[test]
fn every_preset_writes_its_format_and_side_files_appear_beside_the_video() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    png(&d.join("red.png"), 64, 48, "e02020");
    tone(&d.join("voice.wav"), 500, 1.0, 22050);
    // An odd canvas (333x187) must still give even, yuv420p-compatible sizes.
    let project = json!({
        "version": 1, "title": "Formats",
        "canvas": {"width": 333, "height": 187, "fps": 10},
        "scenes": [
            {"duration": 1, "background": {"image": "red.png"}, "narration": {"src": "voice.wav"},
             "caption": "Primeira cena", "transition": {"type": "wipeleft", "duration": 0.5}},
            {"duration": 1.5, "background": {"color": "#2020e0"}, "caption": "Segunda <cena>"}
        ]
    });
    let total = 1.0 + 1.5 - 0.5;
    for (preset, vcodec, acodec, height) in [
        (PresetId::Mp4_480p, Some("h264"), Some("aac"), 480),
        (PresetId::Webm_1080p, Some("vp9"), Some("opus"), 1080),
        (PresetId::Gif, Some("gif"), None, 360),
        (PresetId::M4a, None, Some("aac"), 0),
    ] {
        let sub = d.join(preset.as_str());
        std::fs::create_dir(&sub).unwrap();
        for f in ["red.png", "voice.wav"] {
            std::fs::copy(d.join(f), sub.join(f)).unwrap();
        }
        let options = RenderOptions {
            poster_secs: vcodec.map(|_| 0.5),
            captions: true,
            ..RenderOptions::default()
        };
        let (out, done) = render_json(&sub, &project, preset, &options);
        let p = probe(&out);
        let what = preset.as_str();
        assert!(
            (duration(&p) - total).abs() <= 0.11,
            "{what}: {} s",
            duration(&p)
        );
        let kinds: Vec<&str> = p["streams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["codec_type"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [vcodec.map(|_| "video"), acodec.map(|_| "audio")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
            "{what}"
        );
        if let Some(v) = vcodec {
            let s = stream(&p, "video");
            assert_eq!(s["codec_name"], v, "{what}");
            let (w, h) = (s["width"].as_u64().unwrap(), s["height"].as_u64().unwrap());
            assert_eq!(h, height, "{what}");
            assert_eq!((w % 2, h % 2), (0, 0), "{what}: {w}x{h}");
            let poster = out.with_extension("poster.png");
            // The person's file, as the video is (0666 less the umask).
            assert_eq!(
                std::fs::metadata(&poster).unwrap().permissions(),
                std::fs::metadata(&out).unwrap().permissions(),
                "{what}"
            );
            let pp = probe(&poster);
            assert_eq!(stream(&pp, "video")["codec_name"], "png");
            assert_eq!(stream(&pp, "video")["width"].as_u64(), Some(w));
            assert_color(
                pixel(&poster, 0.0, 5, 5),
                RED,
                24,
                "poster at 0.5 s shows scene 1",
            );
        }
        if let Some(a) = acodec {
            assert_eq!(stream(&p, "audio")["codec_name"], a, "{what}");
        }
        let vtt = std::fs::read_to_string(out.with_extension("vtt")).unwrap();
        assert_eq!(
            vtt,
            "WEBVTT\n\n00:00:00.000 --> 00:00:00.500\nPrimeira cena\n\n\
             00:00:00.500 --> 00:00:02.000\nSegunda &lt;cena&gt;\n\n",
            "{what}"
        );
        assert!(out.with_extension("srt").is_file());
        assert_eq!(done.extras.len(), if vcodec.is_some() { 3 } else { 2 });
        assert_no_temp_files(&sub);
    }
}

#[test]
fn odd_clips_are_normalised_sample_aspect_rotation_bit_depth_and_frame_rate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let halves = |top_bottom: bool| {
        if top_bottom {
            "color=c=0xe02020:s=160x90:r=10:d=1,drawbox=x=0:y=45:w=160:h=45:c=0x2020e0:t=fill"
        } else {
            "color=c=0xe02020:s=160x120:r=10:d=1,drawbox=x=80:y=0:w=80:h=120:c=0x2020e0:t=fill"
        }
    };
    // Stored 160x120 with 2:1 pixels: it is shown 320x120 (8:3), not 4:3.
    let wide = d.join("wide.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &format!("{},setsar=2", halves(false)),
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        wide.to_str().unwrap(),
    ]);
    // Stored 160x90 (red over blue) with a 90° display rotation, as phones write it: shown
    // 90x160, red on the right. (ffmpeg 5.1 cannot write the rotation, so the track header's
    // matrix is set by hand.)
    let turned = d.join("turned.mp4");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        halves(true),
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv420p",
        turned.to_str().unwrap(),
    ]);
    let mut bytes = std::fs::read(&turned).unwrap();
    let tkhd = bytes.windows(4).position(|w| w == b"tkhd").unwrap();
    let matrix: Vec<u8> = [0i32, 65536, 0, -65536, 0, 0, 0, 0, 1 << 30]
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect();
    bytes[tkhd + 44..tkhd + 80].copy_from_slice(&matrix);
    std::fs::write(&turned, bytes).unwrap();
    // 10-bit 4:2:2 at 7 fps.
    let deep = d.join("deep.mkv");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "color=c=0xf0f010:s=96x64:r=7:d=1",
        "-c:v",
        "libx264",
        "-pix_fmt",
        "yuv422p10le",
        deep.to_str().unwrap(),
    ]);
    let project = json!({
        "version": 1, "title": "Odd clips",
        "canvas": {"width": 640, "height": 360, "fps": 10, "background": "#808080"},
        "scenes": [
            {"duration": 1, "background": {"video": "wide.mp4", "fit": "contain"}},
            {"duration": 1, "background": {"video": "turned.mp4"}},
            {"duration": 1, "background": {"video": "deep.mkv"}}
        ]
    });
    let (out, _) = render_json(d, &project, PresetId::Preview, &RenderOptions::default());
    let p = probe(&out);
    let v = stream(&p, "video");
    assert_eq!(v["pix_fmt"], "yuv420p");
    assert_eq!(v["nb_frames"], "30");
    // 8:3 in 16:9, whole: full width, grey bands above and below (not beside).
    assert_color(
        pixel(&out, 0.5, 4, 180),
        RED,
        16,
        "wide clip reaches the left edge",
    );
    assert_color(pixel(&out, 0.5, 636, 180), BLUE, 16, "and the right edge");
    assert_color(pixel(&out, 0.5, 320, 16), GREY, 12, "band above");
    // The rotation is applied: red ends up on one side, blue on the other, across the width.
    let (left, right) = (pixel(&out, 1.5, 80, 180), pixel(&out, 1.5, 560, 180));
    assert!(
        (left == pixel(&out, 1.5, 80, 340)) && left != right,
        "rotated clip: left {left:?}, right {right:?}"
    );
    assert_color(left, BLUE, 16, "rotated: blue on the left");
    assert_color(right, RED, 16, "rotated: red on the right");
    assert_color(pixel(&out, 2.5, 320, 180), YELLOW, 16, "10-bit 4:2:2 clip");
}

#[test]
fn transitions_blend_only_their_frames_and_each_keeps_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let hex = |c: [u8; 3]| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]);
    // One-second scenes at 10 fps. Blue is all transition: half a second shared with red (a
    // wipe), half with green (a fade). Then cuts, to yellow, to a one-frame grey scene, to red.
    let project = json!({
        "version": 1, "title": "Joins",
        "canvas": {"width": 640, "height": 360, "fps": 10},
        "scenes": [
            {"duration": 1, "background": {"color": hex(RED)},
             "transition": {"type": "wipeleft", "duration": 0.5}},
            {"duration": 1, "background": {"color": hex(BLUE)},
             "transition": {"type": "fade", "duration": 0.5}},
            {"duration": 1, "background": {"color": hex(GREEN)},
             "transition": {"type": "cut", "duration": 0}},
            {"duration": 1, "background": {"color": hex(YELLOW)},
             "transition": {"type": "cut", "duration": 0}},
            {"duration": 0.1, "background": {"color": hex(GREY)},
             "transition": {"type": "cut", "duration": 0}},
            {"duration": 0.5, "background": {"color": hex(RED)}}
        ]
    });
    let (out, _) = render_json(d, &project, PresetId::Mp4_480p, &RenderOptions::default());
    let p = probe(&out);
    let (w, h) = (
        stream(&p, "video")["width"].as_u64().unwrap() as u32,
        stream(&p, "video")["height"].as_u64().unwrap() as u32,
    );
    let left = pixel_per_frame(&out, w / 16, h / 2);
    let right = pixel_per_frame(&out, w - w / 16, h / 2);
    // 4.6 s less two half-second transitions.
    assert_eq!(left.len(), 36);
    for (frames, colour, name) in [
        (0..6, RED, "red, up to the wipe's first frame"),
        (10..11, BLUE, "blue, at the fade's first frame"),
        (15..20, GREEN, "green"),
        (20..30, YELLOW, "yellow, right after the cut"),
        (30..31, GREY, "the one-frame scene"),
        (31..36, RED, "red, last"),
    ] {
        for f in frames {
            assert_color(left[f], colour, 12, &format!("{name}: frame {f} left"));
            assert_color(right[f], colour, 12, &format!("{name}: frame {f} right"));
        }
    }
    // Mid-wipe the two sides differ: blue comes in from one side while the other is still red.
    let (l, r) = (left[8], right[8]);
    assert!(
        (l[0] > 200 && r[2] > 200) || (r[0] > 200 && l[2] > 200),
        "frame 8 of the wipe: left {l:?}, right {r:?}"
    );
    // The fade: both sides alike, green rising and blue falling frame after frame.
    for f in 11..15 {
        assert!(
            left[f][1].abs_diff(right[f][1]) < 8,
            "fade frame {f}: {:?} {:?}",
            left[f],
            right[f]
        );
        assert!(
            left[f][1] > left[f - 1][1] + 10 && left[f][2] + 10 < left[f - 1][2],
            "fade frame {f}: {:?}",
            &left[9..16]
        );
    }
}

#[test]
fn hundreds_of_scenes_render_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 300 scenes of 0.1 s, each its own picture with a text, crossfading: the graph is far larger
    // than one command-line argument may be.
    let colours = ["e02020", "2020e0", "20c020"];
    let scenes: Vec<Value> = (0..300)
        .map(|i| {
            let name = format!("s{i:03}.png");
            if i < 3 {
                png(&d.join(&name), 32, 18, colours[i]);
            } else {
                std::fs::copy(d.join(format!("s{:03}.png", i % 3)), d.join(&name)).unwrap();
            }
            json!({"duration": 0.2, "background": {"image": name},
                   "texts": [{"text": format!("Cena {i}: 100%"), "size": 0.2}],
                   "transition": {"type": "fade", "duration": 0.1}})
        })
        .collect();
    let project = json!({
        "version": 1, "title": "Many",
        "canvas": {"width": 64, "height": 36, "fps": 10},
        "scenes": scenes
    });
    let (out, done) = render_json(d, &project, PresetId::Preview, &RenderOptions::default());
    // 300 x 2 frames, less 299 one-frame fades.
    assert_eq!(stream(&probe(&out), "video")["nb_frames"], "301");
    assert!((done.duration_secs - 30.1).abs() < 1e-9);
    assert!(done.log.command.contains("-filter_complex_script"));
}

#[test]
fn long_projects_render_in_parts_joined_frame_exact() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let colours = [RED, BLUE, GREEN];
    for (k, c) in colours.iter().enumerate() {
        png(
            &d.join(format!("c{k}.png")),
            32,
            18,
            &format!("{:02x}{:02x}{:02x}", c[0], c[1], c[2]),
        );
    }
    // 45 one-second scenes: 23 parts of two scenes (the last of one), drawn by five runs of up
    // to 10 scenes. Cuts, except a 0.5 s fade from scene 19 into scene 20, across a join of
    // parts and of runs.
    let scenes: Vec<Value> = (0..45)
        .map(|i| {
            let mut s = json!({"duration": 1, "background": {"image": format!("c{}.png", i % 3)},
                               "texts": [{"text": format!("{i}"), "x": 0.9, "y": 0.1, "size": 0.1}]});
            if i == 19 {
                s["transition"] = json!({"type": "fade", "duration": 0.5});
            }
            s
        })
        .collect();
    let project = json!({
        "version": 1, "title": "Long",
        "canvas": {"width": 640, "height": 360, "fps": 10},
        "scenes": scenes,
        "music": {"src": "tone.wav", "volume": 0.5}
    });
    tone(&d.join("tone.wav"), 440, 7.0, 44100);
    let (out, done) = render_json(d, &project, PresetId::Mp4_480p, &RenderOptions::default());
    assert_eq!(
        done.log.command.matches("# run.graph").count(),
        5,
        "five runs"
    );
    // Each run cut at the start of its parts after the first: 23 parts, 18 cuts.
    let cuts: usize = done
        .log
        .command
        .split("-segment_frames ")
        .skip(1)
        .map(|rest| rest.split(' ').next().unwrap().split(',').count())
        .sum();
    assert_eq!(cuts, 23 - 5, "23 parts");
    let p = probe(&out);
    assert_eq!(stream(&p, "video")["nb_frames"], "445");
    assert!((duration(&p) - 44.5).abs() <= 0.1, "{}", duration(&p));
    let at = |t: f64| pixel(&out, t, 100, 300);
    for (t, scene) in [
        (0.5, 0),
        (18.5, 18),
        (19.2, 19),
        (20.2, 20),
        (39.2, 39),
        (39.7, 40),
        (44.3, 44),
    ] {
        assert_color(
            at(t),
            colours[scene % 3],
            16,
            &format!("scene {scene} at {t} s"),
        );
    }
    // Frame 197 is the middle of the fade between scenes 19 (blue) and 20 (green).
    let mid = at(19.75);
    assert!(
        mid[0] < 60 && (60..170).contains(&mid[1]) && (60..180).contains(&mid[2]),
        "mid-fade {mid:?}"
    );
    // The music runs through the joins.
    assert!(tone_level(&out, 18.0, 22.0, 440) > -40.0);
}

#[test]
fn webm_renders_in_runs_of_parts_frame_exact_with_its_opus_sound() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let colours = [RED, BLUE, GREEN];
    for (k, c) in colours.iter().enumerate() {
        png(
            &d.join(format!("c{k}.png")),
            32,
            18,
            &format!("{:02x}{:02x}{:02x}", c[0], c[1], c[2]),
        );
    }
    // Six scenes of a second, fading into one another: six parts drawn by runs of two, each
    // run cut at a forced VP9 key frame into Matroska parts.
    let scenes: Vec<Value> = (0..6)
        .map(|i| {
            json!({"duration": 1, "background": {"image": format!("c{}.png", i % 3)},
                   "transition": {"type": "fade", "duration": 0.4}})
        })
        .collect();
    let project = json!({
        "version": 1, "title": "WebM",
        "canvas": {"width": 320, "height": 180, "fps": 10},
        "scenes": scenes,
        "music": {"src": "tone.wav", "volume": 0.5}
    });
    tone(&d.join("tone.wav"), 440, 7.0, 44100);
    let (out, done) = render_json(d, &project, PresetId::Webm_1080p, &RenderOptions::default());
    assert_eq!(
        done.log.command.matches("-segment_format matroska").count(),
        3
    );
    let p = probe(&out);
    let frames = pixel_per_frame(&out, 960, 540).len();
    // 6 s less five fades of 4 frames.
    assert_eq!(frames, 60 - 5 * 4);
    assert!((duration(&p) - 4.0).abs() <= 0.06, "{}", duration(&p));
    assert_eq!(stream(&p, "audio")["codec_name"], "opus");
    let sound: f64 = stream(&p, "audio")["duration"]
        .as_str()
        .map_or(duration(&p), |s| s.parse().unwrap());
    assert!((sound - 4.0).abs() <= 0.06, "the sound lasts {sound} s");
    // Each scene's own middle (scene i starts at 0.6 i s) shows its colour.
    for i in 0..6 {
        let t = 0.6 * i as f64 + 0.5;
        assert_color(
            pixel(&out, t, 960, 540),
            colours[i % 3],
            20,
            &format!("scene {i} at {t} s"),
        );
    }
    assert!(tone_level(&out, 1.0, 3.0, 440) > -40.0);
}
