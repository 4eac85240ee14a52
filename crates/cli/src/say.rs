//! `estudio-cli say` and `estudio-cli pronunciations`: hear any line as a narration would say
//! it, and see where each pronunciation of a project is used.

use std::path::Path;
use std::process::ExitCode;

use estudio_project::{LoadedProject, VoiceName};
use estudio_render::speech::Request;

/// A project read for its pronunciations and voice; its problems are said, and only those
/// of its pronunciations stop the command (a line can be heard while a scene is unfinished).
fn read(project: &Path) -> Result<LoadedProject, ExitCode> {
    match estudio_project::load(project) {
        Ok(loaded) => {
            let bad: Vec<_> = loaded
                .problems
                .iter()
                .filter(|p| p.pointer.starts_with("/pronunciations"))
                .collect();
            for p in &bad {
                say!("{p}");
            }
            if bad.is_empty() {
                Ok(loaded)
            } else {
                Err(ExitCode::from(1))
            }
        }
        Err(e) => {
            say!("{e}");
            Err(ExitCode::from(1))
        }
    }
}

/// The phonemes espeak-ng gives `text` with `voice` (`-x`), or why not.
fn espeak_phonemes(voice: &str, text: &str) -> String {
    use std::io::Write as _;
    use std::process::Stdio;
    // On standard input, never as an argument: a line starting with "-" would be an option.
    let child = std::process::Command::new("espeak-ng")
        .args(["-v", voice, "-q", "-x", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let output = child.and_then(|mut c| {
        if let Some(mut stdin) = c.stdin.take() {
            stdin.write_all(text.as_bytes())?;
        }
        c.wait_with_output()
    });
    match output {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_owned(),
        Err(e) => e.to_string(),
    }
}

pub fn say(
    text: &str,
    voice: Option<&str>,
    project: Option<&Path>,
    output: Option<&Path>,
    show: bool,
) -> anyhow::Result<ExitCode> {
    let loaded = match project.map(read).transpose() {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let project = loaded.as_ref().map(|l| &l.project);
    let defaults = project
        .and_then(|p| p.defaults.as_ref())
        .and_then(|d| d.narration.as_ref());
    let named = voice
        .map(str::to_owned)
        .or_else(|| defaults.and_then(|d| d.voice.clone()))
        .unwrap_or_else(|| estudio_project::DEFAULT_VOICE.to_owned());
    let request = Request {
        rate: defaults.and_then(|d| d.rate).unwrap_or(1.0),
        pause: defaults.and_then(|d| d.pause),
    };
    let Some(parsed) = VoiceName::parse(&named) else {
        say!("error: {named:?} is not a voice (estudio-cli voices lists them)");
        return Ok(ExitCode::from(2));
    };
    let pronunciations = project.map_or(&[][..], |p| &p.pronunciations[..]);
    let speakers = estudio_worker::paths::speakers(&estudio_render::CancelToken::new());
    let said = estudio_render::spoken(pronunciations, speakers.pronunciations(), &parsed, text);
    let faults = speakers.phoneme_faults(&said, pronunciations, &parsed);
    for (used, fault) in &faults {
        // A project's entry is said at its field, as every problem of a project is.
        match (fault, used.origin) {
            (
                estudio_render::speech::SpeechError::UnknownPhonemes { field, .. },
                estudio_spoken::Origin::Project,
            ) => say!("/pronunciations/{}/{field}: {fault}", used.index),
            _ => say!("{fault}"),
        }
    }
    if !faults.is_empty() {
        return Ok(ExitCode::from(1));
    }
    if show {
        out!("{}", said.text);
        for used in &said.used {
            out!("  {}: {:?}", listed(used.origin, used.index), used.matched);
        }
        for rule in &said.rules {
            out!("  rule: {rule}");
        }
        if let VoiceName::Espeak(name) = &parsed {
            out!("{}", espeak_phonemes(name, &said.text));
        }
    }
    let Some(output) = output else {
        if !show {
            say!("error: give -o FILE.wav to keep the sound, or --show to see what is said");
            return Ok(ExitCode::from(2));
        }
        return Ok(ExitCode::SUCCESS);
    };
    let cache = estudio_worker::paths::cache_dir().join("speech");
    match speakers.speak(&said.text, &parsed, &request, &cache) {
        Ok(wav) => {
            std::fs::copy(&wav, output)?;
            say!("{}", output.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            say!("{e}");
            Ok(ExitCode::from(1))
        }
    }
}

/// Each pronunciation of the project (and each of the person's or shipped entries the project's
/// lines use), with the scenes (numbered from 1) whose narration uses it.
pub fn pronunciations(project: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let loaded = match read(project) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let p = &loaded.project;
    let speakers = estudio_worker::paths::speakers(&estudio_render::CancelToken::new());
    // (origin, index, written form) -> scenes
    let mut uses: Vec<((estudio_spoken::Origin, usize, String), Vec<usize>)> = Vec::new();
    for (i, scene) in p.scenes.iter().enumerate() {
        let (Some(text), Some(speech)) = (
            scene.narration.as_ref().and_then(|n| n.text.as_deref()),
            p.speech(i),
        ) else {
            continue;
        };
        let Some(voice) = VoiceName::parse(&speech.voice) else {
            continue;
        };
        for used in
            estudio_render::spoken(&p.pronunciations, speakers.pronunciations(), &voice, text).used
        {
            let key = (used.origin, used.index, used.matched);
            match uses.iter_mut().find(|(k, _)| *k == key) {
                Some((_, scenes)) if scenes.last() != Some(&(i + 1)) => scenes.push(i + 1),
                Some(_) => {}
                None => uses.push((key, vec![i + 1])),
            }
        }
    }
    for (index, entry) in p.pronunciations.iter().enumerate() {
        if !uses
            .iter()
            .any(|((o, n, _), _)| *o == estudio_spoken::Origin::Project && *n == index)
        {
            uses.push((
                (estudio_spoken::Origin::Project, index, entry.text.clone()),
                Vec::new(),
            ));
        }
    }
    uses.sort_by_key(|((origin, index, _), _)| (*origin, *index));
    for ((origin, index, written), scenes) in &uses {
        // A project's entry with phonemes for one kind of voice only is passed over by the
        // other kind: said here, where its word is, since nothing else would tell.
        let passed_over = match origin {
            estudio_spoken::Origin::Project => passed_over(p, *index, speakers.pronunciations()),
            _ => Vec::new(),
        };
        if json {
            let scenes_over: Vec<usize> = passed_over
                .iter()
                .flat_map(|(scenes, _)| scenes.iter().copied())
                .collect();
            out!(
                "{}",
                serde_json::json!({"origin": origin, "entry": index + 1, "text": written, "scenes": scenes, "passed_over": scenes_over})
            );
        } else {
            let scenes = if scenes.is_empty() {
                estudio_words::Message::PronunciationUnused
            } else {
                estudio_words::Message::PronunciationUsedIn {
                    scenes: numbers(scenes),
                }
            };
            out!("{}\t{written}\t{scenes}", listed(*origin, *index));
            for (over, engine) in passed_over {
                let (has, other) = match engine {
                    estudio_spoken::Engine::Espeak => ("Piper", "espeak-ng"),
                    estudio_spoken::Engine::Piper => ("espeak-ng", "Piper"),
                };
                out!(
                    "\t{}",
                    estudio_words::Message::PronunciationPassedOver {
                        scenes: numbers(&over),
                        has: has.to_owned(),
                        other: other.to_owned(),
                    }
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn numbers(list: &[usize]) -> String {
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The scenes (numbered from 1) whose narration would use the project's entry `index` if it
/// had something to say for their voice, but whose voice passes it over (only `ipa`, read by
/// an espeak-ng voice), by the kind of voice that passes it over.
fn passed_over(
    project: &estudio_project::Project,
    index: usize,
    personal: &[estudio_spoken::Entry],
) -> Vec<(Vec<usize>, estudio_spoken::Engine)> {
    // The same lists, with the entry given a respelling: where it is then used is where its
    // word is, and no longer form holds it.
    let mut said_by_all = project.pronunciations.clone();
    let Some(entry) = said_by_all.get_mut(index) else {
        return Vec::new();
    };
    let original = entry.clone();
    entry.say = Some("x".to_owned());
    let mut found: Vec<(Vec<usize>, estudio_spoken::Engine)> = Vec::new();
    for (i, scene) in project.scenes.iter().enumerate() {
        let (Some(text), Some(voice)) = (
            scene.narration.as_ref().and_then(|n| n.text.as_deref()),
            project.speech(i).and_then(|s| VoiceName::parse(&s.voice)),
        ) else {
            continue;
        };
        let (_, engine) = estudio_render::spoken_as(&voice);
        if original.replacement(engine).is_some() {
            continue;
        }
        let used = estudio_render::spoken(&said_by_all, personal, &voice, text)
            .used
            .iter()
            .any(|u| u.origin == estudio_spoken::Origin::Project && u.index == index);
        if !used {
            continue;
        }
        match found.iter_mut().find(|(_, e)| *e == engine) {
            Some((scenes, _)) => scenes.push(i + 1),
            None => found.push((vec![i + 1], engine)),
        }
    }
    found
}

/// An entry as the person reads it: its list and its number there, from 1 ("Project #2").
fn listed(origin: estudio_spoken::Origin, index: usize) -> estudio_words::Message {
    estudio_words::Message::PronunciationListed {
        origin: match origin {
            estudio_spoken::Origin::Project => "project",
            estudio_spoken::Origin::Personal => "personal",
            estudio_spoken::Origin::Shipped => "shipped",
        }
        .to_owned(),
        number: index + 1,
    }
}
