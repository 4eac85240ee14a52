//! What a file named as a deck really is, from its first bytes (and, for a zip, the names of
//! its members): a `.ppt` renamed `.pptx` is imported as what it is, and a picture or an empty
//! file named `.pptx` is said to be one, instead of "damaged: invalid Zip archive".

use std::io::Read;
use std::path::Path;

use crate::DeckKind;

/// What the bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Content {
    Deck(DeckKind),
    /// Not a deck, and what it is instead.
    Other(estudio_words::FileLooks),
    /// A zip of neither deck's kind, or bytes that say nothing: the deck's reader decides.
    Unknown,
}

/// Reads at most a zip's directory and 1 KiB of `path`.
pub(crate) fn sniff(path: &Path) -> std::io::Result<Content> {
    use estudio_words::FileLooks;
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Ok(Content::Other(FileLooks::Folder));
    }
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)?
        .take(1024)
        .read_to_end(&mut head)?;
    let starts = |magic: &[u8]| head.starts_with(magic);
    Ok(if head.is_empty() {
        Content::Other(FileLooks::Empty)
    } else if head.windows(5).any(|w| w == b"%PDF-") {
        // A PDF may have bytes before its header; readers accept it within the first KiB.
        Content::Deck(DeckKind::Pdf)
    } else if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Content::Deck(DeckKind::Ppt)
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        zip_kind(path)
    } else if starts(b"\x89PNG")
        || starts(&[0xFF, 0xD8, 0xFF])
        || starts(b"GIF8")
        || (starts(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
    {
        Content::Other(FileLooks::Picture)
    } else if std::str::from_utf8(&head).is_ok_and(|t| !t.contains('\0')) {
        Content::Other(FileLooks::Text)
    } else {
        Content::Unknown
    })
}

/// A zip is PowerPoint's when it has `[Content_Types].xml`, Impress's when its `mimetype` says
/// so; other zips are left to the reader, which says what is missing.
fn zip_kind(path: &Path) -> Content {
    let Ok(file) = std::fs::File::open(path) else {
        return Content::Unknown;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return Content::Unknown;
    };
    if zip.index_for_name("[Content_Types].xml").is_some() {
        return Content::Deck(DeckKind::Pptx);
    }
    let mut mimetype = String::new();
    if let Ok(member) = zip.by_name("mimetype") {
        // A short member by the standard; more is not a mimetype.
        let _read = member.take(100).read_to_string(&mut mimetype);
    }
    if mimetype.trim() == "application/vnd.oasis.opendocument.presentation" {
        Content::Deck(DeckKind::Odp)
    } else {
        Content::Unknown
    }
}
