//! The language a voice speaks, as far as the spoken forms care.

/// A language whose numbers, units and shipped lexicon Estúdio knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Brazilian Portuguese.
    PtBr,
    /// English as spoken in the United States (month/day dates).
    EnUs,
    /// English elsewhere (day/month dates, "metre").
    EnGb,
}

/// The synthesiser a line goes to: phonemes are written in each one's own notation
/// (espeak-ng's mnemonics, Piper's IPA), which look alike and are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    Espeak,
    Piper,
}

impl Lang {
    /// The language of a voice as a project names it: an espeak-ng voice (`pt-br`, `en-us`,
    /// `en`), or a Piper voice (`pt_BR-faber-medium`, `en_US-joe-medium`, `en_GB-…`). `None` for
    /// other languages: their lines are spoken as written, with their lexicon entries only.
    pub fn of_voice(voice: &str) -> Option<Lang> {
        let name = voice
            .strip_prefix("espeak:")
            .or_else(|| voice.strip_prefix("piper:"))
            .unwrap_or(voice);
        // The file name of a Piper model given by path.
        let name = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
        let code: String = name
            .chars()
            .take_while(|c| c.is_ascii_alphabetic() || *c == '-' || *c == '_')
            .collect();
        let mut parts = code.split(['-', '_']);
        match (parts.next(), parts.next()) {
            (Some("pt"), _) => Some(Lang::PtBr),
            (Some("en"), Some("us")) => Some(Lang::EnUs),
            (Some("en"), _) => Some(Lang::EnGb),
            _ => None,
        }
    }

    /// The shipped lexicon's file name.
    pub fn code(self) -> &'static str {
        match self {
            Lang::PtBr => "pt-BR",
            Lang::EnUs | Lang::EnGb => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn voices_name_their_language() {
        assert_eq!(Lang::of_voice("pt-br"), Some(Lang::PtBr));
        assert_eq!(Lang::of_voice("espeak:pt-br"), Some(Lang::PtBr));
        assert_eq!(Lang::of_voice("piper:pt_BR-faber-medium"), Some(Lang::PtBr));
        assert_eq!(Lang::of_voice("en-us"), Some(Lang::EnUs));
        assert_eq!(Lang::of_voice("piper:en_US-joe-medium"), Some(Lang::EnUs));
        assert_eq!(Lang::of_voice("en"), Some(Lang::EnGb));
        assert_eq!(
            Lang::of_voice("piper:/voices/en_GB-alan-low.onnx"),
            Some(Lang::EnGb)
        );
        assert_eq!(Lang::of_voice("de"), None);
    }
}
