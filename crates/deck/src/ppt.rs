//! What Estúdio reads of an old binary PowerPoint deck (`.ppt`) itself: whether it is protected
//! by a password, which LibreOffice cannot open headless and would report as a document it
//! "could not load", and how many slides it has (LibreOffice's conversion of a deck without a
//! slide has one blank page). Everything else comes from LibreOffice's conversion.

use std::path::Path;

/// The first bytes of an OLE compound file, the container of `.ppt` files.
const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the `.ppt` at `path` is encrypted: its "Current User" stream's `CurrentUserAtom`
/// (MS-PPT 2.3.2: a record of type 0x0FF6 whose `size` is 0x14) carries the header token
/// 0xF3D1C4DF instead of 0xE391C05F. The stream is small, so it lies whole in the file's mini
/// stream, starting on a sector: its first 16 bytes are found as they are.
///
/// # Errors
/// The file cannot be read.
pub(crate) fn is_encrypted(path: &Path) -> std::io::Result<bool> {
    let bytes = std::fs::read(path)?;
    if !bytes.starts_with(&COMPOUND_FILE) {
        return Ok(false);
    }
    Ok(bytes.windows(16).any(|w| {
        w[..4] == [0x00, 0x00, 0xF6, 0x0F]
            && w[8..12] == [0x14, 0x00, 0x00, 0x00]
            && w[12..16] == [0xDF, 0xC4, 0xD1, 0xF3]
    }))
}

/// MS-PPT record types this module reads.
const DOCUMENT_CONTAINER: u16 = 0x03E8;
const SLIDE_LIST_WITH_TEXT: u16 = 0x0FF0;
const SLIDE_PERSIST_ATOM: u16 = 0x03F3;

/// How many slides the `.ppt` at `path` has: the `SlidePersistAtom`s of the slide list
/// (`SlideListWithTextContainer` of instance 0, MS-PPT 2.4.14.3) in the last
/// `DocumentContainer` of its "PowerPoint Document" stream (an incremental save appends a new
/// one). `None` when the file is not laid out so (then LibreOffice's conversion decides), read
/// with the `cfb` crate within the size any deck has.
pub(crate) fn slide_count(path: &Path) -> Option<usize> {
    let mut file = cfb::open(path).ok()?;
    let mut stream = file.open_stream("/PowerPoint Document").ok()?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut stream, crate::package::MAX_UNPACKED),
        &mut bytes,
    )
    .ok()?;
    let document = records(&bytes)
        .filter(|r| r.kind == DOCUMENT_CONTAINER)
        .last()?;
    let list = records(document.body).find(|r| r.kind == SLIDE_LIST_WITH_TEXT && r.instance == 0);
    Some(list.map_or(0, |l| {
        records(l.body)
            .filter(|r| r.kind == SLIDE_PERSIST_ATOM)
            .count()
    }))
}

struct Record<'a> {
    kind: u16,
    instance: u16,
    body: &'a [u8],
}

/// The records laid one after another in `bytes` (8-byte headers: version and instance, type,
/// length), up to the first that does not fit.
fn records(mut bytes: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        let header = bytes.get(..8)?;
        let ver_instance = u16::from_le_bytes([header[0], header[1]]);
        let kind = u16::from_le_bytes([header[2], header[3]]);
        let len = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        let body = bytes.get(8..8usize.checked_add(len)?)?;
        bytes = &bytes[8 + len..];
        Some(Record {
            kind,
            instance: ver_instance >> 4,
            body,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(token: [u8; 4]) -> Vec<u8> {
        let mut bytes = COMPOUND_FILE.to_vec();
        bytes.extend([0u8; 504]);
        // recVer/recInstance, recType 0x0FF6, recLen, size 0x14, headerToken.
        bytes.extend([0x00, 0x00, 0xF6, 0x0F, 0x20, 0, 0, 0, 0x14, 0, 0, 0]);
        bytes.extend(token);
        bytes.extend([0u8; 40]);
        bytes
    }

    #[test]
    fn the_current_user_atom_says_whether_a_ppt_is_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        let (locked, open, other) = (
            dir.path().join("locked.ppt"),
            dir.path().join("open.ppt"),
            dir.path().join("zip.ppt"),
        );
        std::fs::write(&locked, atom([0xDF, 0xC4, 0xD1, 0xF3])).unwrap();
        std::fs::write(&open, atom([0x5F, 0xC0, 0x91, 0xE3])).unwrap();
        std::fs::write(&other, b"PK\x03\x04 not a compound file").unwrap();
        assert!(is_encrypted(&locked).unwrap());
        assert!(!is_encrypted(&open).unwrap());
        assert!(!is_encrypted(&other).unwrap());
    }

    /// Real decks from Apache POI's test data (`tests/data`, and the benchmark's 91 slides).
    #[test]
    fn slides_are_counted_in_real_decks() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (path, slides) in [
            (root.join("tests/data/empty.ppt"), 0),
            (root.join("tests/data/SampleShow.ppt"), 2),
            (root.join("../../bench/decks/programa-alianca-2007.ppt"), 91),
        ] {
            assert_eq!(slide_count(&path), Some(slides), "{}", path.display());
        }
        assert_eq!(slide_count(&root.join("Cargo.toml")), None);
    }
}
