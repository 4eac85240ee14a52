//! What a re-export takes from the cache of finished parts, with the real `estudio-cli render`:
//! never a part drawn by something that has changed since (a font installed for a family a text
//! names, a library ffmpeg loads), and a killed render's leftovers removed by the next one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{bin, least_psnr, temp_files};

/// Two scenes of 1 s: a title over grey, then a plain colour.
fn project(dir: &Path, font: &str) -> PathBuf {
    let path = dir.join("p.estudio");
    std::fs::write(
        &path,
        serde_json::json!({
            "version": 1, "title": "Fontes",
            "canvas": {"width": 320, "height": 180, "fps": 25},
            "scenes": [
                {"duration": 1, "background": {"color": "#404040"},
                 "texts": [{"text": "mmm iii WWW", "font": font, "size": 0.2}]},
                {"duration": 1, "background": {"color": "#2020c0"}}
            ]
        })
        .to_string(),
    )
    .unwrap();
    path
}

/// `estudio-cli render PROJECT -o OUT --preset preview [EXTRA]` on the data folder `data`,
/// with `env` set; it must succeed.
fn render(
    data: &Path,
    project: &Path,
    out: &Path,
    env: &[(&str, &Path)],
    extra: &[&str],
) -> Output {
    let mut c = bin();
    c.env("ESTUDIO_DATA_DIR", data)
        .args([
            "render",
            project.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["--preset", "preview"])
        .args(extra);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn from_cache(o: &Output) -> Option<String> {
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .find(|l| l.contains("from the cache"))
        .map(str::to_owned)
}

#[test]
fn a_font_installed_for_a_family_after_a_render_is_drawn_with_not_taken_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A fontconfig of its own: a folder of fonts with DejaVu Sans only, so "Liberation Mono"
    // falls back to it; installing the font is copying its file into that folder.
    let fonts = d.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::copy(
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        fonts.join("DejaVuSans.ttf"),
    )
    .unwrap();
    let conf = d.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\
             <dir>{}</dir><cachedir>{}</cachedir></fontconfig>\n",
            fonts.display(),
            d.join("fc-cache").display()
        ),
    )
    .unwrap();
    let env = [("FONTCONFIG_FILE", conf.as_path())];
    let (data, p) = (d.join("data"), project(d, "Liberation Mono"));
    let before = render(&data, &p, &d.join("before.mp4"), &env, &[]);
    assert_eq!(from_cache(&before), None);

    std::fs::copy(
        "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
        fonts.join("LiberationMono-Regular.ttf"),
    )
    .unwrap();
    let after = render(&data, &p, &d.join("after.mp4"), &env, &[]);
    assert_eq!(
        from_cache(&after).as_deref(),
        Some("1 of 2 scenes from the cache"),
        "the titled scene is drawn again with the installed font"
    );
    let fresh = render(&data, &p, &d.join("fresh.mp4"), &env, &["--no-cache"]);
    assert_eq!(from_cache(&fresh), None);
    let same = least_psnr(&d.join("fresh.mp4"), &d.join("after.mp4"));
    assert!(
        same > 45.0,
        "after = a render that reads nothing: {same} dB"
    );
    let changed = least_psnr(&d.join("before.mp4"), &d.join("after.mp4"));
    assert!(
        changed < 35.0,
        "the title looks different in the new font: {changed} dB"
    );
}

/// The file `ldd` says the program `ffmpeg` on `PATH` loads for `soname`.
fn library_of_ffmpeg(soname: &str) -> PathBuf {
    let ffmpeg = Command::new("sh")
        .args(["-c", "command -v ffmpeg"])
        .output()
        .unwrap();
    let ffmpeg = String::from_utf8_lossy(&ffmpeg.stdout).trim().to_owned();
    let ldd = Command::new("ldd").arg(&ffmpeg).output().unwrap();
    let listing = String::from_utf8_lossy(&ldd.stdout);
    let line = listing
        .lines()
        .find(|l| l.trim_start().starts_with(soname))
        .unwrap_or_else(|| panic!("{ffmpeg} does not load {soname}: {listing}"));
    PathBuf::from(
        line.split(" => ")
            .nth(1)
            .unwrap()
            .split(" (")
            .next()
            .unwrap(),
    )
}

#[test]
fn a_library_ffmpeg_loads_changed_under_the_same_ffmpeg_draws_every_part_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (data, p) = (d.join("data"), project(d, "DejaVu Sans"));
    render(&data, &p, &d.join("a.mp4"), &[], &[]);
    let again = render(&data, &p, &d.join("b.mp4"), &[], &[]);
    assert_eq!(
        from_cache(&again).as_deref(),
        Some("2 of 2 scenes from the cache")
    );
    // Another build of libx264 (its bytes differ; it loads and encodes the same), found first
    // through LD_LIBRARY_PATH as an upgraded library would be found in its place.
    let x264 = library_of_ffmpeg("libx264.so");
    let libs = d.join("libs");
    std::fs::create_dir_all(&libs).unwrap();
    let mut bytes = std::fs::read(&x264).unwrap();
    bytes.extend_from_slice(b"\0rebuilt");
    std::fs::write(libs.join(x264.file_name().unwrap()), bytes).unwrap();
    let env = [("LD_LIBRARY_PATH", libs.as_path())];
    let rebuilt = render(&data, &p, &d.join("c.mp4"), &env, &[]);
    assert_eq!(
        from_cache(&rebuilt),
        None,
        "nothing drawn by the old libx264 is taken"
    );
    // Kept under the new build's key: the next render with it takes everything.
    let next = render(&data, &p, &d.join("e.mp4"), &env, &[]);
    assert_eq!(
        from_cache(&next).as_deref(),
        Some("2 of 2 scenes from the cache")
    );
}

#[test]
fn a_killed_render_leaves_temporary_files_that_the_next_render_removes_but_never_a_live_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = d.join("data");
    let long = common::many_scenes(d, 60);
    let out_dir = d.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = out_dir.join("aula.mp4");
    let start = |extra: &[&str]| {
        bin()
            .env("ESTUDIO_DATA_DIR", &data)
            .args([
                "render",
                long.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .args(["--preset", "preview", "--no-cache"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let wait_for_temp = |what: &str, count: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while temp_files(&out_dir).len() < count {
            assert!(Instant::now() < deadline, "no temporary file of {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
        temp_files(&out_dir)
    };
    let mut killed = start(&["--poster", "1", "--captions"]);
    // The video's temporary file and the poster's.
    let left = wait_for_temp("the first render", 2);
    killed.kill().unwrap();
    killed.wait().unwrap();
    assert_eq!(
        temp_files(&out_dir),
        left,
        "a killed process removes nothing"
    );

    // The next render to that name (without a poster) removes them all, and makes its own.
    let mut live = start(&[]);
    let deadline = Instant::now() + Duration::from_secs(60);
    let theirs = loop {
        let now = temp_files(&out_dir);
        if !now.is_empty() && now.iter().all(|n| !left.contains(n)) {
            break now;
        }
        assert!(
            Instant::now() < deadline,
            "the killed render's files stayed: {now:?} ({left:?})"
        );
        std::thread::sleep(Duration::from_millis(20));
    };

    // Another render to the same destination meanwhile: the live render's files are its own.
    let short = project(d, "DejaVu Sans");
    render(&data, &short, &out, &[], &[]);
    assert!(
        live.try_wait().unwrap().is_none(),
        "the long render is still going"
    );
    assert_eq!(
        temp_files(&out_dir),
        theirs,
        "only the live render's files are left"
    );
    live.kill().unwrap();
    live.wait().unwrap();
}
