//! Getting a validated project ready to render: text narrations spoken, every media file probed,
//! and durations left to the narration filled in. Done when a job is queued (so the user sees
//! every problem at once) and its result is what the queue stores.

use std::path::Path;

use estudio_project::{Pointer, Problem, ProblemKind, Project, DEFAULT_PAD_SECS};
use estudio_words::Message;
use serde::{Deserialize, Serialize};

use crate::media::{self, MediaIndex};

use crate::speech::{SpeechError, Synthesizer};

/// A project ready to render: every narration a file, every scene's duration known, and what
/// each media file held when it was probed (to notice files changed before the render).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    pub project: Project,
    pub media: MediaIndex,
}

/// Prepares `project` (media paths absolute). `cache_dir` keeps spoken narrations (`speech/`)
/// and probe results (`probes.json`) between runs.
///
/// # Errors
/// Every problem found: invalid fields, media that cannot be decoded or lack a needed stream,
/// speech that cannot be synthesised, timings that no longer fit once durations are known.
pub fn prepare(project: &Project, cache_dir: &Path) -> Result<Prepared, Vec<Problem>> {
    let root = Path::new("/");
    let problems = estudio_project::validate(project, root);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut project = project.clone();
    let mut problems = Vec::new();
    speak(&mut project, &cache_dir.join("speech"), &mut problems);
    let cache = media::ProbeCache::new(cache_dir.join("probes.json"));
    let media = match media::probe_all(&project, &cache.load()) {
        Ok(m) => {
            cache.store(&m);
            m
        }
        Err(p) => {
            problems.extend(p);
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    for scene in &mut project.scenes {
        if scene.duration.is_some() {
            continue;
        }
        let Some(n) = &scene.narration else { continue };
        let length = n
            .src
            .as_ref()
            .and_then(|src| media.get(src))
            .and_then(|m| m.duration);
        if let Some(length) = length {
            scene.duration = Some(n.delay + length + scene.pad.unwrap_or(DEFAULT_PAD_SECS));
        }
    }
    // Durations now known: transitions and layer times can be checked against them.
    let problems = estudio_project::validate(&project, root);
    if problems.is_empty() {
        Ok(Prepared { project, media })
    } else {
        Err(problems)
    }
}

/// Replaces each text narration by a spoken recording; the text becomes the scene's caption
/// when it has none.
fn speak(project: &mut Project, cache: &Path, problems: &mut Vec<Problem>) {
    let mut synth: Option<Result<Synthesizer, Message>> = None;
    for (i, scene) in project.scenes.iter_mut().enumerate() {
        let Some(n) = &mut scene.narration else {
            continue;
        };
        let Some(text) = n.text.clone() else { continue };
        let at = Pointer::root().push("scenes").push(i).push("narration");
        let synth = synth.get_or_insert_with(|| Synthesizer::detect().map_err(|e| e.message()));
        let spoken = match synth {
            Ok(s) => s.speak(&text, &n.voice, cache),
            Err(e) => {
                problems.push(Problem::new(
                    ProblemKind::Speech,
                    at.push("text"),
                    e.clone(),
                ));
                continue;
            }
        };
        match spoken {
            Ok(path) => {
                n.src = Some(path.to_string_lossy().into_owned());
                n.text = None;
                if scene.caption.is_none() {
                    scene.caption = Some(text);
                }
            }
            Err(e @ SpeechError::UnknownVoice(_)) => {
                problems.push(Problem::new(
                    ProblemKind::UnknownVoice,
                    at.push("voice"),
                    e.message(),
                ));
            }
            Err(e) => problems.push(Problem::new(
                ProblemKind::Speech,
                at.push("text"),
                e.message(),
            )),
        }
    }
}
