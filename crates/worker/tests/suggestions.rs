//! Suggested destinations, with the user's folders as the desktop names them. Alone in its test
//! binary: it sets `HOME` for the whole process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use estudio_render::PresetId;
use estudio_worker::outputs::suggest_destination;
use estudio_worker::prefs::Prefs;

#[test]
fn a_suggestion_follows_the_last_destination_then_the_folders_and_never_an_existing_file() {
    let home = tempfile::tempdir().unwrap();
    let projects = home.path().join("Projetos");
    std::fs::create_dir(&projects).unwrap();
    let project = projects.join("talk.estudio");
    // The only test in this binary, so nothing else reads HOME meanwhile.
    std::env::set_var("HOME", home.path());
    std::env::set_var("XDG_CONFIG_HOME", home.path().join(".config"));

    // No videos folder: the home folder (never the app's hidden data folder, where the sample
    // lives), named by the title, what a file name cannot hold replaced.
    let prefs = Prefs::default();
    let got = suggest_destination(&prefs, &project, "Aula 1: a/b?", PresetId::Mp4_720p);
    assert_eq!(got, home.path().join("Aula 1_ a_b_.mp4"));
    // An existing file is never suggested, nor a name whose poster or captions are there.
    std::fs::write(&got, b"x").unwrap();
    let next = suggest_destination(&prefs, &project, "Aula 1: a/b?", PresetId::Mp4_720p);
    assert_eq!(next, home.path().join("Aula 1_ a_b_ (2).mp4"));
    std::fs::write(home.path().join("Aula 1_ a_b_ (2).srt"), b"x").unwrap();
    let third = suggest_destination(&prefs, &project, "Aula 1: a/b?", PresetId::Mp4_720p);
    assert_eq!(third, home.path().join("Aula 1_ a_b_ (3).mp4"));
    // A title that would be a hidden file, or nothing at all.
    let hidden = suggest_destination(&prefs, &project, "..", PresetId::Gif);
    assert_eq!(hidden, home.path().join("video.gif"));

    // A Portuguese desktop: the videos folder is `~/Vídeos`, as its user-dirs file says.
    let videos = home.path().join("Vídeos");
    std::fs::create_dir(&videos).unwrap();
    std::fs::create_dir(home.path().join(".config")).unwrap();
    std::fs::write(
        home.path().join(".config/user-dirs.dirs"),
        "XDG_VIDEOS_DIR=\"$HOME/Vídeos\"\n",
    )
    .unwrap();
    let got = suggest_destination(&prefs, &project, "Aula", PresetId::Mp4_720p);
    assert_eq!(got, videos.join("Aula.mp4"));

    // The preferred output folder comes first.
    let out = home.path().join("Saída");
    std::fs::create_dir(&out).unwrap();
    let mut prefs = Prefs {
        output_folder: Some(out.to_string_lossy().into_owned()),
        ..Prefs::default()
    };
    assert_eq!(
        suggest_destination(&prefs, &project, "Aula", PresetId::Webm_1080p),
        out.join("Aula.webm")
    );
    // A project exported before gets its last destination again, with the preset's extension;
    // a preview never does.
    prefs.destinations.insert(
        project.to_string_lossy().into_owned(),
        projects
            .join("final cut.mp4")
            .to_string_lossy()
            .into_owned(),
    );
    assert_eq!(
        suggest_destination(&prefs, &project, "Aula", PresetId::Gif),
        projects.join("final cut.gif")
    );
    // That video is there now (another project's export, or this one's): proposed is the next
    // free name; replacing it is the person's choice, asked for.
    std::fs::write(projects.join("final cut.mp4"), b"x").unwrap();
    assert_eq!(
        suggest_destination(&prefs, &project, "Aula", PresetId::Mp4_720p),
        projects.join("final cut (2).mp4")
    );
    assert_eq!(
        suggest_destination(&prefs, &project, "Aula", PresetId::Preview),
        out.join("Aula.mp4")
    );
}
