//! What Estúdio reads of an old binary PowerPoint deck (`.ppt`) itself: only whether it is
//! protected by a password, which LibreOffice cannot open headless and would report as a
//! document it "could not load". Everything else comes from LibreOffice's conversion.

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
}
