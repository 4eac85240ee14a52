//! Every kind of message, worded in every language: none missing, none left in English, none
//! showing a raw id, and each survives being stored with a job.

use std::collections::HashSet;

use estudio_words::{Lang, Message, MessageKind};
use strum::IntoEnumIterator;

/// Every string inside a message's parameters (paths, tools' own English details).
fn parameters(m: &Message) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(o) => {
                // The ids of nested messages are not parameters but kinds.
                o.iter()
                    .filter(|(k, _)| k.as_str() != "id")
                    .for_each(|(_, v)| walk(v, out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(m).expect("serialise"), &mut out);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

#[test]
fn every_kind_has_a_sample() {
    let sampled: HashSet<MessageKind> = Message::samples().iter().map(MessageKind::from).collect();
    let missing: Vec<_> = MessageKind::iter()
        .filter(|k| !sampled.contains(k))
        .collect();
    assert!(missing.is_empty(), "kinds without a sample: {missing:?}");
}

#[test]
fn every_message_is_worded_in_every_language() {
    for m in Message::samples() {
        let json = serde_json::to_value(&m).expect("serialise");
        let id = json["id"].as_str().expect("an id").to_owned();
        let en = m.words(Lang::En);
        let pt = m.words(Lang::PtBr);
        for (lang, text) in [(Lang::En, &en), (Lang::PtBr, &pt)] {
            assert!(!text.trim().is_empty(), "{id} in {lang:?} is empty");
            // A kind's id (`file_not_found`) never shows (one-word ids are plain words).
            assert!(
                !(id.contains('_') && text.contains(&id)),
                "{id} in {lang:?} shows its id: {text}"
            );
            let mut words_only = text.clone();
            for p in parameters(&m) {
                words_only = words_only.replace(&p, "");
            }
            assert!(
                !words_only.contains('{') && !words_only.contains('}'),
                "{id} in {lang:?} has a placeholder left: {text}"
            );
            let snake = words_only
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .find(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase()));
            assert!(
                snake.is_none(),
                "{id} in {lang:?} shows an id {snake:?}: {text}"
            );
        }
        // Portuguese that is English: the English words that only the catalogue could have put
        // there (parameters, such as ffmpeg's own reasons, are removed first).
        let mut pt_words = format!(" {pt} ");
        for p in parameters(&m) {
            pt_words = pt_words.replace(&p, " ");
        }
        for english in [
            " the ", " is ", " must ", " cannot ", " and ", " not ", " file ", " of ",
        ] {
            assert!(
                !pt_words.contains(english),
                "{id} in Portuguese says {english:?}: {pt}"
            );
        }
        // A transition none of whose names is known is said as it was written.
        let unknown_transition =
            matches!(&m, Message::TransitionName { name } if name == "not-a-transition");
        let only_parameters = unknown_transition
            || matches!(
                &m,
                Message::Io {
                    cause: estudio_words::Cause::Other { .. },
                    ..
                }
            );
        if !only_parameters {
            assert_ne!(en, pt, "{id} is the same in both languages");
        }
        let back: Message = serde_json::from_value(json).expect("stored messages read back");
        assert_eq!(back, m, "{id} changes when stored");
    }
}

#[test]
fn every_format_is_named_in_every_language() {
    for name in estudio_words::PresetName::iter() {
        for lang in Lang::ALL {
            assert!(!name.words(lang).is_empty(), "{name:?} in {lang:?}");
        }
    }
    assert_eq!(
        estudio_words::PresetName::M4a.words(Lang::PtBr),
        "Só o som (M4A, AAC)"
    );
}

#[test]
fn numbers_in_messages_follow_the_language() {
    let m = Message::ClipStartPastEnd {
        start: 3.3,
        file: "clip.mp4".into(),
        length: 3.24,
    };
    assert_eq!(
        m.words(Lang::En),
        "starts at 3.3 s, but clip.mp4 lasts 3.240 s"
    );
    assert_eq!(
        m.words(Lang::PtBr),
        "começa em 3,3 s, mas clip.mp4 dura 3,240 s"
    );
}

#[test]
fn languages_come_from_posix_and_bcp47_tags() {
    for (tag, lang) in [
        ("pt_BR.UTF-8", Lang::PtBr),
        ("pt-PT", Lang::PtBr),
        ("pt", Lang::PtBr),
        ("en_US.UTF-8", Lang::En),
        ("de-DE", Lang::En),
        ("C", Lang::En),
        ("", Lang::En),
        ("PT_br@euro", Lang::PtBr),
    ] {
        assert_eq!(Lang::from_tag(tag), lang, "{tag}");
    }
}
