//! A deck's package (Office Open XML and OpenDocument are zip archives of XML parts), read within
//! limits: every member must stay inside the package, nothing is encrypted, and neither the
//! number of members nor what they unpack to may pass the bounds below, so a zip bomb or a
//! crafted archive is refused before anything is unpacked. Parts are read into memory only;
//! nothing from a package is ever written to disk by name.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::DeckError;

/// At most this many members (a deck of a hundred slides has a few hundred).
pub const MAX_MEMBERS: usize = 20_000;

/// At most this much in all, unpacked (pictures and media included).
pub const MAX_UNPACKED: u64 = 2 << 30;

/// At most this much for one XML part read here.
pub const MAX_PART: u64 = 64 << 20;

/// The first bytes of an OLE compound file: what a password-protected Office file is (its
/// encrypted package inside), and what an old binary `.ppt` is.
const COMPOUND_FILE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An opened package.
pub struct Package {
    path: PathBuf,
    archive: zip::ZipArchive<std::fs::File>,
    names: BTreeSet<String>,
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package").field("path", &self.path).finish()
    }
}

impl Package {
    /// Opens the package at `path` and checks every member's name, encryption and size.
    ///
    /// # Errors
    /// The file cannot be read ([`DeckError::Io`]), is a compound file
    /// ([`DeckError::Locked`]), not a zip ([`DeckError::Damaged`]), or breaks a limit
    /// ([`DeckError::Escapes`], [`DeckError::TooBig`]).
    pub fn open(path: &Path) -> Result<Package, DeckError> {
        let io = |source| DeckError::Io {
            path: path.to_owned(),
            source,
        };
        let mut file = std::fs::File::open(path).map_err(io)?;
        let mut magic = [0u8; 8];
        let n = read_up_to(&mut file, &mut magic).map_err(io)?;
        if n == magic.len() && magic == COMPOUND_FILE {
            return Err(DeckError::Locked {
                path: path.to_owned(),
            });
        }
        let damaged = |e: zip::result::ZipError| DeckError::Damaged {
            path: path.to_owned(),
            detail: e.to_string(),
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut archive = zip::ZipArchive::new(file).map_err(damaged)?;
        if archive.len() > MAX_MEMBERS {
            return Err(DeckError::TooBig {
                path: path.to_owned(),
                limit: format!("{MAX_MEMBERS} files"),
            });
        }
        let mut names = BTreeSet::new();
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let member = archive.by_index_raw(i).map_err(damaged)?;
            let name = member.name().to_owned();
            if member.enclosed_name().is_none() || name.contains('\\') {
                return Err(DeckError::Escapes {
                    path: path.to_owned(),
                    member: name,
                });
            }
            if member.encrypted() {
                return Err(DeckError::Locked {
                    path: path.to_owned(),
                });
            }
            total = total.saturating_add(member.size());
            if total > MAX_UNPACKED {
                return Err(DeckError::TooBig {
                    path: path.to_owned(),
                    limit: format!("{} GB", MAX_UNPACKED >> 30),
                });
            }
            names.insert(name);
        }
        Ok(Package {
            path: path.to_owned(),
            archive,
            names,
        })
    }

    /// The deck's path, for errors.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the package has the member `name`.
    pub fn has(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// The members' names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// The member `name` as text, `None` when there is no such member. At most [`MAX_PART`]
    /// bytes are unpacked whatever its header says, and its checksum is verified.
    ///
    /// # Errors
    /// It is larger than [`MAX_PART`], damaged, or not UTF-8.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, DeckError> {
        if !self.names.contains(name) {
            return Ok(None);
        }
        let path = self.path.clone();
        let damaged = |detail: String| DeckError::Damaged {
            path: path.clone(),
            detail,
        };
        let member = self
            .archive
            .by_name(name)
            .map_err(|e| damaged(format!("{name}: {e}")))?;
        let mut bytes = Vec::new();
        member
            .take(MAX_PART + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(format!("{name}: {e}")))?;
        if bytes.len() as u64 > MAX_PART {
            return Err(DeckError::TooBig {
                path: self.path.clone(),
                limit: format!("{} MB in {name}", MAX_PART >> 20),
            });
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| damaged(format!("{name} is not UTF-8 text")))
    }

    /// The member `name` parsed as XML (no DTD allowed, so no entity can expand), handed to
    /// `read`; `None` when there is no such member.
    ///
    /// # Errors
    /// As [`Package::text`], or the XML is malformed.
    pub fn xml<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&roxmltree::Document<'_>) -> T,
    ) -> Result<Option<T>, DeckError> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        let doc = roxmltree::Document::parse(&text).map_err(|e| DeckError::Damaged {
            path: self.path.clone(),
            detail: format!("{name}: {e}"),
        })?;
        Ok(Some(read(&doc)))
    }
}

impl Package {
    /// The document's title in its properties part `part` (Dublin Core `dc:title`, which both
    /// formats use), when it has a non-empty one.
    ///
    /// # Errors
    /// As [`Package::xml`].
    pub fn title(&mut self, part: &str) -> Result<Option<String>, DeckError> {
        Ok(self
            .xml(part, |doc| {
                doc.descendants()
                    .find(|n| n.tag_name().name() == "title")
                    .and_then(|n| n.text())
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
            })?
            .flatten())
    }
}

/// Reads into `buf` until it is full or the file ends; the count read.
fn read_up_to(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// `target` (a relationship's) resolved against the folder `base` of the part that names it,
/// within the package: `None` when it leaves it. A leading `/` is the package's root.
pub fn resolve(base: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn targets_resolve_inside_the_package_only() {
        assert_eq!(
            resolve("ppt", "slides/slide1.xml").as_deref(),
            Some("ppt/slides/slide1.xml")
        );
        assert_eq!(
            resolve("ppt/slides", "../notesSlides/notesSlide1.xml").as_deref(),
            Some("ppt/notesSlides/notesSlide1.xml")
        );
        assert_eq!(
            resolve("ppt/slides", "/ppt/media/a.png").as_deref(),
            Some("ppt/media/a.png")
        );
        assert_eq!(resolve("ppt", "../../etc/passwd"), None);
    }
}
