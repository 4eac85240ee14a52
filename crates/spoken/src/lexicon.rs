//! Pronunciation entries: a written form and how to say it. The project's own (its
//! `pronunciations`), the person's (Settings), and the ones shipped per language, the more
//! specific winning.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::lang::{Engine, Lang};

/// How one written form is said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The written form: a word or a phrase, matched as whole words.
    pub text: String,
    /// How to say it, written as it sounds ("ene erre trinta e cinco"): works with every voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub say: Option<String>,
    /// Its phonemes for espeak-ng voices, in espeak-ng's own notation (what `espeak-ng -x`
    /// prints). Used instead of `say` by espeak-ng voices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub espeak: Option<String>,
    /// Its phonemes for Piper voices, in IPA (what `espeak-ng --ipa` prints). Used instead of
    /// `say` by Piper voices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipa: Option<String>,
    /// Matched in any case ("ti" and "TI" alike); by default the case must be the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub any_case: bool,
}

/// Where an entry comes from; a project's entry wins over the person's, and the person's over
/// the shipped one, for the same written form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Project,
    Personal,
    Shipped,
}

impl Entry {
    /// What replaces the written form for `engine`: its phonemes for that engine (in the
    /// engine's phoneme brackets), else the respelling; `None` when the entry has nothing for
    /// this engine (phonemes for the other one only).
    pub fn replacement(&self, engine: Engine) -> Option<String> {
        match self.phonemes(engine) {
            Some(p) => Some(format!("[[{p}]]")),
            None => self
                .say
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        }
    }

    /// Its phonemes for `engine`, as the synthesiser is given them: words apart by one space
    /// (a no-break space pasted from a document would be read as a phoneme), characters that
    /// show nothing left out (a soft hyphen, a zero-width joiner). `None` when it has none.
    pub fn phonemes(&self, engine: Engine) -> Option<String> {
        let phonemes = match engine {
            Engine::Espeak => self.espeak.as_deref(),
            Engine::Piper => self.ipa.as_deref(),
        }?;
        let words: Vec<String> = phonemes
            .split_whitespace()
            .map(|w| w.chars().filter(|&c| !is_format(c)).collect::<String>())
            .filter(|w| !w.is_empty())
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }

    /// The form entries are told apart by: two entries with the same key are duplicates.
    pub fn key(&self) -> String {
        let text = nfc(self.text.trim());
        if self.any_case {
            // Character by character, as the text is matched: `to_lowercase` of a whole
            // string gives a final sigma its own form, which matching never would.
            text.chars().flat_map(char::to_lowercase).collect()
        } else {
            text
        }
    }
}

/// A character that shows nothing and says nothing: a soft hyphen, a zero-width space or
/// joiner, a direction mark, a variation selector, a byte-order mark.
pub fn is_format(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180B}'..='\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

/// `c` as a message names it: a character that shows nothing (a space other than the plain
/// one, a format character, a blank such as the Braille blank or a Hangul filler) by its code
/// point, `U+00A0`, or the message would name nothing.
pub fn shown(c: char) -> String {
    let blank = c.is_whitespace()
        || is_format(c)
        || matches!(c, '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180F}' | '\u{2800}' | '\u{3164}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}');
    if blank {
        format!("U+{:04X}", u32::from(c))
    } else {
        c.to_string()
    }
}

/// `text` in Unicode's composed form (NFC): "É" typed as "E" and a combining accent, as text
/// pasted from macOS or a PDF often has it, is the same written form as "É" typed at once.
pub(crate) fn nfc(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    }
}

/// What is wrong with an entry, at one of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryWhy {
    /// `text` is empty or only spaces.
    EmptyText,
    /// `text` has no letter or digit: it would match between every word.
    NoLetters,
    /// No `say`, `espeak` or `ipa`: nothing to say instead.
    NothingToSay,
    /// The same written form as entry `first` (the first one is used).
    Duplicate { first: usize },
    /// Phonemes holding `[[` or `]]`, which would end the phoneme block early.
    Brackets,
    /// A control character (a NUL, a tab, a line break): a NUL cannot be passed to a
    /// synthesiser at all, and a line break would end Piper's line early.
    Control,
    /// A written form, respelling or phonemes longer than [`MAX_TEXT_CHARS`]: a word or a
    /// phrase is far shorter; the lookup's work at each place of a line grows with the
    /// longest form, and espeak-ng drops the rest of a line after a very long word of
    /// phonemes.
    TooLong,
}

/// The longest written form (or respelling, or phonemes) an entry may have, in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// A problem of entry `index`, at its field `field` (`text`, `say`, `espeak`, `ipa`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryProblem {
    pub index: usize,
    pub field: &'static str,
    pub why: EntryWhy,
}

/// The problems of a list of entries (a project's or the person's).
pub fn check(entries: &[Entry]) -> Vec<EntryProblem> {
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (index, e) in entries.iter().enumerate() {
        let problem = |field, why| EntryProblem { index, field, why };
        if e.text.trim().is_empty() {
            problems.push(problem("text", EntryWhy::EmptyText));
            continue;
        }
        if !e.text.chars().any(char::is_alphanumeric) {
            problems.push(problem("text", EntryWhy::NoLetters));
            continue;
        }
        // Counted as the text is matched, composed: an accent typed apart is no character
        // more.
        let too_long = |v: &str| nfc(v.trim()).chars().count() > MAX_TEXT_CHARS;
        if too_long(&e.text) {
            problems.push(problem("text", EntryWhy::TooLong));
            continue;
        }
        // Phonemes as they are given: a field of a soft hyphen alone says nothing.
        let nothing = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        if nothing(&e.say)
            && e.phonemes(Engine::Espeak).is_none()
            && e.phonemes(Engine::Piper).is_none()
        {
            problems.push(problem("say", EntryWhy::NothingToSay));
        }
        let fields = [
            ("text", Some(e.text.as_str())),
            ("say", e.say.as_deref()),
            ("espeak", e.espeak.as_deref()),
            ("ipa", e.ipa.as_deref()),
        ];
        for (field, value) in fields {
            let Some(value) = value else { continue };
            // Around the value, a tab or line break pasted from a spreadsheet is trimmed away
            // like a space; inside it, it would cut the line.
            if value.trim().chars().any(char::is_control) {
                problems.push(problem(field, EntryWhy::Control));
            }
            // A very long word of phonemes makes espeak-ng drop what follows it in the line.
            // Phonemes are counted as given (what shows nothing is left out).
            let given = match field {
                "espeak" => e.phonemes(Engine::Espeak).unwrap_or_default(),
                "ipa" => e.phonemes(Engine::Piper).unwrap_or_default(),
                _ => value.to_owned(),
            };
            if field != "text" && too_long(&given) {
                problems.push(problem(field, EntryWhy::TooLong));
            }
            // `[[ ]]` mark phonemes for the synthesisers: in a respelling they would smuggle
            // some in.
            if field != "text" && (value.contains("[[") || value.contains("]]")) {
                problems.push(problem(field, EntryWhy::Brackets));
            }
        }
        match seen.get(&e.key()) {
            Some(&first) => problems.push(problem("text", EntryWhy::Duplicate { first })),
            None => {
                seen.insert(e.key(), index);
            }
        }
    }
    problems
}

/// The lexicon shipped for `lang`: the common acronyms, units and words of technical and
/// safety training the synthesisers say wrong (each one checked by a test against espeak-ng).
pub fn shipped(lang: Lang) -> &'static [Entry] {
    use std::sync::OnceLock;
    static PT: OnceLock<Vec<Entry>> = OnceLock::new();
    static EN: OnceLock<Vec<Entry>> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::PtBr => (&PT, include_str!("../lexicons/pt-BR.json")),
        Lang::EnUs | Lang::EnGb => (&EN, include_str!("../lexicons/en.json")),
    };
    // Checked by the crate's tests: a shipped file that does not parse never leaves here.
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by a second review: a field of a soft hyphen alone passed as something to say,
    /// and blanks that are not spaces were named as themselves (a message naming nothing).
    #[test]
    fn what_shows_nothing_says_nothing_and_is_named_by_its_code_point() {
        let shy = Entry {
            text: "EPI".into(),
            espeak: Some("\u{AD}\u{200B}".into()),
            ..Entry::default()
        };
        assert_eq!(shy.phonemes(Engine::Espeak), None);
        assert_eq!(
            check(&[shy]).into_iter().map(|p| p.why).collect::<Vec<_>>(),
            [EntryWhy::NothingToSay]
        );
        // Counted as given: 134 characters once the soft hyphens are out.
        let long = Entry {
            text: "X".into(),
            espeak: Some("ta\u{AD}".repeat(67)),
            ..Entry::default()
        };
        assert!(check(&[long]).is_empty());
        for c in ['\u{2800}', '\u{3164}', '\u{A0}', '\u{AD}', '\u{E0020}'] {
            assert!(shown(c).starts_with("U+"), "{c:?}");
        }
        assert_eq!(shown('§'), "§");
    }
}
