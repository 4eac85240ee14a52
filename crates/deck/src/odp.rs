//! Impress decks (OpenDocument presentation): `content.xml` holds the pages in order, each with
//! its style (a `drawing-page` style with `presentation:visibility="hidden"` hides it), its
//! title frame (`presentation:class="title"`) and its notes page (`presentation:notes`, whose
//! `notes` frame holds the speaker notes); `styles.xml` gives the page size, `meta.xml` the title.

use std::collections::{BTreeSet, HashSet};

use roxmltree::{Document, Node};

use crate::package::Package;
use crate::{Deck, DeckError, Slide};

const PRESENTATION_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";
const ANIMATION_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:animation:1.0";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const STYLE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const DRAW_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
const SVG_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
const FO_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";

pub(crate) fn read(pkg: &mut Package) -> Result<Deck, DeckError> {
    let mut deck = pkg
        .xml("content.xml", |doc| {
            let hidden_styles: HashSet<&str> = doc
                .descendants()
                .filter(|n| {
                    n.tag_name().name() == "style"
                        && n.attribute((STYLE_NS, "family")) == Some("drawing-page")
                })
                .filter(|n| {
                    n.children().any(|p| {
                        p.tag_name().name() == "drawing-page-properties"
                            && p.attribute((PRESENTATION_NS, "visibility")) == Some("hidden")
                    })
                })
                .filter_map(|n| n.attribute((STYLE_NS, "name")))
                .collect();
            let mut slides: Vec<Slide> = doc
                .descendants()
                .filter(|n| {
                    n.tag_name().name() == "page" && n.tag_name().namespace() == Some(DRAW_NS)
                })
                .filter(|n| {
                    n.parent()
                        .is_some_and(|p| p.tag_name().name() == "presentation")
                })
                .map(|page| page_slide(page, &hidden_styles))
                .collect();
            crate::unique_keys(&mut slides);
            let mut deck = Deck {
                slides,
                ..Deck::default()
            };
            linked(doc, &mut deck.external);
            font_faces(doc, &mut deck.fonts);
            deck
        })?
        .ok_or_else(|| DeckError::Damaged {
            path: pkg.path().to_owned(),
            detail: "content.xml is missing".to_owned(),
        })?;
    // The slides' size: the page layout of the master page the first slide uses (styles.xml
    // also has the notes pages' layout, usually portrait).
    let master = pkg
        .xml("content.xml", |doc| {
            doc.descendants()
                .find(|n| {
                    n.tag_name().name() == "page" && n.tag_name().namespace() == Some(DRAW_NS)
                })
                .and_then(|n| n.attribute((DRAW_NS, "master-page-name")))
                .map(str::to_owned)
        })?
        .flatten();
    if let Some(size) = pkg.xml("styles.xml", |doc| {
        linked(doc, &mut deck.external);
        font_faces(doc, &mut deck.fonts);
        let masters: Vec<Node<'_, '_>> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "master-page")
            .collect();
        let layout = masters
            .iter()
            .find(|m| master.is_some() && m.attribute((STYLE_NS, "name")) == master.as_deref())
            .or(masters.first())
            .and_then(|m| m.attribute((STYLE_NS, "page-layout-name")))?;
        doc.descendants()
            .find(|n| {
                n.tag_name().name() == "page-layout"
                    && n.attribute((STYLE_NS, "name")) == Some(layout)
            })?
            .children()
            .find(|n| n.tag_name().name() == "page-layout-properties")
            .and_then(|n| {
                Some((
                    length(n.attribute((FO_NS, "page-width"))?)?,
                    length(n.attribute((FO_NS, "page-height"))?)?,
                ))
            })
    })? {
        deck.size = size;
    }
    deck.title = pkg.title("meta.xml")?;
    Ok(deck)
}

fn page_slide(page: Node<'_, '_>, hidden_styles: &HashSet<&str>) -> Slide {
    let frame_text = |within: Node<'_, '_>, class: &str| {
        within
            .children()
            .find(|n| {
                n.tag_name().name() == "frame"
                    && n.attribute((PRESENTATION_NS, "class")) == Some(class)
            })
            .map(text_of)
            .filter(|t| !t.is_empty())
    };
    // The notes frame; a notes page whose text sits in a plain frame (no class) counts too.
    let notes = page
        .children()
        .find(|n| {
            n.tag_name().name() == "notes" && n.tag_name().namespace() == Some(PRESENTATION_NS)
        })
        .map(|n| {
            frame_text(n, "notes").unwrap_or_else(|| {
                n.children()
                    .filter(|f| {
                        f.tag_name().name() == "frame"
                            && f.attribute((PRESENTATION_NS, "class")).is_none()
                    })
                    .map(text_of)
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        })
        .unwrap_or_default();
    // Impress writes `pageN` for a page its author did not name: a place, not an identity.
    let key = page
        .attribute((DRAW_NS, "name"))
        .map(str::trim)
        .filter(|name| {
            !name.is_empty()
                && !name
                    .strip_prefix("page")
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|name| format!("odp:{name}"));
    Slide {
        key,
        hidden: page
            .attribute((DRAW_NS, "style-name"))
            .is_some_and(|s| hidden_styles.contains(s)),
        title: frame_text(page, "title"),
        notes,
        animations: page.descendants().any(|n| {
            n.tag_name().namespace() == Some(ANIMATION_NS)
                && matches!(
                    n.tag_name().name(),
                    "set"
                        | "animate"
                        | "animateMotion"
                        | "animateColor"
                        | "animateTransform"
                        | "transitionFilter"
                )
        }),
        media: page
            .descendants()
            .any(|n| n.tag_name().name() == "plugin" && n.tag_name().namespace() == Some(DRAW_NS)),
    }
}

/// Text fields of OpenDocument (`text:` and `presentation:` elements whose content the
/// application fills in).
const FIELDS: &[&str] = &[
    "page-number",
    "page-count",
    "page-continuation",
    "date",
    "time",
    "date-time",
    "file-name",
    "template-name",
    "title",
    "subject",
    "author-name",
    "author-initials",
    "chapter",
    "sequence",
    "sheet-name",
    "header",
    "footer",
];

/// The text under `node`: paragraphs (`text:p`, `text:h`) one per line, `text:s` a space,
/// `text:tab` a tab, `text:line-break` a line break; empty paragraphs left out.
fn text_of(node: Node<'_, '_>) -> String {
    fn inline(n: Node<'_, '_>, out: &mut String) {
        for c in n.children() {
            if c.is_text() {
                out.push_str(c.text().unwrap_or_default());
            } else {
                match c.tag_name().name() {
                    "s" => out.push(' '),
                    "tab" => out.push('\t'),
                    "line-break" => out.push('\n'),
                    // Fields (the page number, the date, the file's name) are never something to
                    // say: a notes page's number field once made "number" a narration.
                    name if FIELDS.contains(&name) => {}
                    _ => inline(c, out),
                }
            }
        }
    }
    node.descendants()
        .filter(|n| matches!(n.tag_name().name(), "p" | "h"))
        .map(|p| {
            let mut s = String::new();
            inline(p, &mut s);
            s.trim().to_owned()
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Targets of pictures, objects and media linked from outside the package: an `xlink:href` on
/// anything but a hyperlink (`text:a`, `draw:a`) that names a URL, an absolute path or a path
/// leaving the package's folder.
pub(crate) fn linked(doc: &Document<'_>, out: &mut Vec<String>) {
    out.extend(
        doc.descendants()
            .filter(|n| n.tag_name().name() != "a")
            .filter_map(|n| n.attribute((XLINK_NS, "href")))
            .filter(|href| outside(href))
            .map(str::to_owned),
    );
}

/// Whether an OpenDocument reference leaves the package: a scheme (`http:`, `file:` ...), an
/// absolute path, or `..`.
pub(crate) fn outside(href: &str) -> bool {
    let scheme = href
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
    scheme || href.starts_with('/') || href.starts_with('\\') || href.split('/').any(|p| p == "..")
}

fn font_faces(doc: &Document<'_>, fonts: &mut BTreeSet<String>) {
    fonts.extend(
        doc.descendants()
            .filter(|n| n.tag_name().name() == "font-face")
            .filter_map(|n| n.attribute((SVG_NS, "font-family")))
            .map(|f| f.trim_matches(|c| c == '\'' || c == '"').to_owned())
            .filter(|f| !f.is_empty()),
    );
}

/// An OpenDocument length (`28cm`, `10in`, `279.4mm`, `720pt`) in hundredths of a millimetre.
fn length(value: &str) -> Option<u64> {
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = value.split_at(split);
    let n: f64 = number.trim().parse().ok()?;
    let mm = match unit {
        "mm" => n,
        "cm" => n * 10.0,
        "in" => n * 25.4,
        "pt" => n * 25.4 / 72.0,
        "pc" => n * 25.4 / 6.0,
        _ => return None,
    };
    (mm > 0.0).then(|| (mm * 100.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::{length, outside, text_of};

    #[test]
    fn fields_are_never_narration() {
        let xml = r#"<draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
            xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><draw:text-box>
            <text:p>Slide <text:page-number>&lt;number&gt;</text:page-number> of
            <text:page-count>9</text:page-count>, <text:date>06/12/2026</text:date></text:p>
            <text:p>Lembre da NR-35.</text:p></draw:text-box></draw:frame>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        let text = text_of(doc.root_element());
        assert!(
            !text.contains("number") && !text.contains('9') && !text.contains("2026"),
            "{text}"
        );
        assert!(text.ends_with("\nLembre da NR-35."), "{text}");
    }

    #[test]
    fn lengths_and_outside_references() {
        assert_eq!(length("28cm"), Some(28_000));
        assert_eq!(length("15.75cm"), Some(15_750));
        assert_eq!(length("10in"), Some(25_400));
        assert_eq!(length("12furlong"), None);
        for href in [
            "http://x/a.png",
            "file:///etc/passwd",
            "/etc/passwd",
            "../a.png",
            "C:\\\\a.png",
        ] {
            assert!(outside(href), "{href}");
        }
        for href in ["Pictures/100000.png", "./Object 1", "Object 2"] {
            assert!(!outside(href), "{href}");
        }
    }
}
