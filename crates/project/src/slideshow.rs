//! A quick project from a set of dropped files: one scene per image, in name order, each
//! narrated by the audio file of the same name when there is one, else spoken from the text file
//! of the same name (`slide1.png` + `slide1.txt`); another audio file becomes the music. The project is written beside the images and opened like any other.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{
    Background, Canvas, Defaults, Fit, Music, Narration, NarrationDefaults, Project, Scene,
    Transition, FORMAT_VERSION,
};

/// Seconds a slide without narration stays on screen.
pub const SLIDE_SECS: f64 = 5.0;
/// Crossfade between slides.
pub const FADE_SECS: f64 = 0.5;

/// Pictures a slideshow takes (lowercase; names are matched in any case).
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff"];
/// Sounds a slideshow takes, as narrations or music.
pub const AUDIO_EXTENSIONS: &[&str] = &["mp3", "ogg", "oga", "opus", "wav", "flac", "m4a", "aac"];
/// Texts a slideshow speaks as narrations (matched to a slide by name).
pub const TEXT_EXTENSIONS: &[&str] = &["txt"];
/// Project files: Estúdio's own, and plain JSON in the same format.
pub const PROJECT_EXTENSIONS: &[&str] = &["estudio", "json"];

/// What [`create`] wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Slideshow {
    /// The new project file.
    pub path: PathBuf,
    /// Files given that the project does not use (neither image nor audio, or a second spare
    /// audio file), so the window can say so.
    pub unused: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum SlideshowError {
    NoImages,
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl SlideshowError {
    /// In words, for people.
    pub fn message(&self) -> estudio_words::Message {
        use estudio_words::Message;
        match self {
            SlideshowError::NoImages => Message::NoImages,
            SlideshowError::Write { path, source } => Message::ProjectUnwritable {
                path: path.display().to_string(),
                cause: source.into(),
            },
        }
    }
}

impl std::fmt::Display for SlideshowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

/// Name order as people read it (`slide2` before `slide10`), by file name, whatever the folder.
fn by_name(files: &mut [&PathBuf]) {
    files.sort_by(|a, b| {
        let name = |p: &Path| p.file_name().unwrap_or_default().to_owned();
        alphanumeric_sort::compare_os_str(name(a), name(b)).then_with(|| a.cmp(b))
    });
}

/// The images among `files`, in name order: the slides.
fn images_by_name(files: &[PathBuf]) -> Vec<&PathBuf> {
    let mut images: Vec<&PathBuf> = files
        .iter()
        .filter(|f| extension_in(f, IMAGE_EXTENSIONS))
        .collect();
    by_name(&mut images);
    images
}

fn extension_in(path: &Path, list: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| list.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// How the project refers to `file`: by name when it sits in the project's folder, else by its
/// absolute path.
fn reference(file: &Path, folder: &Path) -> String {
    match file.strip_prefix(folder) {
        Ok(rel) => rel.to_string_lossy().into_owned(),
        Err(_) => file.to_string_lossy().into_owned(),
    }
}

/// Builds the project for `files` (absolute paths) whose file will sit in `folder`; text
/// narrations are spoken by `voice` (the project's default voice) when one is given.
///
/// # Errors
/// [`SlideshowError::NoImages`] when no file is an image.
pub fn build(
    files: &[PathBuf],
    folder: &Path,
    voice: Option<&str>,
) -> Result<(Project, Vec<PathBuf>), SlideshowError> {
    let images = images_by_name(files);
    if images.is_empty() {
        return Err(SlideshowError::NoImages);
    }
    let mut audio: BTreeMap<String, &PathBuf> = BTreeMap::new();
    let mut unused = Vec::new();
    for f in files.iter().filter(|f| extension_in(f, AUDIO_EXTENSIONS)) {
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if audio.insert(stem, f).is_some() {
            unused.push(f.clone());
        }
    }
    let mut texts: BTreeMap<String, &PathBuf> = BTreeMap::new();
    for f in files.iter().filter(|f| extension_in(f, TEXT_EXTENSIONS)) {
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if texts.insert(stem, f).is_some() {
            unused.push(f.clone());
        }
    }
    unused.extend(
        files
            .iter()
            .filter(|f| {
                !extension_in(f, IMAGE_EXTENSIONS)
                    && !extension_in(f, AUDIO_EXTENSIONS)
                    && !extension_in(f, TEXT_EXTENSIONS)
            })
            .cloned(),
    );
    let last = images.len() - 1;
    let scenes: Vec<Scene> = images
        .iter()
        .enumerate()
        .map(|(i, image)| {
            let stem = image
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let recorded = audio.remove(&stem).map(|src| Narration {
                src: Some(reference(src, folder)),
                ..Narration::default()
            });
            let text = texts.remove(&stem);
            // A recording wins over a text of the same name, which is then unused.
            let narration = match (recorded, text) {
                (Some(n), text) => {
                    unused.extend(text.cloned());
                    Some(n)
                }
                (None, Some(file)) => match std::fs::read_to_string(file) {
                    Ok(text) if !text.trim().is_empty() => Some(Narration {
                        text: Some(text.trim().to_owned()),
                        ..Narration::default()
                    }),
                    _ => {
                        unused.push(file.clone());
                        None
                    }
                },
                (None, None) => None,
            };
            Scene {
                name: None,
                // A narrated slide lasts as long as its narration.
                duration: narration.is_none().then_some(SLIDE_SECS),
                pad: None,
                background: Background::Image {
                    image: reference(image, folder),
                    fit: Fit::Contain,
                    blur: None,
                    motion: None,
                },
                videos: Vec::new(),
                images: Vec::new(),
                texts: Vec::new(),
                narration,
                caption: None,
                transition: (i < last).then(|| Transition {
                    kind: "fade".to_owned(),
                    duration: Some(FADE_SECS),
                    easing: None,
                }),
                slide: None,
            }
        })
        .collect();
    // Audio not matched to a slide: the first (in name order) plays under the whole video.
    let mut spare: Vec<&PathBuf> = audio.into_values().collect();
    by_name(&mut spare);
    let music = spare.first().map(|src| Music {
        src: reference(src, folder),
        volume: 0.3,
        r#loop: true,
        duck: true,
        start: 0.0,
        end: None,
        delay: 0.0,
    });
    unused.extend(spare.iter().skip(1).map(|p| (*p).clone()));
    unused.extend(texts.into_values().cloned());
    let spoken = scenes_spoken(&scenes);
    let title = folder.file_name().map_or_else(
        || "Slideshow".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok((
        Project {
            version: FORMAT_VERSION,
            title,
            canvas: Canvas {
                width: 1920,
                height: 1080,
                fps: 30,
                background: "#000000".to_owned(),
            },
            scenes,
            music,
            defaults: voice.filter(|_| spoken).map(|voice| Defaults {
                narration: Some(NarrationDefaults {
                    voice: Some(voice.to_owned()),
                    ..NarrationDefaults::default()
                }),
                ..Defaults::default()
            }),
            pronunciations: Vec::new(),
            imported: None,
            filled: crate::Filled::default(),
        },
        unused,
    ))
}

fn scenes_spoken(scenes: &[Scene]) -> bool {
    scenes
        .iter()
        .any(|s| s.narration.as_ref().is_some_and(|n| n.text.is_some()))
}

/// Writes a slideshow project for `files` (absolute paths) into the first image's folder, named
/// after that folder, never replacing a file already there (`NAME (2).estudio`, ...). Its text
/// narrations are spoken by `voice` when one is given.
///
/// # Errors
/// No image among the files, or the project cannot be written.
pub fn create(files: &[PathBuf], voice: Option<&str>) -> Result<Slideshow, SlideshowError> {
    let folder = images_by_name(files)
        .first()
        .and_then(|f| f.parent())
        .ok_or(SlideshowError::NoImages)?
        .to_owned();
    let (project, unused) = build(files, &folder, voice)?;
    let json = serde_json::to_string_pretty(&project).expect("a project always serialises");
    let stem = project.title.clone();
    for n in 1.. {
        let name = if n == 1 {
            format!("{stem}.estudio")
        } else {
            format!("{stem} ({n}).estudio")
        };
        let path = folder.join(name);
        // create_new: an existing project is never replaced, even by a race with another process.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                let written = file
                    .write_all(json.as_bytes())
                    .and_then(|()| file.write_all(b"\n"))
                    .and_then(|()| file.sync_all());
                if let Err(source) = written {
                    // A half-written project is worse than none.
                    std::fs::remove_file(&path).ok();
                    return Err(SlideshowError::Write { path, source });
                }
                return Ok(Slideshow { path, unused });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(source) => return Err(SlideshowError::Write { path, source }),
        }
    }
    unreachable!("some numbered name is free")
}
