//! A new version of a deck brought into the project imported from it, keeping every fix made
//! since: the deck is drawn as an import draws it, its slides merged three ways with the
//! project's scenes (`merge`), and the result handed back as values for the editor to apply as
//! one step of its history, with the pictures it needs.
//!
//! Pictures are never written over: a slide's picture that did not change keeps its file, a new
//! one gets a name of its own. So the project before the update (an undo, a copy in the
//! journal) still shows what it showed, and the render cache, keyed by content, draws only the
//! scenes whose pictures, words or speech changed.

use std::path::{Path, PathBuf};

use estudio_project::imported::{Imported, ImportedSlide};
use estudio_render::CancelToken;
use estudio_words::Message;
use serde_json::Value;

use crate::import::{deck_kind, deck_name, draw, drawn_records, folder_name, project_dir};
use crate::merge::{merge, shown, Event, Merged};
use crate::{ImportError, ImportOptions, Stage};

/// A merged update, not yet written.
pub struct Update {
    pub merged: Merged,
    pub deck: PathBuf,
    pub project: PathBuf,
    /// Pictures the folder does not hold yet: (drawn, where it goes).
    pictures: Vec<(PathBuf, PathBuf)>,
    /// Where the drawn pictures are until then.
    _work: tempfile::TempDir,
}

/// Pictures an update wrote, to be removed again if the project could not be saved.
#[must_use = "remove the pictures if the project is not saved"]
pub struct Written(Vec<PathBuf>);

impl Written {
    /// The project was saved: the pictures stay.
    pub fn keep(self) {}

    /// Removes the pictures written (the project was not saved).
    pub fn remove(self) {
        for path in self.0 {
            if let Err(e) = std::fs::remove_file(&path) {
                tracing::warn!(path = %path.display(), error = %e, "could not remove a picture of a failed update");
            }
        }
    }
}

impl Update {
    /// The change to the project's document, one step of its history: its new `scenes` and
    /// `imported`.
    pub fn op(&self) -> estudio_edit::Op {
        use estudio_edit::Op;
        Op::Batch {
            ops: vec![
                Op::set("/scenes", Value::Array(self.merged.scenes.clone())),
                Op::set(
                    "/imported",
                    serde_json::to_value(&self.merged.imported).unwrap_or(Value::Null),
                ),
            ],
        }
    }

    /// Writes the pictures the merged project needs into its pictures' folder; never over a
    /// file.
    ///
    /// # Errors
    /// [`ImportError::Io`]; what was written before the error is removed.
    pub fn write_pictures(&self) -> Result<Written, ImportError> {
        let mut written = Vec::new();
        for (from, to) in &self.pictures {
            if let Some(dir) = to.parent() {
                if let Err(source) = std::fs::create_dir_all(dir) {
                    Written(written).remove();
                    return Err(ImportError::Io {
                        path: dir.to_owned(),
                        source,
                    });
                }
            }
            // A link made anew fails if the name is taken: nothing is ever replaced.
            match std::fs::hard_link(from, to).or_else(|_| copy_new(from, to)) {
                Ok(()) => written.push(to.clone()),
                Err(source) => {
                    Written(written).remove();
                    return Err(ImportError::Io {
                        path: to.clone(),
                        source,
                    });
                }
            }
        }
        Ok(Written(written))
    }

    /// What the update did, one sentence each, the summary last.
    pub fn messages(&self) -> Vec<Message> {
        let n = |v: usize| v as u64 + 1;
        let mut out = Vec::new();
        let (mut taken, mut kept, mut conflicts, mut added, mut removed) = (0, 0, 0, 0, 0);
        for event in &self.merged.events {
            out.push(match event {
                Event::Taken {
                    scene,
                    slide,
                    field,
                } => {
                    taken += 1;
                    Message::UpdateTaken {
                        scene: n(*scene),
                        slide: *slide as u64,
                        field: field.as_str().to_owned(),
                    }
                }
                Event::Kept {
                    scene,
                    slide,
                    field,
                } => {
                    kept += 1;
                    Message::UpdateKept {
                        scene: n(*scene),
                        slide: *slide as u64,
                        field: field.as_str().to_owned(),
                    }
                }
                Event::Conflict {
                    scene,
                    slide,
                    field,
                    ours,
                    theirs,
                    ..
                } => {
                    conflicts += 1;
                    Message::UpdateConflict {
                        scene: n(*scene),
                        slide: *slide as u64,
                        field: field.as_str().to_owned(),
                        ours: shown(ours),
                        theirs: shown(theirs),
                    }
                }
                Event::Added { scene, slide } => {
                    added += 1;
                    Message::UpdateAdded {
                        scene: n(*scene),
                        slide: *slide as u64,
                    }
                }
                Event::Removed { was, name } => {
                    removed += 1;
                    Message::UpdateRemoved {
                        scene: n(*was),
                        name: name.clone().unwrap_or_default(),
                    }
                }
                Event::Orphaned { scene, .. } => Message::UpdateOrphaned { scene: n(*scene) },
                Event::LeftOut { slide } => Message::UpdateLeftOut {
                    slide: *slide as u64,
                },
                Event::Moved { scene, slide } => Message::UpdateMoved {
                    scene: n(*scene),
                    slide: *slide as u64,
                },
            });
        }
        out.push(Message::UpdateDone {
            project: self.project.display().to_string(),
            deck: self.deck.display().to_string(),
            taken,
            kept,
            conflicts,
            added,
            removed,
        });
        out
    }
}

/// A copy that never replaces (where a link cannot be made: another file system).
fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    let result = file
        .write_all(&std::fs::read(from)?)
        .and_then(|()| file.sync_all());
    if result.is_err() {
        // Best effort: the error that made it is the one said.
        std::fs::remove_file(to).ok();
    }
    result
}

/// Draws `deck` and merges it into the project at `project`, whose JSON is `current` (as the
/// editor holds it, unsaved changes included).
///
/// # Errors
/// [`ImportError`]: the project remembers no import ([`ImportError::NoRecords`]), the deck has
/// no slide in common with it (unless `options.force`), or the deck cannot be drawn.
pub fn update(
    deck: &Path,
    project: &Path,
    current: &Value,
    options: &ImportOptions,
    cancel: &CancelToken,
    progress: impl FnMut(Stage),
) -> Result<Update, ImportError> {
    let base = records(project, current)?;
    let scenes = current
        .get("scenes")
        .and_then(Value::as_array)
        .cloned()
        .ok_or_else(|| ImportError::BadRecords {
            project: project.to_owned(),
            at: "/scenes".into(),
            detail: "not a list of scenes".into(),
        })?;
    let kinds = deck_kind(deck)?;
    let drawn = draw(deck, kinds, project, options, cancel, progress)?;
    let folder_name = folder_name(project);
    let mut theirs = drawn_records(&drawn, &folder_name, options.slide_secs, cancel)?;
    let dir = project_dir(project);
    let (pictures, retouched) = name_pictures(
        &mut theirs,
        &base,
        &drawn.fresh,
        &drawn.names,
        dir,
        &folder_name,
    );
    let retouched: std::collections::HashSet<&str> = retouched.iter().map(String::as_str).collect();
    let merged = merge(
        &scenes,
        &base,
        deck_name(deck),
        &theirs,
        &retouched,
        options.slide_secs,
    );
    if merged.in_common == 0 && !options.force {
        return Err(ImportError::NothingInCommon {
            deck: deck.to_owned(),
            project: project.to_owned(),
        });
    }
    // A project is never left without a scene (the person removed all but the ones the deck
    // removed).
    if merged.scenes.is_empty() {
        return Err(ImportError::NothingLeft {
            project: project.to_owned(),
        });
    }
    if cancel.is_canceled() {
        return Err(ImportError::Canceled);
    }
    Ok(Update {
        merged,
        deck: deck.to_owned(),
        project: project.to_owned(),
        pictures,
        _work: drawn.work,
    })
}

/// The project's import record: `NoRecords` without one, `BadRecords` at the field that is
/// wrong in a damaged one (its keys must be unique: scenes are tied to slides by them).
fn records(project: &Path, current: &Value) -> Result<Imported, ImportError> {
    let value = current
        .get("imported")
        .ok_or_else(|| ImportError::NoRecords {
            project: project.to_owned(),
        })?;
    let bad = |at: String, detail: String| ImportError::BadRecords {
        project: project.to_owned(),
        at,
        detail,
    };
    let base: Imported = serde_path_to_error::deserialize(value).map_err(|e| {
        let at = e
            .path()
            .iter()
            .map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => index.to_string(),
                serde_path_to_error::Segment::Map { key } => key.clone(),
                serde_path_to_error::Segment::Enum { variant } => variant.clone(),
                serde_path_to_error::Segment::Unknown => "?".into(),
            })
            .fold(String::from("/imported"), |at, seg| format!("{at}/{seg}"));
        bad(at, e.into_inner().to_string())
    })?;
    let mut keys = std::collections::HashSet::new();
    for (i, slide) in base.slides.iter().enumerate() {
        if !keys.insert(slide.key.as_str()) {
            return Err(bad(
                format!("/imported/slides/{i}/key"),
                format!("\"{}\" twice", slide.key),
            ));
        }
    }
    Ok(base)
}

/// Names each new slide's picture in the project's pictures' folder, rewriting its record's
/// `image`: the file an earlier import wrote when it holds the same picture, else
/// `slide-NNN.png` when free (or holding the same), else `slide-NNN-HASH.png`. Returns the
/// pictures to write, and the pictures of the last import whose files the person changed.
fn name_pictures(
    theirs: &mut [ImportedSlide],
    base: &Imported,
    fresh: &Path,
    names: &[String],
    dir: &Path,
    folder_name: &str,
) -> (Vec<(PathBuf, PathBuf)>, Vec<String>) {
    let holds = |relative: &str, picture: &str| {
        let path = dir.join(relative);
        path.is_file() && crate::record::file_hash(&path).is_ok_and(|h| h == picture)
    };
    // Each picture an earlier import wrote, still there as it wrote it (each file read once);
    // one there but changed was retouched by the person.
    let mut before = std::collections::HashMap::new();
    let mut retouched = Vec::new();
    for b in &base.slides {
        if holds(&b.image, &b.picture) {
            before.insert(b.picture.as_str(), b.image.as_str());
        } else if dir.join(&b.image).is_file() {
            retouched.push(b.image.clone());
        }
    }
    let mut to_write = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for (record, name) in theirs.iter_mut().zip(names) {
        if let Some(image) = before.get(record.picture.as_str()) {
            record.image = (*image).to_owned();
            continue;
        }
        let stem = name.trim_end_matches(".png");
        let short = &record.picture[..12.min(record.picture.len())];
        let candidates = [
            format!("{folder_name}/{name}"),
            format!("{folder_name}/{stem}-{short}.png"),
        ];
        let free = candidates
            .iter()
            .find(|c| !taken.contains(*c) && (holds(c, &record.picture) || !dir.join(c).exists()));
        // Both taken by other pictures (a hash prefix shared): the full hash is unique.
        let chosen = free
            .cloned()
            .unwrap_or_else(|| format!("{folder_name}/{stem}-{}.png", record.picture));
        if !holds(&chosen, &record.picture) {
            to_write.push((fresh.join(name), dir.join(&chosen)));
        }
        taken.insert(chosen.clone());
        record.image = chosen;
    }
    (to_write, retouched)
}
