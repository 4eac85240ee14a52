//! Narrations spoken by Piper (the real `piper-tts` of `.venv`, with the packaged English voice)
//! and by espeak-ng: speech that is not silence, scenes as long as what is said, a cache that
//! hits on what made the speech and misses on anything else, problems at the field that names
//! the voice, and a cancel that stops Piper.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use estudio_project::{load, Problem, ProblemKind};
use estudio_render::speech::{Speakers, VoiceFolders};
use estudio_render::{prepare_with, render, CancelToken, Prepared, PresetId, RenderOptions};

const JOE: &str = "piper:en_US-joe-medium";

fn write_project(dir: &Path, project: &serde_json::Value) -> PathBuf {
    let path = dir.join("voices.estudio");
    std::fs::write(&path, serde_json::to_vec_pretty(project).unwrap()).unwrap();
    path
}

fn project(
    narrations: &[serde_json::Value],
    defaults: Option<serde_json::Value>,
) -> serde_json::Value {
    let colours = ["#c02020", "#2040c0", "#20a040", "#a0a020"];
    let scenes: Vec<serde_json::Value> = narrations
        .iter()
        .enumerate()
        .map(|(i, n)| serde_json::json!({"background": {"color": colours[i % 4]}, "narration": n}))
        .collect();
    let mut p = serde_json::json!({
        "version": 1, "title": "Vozes",
        "canvas": {"width": 320, "height": 180, "fps": 25},
        "scenes": scenes,
    });
    if let Some(d) = defaults {
        p["defaults"] = d;
    }
    p
}

/// Speakers with the packaged voice and the real Piper (`piper` may be another program).
fn speakers_with(piper: PathBuf, folders: Vec<PathBuf>, cancel: &CancelToken) -> Speakers {
    Speakers::new(VoiceFolders(folders), cancel.clone()).with_piper(piper)
}

fn speakers() -> Speakers {
    speakers_with(
        support::piper(),
        vec![support::piper_voice_folder()],
        &CancelToken::new(),
    )
}

fn prepared(path: &Path, cache: &Path, speakers: &Speakers) -> Result<Prepared, Vec<Problem>> {
    let loaded = load(path).unwrap();
    assert_eq!(loaded.problems, vec![]);
    prepare_with(&loaded.project, cache, speakers)
}

/// The recording a prepared scene's narration became.
fn recording(p: &Prepared, scene: usize) -> PathBuf {
    PathBuf::from(
        p.project.scenes[scene]
            .narration
            .as_ref()
            .unwrap()
            .src
            .clone()
            .unwrap(),
    )
}

/// A Piper that counts the texts it is given to speak in `count`, and then is the real one
/// (asked only for its version, it does not count).
fn counting_piper(dir: &Path, count: &Path) -> PathBuf {
    let script = dir.join("counting-piper");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n[ \"$1\" = --model ] && echo run >> '{}'\nexec '{}' \"$@\"\n",
            count.display(),
            support::piper().display()
        ),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&script, perms).unwrap();
    script
}

fn runs(count: &Path) -> usize {
    std::fs::read_to_string(count).map_or(0, |s| s.lines().count())
}

#[test]
fn a_project_narrated_by_piper_renders_speech_and_its_scenes_last_as_long_as_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Welcome to the course. Today we learn how networks carry our messages.";
    let path = write_project(
        dir.path(),
        &project(
            &[
                serde_json::json!({"text": text}),
                serde_json::json!({"text": "And this line is robotic.", "voice": "en-us"}),
            ],
            Some(serde_json::json!({"narration": {"voice": JOE}})),
        ),
    );
    let p = prepared(&path, &dir.path().join("cache"), &speakers()).unwrap();
    let natural = recording(&p, 0);
    let robotic = recording(&p, 1);
    assert_ne!(natural, robotic);

    // Speech, not silence: about 4-5 s for 13 words at Piper's pace, and loud enough.
    let spoken = support::seconds(&natural);
    assert!((2.5..9.0).contains(&spoken), "{spoken} s of speech");
    let (lufs, peak) = support::loudness(&natural);
    assert!(
        lufs > -30.0 && peak > -12.0,
        "speech at {lufs} LUFS, peak {peak}"
    );
    // Piper's voice speaks at 22 050 Hz mono; espeak-ng's at 22 050 too, but it is another file
    // with another length.
    let probe = support::probe(&natural);
    assert_eq!(support::stream(&probe, "audio")["sample_rate"], "22050");

    // The scene lasts as long as what is said, plus the default pad of 0.75 s.
    let scene = p.project.scenes[0].duration.unwrap();
    assert!(
        (scene - (spoken + 0.75)).abs() < 0.05,
        "scene {scene} s for {spoken} s of speech"
    );
    // The text became the caption.
    assert_eq!(p.project.scenes[0].caption.as_deref(), Some(text));

    let out = dir.path().join("out.mp4");
    render(
        &p,
        PresetId::Preview.preset(),
        &RenderOptions::default(),
        &out,
        &support::session(&CancelToken::new()),
        |_| {},
    )
    .unwrap();
    let probe = support::probe(&out);
    let video = support::duration(&probe);
    let expected = p.project.timeline().duration_secs();
    assert!(
        (video - expected).abs() < 0.1,
        "{video} s, expected {expected}"
    );
    support::stream(&probe, "audio");
    // The first scene's colour, and its sound is the narration.
    support::assert_color(
        support::pixel(&out, 1.0, 160, 90),
        [0xc0, 0x20, 0x20],
        12,
        "scene 1",
    );
    let (lufs, _) = support::loudness(&out);
    assert!(lufs > -35.0, "the video's sound at {lufs} LUFS");
}

#[test]
fn the_speech_cache_hits_on_what_made_the_speech_and_misses_on_text_rate_pause_and_voice_file() {
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("runs");
    let piper = counting_piper(dir.path(), &count);
    // The voice's own copy, so that its settings can change (the model is linked, not copied).
    let voices = dir.path().join("voices");
    std::fs::create_dir(&voices).unwrap();
    let packaged = support::piper_voice_folder();
    std::os::unix::fs::symlink(
        packaged.join("en_US-joe-medium.onnx"),
        voices.join("en_US-joe-medium.onnx"),
    )
    .unwrap();
    let config = voices.join("en_US-joe-medium.onnx.json");
    std::fs::copy(packaged.join("en_US-joe-medium.onnx.json"), &config).unwrap();
    let cache = dir.path().join("cache");
    let text = "One sentence here. Another sentence there. And a third one.";
    let speak = |narration: serde_json::Value| {
        let path = write_project(dir.path(), &project(&[narration], None));
        let s = speakers_with(piper.clone(), vec![voices.clone()], &CancelToken::new());
        recording(&prepared(&path, &cache, &s).unwrap(), 0)
    };

    let first = speak(serde_json::json!({"text": text, "voice": JOE}));
    assert_eq!(runs(&count), 1);
    let again = speak(serde_json::json!({"text": text, "voice": JOE}));
    assert_eq!(
        (runs(&count), &again),
        (1, &first),
        "a second render hits the cache"
    );

    let other_text = speak(serde_json::json!({"text": "Something else.", "voice": JOE}));
    assert_eq!(runs(&count), 2, "another text is spoken");
    assert_ne!(other_text, first);

    let faster = speak(serde_json::json!({"text": text, "voice": JOE, "rate": 1.5}));
    assert_eq!(runs(&count), 3, "another rate is spoken");
    let (normal, fast) = (support::seconds(&first), support::seconds(&faster));
    assert!(fast < normal * 0.8, "rate 1.5: {fast} s against {normal} s");

    let paused = speak(serde_json::json!({"text": text, "voice": JOE, "pause": 1.0}));
    assert_eq!(runs(&count), 4, "another pause is spoken");
    let long = support::seconds(&paused);
    // Two pauses of a second between three sentences.
    assert!(
        long > normal + 1.5,
        "pause 1 s: {long} s against {normal} s"
    );

    // The same voice name with other settings in its file is another voice.
    let mut settings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&config).unwrap()).unwrap();
    settings["inference"]["noise_scale"] = serde_json::json!(0.3);
    std::fs::write(&config, serde_json::to_vec(&settings).unwrap()).unwrap();
    let edited = speak(serde_json::json!({"text": text, "voice": JOE}));
    assert_eq!(runs(&count), 5, "an edited voice file speaks anew");
    assert_ne!(edited, first);

    // A voice named by its file is the same voice as by its name.
    let by_file = speak(serde_json::json!({"text": text, "voice": "voices/en_US-joe-medium.onnx"}));
    assert_eq!((runs(&count), &by_file), (5, &edited));
    // Nothing half-written is left in the cache.
    let leftovers: Vec<_> = std::fs::read_dir(cache.join("speech"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().ends_with(".wav"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_missing_voice_or_piper_is_a_problem_at_the_field_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::write(dir.path().join("half.onnx"), b"not a model").unwrap();
    // Settings that are a pipe (reading it would wait forever), and a folder named like a voice.
    std::fs::write(dir.path().join("pipe.onnx"), b"not a model").unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.onnx.json"))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::create_dir(dir.path().join("folder.onnx")).unwrap();
    let path = write_project(
        dir.path(),
        &project(
            &[
                serde_json::json!({"text": "Default voice."}),
                serde_json::json!({"text": "Nobody.", "voice": "piper:nobody"}),
                serde_json::json!({"text": "A file.", "voice": "missing/voice.onnx"}),
                serde_json::json!({"text": "Half a voice.", "voice": "half.onnx"}),
                serde_json::json!({"text": "Robotic.", "voice": "en-us"}),
                serde_json::json!({"text": "Espeak lacks it.", "voice": "xx-nowhere"}),
                serde_json::json!({"text": "A pipe.", "voice": "pipe.onnx"}),
                serde_json::json!({"text": "A folder.", "voice": "folder.onnx"}),
            ],
            Some(serde_json::json!({"narration": {"voice": JOE}})),
        ),
    );
    let problems = prepared(&path, &cache, &speakers()).unwrap_err();
    let at: Vec<(String, ProblemKind)> = problems
        .iter()
        .map(|p| (p.pointer.to_string(), p.kind))
        .collect();
    assert_eq!(
        at,
        [
            (
                "/scenes/1/narration/voice".to_owned(),
                ProblemKind::UnknownVoice
            ),
            (
                "/scenes/2/narration/voice".to_owned(),
                ProblemKind::UnknownVoice
            ),
            (
                "/scenes/3/narration/voice".to_owned(),
                ProblemKind::UnknownVoice
            ),
            (
                "/scenes/5/narration/voice".to_owned(),
                ProblemKind::UnknownVoice
            ),
            (
                "/scenes/6/narration/voice".to_owned(),
                ProblemKind::UnknownVoice
            ),
            (
                "/scenes/7/narration/voice".to_owned(),
                ProblemKind::UnknownVoice
            ),
        ],
        "{problems:#?}"
    );
    let said = |i: usize| problems[i].message.to_string();
    assert!(
        said(0).contains("nobody.onnx")
            && said(0).contains(&support::piper_voice_folder().display().to_string()),
        "{}",
        said(0)
    );
    assert!(
        said(1).contains(&dir.path().join("missing/voice.onnx").display().to_string()),
        "{}",
        said(1)
    );
    assert!(said(2).contains("half.onnx.json"), "{}", said(2));
    assert!(said(3).contains("xx-nowhere"), "{}", said(3));
    assert!(said(4).contains("pipe.onnx.json"), "{}", said(4));
    assert!(said(5).contains("folder.onnx"), "{}", said(5));

    // Without Piper: the default's field, said once for every scene it speaks; espeak-ng works.
    let path = write_project(
        dir.path(),
        &project(
            &[
                serde_json::json!({"text": "One."}),
                serde_json::json!({"text": "Two."}),
                serde_json::json!({"text": "Robotic.", "voice": "en-us"}),
            ],
            Some(serde_json::json!({"narration": {"voice": JOE}})),
        ),
    );
    let no_piper = speakers_with(
        dir.path().join("no-such-piper"),
        vec![support::piper_voice_folder()],
        &CancelToken::new(),
    );
    let problems = prepared(&path, &cache, &no_piper).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer.to_string(), "/defaults/narration/voice");
    let said = problems[0].message.to_string();
    assert!(
        said.contains("pip install piper-tts") && said.contains("ESTUDIO_PIPER"),
        "{said}"
    );
    assert!(
        std::fs::read_dir(cache.join("speech")).unwrap().count() >= 1,
        "espeak-ng spoke its scene"
    );
}

/// The processes whose command line mentions `needle`.
fn processes_with(needle: &str) -> Vec<String> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains(needle))
        .collect()
}

#[test]
fn cancel_stops_piper_at_once_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    // About a minute of speech: many seconds of Piper's work.
    let text = "This sentence is long enough to keep Piper busy for a while. ".repeat(60);
    let path = write_project(
        dir.path(),
        // Two of them: both in one run of Piper, and the cancel is said once.
        &project(
            &[
                serde_json::json!({"text": text, "voice": JOE}),
                serde_json::json!({"text": format!("{text} Again."), "voice": JOE}),
            ],
            None,
        ),
    );
    let cancel = CancelToken::new();
    let s = speakers_with(
        support::piper(),
        vec![support::piper_voice_folder()],
        &cancel,
    );
    let started = Instant::now();
    let speech_dir = cache.join("speech");
    let needle = speech_dir.display().to_string();
    let result = std::thread::scope(|scope| {
        let job = scope.spawn(|| prepared(&path, &cache, &s));
        // Until Piper runs.
        while processes_with(&needle).is_empty() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "piper never started"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
        let canceled = Instant::now();
        cancel.cancel();
        let result = job.join().unwrap();
        (result, canceled.elapsed())
    });
    let (result, took) = result;
    assert!(took < Duration::from_secs(2), "stopped after {took:?}");
    let problems = result.unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].pointer.to_string(), "/scenes/0/narration/text");
    assert_eq!(problems[0].kind, ProblemKind::Speech);
    assert_eq!(
        problems[0].message,
        estudio_words::Message::SpeechCanceled.to_string()
    );
    assert!(
        processes_with(&needle).is_empty(),
        "{:?}",
        processes_with(&needle)
    );
    let left: Vec<_> = std::fs::read_dir(&speech_dir).unwrap().collect();
    assert!(
        left.is_empty(),
        "nothing kept of a canceled speech: {left:?}"
    );
}

#[test]
fn espeak_speaks_faster_slower_and_with_pauses_and_hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let text = "First sentence. Second <b>one</b> & a </speak> tag! Third? Done.";
    let speak = |extra: serde_json::Value| {
        let mut n = serde_json::json!({"text": text, "voice": "en-us"});
        n.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let path = write_project(dir.path(), &project(&[n], None));
        support::seconds(&recording(
            &prepared(&path, &cache, &speakers()).unwrap(),
            0,
        ))
    };
    let normal = speak(serde_json::json!({}));
    let fast = speak(serde_json::json!({"rate": 2.0}));
    let slow = speak(serde_json::json!({"rate": 0.5}));
    assert!(
        fast < normal * 0.7 && slow > normal * 1.4,
        "{fast} {normal} {slow}"
    );
    // Four sentences, so three pauses of a second at least (and one after the last).
    let paused = speak(serde_json::json!({"pause": 1.0}));
    assert!(paused > normal + 2.5, "{paused} against {normal}");
    // The rate and pause come from the defaults too.
    let path = write_project(
        dir.path(),
        &project(
            &[serde_json::json!({"text": text, "voice": "en-us"})],
            Some(serde_json::json!({"narration": {"rate": 2.0}})),
        ),
    );
    let by_default = support::seconds(&recording(
        &prepared(&path, &cache, &speakers()).unwrap(),
        0,
    ));
    assert!(
        (by_default - fast).abs() < 0.01,
        "{by_default} against {fast}"
    );
}

#[test]
fn piper_speaks_the_lines_of_one_voice_in_one_run_each_to_its_own_scene() {
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("runs");
    let piper = counting_piper(dir.path(), &count);
    let s = speakers_with(
        piper,
        vec![support::piper_voice_folder()],
        &CancelToken::new(),
    );
    let short = "Yes.";
    let long = "This narration is much longer than the first one. It has two sentences, too.";
    let path = write_project(
        dir.path(),
        &project(
            &[
                serde_json::json!({"text": short}),
                serde_json::json!({"text": long}),
                serde_json::json!({"text": short}),
                serde_json::json!({"text": long, "rate": 1.5}),
            ],
            Some(serde_json::json!({"narration": {"voice": JOE}})),
        ),
    );
    let cache = dir.path().join("cache");
    let p = prepared(&path, &cache, &s).unwrap();
    // One run for the two texts of rate 1, one for the text of rate 1.5.
    assert_eq!(runs(&count), 2);
    let secs: Vec<f64> = (0..4)
        .map(|i| support::seconds(&recording(&p, i)))
        .collect();
    assert_eq!(
        recording(&p, 0),
        recording(&p, 2),
        "the same text, spoken once"
    );
    assert!(
        secs[0] < 1.5 && secs[1] > 3.0,
        "each scene has its own text: {secs:?}"
    );
    assert!(secs[3] < secs[1] * 0.8, "{secs:?}");
    // The same texts spoken one by one last as long (Piper's noise varies them a little).
    let alone = dir.path().join("alone");
    let one_by_one = speakers_with(
        support::piper(),
        vec![support::piper_voice_folder()],
        &CancelToken::new(),
    );
    for (i, text) in [(0, short), (1, long)] {
        let path = write_project(
            dir.path(),
            &project(&[serde_json::json!({"text": text, "voice": JOE})], None),
        );
        let single = support::seconds(&recording(
            &prepared(&path, &alone, &one_by_one).unwrap(),
            0,
        ));
        assert!(
            (single - secs[i]).abs() < secs[i] * 0.15,
            "{text:?}: {single} s alone, {} s in the run",
            secs[i]
        );
    }

    // A line Piper cannot speak fails its run: the others are spoken one by one, and only that
    // scene has a problem, at its text.
    let path = write_project(
        dir.path(),
        &project(
            &[
                serde_json::json!({"text": "Fine."}),
                serde_json::json!({"text": "..."}),
                serde_json::json!({"text": "Also fine."}),
            ],
            Some(serde_json::json!({"narration": {"voice": JOE}})),
        ),
    );
    let problems = prepared(&path, &cache, &s).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].pointer, "/scenes/1/narration/text");
    assert_eq!(problems[0].kind, ProblemKind::Speech);
}

/// A pronunciation given in IPA reaches Piper as phonemes (`[[ … ]]`, which piper-tts reads
/// as such) and is spoken: a line of speech, loud enough, its own recording.
#[test]
fn piper_speaks_a_pronunciation_given_in_ipa() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = project(
        &[serde_json::json!({"text": "Deploy it with Kubernetes today."})],
        Some(serde_json::json!({"narration": {"voice": JOE}})),
    );
    p["pronunciations"] = serde_json::json!([
        {"text": "Kubernetes", "say": "koo ber net eez", "ipa": "kˌuːbɚnˈɛɾiːz"}
    ]);
    let path = write_project(dir.path(), &p);
    let cache = dir.path().join("cache");
    let with_ipa = recording(&prepared(&path, &cache, &speakers()).unwrap(), 0);
    let spoken = support::seconds(&with_ipa);
    assert!((1.0..6.0).contains(&spoken), "{spoken} s of speech");
    let (lufs, peak) = support::loudness(&with_ipa);
    assert!(
        lufs > -30.0 && peak > -12.0,
        "speech at {lufs} LUFS, peak {peak}"
    );
    // Other phonemes, another recording: the IPA is what was spoken.
    p["pronunciations"][0]["ipa"] = serde_json::json!("kjˈuːbɚnˌɛts");
    let path = write_project(dir.path(), &p);
    let other = recording(&prepared(&path, &cache, &speakers()).unwrap(), 0);
    assert_ne!(with_ipa, other);
    assert!(support::seconds(&other) > 1.0);
}

/// IPA the voice has no phoneme for (Piper would leave it out without a word) is a problem at
/// the entry's `ipa`, naming the voice and the phonemes; nothing is spoken. The same entry with
/// the voice's own phonemes is spoken.
#[test]
fn ipa_a_piper_voice_lacks_is_a_problem_at_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = project(
        &[serde_json::json!({"text": "Deploy it with Kubernetes today."})],
        Some(serde_json::json!({"narration": {"voice": JOE}})),
    );
    // ʬ (a bilabial percussive) and Ω (not IPA) are not in this voice's phoneme map.
    p["pronunciations"] = serde_json::json!([
        {"text": "today", "say": "to day"},
        {"text": "Kubernetes", "ipa": "kˌuːʬɚnˈɛΩiːz"}
    ]);
    let path = write_project(dir.path(), &p);
    let cache = dir.path().join("cache");
    let problems = prepared(&path, &cache, &speakers()).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let pointed = problems[0].pointed();
    assert_eq!(pointed.pointer, "/pronunciations/1/ipa");
    let message = pointed.message.to_string();
    assert!(
        message.contains("en_US-joe-medium") && message.contains("ʬ Ω"),
        "{message}"
    );
    assert!(
        !cache.join("speech").exists()
            || std::fs::read_dir(cache.join("speech"))
                .unwrap()
                .flatten()
                .all(|e| e.path().extension().is_none_or(|x| x != "wav")),
        "nothing spoken"
    );
    p["pronunciations"][1]["ipa"] = serde_json::json!("kˌuːbɚnˈɛɾiːz");
    let path = write_project(dir.path(), &p);
    assert!(prepared(&path, &cache, &speakers()).is_ok());
}

/// espeak-ng phonemes the voice has no phoneme for are a problem at the entry's `espeak`
/// (espeak-ng stops reading the word there and exits 0: checked here first), naming the voice
/// and the phonemes; nothing is spoken. The same entry written as espeak-ng writes it is
/// spoken. A mnemonic of another language's table is as unknown as a made-up one.
#[test]
fn espeak_phonemes_a_voice_lacks_are_a_problem_at_the_entry() {
    // The premise: espeak-ng says only what comes before the unknown phoneme.
    let said = |voice: &str, text: &str| {
        let out = std::process::Command::new("espeak-ng")
            .args(["-q", "-x", "-v", voice, text])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    assert_eq!(said("pt-br", "[[n'Or§§mA]]"), "n'Or");
    assert_eq!(said("en-us", "[[tR'iNt&is'iNkU]]"), "tR'iNt");

    let dir = tempfile::tempdir().unwrap();
    let mut p = project(
        &[
            serde_json::json!({"text": "A NR-35 trata do trabalho em altura."}),
            serde_json::json!({"text": "Use the LOTO procedure.", "voice": "en-us"}),
        ],
        Some(serde_json::json!({"narration": {"voice": "pt-br"}})),
    );
    p["pronunciations"] = serde_json::json!([
        {"text": "NR-35", "espeak": "'En& 'Ex& tR'iNt& i s'iNkU §§"},
        // `&` is Portuguese's; the English table has none.
        {"text": "LOTO", "espeak": "l'&UtoU"},
    ]);
    let path = write_project(dir.path(), &p);
    let cache = dir.path().join("cache");
    let problems = prepared(&path, &cache, &speakers()).unwrap_err();
    let pointed: Vec<_> = problems
        .iter()
        .map(|p| {
            let p = p.pointed();
            (p.pointer, p.message.to_string())
        })
        .collect();
    assert_eq!(pointed.len(), 2, "{pointed:?}");
    assert_eq!(pointed[0].0, "/pronunciations/0/espeak");
    assert!(
        pointed[0].1.contains("pt-br") && pointed[0].1.contains("phoneme §:"),
        "{pointed:?}"
    );
    assert_eq!(pointed[1].0, "/pronunciations/1/espeak");
    assert!(pointed[1].1.contains("en-us") && pointed[1].1.contains('&'));
    assert!(
        !cache.join("speech").exists()
            || std::fs::read_dir(cache.join("speech"))
                .unwrap()
                .flatten()
                .all(|e| e.path().extension().is_none_or(|x| x != "wav"))
    );

    // A language switch goes on past the entry (into the rest of the line): refused too.
    p["pronunciations"][1]["espeak"] = serde_json::json!("_^_PT l'owtU");
    p["pronunciations"][0]["espeak"] = serde_json::json!(said("pt-br", "ene erre trinta e cinco"));
    let path = write_project(dir.path(), &p);
    let problems = prepared(&path, &cache, &speakers()).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].pointed().pointer, "/pronunciations/1/espeak");
    assert!(problems[0].pointed().message.to_string().contains("_^_"));

    // One of the person's own (Settings) is said at the narration that uses it.
    let personal = vec![estudio_spoken::Entry {
        text: "trabalho".into(),
        espeak: Some("tRab'aL§".into()),
        ..Default::default()
    }];
    let with_personal = speakers().with_pronunciations(personal);
    let problems = prepared(&path, &cache, &with_personal).unwrap_err();
    let pointed: Vec<_> = problems.iter().map(|p| p.pointed().pointer).collect();
    assert!(
        pointed.contains(&"/scenes/0/narration/text".to_owned()),
        "{pointed:?}"
    );
    let said_of_it = problems
        .iter()
        .map(|p| p.pointed().message.to_string())
        .find(|m| m.contains("\"trabalho\""))
        .expect("the personal entry is named");
    assert!(
        said_of_it.contains("Settings") && said_of_it.contains('§'),
        "{said_of_it}"
    );

    // Written as espeak-ng writes them, both are spoken.
    p["pronunciations"][0]["espeak"] = serde_json::json!(said("pt-br", "ene erre trinta e cinco"));
    p["pronunciations"][1]["espeak"] = serde_json::json!(said("en-us", "low toe"));
    let path = write_project(dir.path(), &p);
    assert!(prepared(&path, &cache, &speakers()).is_ok());
}

/// No false alarm: whatever espeak-ng itself writes for real lines, in each language the
/// shipped lexicons serve, is taken as phonemes of that voice.
#[test]
fn what_espeak_ng_writes_is_taken_as_its_phonemes() {
    let espeak = estudio_render::speech::Espeak::detect().unwrap();
    let lines = [
        "Norma regulamentadora trinta e cinco: trabalho em altura, às sete horas!",
        "Equipamento de proteção individual; CIPA, SESMT, ASO e PCMSO. Já, não, mãe, pães.",
        "Kubernetes, software, login: o técnico verificou o disjuntor de 380 V?",
        "The lockout tagout procedure isn't optional; it's required at 25 °C, 50% humidity.",
        "Thoroughly check the earthing, the harness and the anchorage, then sign the permit.",
    ];
    let mut checked = 0;
    for voice in ["pt-br", "pt", "en-us", "en-gb", "es", "fr", "de"] {
        if !espeak.has_voice(voice) {
            continue;
        }
        for line in lines {
            let out = std::process::Command::new("espeak-ng")
                .args(["-q", "-x", "-v", voice, line])
                .output()
                .unwrap();
            // `-x` marks words read in another language as `(en)…(pt-pt)`: phonemes of that
            // language's table, in `-x`'s own notation (the input's is `_^_EN`). Marks go in
            // pairs, away and back; what lies between them is left out.
            let written = String::from_utf8_lossy(&out.stdout).into_owned();
            let mut phonemes = String::new();
            for (i, part) in written.split('(').enumerate() {
                let own = match part.split_once(')') {
                    Some((_, rest)) if i % 2 == 0 => rest,
                    Some(_) => "",
                    None => part,
                };
                phonemes.push_str(own);
                phonemes.push(' ');
            }
            assert!(!phonemes.trim().is_empty());
            let faults = espeak.phoneme_faults(voice, &phonemes);
            assert!(faults.is_empty(), "{voice}: {phonemes}: {faults:?}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked} lines checked");
}
