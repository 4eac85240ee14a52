//! Slide decks as Estúdio reads them: which slides there are, in the presentation's order, which
//! are hidden, what the speaker notes say, each slide's title, the deck's title and the slide
//! size. PowerPoint (`.pptx`) and Impress (`.odp`) decks are zip packages of XML, read here
//! directly ([`package`] keeps every read inside the package and within limits); the pictures
//! of the slides come from LibreOffice and poppler elsewhere, never from guessing at a PDF.

mod error;
mod import;
pub mod merge;
mod odp;
pub mod package;
mod ppt;
mod pptx;
mod record;
pub mod sanitize;
mod sniff;
mod tools;
mod update;

pub use error::DeckError;
pub use estudio_render::process::ToolError;
pub use import::{
    import, project_beside, slides_folder, ImportError, ImportOptions, Report, Stage,
    DECK_EXTENSIONS,
};
pub use package::Package;
pub use tools::soffice_program;
pub use update::{update, Update, Written};

use std::collections::BTreeSet;
use std::path::Path;

/// Decks with more slides than this are refused (a deck of ten thousand slides is a mistake or
/// an attack, and each slide becomes a picture on disk).
pub const MAX_SLIDES: usize = 2000;

/// What kind of file a deck is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeckKind {
    /// PowerPoint 2007 and later (Office Open XML): `.pptx`, `.pptm`, `.ppsx`, `.ppsm`.
    Pptx,
    /// PowerPoint 97-2003 (binary): LibreOffice reads it; its notes come from its conversion.
    Ppt,
    /// Impress (OpenDocument).
    Odp,
    /// A PDF: pages, no notes.
    Pdf,
}

impl DeckKind {
    /// The kind for a file name, by its extension (any case); `None` for anything else.
    pub fn of(path: &Path) -> Option<DeckKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            // With macros (.pptm) and as slide shows (.ppsx, .ppsm): the same package. Macros
            // are never run (LibreOffice's profile forbids them) nor copied (`sanitize`).
            "pptx" | "pptm" | "ppsx" | "ppsm" => Some(DeckKind::Pptx),
            "ppt" => Some(DeckKind::Ppt),
            "odp" => Some(DeckKind::Odp),
            "pdf" => Some(DeckKind::Pdf),
            _ => None,
        }
    }
}

/// A deck's contents, as far as a narrated video needs them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deck {
    /// The title in the document's properties, if it has one.
    pub title: Option<String>,
    /// The slide size, in the deck's own units (only its shape matters).
    pub size: Option<(u64, u64)>,
    /// Every slide, hidden ones included, in the presentation's order.
    pub slides: Vec<Slide>,
    /// Typefaces the deck asks for by name.
    pub fonts: BTreeSet<String>,
    /// Links to files outside the deck (URLs, absolute paths), which are never followed.
    pub external: Vec<String>,
}

/// One slide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Slide {
    /// Its lasting identity in the deck, when it has one: `pptx:ID` (PowerPoint's slide id,
    /// which moves with the slide and is never reused by PowerPoint) or `odp:NAME` (a page its
    /// author named; Impress numbers unnamed pages by place, which is no identity).
    pub key: Option<String>,
    /// Hidden in the slide show: skipped by the import.
    pub hidden: bool,
    /// The text of its title placeholder.
    pub title: Option<String>,
    /// Its speaker notes, one line per paragraph (empty when it has none).
    pub notes: String,
    /// It has animations, which a still picture loses.
    pub animations: bool,
    /// It embeds sound or video, which a still picture loses.
    pub media: bool,
}

impl Deck {
    /// The slides a slide show shows, with their numbers in the whole deck (from 1).
    pub fn visible(&self) -> impl Iterator<Item = (usize, &Slide)> {
        self.slides
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.hidden)
            .map(|(i, s)| (i + 1, s))
    }

    /// The video's canvas for this slide shape: 16:9 is 1920x1080, 4:3 is 1440x1080, any other
    /// shape keeps its proportions at 1080 lines (its width even); without a size, 16:9.
    pub fn canvas(&self) -> (u32, u32) {
        let Some((w, h)) = self.size.filter(|(w, h)| *w > 0 && *h > 0) else {
            return (1920, 1080);
        };
        let width = (1080.0 * w as f64 / h as f64).round() as u32;
        // Within a pixel of the common shapes, take them exactly.
        let width = match width {
            1919..=1921 => 1920,
            1439..=1441 => 1440,
            _ => width.clamp(2, 7680),
        };
        (width & !1, 1080)
    }
}

/// A key two slides share identifies neither (a deck written by hand may repeat an id or a
/// name): both lose it and are recognised by their picture and words instead.
fn unique_keys(slides: &mut [Slide]) {
    let mut count = std::collections::HashMap::<String, usize>::new();
    for key in slides.iter().filter_map(|s| s.key.clone()) {
        *count.entry(key).or_default() += 1;
    }
    for slide in slides {
        if slide.key.as_ref().is_some_and(|k| count[k] > 1) {
            slide.key = None;
        }
    }
}

/// Reads the deck at `path` (a `.pptx` or `.odp`; other kinds have no package to read).
///
/// # Errors
/// [`DeckError`]: the file cannot be read, is not such a deck, is damaged, locked, escapes
/// its package, unpacks to too much, or has too many slides.
pub fn read(path: &Path) -> Result<Deck, DeckError> {
    let kind = DeckKind::of(path).ok_or_else(|| DeckError::NotADeck {
        path: path.to_owned(),
    })?;
    read_as(path, kind)
}

/// [`read`], of a deck known to be of `kind` whatever its name says.
pub(crate) fn read_as(path: &Path, kind: DeckKind) -> Result<Deck, DeckError> {
    let mut package = Package::open(path)?;
    let deck = match kind {
        DeckKind::Pptx => pptx::read(&mut package)?,
        DeckKind::Odp => odp::read(&mut package)?,
        DeckKind::Ppt | DeckKind::Pdf => {
            return Err(DeckError::NotADeck {
                path: path.to_owned(),
            })
        }
    };
    if deck.slides.len() > MAX_SLIDES {
        return Err(DeckError::TooManySlides {
            path: path.to_owned(),
            found: deck.slides.len(),
            limit: MAX_SLIDES,
        });
    }
    Ok(deck)
}
