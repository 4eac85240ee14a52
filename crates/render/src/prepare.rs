//! Getting a validated project ready to render: text narrations spoken, every media file probed,
//! and durations left to the narration filled in. Done when a job is queued (so the user sees
//! every problem at once) and its result is what the queue stores.

use std::path::Path;

use estudio_spoken::{Engine, Lang, Pronouncer};

use estudio_project::{Pointer, Problem, ProblemKind, Project, VoiceName, DEFAULT_PAD_SECS};
use serde::{Deserialize, Serialize};

use crate::media::{self, MediaIndex};

use crate::speech::{Line, Request, Speakers, SpeechError, VoiceFolders};
use crate::CancelToken;

/// A project ready to render: every narration a file, every scene's duration known, and what
/// each media file held when it was probed (to notice files changed before the render).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prepared {
    pub project: Project,
    pub media: MediaIndex,
}

/// [`prepare_with`] Piper voices found in `ESTUDIO_VOICES` only, never canceled.
///
/// # Errors
/// As [`prepare_with`].
pub fn prepare(project: &Project, cache_dir: &Path) -> Result<Prepared, Vec<Problem>> {
    prepare_with(
        project,
        cache_dir,
        &Speakers::new(VoiceFolders::from_env(), CancelToken::new()),
    )
}

/// Prepares `project` (media paths absolute), its text narrations spoken by `speakers`.
/// `cache_dir` keeps spoken narrations (`speech/`) and probe results (`probes-3.json`) between
/// runs.
///
/// # Errors
/// Every problem found: invalid fields, media that cannot be decoded or lack a needed stream,
/// speech that cannot be synthesised (or was canceled), timings that no longer fit once
/// durations are known.
pub fn prepare_with(
    project: &Project,
    cache_dir: &Path,
    speakers: &Speakers,
) -> Result<Prepared, Vec<Problem>> {
    let root = Path::new("/");
    let mut problems = estudio_project::validate(project, root);
    if !problems.is_empty() {
        // Nothing is spoken for a project with problems, but its voices are checked: every
        // problem is said at once, a missing voice too.
        problems.extend(voice_problems(project, speakers));
        return Err(problems);
    }
    let mut project = project.clone();
    let mut problems = Vec::new();
    speak(
        &mut project,
        speakers,
        &cache_dir.join("speech"),
        &mut problems,
    );
    // Named for what an entry holds: `probes-3` gives clips their picture's length and rate
    // and their sound's length, where earlier ones had the container's length (each kept as
    // it was, for the builds that read it).
    let cache = media::ProbeCache::new(cache_dir.join("probes-3.json"));
    let media = match media::probe_all(&project, &cache.load()) {
        Ok(m) => {
            cache.store(&m);
            m
        }
        Err(p) => {
            problems.extend(p);
            return Err(project.filled.relocate(problems));
        }
    };
    // Font files are known to exist now: texts are wrapped to their width.
    crate::wrap::wrap_texts(
        &mut project,
        crate::fonts::default_font().as_deref(),
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    for (i, scene) in project.scenes.iter_mut().enumerate() {
        if scene.duration.is_none() {
            scene.duration = length_of(scene, &media);
        }
        // Its clips have no length (a picture given as a clip): the scene says its own.
        if scene.duration.is_none() {
            problems.push(Problem::new(
                ProblemKind::Empty,
                format!("/scenes/{i}/duration"),
                estudio_words::Message::ClipsWithoutLength,
            ));
        }
    }
    problems.extend(stretch_problems(&project, &media));
    if !problems.is_empty() {
        return Err(problems);
    }
    // What the renderer reads is explicit: ffmpeg's transition names, `random` picked.
    project.resolve_transitions();
    // Durations now known: transitions and layer times can be checked against them.
    let problems = estudio_project::validate(&project, root);
    if problems.is_empty() {
        Ok(Prepared { project, media })
    } else {
        Err(problems)
    }
}

/// The speed scene's background clip plays at: its `speed`, or with `fit_time: stretch` its
/// cut's length over the scene's (once the scene's length is known); `None` as recorded.
pub(crate) fn clip_speed(scene: &estudio_project::Scene, media: &MediaIndex) -> Option<f64> {
    let estudio_project::Background::Video {
        video,
        start,
        end,
        speed,
        fit_time,
        ..
    } = &scene.background
    else {
        return None;
    };
    match fit_time {
        Some(estudio_project::FitTime::Stretch) => {
            let cut = end.or_else(|| media.get(video).and_then(|m| m.duration))? - start;
            scene.duration.filter(|d| *d > 0.0).map(|d| cut / d)
        }
        None => *speed,
    }
}

/// A clip stretched to its scene so much that it would play outside [`SPEED_RANGE`], said at
/// its `fit_time`.
fn stretch_problems(project: &Project, media: &MediaIndex) -> Vec<Problem> {
    let range = estudio_project::SPEED_RANGE;
    project
        .scenes
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            matches!(
                s.background,
                estudio_project::Background::Video {
                    fit_time: Some(_),
                    ..
                }
            )
        })
        .filter_map(|(i, s)| {
            // Within a rounding of the ends: a cut of 0.3 s stretched to 1.2 s is 0.25×, though
            // the division gives 0.2499999….
            let speed = clip_speed(s, media)
                .filter(|v| !(range.start() - 1e-9..=range.end() + 1e-9).contains(v))?;
            Some(Problem::new(
                estudio_project::ProblemKind::OutOfRange,
                format!("/scenes/{i}/background/fit_time"),
                estudio_words::Message::StretchTooFar {
                    speed,
                    min: *range.start(),
                    max: *range.end(),
                },
            ))
        })
        .collect()
}

/// How long a scene without a `duration` lasts: its clip (from `start` to `end`, or the clip's
/// end), the clips over it that are not looped (from when each appears to its cut's end), or
/// its narration (its delay, its length, then the pad), whichever is longer; `None` while none
/// is known.
fn length_of(scene: &estudio_project::Scene, media: &MediaIndex) -> Option<f64> {
    let cut = |file: &str, from: f64, to: Option<f64>| {
        to.or_else(|| media.get(file).and_then(|m| m.duration))
            .map(|to| to - from)
    };
    let background = match &scene.background {
        estudio_project::Background::Video {
            video,
            start,
            end,
            speed,
            ..
        } => cut(video, *start, *end).map(|c| c / speed.unwrap_or(1.0)),
        _ => None,
    };
    // A layer that says when it leaves ends there, whatever it shows (a picture given as a
    // clip too); otherwise when its cut has played.
    let layers = scene
        .videos
        .iter()
        .filter(|v| !v.r#loop)
        .filter_map(|v| match v.end {
            Some(end) => Some(end),
            None => {
                let shown = cut(&v.src, v.cut_from, v.cut_to)? / v.speed.unwrap_or(1.0);
                Some(v.start.unwrap_or(0.0) + shown)
            }
        });
    let clip = background.into_iter().chain(layers).reduce(f64::max);
    let spoken = scene.narration.as_ref().and_then(|n| {
        let file = n.src.as_ref().and_then(|src| media.get(src))?.duration?;
        let length = n.end.unwrap_or(file).min(file) - n.start;
        Some(n.delay + length + scene.pad.unwrap_or(DEFAULT_PAD_SECS))
    });
    match (clip, spoken) {
        (Some(c), Some(s)) => Some(c.max(s)),
        (c, s) => c.or(s),
    }
}

/// The problems of the voices `project`'s text narrations name (each said once, at the field
/// that named it), found without speaking.
pub fn voice_problems(project: &Project, speakers: &Speakers) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    for i in 0..project.scenes.len() {
        let has_text = project.scenes[i]
            .narration
            .as_ref()
            .is_some_and(|n| n.text.is_some());
        let Some(speech) = project.speech(i).filter(|_| has_text) else {
            continue;
        };
        // A voice that does not parse is validation's problem, already said.
        let Some(voice) = VoiceName::parse(&speech.voice) else {
            continue;
        };
        if let Err(e) = speakers.check_voice(&voice) {
            let problem = Problem::new(ProblemKind::UnknownVoice, &speech.voice_at, e.message());
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
    }
    problems
}

/// What `voice` says for a narration `text` of a project with `pronunciations` (and the
/// person's, `personal`): they and
/// the shipped lexicon applied, numbers and units in words (a render, Listen and `estudio-cli
/// say` all speak this, so one line is one recording in the speech cache).
pub fn spoken(
    pronunciations: &[estudio_spoken::Entry],
    personal: &[estudio_spoken::Entry],
    voice: &VoiceName,
    text: &str,
) -> estudio_spoken::Spoken {
    let (lang, engine) = spoken_as(voice);
    Pronouncer::new(lang, engine, pronunciations, personal).spoken(text)
}

/// The language and the synthesiser of a voice, for its spoken forms.
pub fn spoken_as(voice: &VoiceName) -> (Option<Lang>, Engine) {
    match voice {
        VoiceName::Espeak(name) => (Lang::of_voice(name), Engine::Espeak),
        VoiceName::Piper(name) => (Lang::of_voice(name), Engine::Piper),
        VoiceName::PiperFile(path) => (
            path.file_name()
                .and_then(|n| Lang::of_voice(&n.to_string_lossy())),
            Engine::Piper,
        ),
    }
}

/// The phoneme entries (the project's and the person's) that the voice speaking them has no
/// phoneme for ([`Speakers::phoneme_faults`]): a problem at a project's entry's `espeak` or
/// `ipa`, or, for one of the person's, at the narration that uses it (Settings has no place in
/// the project); once per entry and voice.
fn unknown_phonemes(
    project: &Project,
    texts: &[(usize, String, VoiceName, estudio_project::Speech)],
    spoken: &[estudio_spoken::Spoken],
    speakers: &Speakers,
    problems: &mut Vec<Problem>,
) {
    for ((scene, _, voice, _), line) in texts.iter().zip(spoken) {
        for (used, fault) in speakers.phoneme_faults(line, &project.pronunciations, voice) {
            let SpeechError::UnknownPhonemes { field, message } = fault else {
                continue;
            };
            let at = match used.origin {
                estudio_spoken::Origin::Project => Pointer::root()
                    .push("pronunciations")
                    .push(used.index)
                    .push(field),
                _ => Pointer::root()
                    .push("scenes")
                    .push(*scene)
                    .push("narration")
                    .push("text"),
            };
            // An entry used by many lines, or a voice named two ways, is said once.
            let problem = Problem::new(ProblemKind::OutOfRange, at, message);
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
    }
}

/// Replaces each text narration by a spoken recording; the text becomes the scene's caption
/// when it has none. A problem with the voice points at the field that named it (the scene's or
/// the default's), and is said once.
fn speak(project: &mut Project, speakers: &Speakers, cache: &Path, problems: &mut Vec<Problem>) {
    let mut texts = Vec::new();
    for i in 0..project.scenes.len() {
        let (Some(speech), Some(text)) = (
            project.speech(i),
            project.scenes[i]
                .narration
                .as_ref()
                .and_then(|n| n.text.clone()),
        ) else {
            continue;
        };
        // Checked by validate: a voice that does not parse never gets here.
        let Some(voice) = VoiceName::parse(&speech.voice) else {
            continue;
        };
        texts.push((i, text, voice, speech));
    }
    // What each line is spoken as: the project's pronunciations and the shipped lexicon
    // applied, numbers and units in words. The speech cache is keyed by it, so a changed entry
    // speaks again only the lines that use it; the caption keeps what was written.
    let mut pronouncers: Vec<((Option<Lang>, Engine), Pronouncer)> = Vec::new();
    let spoken: Vec<estudio_spoken::Spoken> = texts
        .iter()
        .map(|(_, text, voice, _)| {
            let key = spoken_as(voice);
            let at = match pronouncers.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    let p = Pronouncer::new(
                        key.0,
                        key.1,
                        &project.pronunciations,
                        speakers.pronunciations(),
                    );
                    pronouncers.push((key, p));
                    pronouncers.len() - 1
                }
            };
            pronouncers[at].1.spoken(text)
        })
        .collect();
    let before = problems.len();
    unknown_phonemes(project, &texts, &spoken, speakers, problems);
    if problems.len() > before {
        // Nothing is spoken for a project with problems (as for any other problem).
        return;
    }
    let spoken: Vec<String> = spoken.into_iter().map(|s| s.text).collect();
    let lines: Vec<Line<'_>> = texts
        .iter()
        .zip(&spoken)
        .map(|((_, _, voice, speech), text)| Line {
            text,
            voice: voice.clone(),
            request: Request {
                rate: speech.rate,
                pause: speech.pause,
            },
        })
        .collect();
    let spoken = speakers.speak_all(&lines, cache);
    let mut canceled = false;
    for ((i, text, _, speech), result) in texts.into_iter().zip(spoken) {
        let scene = &mut project.scenes[i];
        match result {
            Ok(path) => {
                if let Some(n) = &mut scene.narration {
                    n.src = Some(path.to_string_lossy().into_owned());
                    n.text = None;
                }
                if scene.caption.is_none() {
                    scene.caption = Some(text);
                }
            }
            // A cancel is said once, where it stopped.
            Err(SpeechError::Canceled) if canceled => {}
            Err(e) => {
                canceled |= matches!(e, SpeechError::Canceled);
                let text_at = Pointer::root()
                    .push("scenes")
                    .push(i)
                    .push("narration")
                    .push("text");
                let (kind, at) = if e.is_about_the_voice() {
                    (ProblemKind::UnknownVoice, &speech.voice_at)
                } else {
                    (ProblemKind::Speech, &text_at)
                };
                let problem = Problem::new(kind, at, e.message());
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        }
    }
}
