//! Which phonemes an espeak-ng voice knows, read from espeak-ng's own compiled tables
//! (`phontab` in its data folder), so that an entry's `espeak` phonemes can be checked before
//! they are spoken. espeak-ng itself gives no error for a phoneme it does not know: it stops
//! reading the word there and exits 0 (`[[n'Or§§mA]]` is said `n'Or`), and its `-x` output
//! rewrites valid input too (`@r` comes back `3`), so comparing its output says nothing.
//!
//! The format is espeak-ng's `LoadPhData` (synthdata.c): a count of tables, then per table its
//! phoneme count, the table it includes (1-based, 0 for none), its name, and 16-byte phoneme
//! records whose first four bytes are the mnemonic. A voice's table is named by its `phonemes`
//! line, else by its first `language` line up to the first `-` (voices.c). Reading a word of
//! phonemes follows `EncodePhonemes` (dictionary.c): the longest mnemonic at each place, `|`
//! only separating two.

use std::path::Path;

/// The length of a table's name in `phontab` (`N_PHONEME_TAB_NAME`).
const NAME_BYTES: usize = 32;
/// The size of one phoneme record (`PHONEME_TAB`).
const RECORD_BYTES: usize = 16;
/// A phoneme type that marks a phoneme as not defined for the language (`phINVALID`).
const INVALID: u8 = 15;
/// The phoneme that switches language: the rest of its word names a language (`phonSWITCH`).
const SWITCH: u8 = 21;
/// Larger than any `phontab` espeak-ng ships (56 KB in 1.51): a bigger file is not one.
const MAX_BYTES: u64 = 16 << 20;

#[derive(Debug, Clone, Copy)]
struct Phoneme {
    mnemonic: [u8; 4],
    code: u8,
    kind: u8,
}

#[derive(Debug, Clone)]
struct Table {
    name: String,
    /// The table whose phonemes this one starts from.
    includes: Option<usize>,
    phonemes: Vec<Phoneme>,
}

/// espeak-ng's phoneme tables, as compiled into its data folder.
#[derive(Debug, Clone)]
pub struct PhonemeTables {
    tables: Vec<Table>,
}

/// The phonemes one voice reads: by code, as espeak-ng holds them once the voice is chosen.
#[derive(Debug, Clone)]
pub struct VoicePhonemes {
    by_code: Vec<Option<Phoneme>>,
}

impl PhonemeTables {
    /// Reads `phontab` from espeak-ng's data folder; `None` when it is missing or not one.
    pub fn read(data: &Path) -> Option<Self> {
        let path = data.join("phontab");
        if std::fs::metadata(&path).ok()?.len() > MAX_BYTES {
            return None;
        }
        Self::parse(&std::fs::read(path).ok()?)
    }

    fn parse(bytes: &[u8]) -> Option<Self> {
        let count = usize::from(*bytes.first()?);
        let mut at = 4;
        let mut tables = Vec::with_capacity(count);
        for _ in 0..count {
            let head = bytes.get(at..at + 4 + NAME_BYTES)?;
            let n = usize::from(head[0]);
            let includes = usize::from(head[1]).checked_sub(1);
            let name = &head[4..];
            let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(NAME_BYTES)];
            at += 4 + NAME_BYTES;
            let records = bytes.get(at..at + n * RECORD_BYTES)?;
            at += n * RECORD_BYTES;
            let phonemes = records
                .chunks_exact(RECORD_BYTES)
                .map(|r| Phoneme {
                    mnemonic: [r[0], r[1], r[2], r[3]],
                    code: r[10],
                    kind: r[11],
                })
                .collect();
            tables.push(Table {
                name: String::from_utf8_lossy(name).into_owned(),
                includes,
                phonemes,
            });
        }
        Some(Self { tables })
    }

    /// The phonemes of the voice whose file (in the data folder's `lang/` or `voices/`) is
    /// `voice_file`, as `espeak-ng --voices` lists it (`roa/pt-BR`).
    pub fn of_voice(&self, data: &Path, voice_file: &str) -> Option<VoicePhonemes> {
        let text = ["lang", "voices"]
            .iter()
            .map(|dir| data.join(dir).join(voice_file))
            .find_map(|path| {
                // A voice file is a few lines; never a pipe or a device.
                let meta = std::fs::metadata(&path).ok()?;
                (meta.is_file() && meta.len() < 1 << 20)
                    .then(|| std::fs::read(&path).ok())
                    .flatten()
            })?;
        self.named(&table_name(&String::from_utf8_lossy(&text))?)
    }

    /// The phonemes of the table `name`, with those of the tables it includes under them.
    fn named(&self, name: &str) -> Option<VoicePhonemes> {
        let mut chain = Vec::new();
        let mut at = self.tables.iter().position(|t| t.name == name);
        while let Some(i) = at {
            // A table can only include one before it (below): anything else is a damaged file.
            chain.push(i);
            at = match self.tables[i].includes {
                Some(inc) if inc >= i => return None,
                inc => inc,
            };
        }
        if chain.is_empty() {
            return None;
        }
        let mut by_code = vec![None; 256];
        for &i in chain.iter().rev() {
            for p in &self.tables[i].phonemes {
                by_code[usize::from(p.code)] = Some(*p);
            }
        }
        Some(VoicePhonemes { by_code })
    }
}

/// The phoneme table a voice file names.
fn table_name(voice: &str) -> Option<String> {
    let mut language = None;
    let mut phonemes = None;
    for line in voice.lines() {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("language"), Some(name)) if language.is_none() && name != "variant" => {
                language = name.split('-').next().map(str::to_owned);
            }
            (Some("phonemes"), Some(name)) => phonemes = Some(name.to_owned()),
            _ => {}
        }
    }
    phonemes.or(language)
}

/// What is wrong with phonemes given to a voice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhonemeFaults {
    /// The parts the voice has no phoneme for, each once, in order (an invisible character
    /// as its code point, `U+00A0`): at each, espeak-ng stops reading the word.
    pub unknown: Vec<String>,
    /// A language switch (`_^_EN`): espeak-ng goes on reading in that language past the
    /// entry, into the rest of the line.
    pub switches_language: bool,
}

impl PhonemeFaults {
    pub fn is_empty(&self) -> bool {
        self.unknown.is_empty() && !self.switches_language
    }
}

impl VoicePhonemes {
    /// What is wrong with `phonemes` (what goes between `[[` and `]]`, as
    /// `estudio_spoken::Entry::replacement` writes it: words apart by one space) for this
    /// voice.
    pub fn check(&self, phonemes: &str) -> PhonemeFaults {
        let mut faults = PhonemeFaults::default();
        for word in phonemes.split_whitespace() {
            let bytes = word.as_bytes();
            let mut at = 0;
            while at < bytes.len() {
                // One `|` separates mnemonics that would otherwise read as one; `||` is a
                // phoneme of its own.
                if bytes[at] == b'|' && bytes.get(at + 1) != Some(&b'|') {
                    at += 1;
                    continue;
                }
                match self.longest(&bytes[at..]) {
                    Some((_, SWITCH)) => {
                        faults.switches_language = true;
                        break;
                    }
                    Some((len, _)) => at += len,
                    None => {
                        let c = word[at..].chars().next().unwrap_or('?');
                        let shown = estudio_spoken::lexicon::shown(c);
                        if !faults.unknown.contains(&shown) {
                            faults.unknown.push(shown);
                        }
                        at += c.len_utf8();
                    }
                }
            }
        }
        faults
    }

    /// The longest mnemonic at the start of `rest` (up to four bytes), with its code.
    fn longest(&self, rest: &[u8]) -> Option<(usize, u8)> {
        let mut best: Option<(usize, u8)> = None;
        for p in self.by_code.iter().skip(1).flatten() {
            if p.kind == INVALID {
                continue;
            }
            let count = p
                .mnemonic
                .iter()
                .zip(rest)
                .take_while(|(m, r)| **m != 0 && m == r)
                .count();
            let whole = count == 4 || p.mnemonic[count] == 0;
            if whole && best.is_none_or(|(len, _)| count > len) {
                best = Some((count, p.code));
            }
        }
        // A mnemonic of no bytes matches as one character, as espeak-ng reads it.
        best.map(|(len, code)| (len.max(1), code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(mnemonic: &str, code: u8, kind: u8) -> Vec<u8> {
        let mut r = vec![0; RECORD_BYTES];
        r[..mnemonic.len()].copy_from_slice(mnemonic.as_bytes());
        r[10] = code;
        r[11] = kind;
        r
    }

    fn table(name: &str, includes: u8, phonemes: &[(&str, u8, u8)]) -> Vec<u8> {
        let mut t = vec![phonemes.len() as u8, includes, 0, 0];
        let mut n = name.as_bytes().to_vec();
        n.resize(NAME_BYTES, 0);
        t.extend(n);
        for (m, code, kind) in phonemes {
            t.extend(record(m, *code, *kind));
        }
        t
    }

    #[test]
    fn the_longest_mnemonic_wins_and_an_included_table_is_under_its_own() {
        let mut bytes = vec![2, 0, 0, 0];
        bytes.extend(table(
            "base",
            0,
            &[("'", 6, 1), ("a", 35, 2), ("_^_", SWITCH, 0)],
        ));
        bytes.extend(table(
            "xx",
            1,
            &[("aI", 40, 2), ("t", 47, 4), ("a", 35, INVALID)],
        ));
        let tables = PhonemeTables::parse(&bytes).expect("parses");
        let xx = tables.named("xx").expect("xx");
        assert!(xx.check("t'aI|t").is_empty());
        // `a` alone is not defined for this language (invalid in the including table).
        assert_eq!(xx.check("t'a §§ aI").unknown, ["a", "§"]);
        // A language switch goes on past the entry: a fault of its own.
        let switch = xx.check("_^_EN t");
        assert!(switch.switches_language && switch.unknown.is_empty());
        // An invisible character is named by its code point.
        assert_eq!(xx.check("t\u{AD}aI").unknown, ["U+00AD"]);
        assert!(tables.named("yy").is_none());
        // A table including itself (a damaged file) gives nothing, not a loop.
        let mut looped = vec![1, 0, 0, 0];
        looped.extend(table("zz", 1, &[("a", 35, 2)]));
        assert!(PhonemeTables::parse(&looped).unwrap().named("zz").is_none());
        // A short file is not one.
        assert!(PhonemeTables::parse(&bytes[..bytes.len() - 3]).is_none());
    }

    #[test]
    fn a_voice_names_its_table_by_phonemes_else_by_its_language() {
        assert_eq!(
            table_name("name Portuguese (Brazil)\nlanguage pt-br\nlanguage pt 6\n").as_deref(),
            Some("pt")
        );
        assert_eq!(
            table_name("language en-us 2\nlanguage en 3\nphonemes en-us\n").as_deref(),
            Some("en-us")
        );
        assert_eq!(table_name("name x\n"), None);
    }
}
