//! Smart render: parts kept by content and used again, checked frame by frame against renders
//! that read nothing from the cache.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};

use estudio_project::load;
use estudio_render::parts::PartCache;
use estudio_render::{prepare, render, CancelToken, PresetId, RenderOptions, Rendered};
use serde_json::{json, Value};
use support::*;

/// A project of eight scenes of 2 s in four parts: stills with a fade across every join,
/// Ken Burns, a clip with its sound, titles, and a narration that runs over into the next
/// scene, with music under everything.
fn project(dir: &Path) -> Value {
    for (k, hex) in ["e02020", "2020e0", "20c020", "f0f010"].iter().enumerate() {
        png(&dir.join(format!("s{k}.png")), 320, 180, hex);
    }
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "testsrc=s=320x180:r=25:d=3",
        "-f",
        "lavfi",
        "-i",
        "sine=f=660:d=3",
        "-shortest",
        "-pix_fmt",
        "yuv420p",
        dir.join("clip.mp4").to_str().unwrap(),
    ]);
    tone(&dir.join("voz.wav"), 440, 2.5, 48000);
    tone(&dir.join("music.wav"), 220, 20.0, 48000);
    let scenes: Vec<Value> = (0..8)
        .map(|i| {
            let mut s = json!({
                "duration": 2,
                "background": {"image": format!("s{}.png", i % 4)},
                "texts": [{"text": format!("Cena {i}"), "x": 0.5, "y": 0.2, "size": 0.12}],
                "transition": {"type": "fade", "duration": 0.4}
            });
            match i {
                2 => {
                    s["background"] = json!({"image": "s2.png", "motion": {
                        "from": {"zoom": 1.0, "x": 0.5, "y": 0.5}, "to": {"zoom": 1.6, "x": 0.2, "y": 0.2}}})
                }
                4 => s["background"] = json!({"video": "clip.mp4", "audio": true}),
                5 => s["narration"] = json!({"src": "voz.wav"}),
                _ => {}
            }
            s
        })
        .collect();
    json!({
        "version": 1, "title": "Partes",
        "canvas": {"width": 320, "height": 180, "fps": 25},
        "scenes": scenes,
        "music": {"src": "music.wav", "volume": 0.3}
    })
}

fn write(dir: &Path, project: &Value) -> PathBuf {
    let path = dir.join("p.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(project).unwrap()).unwrap();
    path
}

/// Renders `project` (written into `dir`) to `out` with `cache`.
fn render_with(dir: &Path, project: &Value, out: &Path, cache: Option<PartCache>) -> Rendered {
    let loaded = load(&write(dir, project)).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let prepared = prepare(&loaded.project, &dir.join("speech")).unwrap();
    render(
        &prepared,
        PresetId::Mp4_480p.preset(),
        &RenderOptions::default(),
        out,
        &session(&CancelToken::new()).with_parts(cache),
        |_| {},
    )
    .unwrap()
}

/// The MD5 of every decoded picture, in order: equal lists are the same pictures frame for frame.
fn frames(path: &Path) -> Vec<String> {
    md5s(path, &["-map", "0:v"])
}

/// The MD5 of every frame ffmpeg's `framemd5` lists for `path` with the output options `pick`.
fn md5s(path: &Path, pick: &[&str]) -> Vec<String> {
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(pick)
        .args(["-f", "framemd5", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.rsplit(',').next().unwrap().trim().to_owned())
        .collect()
}

/// The PSNR (dB) of every frame of `b` against `a`'s (infinite for identical frames).
fn psnr(a: &Path, b: &Path) -> Vec<f64> {
    let stats = a.with_extension("psnr.log");
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(b)
        .arg("-i")
        .arg(a)
        .args([
            "-lavfi",
            &format!("[0:v][1:v]psnr=stats_file={}", stats.to_string_lossy()),
            "-f",
            "null",
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&stats)
        .unwrap()
        .lines()
        .map(|l| {
            let v = l.split("psnr_avg:").nth(1).unwrap();
            let v = v.split_whitespace().next().unwrap();
            if v == "inf" {
                f64::INFINITY
            } else {
                v.parse().unwrap()
            }
        })
        .collect()
}

/// The MD5 of every packet of the stream `kind` (`v` or `a`) of `path`, as stored (nothing decoded).
fn packets(path: &Path, kind: &str) -> Vec<String> {
    md5s(path, &["-map", &format!("0:{kind}"), "-c", "copy"])
}

/// The cached parts' files (not the sound), by name, with their bytes.
fn cached_parts(cache: &PartCache) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(cache.dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ts"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The frames (by index) where two renders' pictures differ.
fn differing(a: &[String], b: &[String]) -> Vec<usize> {
    assert_eq!(a.len(), b.len(), "frame counts");
    (0..a.len()).filter(|&i| a[i] != b[i]).collect()
}

#[test]
fn a_re_export_from_the_cache_is_the_same_video_frame_for_frame() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = project(d);
    let cache = PartCache::new(d.join("parts"), 1 << 30);
    let first = render_with(d, &p, &d.join("first.mp4"), Some(cache.clone()));
    assert_eq!((first.reused.scenes, first.reused.of), (0, 8));
    let kept = cache.entries().len();
    assert!(kept >= 2, "{kept} parts kept");
    let again = render_with(d, &p, &d.join("again.mp4"), Some(cache.clone()));
    assert_eq!(
        (again.reused.scenes, again.reused.of),
        (8, 8),
        "everything reused"
    );
    let fresh = render_with(
        d,
        &p,
        &d.join("fresh.mp4"),
        Some(cache.clone().write_only()),
    );
    assert_eq!(fresh.reused.scenes, 0, "--no-cache reads nothing");
    let (a, b, c) = (
        frames(&d.join("first.mp4")),
        frames(&d.join("again.mp4")),
        frames(&d.join("fresh.mp4")),
    );
    assert_eq!(a.len(), 8 * 50 - 7 * 10, "16 s at 25 fps, less seven fades");
    assert_eq!(differing(&b, &c), Vec::<usize>::new());
    assert_eq!(differing(&a, &c), Vec::<usize>::new());
    // The sound is mixed for the whole video each time: the same length as the pictures.
    let secs = duration(&probe(&d.join("again.mp4")));
    assert!((secs - 13.2).abs() < 0.05, "{secs}");
    assert_eq!(cache.entries().len(), kept, "nothing new was kept");
    // Nothing was drawn or mixed again: the join only.
    assert!(
        !again.log.command.contains("-f mpegts"),
        "{}",
        again.log.command
    );
    assert!(
        !again.log.command.contains("mix.flac"),
        "{}",
        again.log.command
    );
    let sound = stream(&probe(&d.join("again.mp4")), "audio")["duration"]
        .as_str()
        .unwrap()
        .parse::<f64>()
        .unwrap();
    assert!((sound - 13.2).abs() < 0.03, "the sound lasts {sound} s");
}

/// The least PSNR (dB) over the frames of `b` against `a`'s.
fn least_psnr(a: &Path, b: &Path) -> f64 {
    psnr(a, b).into_iter().fold(f64::INFINITY, f64::min)
}

#[test]
fn a_part_drawn_in_another_run_shows_the_same_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = project(d);
    let cache = PartCache::new(d.join("parts"), 1 << 30);
    render_with(d, &p, &d.join("first.mp4"), Some(cache.clone()));
    let before = cached_parts(&cache);
    assert_eq!(before.len(), 8, "a part per scene");
    // Every other part (by key) dropped: the next render draws them in other runs than the
    // first time (alone, or with other neighbours).
    let dropped: Vec<&String> = before.keys().step_by(2).collect();
    let drop = |names: &[&String]| {
        for name in names {
            std::fs::remove_file(cache.dir().join(name)).unwrap();
            std::fs::remove_file(cache.dir().join(name).with_extension("json")).unwrap();
        }
    };
    drop(&dropped);
    let again = render_with(d, &p, &d.join("again.mp4"), Some(cache.clone()));
    assert_eq!(again.reused.scenes, 4);
    let after = cached_parts(&cache);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        if !dropped.contains(&name) {
            assert!(after[name] == *bytes, "{name} was kept, not rewritten");
        }
    }
    // Another run's encoder rounds differently, nothing more.
    let (first, again) = (d.join("first.mp4"), d.join("again.mp4"));
    assert_eq!(frames(&first).len(), frames(&again).len());
    let least = least_psnr(&first, &again);
    assert!(least > 45.0, "{least} dB");
    // The same parts missing again are drawn by the same runs: the very same bytes.
    drop(&dropped);
    render_with(d, &p, &d.join("third.mp4"), Some(cache.clone()));
    assert!(
        cached_parts(&cache) == after,
        "the same runs gave other bytes"
    );
}

#[test]
fn the_music_changed_makes_the_sound_again_and_every_part_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut p = project(d);
    let cache = PartCache::new(d.join("parts"), 1 << 30);
    render_with(d, &p, &d.join("before.mp4"), Some(cache.clone()));
    p["music"]["volume"] = json!(0.9);
    let after = render_with(d, &p, &d.join("after.mp4"), Some(cache.clone()));
    assert_eq!(after.reused.scenes, 8, "{:?}", after.reused);
    assert!(
        !after.log.command.contains("-f mpegts"),
        "{}",
        after.log.command
    );
    let (before, after) = (d.join("before.mp4"), d.join("after.mp4"));
    assert_eq!(
        differing(&packets(&before, "v"), &packets(&after, "v")),
        Vec::<usize>::new(),
        "the same pictures"
    );
    assert!(
        packets(&before, "a") != packets(&after, "a"),
        "another sound"
    );
    // Louder music under the narration: the music's 220 Hz tone rises against the narration's
    // 440 Hz in the narrated scene (both measured in the finished files).
    let (from, to) = (5.0 * 1.6 + 0.5, 5.0 * 1.6 + 1.5);
    let rise = |f: &Path| tone_level(f, from, to, 220) - tone_level(f, from, to, 440);
    assert!(
        rise(&after) > rise(&before) + 6.0,
        "{} vs {}",
        rise(&after),
        rise(&before)
    );
}

#[test]
fn an_edited_title_renders_its_part_again_and_shows_in_its_scene_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut p = project(d);
    let cache = PartCache::new(d.join("parts"), 1 << 30);
    render_with(d, &p, &d.join("before.mp4"), Some(cache.clone()));
    p["scenes"][6]["texts"][0]["text"] = json!("Cena seis, corrigida");
    let after = render_with(d, &p, &d.join("after.mp4"), Some(cache.clone()));
    assert!(
        after.reused.scenes >= 4 && after.reused.scenes < 8,
        "{:?}",
        after.reused
    );
    // Scene 6 starts at frame 6 × 40 (each scene's 50 frames less the 10 of its fade in) and
    // ends, with its fade out, 50 frames later. Outside it the pictures are the same (the
    // other scene of its part is encoded again, so it may differ by the encoder's rounding);
    // inside it the title is new.
    let (from, to) = (6 * 40, 6 * 40 + 50);
    let per_frame = psnr(&d.join("before.mp4"), &d.join("after.mp4"));
    assert_eq!(per_frame.len(), 330);
    for (f, db) in per_frame.iter().enumerate() {
        if !(from..to).contains(&f) {
            assert!(
                *db > 38.0,
                "frame {f} outside the edited scene changed: {db} dB"
            );
        }
    }
    let least = per_frame[from + 10..to - 10]
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    assert!(least < 30.0, "the new title shows in its scene: {least} dB");
    // Frames of the parts before it are untouched, bit for bit.
    let (before, after) = (frames(&d.join("before.mp4")), frames(&d.join("after.mp4")));
    assert_eq!(before[..from - 50], after[..from - 50]);
    // A fresh render draws scenes 6 and 7 in another run: the same pictures, up to the
    // encoder's rounding.
    let fresh = render_with(d, &p, &d.join("fresh.mp4"), Some(cache.write_only()));
    assert_eq!(fresh.reused.scenes, 0);
    let least = least_psnr(&d.join("after.mp4"), &d.join("fresh.mp4"));
    assert!(least > 45.0, "{least} dB");
}

#[test]
fn a_picture_replaced_under_the_same_name_size_and_time_is_rendered_anew() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Uncompressed pictures: any colour has the same size in bytes.
    let bmp = |path: &Path, hex: &str| {
        ffmpeg(&[
            "-f",
            "lavfi",
            "-i",
            &format!("color=c=0x{hex}:s=320x180:d=1"),
            "-frames:v",
            "1",
            path.to_str().unwrap(),
        ])
    };
    bmp(&d.join("a.bmp"), "e02020");
    bmp(&d.join("b.bmp"), "2020e0");
    let p = json!({
        "version": 1, "title": "Troca",
        "canvas": {"width": 320, "height": 180, "fps": 25},
        "scenes": [
            {"duration": 1, "background": {"image": "a.bmp"}},
            {"duration": 1, "background": {"color": "#808080"}}
        ]
    });
    let cache = PartCache::new(d.join("parts"), 1 << 30);
    render_with(d, &p, &d.join("red.mp4"), Some(cache.clone()));
    let a = d.join("a.bmp");
    let stamp = std::fs::metadata(&a).unwrap().modified().unwrap();
    let size = std::fs::metadata(&a).unwrap().len();
    // Overwritten in place (same inode), then its time put back.
    std::fs::write(&a, std::fs::read(d.join("b.bmp")).unwrap()).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&a)
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    assert_eq!(std::fs::metadata(&a).unwrap().len(), size);
    assert_eq!(std::fs::metadata(&a).unwrap().modified().unwrap(), stamp);
    let out = d.join("blue.mp4");
    let done = render_with(d, &p, &out, Some(cache));
    assert_eq!(done.reused.scenes, 1, "only the grey scene is reused");
    assert_color(
        pixel(&out, 0.5, 100, 100),
        [0x20, 0x20, 0xe0],
        24,
        "the new picture",
    );
}

#[test]
fn a_damaged_cached_part_is_found_out_and_rendered_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = project(d);
    let cache = PartCache::new(d.join("parts"), 1 << 30);
    render_with(d, &p, &d.join("first.mp4"), Some(cache.clone()));
    // One part cut short, one with a byte changed in the middle.
    let mut parts: Vec<PathBuf> = std::fs::read_dir(cache.dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ts"))
        .collect();
    parts.sort();
    assert!(parts.len() >= 2);
    let bytes = std::fs::read(&parts[0]).unwrap();
    std::fs::write(&parts[0], &bytes[..bytes.len() / 2]).unwrap();
    let mut bytes = std::fs::read(&parts[1]).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&parts[1], &bytes).unwrap();
    let again = render_with(d, &p, &d.join("again.mp4"), Some(cache.clone()));
    assert_eq!(again.reused.scenes, 6, "{:?}", again.reused);
    // The two drawn again (in other runs than the first time): the same pictures, up to the
    // encoder's rounding.
    let (first, again) = (d.join("first.mp4"), d.join("again.mp4"));
    assert_eq!(frames(&first).len(), frames(&again).len());
    let least = least_psnr(&first, &again);
    assert!(least > 45.0, "{least} dB");
    // Both were replaced by good copies: the next render takes everything.
    let third = render_with(d, &p, &d.join("third.mp4"), Some(cache));
    assert_eq!(third.reused.scenes, 8);
}

#[test]
fn the_cache_keeps_within_its_bound() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = project(d);
    let roomy = PartCache::new(d.join("parts"), 1 << 30);
    render_with(d, &p, &d.join("a.mp4"), Some(roomy.clone()));
    let sizes: Vec<u64> = roomy.entries().iter().map(|e| e.bytes).collect();
    let total: u64 = sizes.iter().sum();
    let bound = total - sizes.iter().min().unwrap();
    roomy.clear();
    let tight = PartCache::new(d.join("parts"), bound);
    render_with(d, &p, &d.join("b.mp4"), Some(tight.clone()));
    let kept: u64 = tight.entries().iter().map(|e| e.bytes).sum();
    assert!(kept <= bound, "{kept} > {bound}");
    assert!(tight.entries().len() < sizes.len());
    // A part and its record go together: nothing is left that no record describes.
    let files = std::fs::read_dir(tight.dir()).unwrap().count();
    assert_eq!(files, 2 * tight.entries().len());
}

/// `n` scenes of 1 s, each its own picture (`p{i}.png`, grey levels), with a title and a fade
/// across every join, at 320×180.
fn long_project(dir: &Path, n: usize) -> Value {
    for i in 0..n {
        let level = 40 + (i * 180 / n.max(1)) as u8;
        png(
            &dir.join(format!("p{i}.png")),
            320,
            180,
            &format!("{level:02x}{level:02x}{level:02x}"),
        );
    }
    let scenes: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "duration": 1,
                "background": {"image": format!("p{i}.png")},
                "texts": [{"text": format!("Cena {i}"), "y": 0.2, "size": 0.12}],
                "transition": {"type": "fade", "duration": 0.2}
            })
        })
        .collect();
    json!({
        "version": 1, "title": "Longo",
        "canvas": {"width": 320, "height": 180, "fps": 25},
        "scenes": scenes
    })
}

#[test]
fn a_picture_changed_while_a_render_runs_is_never_kept_under_the_old_pictures_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut p = long_project(d, 20);
    // The last scene is red; it is drawn by the last of the runs, long after the inputs were
    // hashed.
    png(&d.join("last.png"), 320, 180, "e02020");
    p["scenes"][19]["background"]["image"] = json!("last.png");
    let red = std::fs::read(d.join("last.png")).unwrap();
    png(&d.join("blue.png"), 320, 180, "2020e0");
    let blue = std::fs::read(d.join("blue.png")).unwrap();
    let cache = PartCache::new(d.join("parts"), 1 << 30);
    let loaded = load(&write(d, &p)).unwrap();
    let prepared = prepare(&loaded.project, &d.join("speech")).unwrap();
    // At the first word of progress the runs have started: the picture is made blue.
    let mut changed = false;
    render(
        &prepared,
        PresetId::Mp4_480p.preset(),
        &RenderOptions::default(),
        &d.join("during.mp4"),
        &session(&CancelToken::new()).with_parts(Some(cache.clone())),
        |_| {
            if !changed {
                changed = true;
                std::fs::write(d.join("last.png"), &blue).unwrap();
            }
        },
    )
    .unwrap();
    assert!(changed);
    // The red picture back (scene 19 runs from 15.2 s to 16.2 s): a render from the cache shows red, as one that reads nothing does.
    std::fs::write(d.join("last.png"), &red).unwrap();
    let again = render_with(d, &p, &d.join("again.mp4"), Some(cache.clone()));
    assert_color(
        pixel(&d.join("again.mp4"), 15.9, 160, 150),
        [0xe0, 0x20, 0x20],
        24,
        "the red picture, not what was drawn while it was blue",
    );
    let fresh = render_with(d, &p, &d.join("fresh.mp4"), Some(cache.write_only()));
    assert_eq!(fresh.reused.scenes, 0);
    let least = least_psnr(&d.join("fresh.mp4"), &d.join("again.mp4"));
    assert!(least > 45.0, "{least} dB; {:?}", again.reused);
}

#[test]
fn a_farm_piece_reads_only_its_own_parts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = long_project(d, 20);
    let cache = PartCache::new(d.join("parts"), 1 << 30);
    let loaded = load(&write(d, &p)).unwrap();
    let prepared = prepare(&loaded.project, &d.join("speech")).unwrap();
    let piece = |k: usize| {
        estudio_render::render_pieces(
            &prepared,
            PresetId::Mp4_480p.preset(),
            &RenderOptions::default(),
            &d.join("farm.mp4"),
            &session(&CancelToken::new()).with_parts(Some(cache.clone())),
            &estudio_render::Pieces::one(k),
            |_| {},
        )
        .unwrap()
    };
    assert_eq!(piece(0).scenes, 0);
    let first: Vec<String> = cache.entries().into_iter().map(|e| e.key).collect();
    assert_eq!(first.len(), 10, "piece 0 is scenes 0 to 9, a part each");
    // Piece 0's entries marked as used long ago: a lookup would mark them used now.
    let long_ago = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    for key in &first {
        std::fs::File::options()
            .write(true)
            .open(cache.dir().join(format!("{key}.json")))
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    assert_eq!(piece(1).scenes, 0, "nothing of piece 1 was there");
    let entries = cache.entries();
    assert_eq!(entries.len(), 20);
    for e in entries.iter().filter(|e| first.contains(&e.key)) {
        assert_eq!(
            e.last_used, long_ago,
            "piece 1 looked up piece 0's part {}",
            e.key
        );
    }
    // The owner's render then takes all of them.
    let whole = render_with(d, &p, &d.join("farm.mp4"), Some(cache));
    assert_eq!((whole.reused.scenes, whole.reused.of), (20, 20));
}

/// The video packets' time stamps of `path`, in seconds, in presentation order.
fn picture_times(path: &Path) -> Vec<f64> {
    let out = std::process::Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-select_streams",
            "v",
            "-show_entries",
            "packet=pts_time",
        ])
        .args(["-of", "csv=p=0"])
        .arg(path)
        .output()
        .unwrap();
    let mut times: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().trim_end_matches(',').parse().ok())
        .collect();
    times.sort_by(f64::total_cmp);
    times
}

#[test]
fn parts_join_end_to_end_every_frame_at_its_own_time() {
    // Parts of every length, joined by stream copy: each starts one frame after the one before
    // ends. (An MPEG-TS part's end read from its container was sometimes a frame short, so the
    // next part's first frame took the last one's time and a player dropped one of them: the
    // video was frames short and its sound ran ahead.)
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scenes: Vec<Value> = (0..60)
        .map(|i| {
            let kind = ["fade", "wipeleft", "dissolve", "radial", "zoomin"][i % 5];
            let colour = ["#e02020", "#2020e0"][i % 2];
            json!({"duration": 0.4, "background": {"color": colour},
                   "transition": {"type": kind, "duration": 0.2}})
        })
        .collect();
    let p = json!({"version": 1, "title": "Partes",
                   "canvas": {"width": 640, "height": 360, "fps": 25}, "scenes": scenes});
    let out = d.join("joined.mp4");
    let loaded = load(&write(d, &p)).unwrap();
    let prepared = prepare(&loaded.project, &d.join("speech")).unwrap();
    let rendered = render(
        &prepared,
        PresetId::Mp4_720p.preset(),
        &RenderOptions::default(),
        &out,
        &session(&CancelToken::new()),
        |_| {},
    )
    .unwrap();
    let expected = loaded.project.timeline().total_frames as usize;
    let times = picture_times(&out);
    assert_eq!(times.len(), expected, "{:?}", rendered.reused);
    for (k, pair) in times.windows(2).enumerate() {
        let step = pair[1] - pair[0];
        assert!(
            (step - 0.04).abs() < 0.002,
            "frames {k} and {} are {step} s apart",
            k + 1
        );
    }
}
