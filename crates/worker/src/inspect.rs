//! Opening a project as every front end does: load, validate, then prepare (speak, probe, time),
//! so the window, `estudio-cli validate` and Export all see the same problems.

use std::path::Path;

use estudio_project::{LoadError, LoadedProject, ProjectSummary};
use estudio_render::{CancelToken, Prepared};

use crate::paths;

/// A project read from disk and, when it has no problems, prepared for rendering.
#[derive(Debug, Clone)]
pub struct Inspected {
    /// The project as written; its `problems` include those preparing found.
    pub loaded: LoadedProject,
    /// `Some` exactly when `loaded.problems` is empty.
    pub prepared: Option<Prepared>,
}

impl Inspected {
    /// What the window and the CLI show: durations taken from narrations are known here.
    pub fn summary(&self) -> ProjectSummary {
        let mut summary = ProjectSummary::from(&self.loaded);
        if let Some(p) = &self.prepared {
            summary.duration_secs = p.project.timeline().duration_secs();
            let spoken = summary.scenes;
            summary.scenes = estudio_project::SceneSummary::of(&p.project);
            // Prepared, the narrations are recordings and every length is known: who speaks and
            // where each length comes from are the project's as written.
            for (scene, written) in summary.scenes.iter_mut().zip(spoken) {
                scene.voice = written.voice;
                scene.length_from = written.length_from;
            }
        }
        summary
    }
}

/// Loads, validates and prepares the project at `path`; `cancel` stops its speech (a problem
/// then says it was canceled).
///
/// # Errors
/// [`LoadError`] when the file cannot be read or is not a project at all; every other problem is
/// in [`Inspected::loaded`].
pub fn inspect(path: &Path, cancel: &CancelToken) -> Result<Inspected, LoadError> {
    Ok(inspect_loaded(estudio_project::load(path)?, cancel))
}

/// Validates and prepares a project already read (the window's edited document, not the file):
/// as [`inspect`] after its load.
pub fn inspect_loaded(mut loaded: LoadedProject, cancel: &CancelToken) -> Inspected {
    let speakers = paths::speakers(cancel);
    if !loaded.is_valid() {
        // Every problem at once: a voice that is not installed too, not only once the others
        // are fixed (nothing is spoken for a project with problems).
        let voices = estudio_render::voice_problems(&loaded.project, &speakers);
        loaded.problems.extend(voices);
        return Inspected {
            loaded,
            prepared: None,
        };
    }
    match estudio_render::prepare_with(&loaded.project, &paths::cache_dir(), &speakers) {
        Ok(prepared) => Inspected {
            loaded,
            prepared: Some(prepared),
        },
        Err(problems) => {
            loaded.problems = problems;
            Inspected {
                loaded,
                prepared: None,
            }
        }
    }
}

/// Why a scene's narration cannot be heard.
#[derive(Debug, thiserror::Error)]
pub enum ListenError {
    /// The scene has no narration, or there is no such scene.
    #[error("{}", estudio_words::Message::NothingToListen { scene: *.0 + 1 })]
    Nothing(usize),
    #[error(transparent)]
    Speech(#[from] estudio_render::speech::SpeechError),
}

/// The sound of scene `scene`'s narration, to hear it as the render will say it: its recording,
/// or its text spoken into the same speech cache a render reads (so a line heard is not spoken
/// again by the export, and a line the export spoke is heard at once). `project` has absolute
/// paths ([`LoadedProject::project`]).
///
/// # Errors
/// [`ListenError::Nothing`]: no narration; the synthesiser or voice is missing, fails or is
/// canceled.
pub fn listen(
    project: &estudio_project::Project,
    scene: usize,
    cancel: &CancelToken,
) -> Result<std::path::PathBuf, ListenError> {
    let narration = project
        .scenes
        .get(scene)
        .and_then(|s| s.narration.as_ref())
        .ok_or(ListenError::Nothing(scene))?;
    if let Some(src) = &narration.src {
        return Ok(src.into());
    }
    let (Some(speech), Some(text)) = (project.speech(scene), narration.text.as_deref()) else {
        return Err(ListenError::Nothing(scene));
    };
    let request = estudio_render::speech::Request {
        rate: speech.rate,
        pause: speech.pause,
    };
    Ok(say(
        text,
        &speech.voice,
        &request,
        &project.pronunciations,
        None,
        cancel,
    )?)
}

/// `text` spoken by `voice` (espeak-ng's or Piper's name, as a project writes it) with
/// `pronunciations` (a project's) and `personal` (the person's; `None`: those of Settings)
/// applied, into the speech cache: what Settings' Listen and `estudio-cli say` play.
///
/// # Errors
/// The voice is not a voice name, or the synthesiser or voice is missing, fails or is canceled.
pub fn say(
    text: &str,
    voice: &str,
    request: &estudio_render::speech::Request,
    pronunciations: &[estudio_spoken::Entry],
    personal: Option<Vec<estudio_spoken::Entry>>,
    cancel: &CancelToken,
) -> Result<std::path::PathBuf, estudio_render::speech::SpeechError> {
    let parsed = estudio_project::VoiceName::parse(voice)
        .ok_or_else(|| estudio_render::speech::SpeechError::UnknownEspeakVoice(voice.to_owned()))?;
    let mut speakers = paths::speakers(cancel);
    if let Some(personal) = personal {
        speakers = speakers.with_pronunciations(personal);
    }
    let said = estudio_render::spoken(pronunciations, speakers.pronunciations(), &parsed, text);
    if let Some((_, fault)) = speakers
        .phoneme_faults(&said, pronunciations, &parsed)
        .into_iter()
        .next()
    {
        return Err(fault);
    }
    speakers.speak(
        &said.text,
        &parsed,
        request,
        &paths::cache_dir().join("speech"),
    )
}
