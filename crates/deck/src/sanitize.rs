//! A copy of a deck that LibreOffice may open: every link that would make it read a picture,
//! object, sound or film from outside the deck (a URL, an absolute path, `../`) is removed, so
//! nothing is fetched from the network or read from the user's disk, and so are its macros (a
//! `.pptm`'s VBA project, an `.odp`'s Basic and scripts: LibreOffice's profile forbids running
//! them anyway). Hyperlinks stay (they are only written into the PDF). Everything else is
//! copied byte for byte, unpacked nowhere.

use std::io::{Read, Write};
use std::path::Path;

use crate::package::{Package, MAX_PART};
use crate::{DeckError, DeckKind};

/// Writes the cleaned copy of `deck` (a `.pptx` or `.odp`) to `out`; returns the links removed.
///
/// # Errors
/// As [`Package::open`], or the copy cannot be written.
pub fn clean_copy(deck: &Path, kind: DeckKind, out: &Path) -> Result<Vec<String>, DeckError> {
    // Opening checks every member (names, encryption, sizes) first.
    drop(Package::open(deck)?);
    let io = |source| DeckError::Io {
        path: out.to_owned(),
        source,
    };
    let damaged = |e: zip::result::ZipError| DeckError::Damaged {
        path: deck.to_owned(),
        detail: e.to_string(),
    };
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(deck).map_err(io)?).map_err(damaged)?;
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).map_err(io)?);
    let mut removed = Vec::new();
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i).map_err(damaged)?.name().to_owned();
        if is_macro(kind, &name) {
            continue;
        }
        let rewrite = match kind {
            DeckKind::Pptx => name.ends_with(".rels"),
            DeckKind::Odp => name.ends_with(".xml"),
            DeckKind::Ppt | DeckKind::Pdf => false,
        };
        if !rewrite {
            let member = archive.by_index_raw(i).map_err(damaged)?;
            writer.raw_copy_file(member).map_err(damaged)?;
            continue;
        }
        let mut text = String::new();
        archive
            .by_index(i)
            .map_err(damaged)?
            .take(MAX_PART)
            .read_to_string(&mut text)
            .map_err(|e| DeckError::Damaged {
                path: deck.to_owned(),
                detail: format!("{name}: {e}"),
            })?;
        let cleaned = match kind {
            DeckKind::Pptx => clean_rels(&text, &mut removed).map_err(|e| DeckError::Damaged {
                path: deck.to_owned(),
                detail: format!("{name}: {e}"),
            })?,
            _ => clean_hrefs(&text, &mut removed),
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name.as_str(), options).map_err(damaged)?;
        writer.write_all(cleaned.as_bytes()).map_err(io)?;
    }
    writer.finish().map_err(damaged)?;
    Ok(removed)
}

/// Whether a member of the package is macros: PowerPoint's VBA project (`ppt/vbaProject.bin`,
/// its data and signature), OpenDocument's Basic libraries and scripts.
fn is_macro(kind: DeckKind, name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    match kind {
        DeckKind::Pptx => file.starts_with("vbaproject") || file == "vbadata.xml",
        DeckKind::Odp => name.starts_with("Basic/") || name.starts_with("Scripts/"),
        DeckKind::Ppt | DeckKind::Pdf => false,
    }
}

/// A relationships part without the relationships LibreOffice would follow out of the deck.
fn clean_rels(text: &str, removed: &mut Vec<String>) -> Result<String, roxmltree::Error> {
    let doc = roxmltree::Document::parse(text)?;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for rel in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
    {
        let external = rel
            .attribute("TargetMode")
            .is_some_and(|m| m.eq_ignore_ascii_case("external"));
        let kind = rel.attribute("Type").unwrap_or_default();
        let target = rel.attribute("Target").unwrap_or_default();
        if external && !kind.ends_with("/hyperlink") {
            removed.push(target.to_owned());
            continue;
        }
        // The macros' part is not copied: nor is the link to it.
        if kind.ends_with("/vbaProject") {
            continue;
        }
        out.push_str("<Relationship");
        for a in rel.attributes() {
            out.push_str(&format!(" {}=\"{}\"", a.name(), escape(a.value())));
        }
        out.push_str("/>");
    }
    out.push_str("</Relationships>");
    Ok(out)
}

/// An OpenDocument part with every `xlink:href` that leaves the package emptied, except on
/// hyperlinks (`text:a`, `draw:a`).
fn clean_hrefs(text: &str, removed: &mut Vec<String>) -> String {
    const ATTR: &str = "xlink:href=";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(ATTR) {
        let (before, after) = rest.split_at(at + ATTR.len());
        out.push_str(before);
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            rest = after;
            continue;
        };
        let body = &after[1..];
        let Some(end) = body.find(quote) else {
            rest = after;
            continue;
        };
        let value = unescape(&body[..end]);
        let element = out
            .rfind('<')
            .map(|lt| out[lt + 1..].split_whitespace().next().unwrap_or_default())
            .unwrap_or_default();
        let hyperlink = element.ends_with(":a") || element == "a";
        out.push(quote);
        if crate::odp::outside(&value) && !hyperlink {
            removed.push(value);
        } else {
            out.push_str(&body[..end]);
        }
        out.push(quote);
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::{clean_hrefs, clean_rels};

    #[test]
    fn outside_links_go_and_hyperlinks_stay() {
        let mut removed = Vec::new();
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://x/image" Target="http://127.0.0.1/a.png" TargetMode="External"/><Relationship Id="rId2" Type="http://x/hyperlink" Target="https://a.org/?a=1&amp;b=2" TargetMode="External"/><Relationship Id="rId3" Type="http://x/image" Target="../media/b.png"/></Relationships>"#;
        let out = clean_rels(rels, &mut removed).unwrap();
        assert_eq!(removed, ["http://127.0.0.1/a.png"]);
        assert!(out.contains("rId2") && out.contains("&amp;b=2") && out.contains("rId3"));
        assert!(!out.contains("127.0.0.1"));
        let mut removed = Vec::new();
        let xml = r#"<draw:image xlink:href="file:///etc/passwd"/><text:a xlink:href="https://a.org">x</text:a><draw:image xlink:href="Pictures/1.png"/><draw:image xlink:href='../up.png'/>"#;
        let out = clean_hrefs(xml, &mut removed);
        assert_eq!(removed, ["file:///etc/passwd", "../up.png"]);
        assert_eq!(
            out,
            r#"<draw:image xlink:href=""/><text:a xlink:href="https://a.org">x</text:a><draw:image xlink:href="Pictures/1.png"/><draw:image xlink:href=''/>"#
        );
    }
}
