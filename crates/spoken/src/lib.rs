//! What a synthesiser is given to say a narration: the written text with the pronunciation
//! lexicons applied (the project's, the person's, the ones shipped per language) and the
//! numbers, money, dates, times and units the synthesisers read wrong turned into words.
//! Captions, titles and the project keep what was written: only the spoken text changes, and
//! the speech cache is keyed by it, so changing one entry speaks again only the lines that use
//! it.
//!
//! One pass, left to right: at each word the longest entry that matches is said instead
//! (entries of the project first, then the person's, then the shipped ones, for the same
//! written form), else a rule; what an entry or rule says is never read again, so `A → B` with
//! `B → A` cannot loop.

pub mod lang;
pub mod lexicon;
mod numbers;
mod rules;

pub use lang::{Engine, Lang};
pub use lexicon::{check, shipped, Entry, EntryProblem, EntryWhy, Origin};

/// One entry a line used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Used {
    pub origin: Origin,
    /// Its place in its list (the project's `pronunciations`, the person's, the shipped file).
    pub index: usize,
    /// The written form it matched, as written in the line.
    pub matched: String,
}

/// A line as it is spoken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spoken {
    /// What the synthesiser is given.
    pub text: String,
    /// The entries applied, in the order of the line.
    pub used: Vec<Used>,
    /// The rules applied (`money`, `date`, `time`, `unit`, `feminine`, `number`).
    pub rules: Vec<&'static str>,
}

/// The lexicons and rules one voice speaks with.
pub struct Pronouncer {
    lang: Option<Lang>,
    engine: Engine,
    /// Every usable entry, the most specific first for the same key.
    entries: Vec<(Origin, usize, Entry, String)>,
    /// The entries by their written form: what can start at a place is found in one walk as
    /// long as the longest form there, however many entries there are.
    forms: Forms,
}

/// A trie of written forms, character by character. Each character is folded to the first
/// of its lower-case form, so one walk finds exact-case and any-case forms alike; whether one
/// really matches there is [`matches`]' to say.
#[derive(Default)]
struct Forms {
    nodes: Vec<FormNode>,
}

#[derive(Default)]
struct FormNode {
    next: std::collections::HashMap<char, usize>,
    /// The entries whose form ends here, in the pronouncer's order.
    ends: Vec<usize>,
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

impl Forms {
    fn new(entries: &[(Origin, usize, Entry, String)]) -> Self {
        let mut forms = Forms {
            nodes: vec![FormNode::default()],
        };
        for (i, (_, _, entry, _)) in entries.iter().enumerate() {
            let mut at = 0;
            for c in entry.text.chars().map(fold) {
                at = match forms.nodes[at].next.get(&c) {
                    Some(&n) => n,
                    None => {
                        forms.nodes.push(FormNode::default());
                        let n = forms.nodes.len() - 1;
                        forms.nodes[at].next.insert(c, n);
                        n
                    }
                };
            }
            forms.nodes[at].ends.push(i);
        }
        forms
    }

    /// The entries whose form may start `rest`, the longest first.
    fn candidates(&self, rest: &str) -> Vec<usize> {
        let mut found = Vec::new();
        let mut at = 0;
        for c in rest.chars().map(fold) {
            let Some(&n) = self.nodes[at].next.get(&c) else {
                break;
            };
            at = n;
            found.push(at);
        }
        found
            .iter()
            .rev()
            .flat_map(|&n| self.nodes[n].ends.iter().copied())
            .collect()
    }
}

impl Pronouncer {
    /// The pronouncer of a voice of `lang` (`None`: a language without rules or shipped
    /// lexicon) spoken by `engine`, with the project's and the person's entries. Entries with
    /// problems ([`check`]) are left out, and so are those with nothing for this engine.
    pub fn new(lang: Option<Lang>, engine: Engine, project: &[Entry], personal: &[Entry]) -> Self {
        let shipped = lang.map(shipped).unwrap_or(&[]);
        let mut entries = Vec::new();
        let mut keys = std::collections::HashSet::new();
        for (origin, list) in [
            (Origin::Project, project),
            (Origin::Personal, personal),
            (Origin::Shipped, shipped),
        ] {
            // A duplicate's first is used; a long one too (the person's list, kept before the
            // limit was set, says so in Settings; a project's stops at its problem anyway).
            let bad: std::collections::HashSet<usize> = check(list)
                .into_iter()
                .filter(|p| !matches!(p.why, EntryWhy::Duplicate { .. } | EntryWhy::TooLong))
                .map(|p| p.index)
                .collect();
            for (index, entry) in list.iter().enumerate() {
                if bad.contains(&index) {
                    continue;
                }
                let Some(say) = entry.replacement(engine) else {
                    continue;
                };
                // Composed like the text it replaces: a respelling with its accents apart is
                // misread by espeak-ng ("cafe" and an acute is not "café").
                let say = lexicon::nfc(&say);
                // The first list to give a written form wins; in a list, its first entry.
                if !keys.insert(entry.key()) {
                    continue;
                }
                let mut entry = entry.clone();
                entry.text = lexicon::nfc(entry.text.trim());
                entries.push((origin, index, entry, say));
            }
        }
        let forms = Forms::new(&entries);
        Self {
            lang,
            engine,
            entries,
            forms,
        }
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// `text` as the voice is to say it.
    pub fn spoken(&self, text: &str) -> Spoken {
        // Entries are held composed; a line pasted with its accents apart is composed too, so
        // "EPÍ" matches however it was typed.
        // A NUL ends the synthesiser's text: what followed it would not be said.
        let text = &lexicon::nfc(text).replace('\0', " ");
        let rules = self.lang.map(rules::rules).unwrap_or(&[]);
        let mut out = String::with_capacity(text.len());
        let mut used = Vec::new();
        let mut applied = Vec::new();
        let mut at = 0;
        'scan: while at < text.len() {
            let rest = &text[at..];
            let before = text[..at].chars().next_back();
            let word_start = before.is_none_or(|c| !is_word_char(c));
            for candidate in self.forms.candidates(rest) {
                let (origin, index, entry, say) = &self.entries[candidate];
                if let Some(len) = matches(rest, entry, word_start) {
                    // A form bounded by punctuation (".NET") can sit against a word
                    // ("ASP.NET"): what it says is kept apart from that word.
                    if out.chars().next_back().is_some_and(is_word_char)
                        && say.chars().next().is_some_and(is_word_char)
                    {
                        out.push(' ');
                    }
                    // Phonemes are read only after a space: after "(", a quote or "/",
                    // espeak-ng would pass over them and say nothing of the word.
                    if say.starts_with("[[")
                        && out.chars().next_back().is_some_and(|c| !c.is_whitespace())
                    {
                        out.push(' ');
                    }
                    out.push_str(say);
                    if rest[len..].chars().next().is_some_and(is_word_char)
                        && say.chars().next_back().is_some_and(is_word_char)
                    {
                        out.push(' ');
                    }
                    used.push(Used {
                        origin: *origin,
                        index: *index,
                        matched: rest[..len].to_owned(),
                    });
                    at += len;
                    continue 'scan;
                }
            }
            // Not inside a number either: "3,1500" is not "1500".
            let in_number = {
                let mut back = text[..at].chars().rev();
                matches!(back.next(), Some('.' | ','))
                    && back.next().is_some_and(|c| c.is_ascii_digit())
            };
            // After "5/", a date or a bare number is a part of what the slash joins ("131/02/
            // 2024" is no date, nor its year alone); a measure is still one ("127/220 V").
            let after_slash = {
                let mut back = text[..at].chars().rev();
                back.next() == Some('/') && back.next().is_some_and(|c| c.is_ascii_digit())
            };
            if word_start && !in_number {
                if let Some(lang) = self.lang {
                    for rule in rules {
                        if after_slash && matches!(rule.name, "date" | "number") {
                            continue;
                        }
                        if let Some((len, said)) = rule.apply(&text[..at], rest, lang) {
                            // A rule may keep what it matched as written (a date the calendar
                            // lacks), so that no other rule reads a part of it.
                            if said != rest[..len] {
                                applied.push(rule.name);
                            }
                            out.push_str(&said);
                            at += len;
                            continue 'scan;
                        }
                    }
                }
            }
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            at += c.len_utf8();
            // "[[" or "]]" written in a narration would start or end phonemes: kept apart,
            // they are read as the brackets they are.
            if (c == '[' && rest.starts_with("[[")) || (c == ']' && rest.starts_with("]]")) {
                out.push(' ');
            }
        }
        Spoken {
            text: out,
            used,
            rules: applied,
        }
    }
}

/// The length of `entry`'s written form at the start of `rest`, when it is there as whole
/// words (a form that starts or ends with a letter or digit needs no letter or digit beside
/// it there).
fn matches(rest: &str, entry: &Entry, word_start: bool) -> Option<usize> {
    let form = &entry.text;
    let first = form.chars().next()?;
    if first.is_alphanumeric() && !word_start {
        return None;
    }
    let len = if entry.any_case {
        // Compared character by character: lower-casing may change a text's length.
        let mut end = 0;
        let mut chars = rest.char_indices();
        for f in form.chars() {
            let (i, c) = chars.next()?;
            if !c.to_lowercase().eq(f.to_lowercase()) {
                return None;
            }
            end = i + c.len_utf8();
        }
        end
    } else {
        rest.starts_with(form.as_str()).then_some(form.len())?
    };
    let last = form.chars().next_back()?;
    if last.is_alphanumeric() && rest[len..].chars().next().is_some_and(is_word_char) {
        return None;
    }
    Some(len)
}

/// A letter, a digit, or a combining mark (an accent typed as its own character, as text
/// pasted from macOS has it: "EPI" followed by U+0301 is "EPÍ", not "EPI").
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str, say: &str) -> Entry {
        Entry {
            text: text.into(),
            say: Some(say.into()),
            ..Entry::default()
        }
    }

    fn said(project: &[Entry], personal: &[Entry], text: &str) -> String {
        Pronouncer::new(None, Engine::Espeak, project, personal)
            .spoken(text)
            .text
    }

    /// Found by a hostile review: a form bounded by punctuation glued what it says to the
    /// next word, and an accent typed as its own character was not part of the word.
    #[test]
    fn what_an_entry_says_stays_apart_and_a_combining_accent_is_part_of_the_word() {
        let list = [
            entry(".NET", "dot net"),
            entry("C++", "cê mais mais"),
            entry("EPI", "é pê í"),
        ];
        assert_eq!(
            said(&list, &[], "ASP.NET e C++11"),
            "ASP dot net e cê mais mais 11"
        );
        // Composed first: "I" and a combining acute is "Í", which "EPI" does not match.
        assert_eq!(said(&list, &[], "EPI\u{301} e EPI."), "EPÍ e é pê í.");
        // A mark with no composed form stays a part of its word.
        assert_eq!(
            said(&list, &[], "EPI\u{20DD} e EPI"),
            "EPI\u{20DD} e é pê í"
        );
    }

    /// Text pasted from macOS or a PDF often holds its accents as characters of their own; an
    /// entry matches however either was typed, and the two spellings are one written form.
    #[test]
    fn an_accent_typed_apart_or_at_once_is_the_same_written_form() {
        let composed = [entry("ASO é", "á esse ó")];
        let apart = [entry("ASO e\u{301}", "á esse ó")];
        for list in [&composed, &apart] {
            assert_eq!(
                said(list, &[], "ASO é e ASO e\u{301}"),
                "á esse ó e á esse ó"
            );
        }
        // What an entry says is composed too (espeak-ng reads "cafe" and an acute as "cafe").
        assert_eq!(said(&[entry("XYZ", "cafe\u{301}")], &[], "XYZ"), "café");
        let both = [composed[0].clone(), apart[0].clone()];
        assert_eq!(
            check(&both).into_iter().map(|p| p.why).collect::<Vec<_>>(),
            [EntryWhy::Duplicate { first: 0 }]
        );
    }

    #[test]
    fn entries_apply_once_longest_first_never_to_their_own_output() {
        let swap = [entry("A", "B"), entry("B", "A")];
        assert_eq!(said(&swap, &[], "A B A"), "B A B");
        let nested = [
            entry("NR", "norma"),
            entry("NR-35", "ene erre trinta e cinco"),
        ];
        assert_eq!(
            said(&nested, &[], "NR-35 e NR"),
            "ene erre trinta e cinco e norma"
        );
        // A form that says itself, or something holding itself, does not grow.
        let grow = [entry("x", "x x")];
        assert_eq!(said(&grow, &[], "x"), "x x");
    }

    #[test]
    fn whole_words_exact_case_unless_any_case() {
        let ti = [entry("TI", "tê í")];
        assert_eq!(
            said(&ti, &[], "TI e ti e TIME e aTI"),
            "tê í e ti e TIME e aTI"
        );
        let any = [Entry {
            any_case: true,
            ..entry("login", "lóguin")
        }];
        assert_eq!(
            said(&any, &[], "Login, LOGIN, logins"),
            "lóguin, lóguin, logins"
        );
    }

    #[test]
    fn the_project_wins_over_the_person_and_the_person_over_what_is_shipped() {
        let project = [entry("TI", "tecnologia da informação")];
        let personal = [entry("TI", "tê í"), entry("EPI", "equipamento")];
        let p = Pronouncer::new(Some(Lang::PtBr), Engine::Espeak, &project, &personal);
        let s = p.spoken("TI e EPI e EPC");
        assert_eq!(s.text, "tecnologia da informação e equipamento e é pê cê");
        assert_eq!(
            s.used.iter().map(|u| u.origin).collect::<Vec<_>>(),
            [Origin::Project, Origin::Personal, Origin::Shipped]
        );
    }

    #[test]
    fn bad_entries_are_said_at_their_field_and_not_applied() {
        let list = [
            entry(" ", "x"),
            entry("...", "ponto"),
            Entry {
                text: "CIPA".into(),
                ..Entry::default()
            },
            entry("TI", "tê í"),
            entry("TI", "ti"),
            Entry {
                text: "X".into(),
                espeak: Some("a]]b".into()),
                ..Entry::default()
            },
            // A respelling smuggling phonemes in (espeak-ng would read them as such).
            entry("Z", "[[z]]"),
            // A NUL cannot be given to a synthesiser; a line break would end Piper's line.
            entry("W\u{0}", "dáblio"),
            entry("Y", "ípsilon\nZ"),
        ];
        let whys: Vec<_> = check(&list)
            .into_iter()
            .map(|p| (p.index, p.field, p.why))
            .collect();
        assert_eq!(
            whys,
            [
                (0, "text", EntryWhy::EmptyText),
                (1, "text", EntryWhy::NoLetters),
                (2, "say", EntryWhy::NothingToSay),
                (4, "text", EntryWhy::Duplicate { first: 3 }),
                (5, "espeak", EntryWhy::Brackets),
                (6, "say", EntryWhy::Brackets),
                (7, "text", EntryWhy::Control),
                (8, "say", EntryWhy::Control),
            ]
        );
        // A tab or line break around a value, as pasted from a spreadsheet, is trimmed away.
        assert!(check(&[entry("EPI\t", "é pê í\n")]).is_empty());
        // Two forms are duplicates only if they match the same words (a final sigma).
        let sigma = [
            Entry {
                any_case: true,
                ..entry("ΟΔΟΣ", "odos")
            },
            Entry {
                any_case: true,
                ..entry("οδος", "odos")
            },
        ];
        assert!(check(&sigma).is_empty());
        assert_eq!(said(&sigma, &[], "οδος ΟΔΟΣ"), "odos odos");
        // The first of two duplicates is used; the bad ones change nothing.
        assert_eq!(said(&list, &[], "TI ... X Z W Y"), "tê í ... X Z W Y");
    }

    /// Ten thousand entries sharing their first letters: each is found where it is written,
    /// the longest form at a place wins whatever its list, and a form too long to be a phrase
    /// is refused (the lookup's work at a place grows with the longest form, not the count).
    #[test]
    fn ten_thousand_entries_are_each_found_and_the_longest_wins() {
        let mut project: Vec<Entry> = (0..10_000)
            .map(|i| entry(&format!("ab{i}"), &format!("w{i}")))
            .collect();
        project.push(Entry {
            any_case: true,
            ..entry("ab1 ab2", "pair")
        });
        let personal = [entry("ab1 ab2 ab3", "triple")];
        let p = Pronouncer::new(None, Engine::Espeak, &project, &personal);
        let line: Vec<String> = (0..10_000).rev().map(|i| format!("ab{i}")).collect();
        let whole = p.spoken(&line.join(" ")).text;
        let words: Vec<&str> = whole.split(' ').collect();
        assert_eq!(words.len(), 10_000);
        assert!(words
            .iter()
            .rev()
            .enumerate()
            .all(|(i, w)| *w == format!("w{i}")));
        assert_eq!(
            p.spoken("AB1 AB2 ab4, ab1 ab2 ab3.").text,
            "pair w4, triple."
        );
        let long = entry(&"a".repeat(lexicon::MAX_TEXT_CHARS + 1), "x");
        assert_eq!(
            check(std::slice::from_ref(&long))
                .into_iter()
                .map(|p| p.why)
                .collect::<Vec<_>>(),
            [EntryWhy::TooLong]
        );
        // Still said (a person's list kept before the limit); a project's stops at its problem.
        assert_eq!(said(&[], std::slice::from_ref(&long), &long.text), "x");
    }

    /// Found by a second review: espeak-ng reads phonemes only after a space (after "(" or a
    /// quote the word was dropped), and "[[" written in a narration started phonemes.
    #[test]
    fn phonemes_follow_a_space_and_written_brackets_stay_brackets() {
        let nao = [Entry {
            text: "NAO".into(),
            espeak: Some("n'&w".into()),
            ..Entry::default()
        }];
        assert_eq!(
            said(&nao, &[], "Diga (NAO) e \"NAO\" e 3/NAO"),
            "Diga ( [[n'&w]]) e \" [[n'&w]]\" e 3/ [[n'&w]]"
        );
        assert_eq!(said(&nao, &[], "NAO e NAO"), "[[n'&w]] e [[n'&w]]");
        assert_eq!(said(&[], &[], "Digite [[ e ]] fim"), "Digite [ [ e ] ] fim");
    }

    #[test]
    fn hostile_text_neither_panics_nor_hangs() {
        let p = Pronouncer::new(Some(Lang::PtBr), Engine::Piper, &[entry("é", "e")], &[]);
        for text in [
            "",
            "R$",
            "R$ ",
            "12/99/2024",
            "99h99",
            "ﬃ 10 kg\u{301}",
            "\u{0}1.500\u{200b}",
            &"9".repeat(500),
            "$2.5.3",
            "R$ 1,50,00",
        ] {
            let _ = p.spoken(text);
        }
        // Part of a longer number: left as written, for the voice to read.
        assert_eq!(p.spoken("R$ 1,50,00").text, "R$ 1,50,00");
        // A NUL would end the synthesiser's text early: every word after it is said.
        assert_eq!(p.spoken("um\u{0}dois").text, "um dois");
    }
}
