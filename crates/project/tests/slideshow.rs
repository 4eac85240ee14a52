//! A slideshow project from dropped files: order, narration by name, music, never overwriting.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use estudio_project::slideshow::{create, SlideshowError, FADE_SECS, SLIDE_SECS};
use estudio_project::{load, Background};

fn touch(dir: &std::path::Path, names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|n| {
            let p = dir.join(n);
            std::fs::write(&p, b"x").unwrap();
            p
        })
        .collect()
}

#[test]
fn images_in_name_order_narrated_by_namesakes_with_the_spare_audio_as_music() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("Aula 3 – Redes");
    std::fs::create_dir(&dir).unwrap();
    let files = touch(
        &dir,
        &[
            "slide10.png",
            "slide2.PNG",
            "slide1.jpg",
            "slide2.ogg",
            "trilha.mp3",
            "zz-outra.wav",
            "notas.txt",
            "it's \"quoted\" [1].webp",
        ],
    );
    let made = create(&files, None).unwrap();
    assert_eq!(made.path, dir.join("Aula 3 – Redes.estudio"));
    // The person's file, as any they make (0666 less the umask).
    let mode = |p: &std::path::Path| {
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
            & 0o777
    };
    std::fs::write(dir.join("mine"), b"x").unwrap();
    assert_eq!(mode(&made.path), mode(&dir.join("mine")));
    let mut unused: Vec<String> = made
        .unused
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    unused.sort();
    assert_eq!(unused, ["notas.txt", "zz-outra.wav"]);

    let loaded = load(&made.path).unwrap();
    assert_eq!(loaded.problems, vec![], "the project is valid as written");
    let p = &loaded.project;
    assert_eq!(p.title, "Aula 3 – Redes");
    let images: Vec<String> = p
        .scenes
        .iter()
        .map(|s| match &s.background {
            Background::Image { image, .. } => PathBuf::from(image)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned(),
            other => panic!("not an image: {other:?}"),
        })
        .collect();
    assert_eq!(
        images,
        [
            "it's \"quoted\" [1].webp",
            "slide1.jpg",
            "slide2.PNG",
            "slide10.png"
        ]
    );
    // slide2 is narrated by slide2.ogg and lasts as long as it; the others have a fixed length.
    let narrated: Vec<bool> = p.scenes.iter().map(|s| s.narration.is_some()).collect();
    assert_eq!(narrated, [false, false, true, false]);
    assert_eq!(p.scenes[2].duration, None);
    assert_eq!(p.scenes[0].duration, Some(SLIDE_SECS));
    // Fades between slides, none after the last.
    assert!(p.scenes[..3]
        .iter()
        .all(|s| s.transition.as_ref().unwrap().duration == Some(FADE_SECS)));
    assert!(p.scenes[3].transition.is_none());
    let music = p.music.as_ref().unwrap();
    assert!(music.src.ends_with("trilha.mp3") && music.duck);

    // A second slideshow of the same folder does not replace the first.
    let before = std::fs::read(&made.path).unwrap();
    let second = create(&files, None).unwrap();
    assert_eq!(second.path, dir.join("Aula 3 – Redes (2).estudio"));
    assert_eq!(std::fs::read(&made.path).unwrap(), before);
}

#[test]
fn images_from_another_folder_are_referred_to_by_absolute_path() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let mut files = touch(a.path(), &["1.png"]);
    files.extend(touch(b.path(), &["2.png"]));
    let made = create(&files, None).unwrap();
    assert_eq!(made.path.parent().unwrap(), a.path());
    let loaded = load(&made.path).unwrap();
    assert_eq!(loaded.problems, vec![]);
    assert_eq!(loaded.project.scenes.len(), 2);
}

#[test]
fn without_an_image_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let files = touch(dir.path(), &["voz.ogg", "notas.txt"]);
    assert!(matches!(
        create(&files, None),
        Err(SlideshowError::NoImages)
    ));
    assert!(matches!(create(&[], None), Err(SlideshowError::NoImages)));
    let mut left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["notas.txt", "voz.ogg"]);
}

#[test]
fn a_text_file_named_like_a_slide_is_spoken_by_the_chosen_voice() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = touch(dir.path(), &["a.png", "b.png", "c.png", "c.wav"]);
    for (name, text) in [
        ("a.txt", "  Olá, turma.\n"),
        ("b.txt", " \n "),
        ("c.txt", "gravada ganha"),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        files.push(p);
    }
    let made = create(&files, Some("piper:pt_BR-faber-medium")).unwrap();
    let mut unused: Vec<String> = made
        .unused
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    unused.sort();
    // An empty text says nothing; a recording wins over a text of the same name.
    assert_eq!(unused, ["b.txt", "c.txt"]);
    let loaded = load(&made.path).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let p = &loaded.project;
    let a = p.scenes[0].narration.as_ref().unwrap();
    assert_eq!(a.text.as_deref(), Some("Olá, turma."));
    // The voice is the project's default, written in when the file was read.
    assert!(p.filled.is_filled("/scenes/0/narration/voice"));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&made.path).unwrap()).unwrap();
    assert!(written["scenes"][0]["narration"].get("voice").is_none());
    assert!(p.scenes[1].narration.is_none());
    assert!(p.scenes[2].narration.as_ref().unwrap().src.is_some());
    let speech = p.speech(0).unwrap();
    assert_eq!(speech.voice, "piper:pt_BR-faber-medium");
    assert_eq!(speech.voice_at.to_string(), "/defaults/narration/voice");
    assert_eq!(p.speech(2), None, "a recording is not spoken");

    // Without a text narration, no default voice is written.
    let dir = tempfile::tempdir().unwrap();
    let files = touch(dir.path(), &["a.png"]);
    let made = create(&files, Some("en-us")).unwrap();
    assert_eq!(load(&made.path).unwrap().project.defaults, None);
}
