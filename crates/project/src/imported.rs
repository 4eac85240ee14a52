//! What an import from a slide deck remembers, so that a new version of the deck can be merged
//! into the project without losing what the person changed since: per slide, its identity in the
//! deck, a fingerprint of its picture and the values the import wrote (the merge's base). Kept in
//! the project file; the renderer never reads it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The deck a project was imported from, as the last import (or update) saw it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Imported {
    /// The deck's file name when it was imported (shown, never opened by itself).
    pub deck: String,
    /// Its slides shown in a slide show, in the deck's order, as the import wrote them. A
    /// scene names its slide in its `slide` field; a slide no scene names was removed by hand.
    pub slides: Vec<ImportedSlide>,
}

/// One slide as the last import wrote it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportedSlide {
    /// Its identity: `pptx:ID` (a PowerPoint slide's id, which moves with the slide),
    /// `odp:NAME` (an Impress page named by its author), or `page:N` (a PDF page, or a slide
    /// without a lasting identity: its number at the import). Unique in the list.
    pub key: String,
    /// The picture's content (BLAKE3 of its file, hex): a new picture is a changed one.
    pub picture: String,
    /// The picture's look in 64 bits (a difference hash of a 9×8 grey thumbnail, hex): a page
    /// without identity is recognised by it, even moved.
    pub fingerprint: String,
    /// The BLAKE3 (hex) of the slide's words (its title and notes, or a PDF page's text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// The scene's picture as the import wrote it (`background.image`).
    pub image: String,
    /// Its narration's text (the slide's notes), when it had notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
    /// Its name (the slide's title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its length, written for a slide without notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
}
