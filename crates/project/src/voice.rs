//! What a text narration is spoken with: the voice and how it speaks (rate, pause between
//! sentences), taken from the narration or, where it says nothing, from the project's
//! `defaults`, each with the pointer of the field it came from (so a problem points at the field
//! that is wrong, the scene's or the default's).

use std::path::{Path, PathBuf};

use crate::model::Project;
use crate::Pointer;

/// The voice of a narration that names none and a project that sets no default.
pub const DEFAULT_VOICE: &str = "pt-br";
/// Speaking rates a voice is asked for: half to twice its natural pace.
pub const RATE_RANGE: (f64, f64) = (0.5, 2.0);
/// Longest pause between sentences, in seconds.
pub const MAX_PAUSE_SECS: f64 = 5.0;

/// A voice as a project names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VoiceName {
    /// An espeak-ng voice (`pt-br`, `en-us`): always there, robotic.
    Espeak(String),
    /// A Piper voice by name (`piper:pt_BR-faber-medium`), found in the voice folders.
    Piper(String),
    /// A Piper voice by the path of its `.onnx` (absolute once the project's paths are resolved).
    PiperFile(PathBuf),
}

impl VoiceName {
    /// Reads a voice field; `None` when it is not a voice name at all.
    pub fn parse(voice: &str) -> Option<Self> {
        if voice.len() > 4096 || voice.contains('\0') {
            return None;
        }
        if let Some(name) = voice.strip_prefix("piper:") {
            let ok = !name.is_empty()
                && name.len() <= 100
                && !name.starts_with('.')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.+".contains(&b));
            return ok.then(|| Self::Piper(name.to_owned()));
        }
        let path = Path::new(voice);
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("onnx"))
        {
            return Some(Self::PiperFile(path.to_owned()));
        }
        let ok = !voice.is_empty()
            && voice.len() <= 40
            && voice
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_+".contains(&b));
        ok.then(|| Self::Espeak(voice.to_owned()))
    }
}

/// How one text narration is to be spoken, resolved from the narration and the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    /// As written (parse it with [`VoiceName::parse`]).
    pub voice: String,
    /// Where `voice` came from: the narration's field, the default's, or the narration itself
    /// when neither names one (the built-in [`DEFAULT_VOICE`]).
    pub voice_at: Pointer,
    /// 1 is the voice's natural pace; 2 twice as fast.
    pub rate: f64,
    pub rate_at: Pointer,
    /// Seconds of silence between sentences; `None` leaves the synthesiser's own.
    pub pause: Option<f64>,
    pub pause_at: Pointer,
}

impl Project {
    /// How scene `i`'s narration is spoken, when it is a text to speak. The project's
    /// `defaults.narration` were written into it when the file was read; the pointers say where
    /// each value was written (the narration's field, or the default's).
    pub fn speech(&self, i: usize) -> Option<Speech> {
        let n = self.scenes.get(i)?.narration.as_ref()?;
        n.text.as_ref()?;
        let at = Pointer::root().push("scenes").push(i).push("narration");
        let field = |name: &str, given: bool| {
            if given {
                self.filled.locate_pointer(&at.push(name))
            } else {
                at.clone()
            }
        };
        Some(Speech {
            voice: n.voice.clone().unwrap_or_else(|| DEFAULT_VOICE.to_owned()),
            voice_at: field("voice", n.voice.is_some()),
            rate: n.rate.unwrap_or(1.0),
            rate_at: field("rate", n.rate.is_some()),
            pause: n.pause,
            pause_at: field("pause", n.pause.is_some()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_names() {
        assert_eq!(
            VoiceName::parse("en-us"),
            Some(VoiceName::Espeak("en-us".into()))
        );
        assert_eq!(
            VoiceName::parse("piper:pt_BR-faber-medium"),
            Some(VoiceName::Piper("pt_BR-faber-medium".into()))
        );
        assert_eq!(
            VoiceName::parse("voices/joe.ONNX"),
            Some(VoiceName::PiperFile("voices/joe.ONNX".into()))
        );
        for bad in [
            "",
            "pt br!",
            "piper:",
            "piper:../x",
            "piper:a/b",
            "piper:.hidden",
            "a\0.onnx",
        ] {
            assert_eq!(VoiceName::parse(bad), None, "{bad:?}");
        }
    }
}
