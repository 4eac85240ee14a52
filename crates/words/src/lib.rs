//! Every sentence the engine says to people: a [`Message`] is a kind with parameters, and
//! [`Message::words`] puts it in English or Brazilian Portuguese.
//!
//! Errors and problems elsewhere stay typed (callers decide by their variants); each converts to
//! a `Message` for people, and its `Display` words it in the process's language ([`lang`]). The
//! catalogue is one `match` per language ([`en`], [`pt_br`]): a message without a translation
//! does not compile, and a test words a sample of every kind in both.
//!
//! The language is chosen once per process, at start (`estudio-cli` from `LANG` and friends, the
//! app from the desktop's language), as gettext does; until then it is English, so libraries and
//! tests that never choose get stable words.

mod en;
mod format;
mod message;
mod pt_br;

use std::sync::OnceLock;

pub use format::list;
pub use message::{
    Cause, EditWhy, FileLooks, MediaWhy, Message, MessageKind, OpenWhy, OutputWhy, Pointed,
    PresetName, Status, Takes, Unit,
};

/// A language Estúdio speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    PtBr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::PtBr];

    /// The language for a BCP 47 or POSIX tag (`pt-BR`, `pt_PT.UTF-8`, `en-US`): Portuguese for
    /// any `pt`, English for everything else (the language Estúdio falls back to).
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if primary == "pt" {
            Lang::PtBr
        } else {
            Lang::En
        }
    }

    /// The desktop's language, as `sys-locale` reads it (on Linux: `LC_ALL`, `LC_MESSAGES`,
    /// `LANG`); English when it says nothing.
    pub fn from_system() -> Lang {
        sys_locale::get_locale().map_or(Lang::En, |tag| Lang::from_tag(&tag))
    }

    /// The BCP 47 tag, as the window's `lang` attribute takes it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::PtBr => "pt-BR",
        }
    }
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Chooses the process's language; the first choice stands (returns the one in force).
pub fn set_lang(lang: Lang) -> Lang {
    *LANG.get_or_init(|| lang)
}

/// The process's language: as [`set_lang`] chose it, else English.
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::En)
}

impl Message {
    /// This message in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match lang {
            Lang::En => en::words(self),
            Lang::PtBr => pt_br::words(self),
        }
    }
}

impl PresetName {
    /// The format's name in `lang`, as the Export dialog lists it.
    pub fn words(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => en::preset_name(self),
            Lang::PtBr => pt_br::preset_name(self),
        }
    }
}

impl std::fmt::Display for PresetName {
    /// In the process's language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.words(lang()))
    }
}

impl std::fmt::Display for Message {
    /// In the process's language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.words(lang()))
    }
}
