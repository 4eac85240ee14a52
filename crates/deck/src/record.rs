//! What an import remembers of each slide (`imported.slides` in the project, and each scene's
//! `slide`), and the scene it writes for a slide: the base a new version of the deck is merged
//! against (`update`).

use estudio_project::imported::ImportedSlide;
use serde_json::{json, Value};

use crate::Slide;

/// A slide shown in the slide show, as drawn: its place among the shown slides (from 1), what
/// the deck says of it, its picture's file name and its look.
pub(crate) struct Shown<'a> {
    pub number: usize,
    pub slide: &'a Slide,
    pub picture: &'a std::path::Path,
    pub look: &'a (u64, String),
}

/// A file's content as the records name it: its BLAKE3, hex.
pub(crate) fn file_hash(path: &std::path::Path) -> std::io::Result<String> {
    let hash = blake3::Hasher::new()
        .update_reader(std::fs::File::open(path)?)?
        .finalize();
    Ok(hash.to_hex().to_string())
}

/// The record of a shown slide; its picture is `image` (as the project names it).
pub(crate) fn record(
    shown: &Shown<'_>,
    image: String,
    slide_secs: f64,
) -> std::io::Result<ImportedSlide> {
    let picture = file_hash(shown.picture)?;
    let slide = shown.slide;
    let name = slide
        .title
        .as_deref()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    let notes = slide.notes.trim();
    let narration = (!notes.is_empty()).then(|| notes.to_owned());
    // The words a person reads on the slide and hears: white space aside, the same words are
    // the same slide.
    let (fingerprint, text) = shown.look;
    let words: Vec<&str> = text
        .split_whitespace()
        .chain(notes.split_whitespace())
        .collect();
    let words = (!words.is_empty()).then(|| {
        blake3::hash(words.join(" ").as_bytes())
            .to_hex()
            .to_string()
    });
    Ok(ImportedSlide {
        key: slide
            .key
            .clone()
            .unwrap_or_else(|| format!("page:{}", shown.number)),
        picture,
        fingerprint: format!("{fingerprint:016x}"),
        words,
        duration: narration.is_none().then_some(slide_secs),
        image,
        narration,
        name,
    })
}

/// The scene an import writes for `record`: its picture, its title as its name, its notes
/// spoken (and captioned as spoken: a caption is written only where it differs from the
/// narration, so a fixed narration never leaves a stale caption behind), or a still of
/// `duration` without notes.
pub(crate) fn scene(record: &ImportedSlide) -> Value {
    let mut scene = json!({
        "background": {"image": record.image, "fit": "contain"},
    });
    if let Some(name) = &record.name {
        scene["name"] = json!(name);
    }
    match (&record.narration, record.duration) {
        (Some(text), _) => scene["narration"] = json!({ "text": text }),
        (None, Some(secs)) => scene["duration"] = json!(secs),
        (None, None) => {}
    }
    scene["slide"] = json!(record.key);
    scene
}
