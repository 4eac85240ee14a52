//! PowerPoint decks (Office Open XML, ECMA-376): `ppt/presentation.xml` lists the slides in
//! order and gives the slide size; each slide's relationships lead to its notes, its media and
//! any external targets; placeholders of type `title`/`ctrTitle` hold titles and the notes
//! page's `body` placeholder holds the speaker notes.

use roxmltree::{Document, Node};

use crate::package::{resolve, Package};
use crate::{Deck, DeckError, Slide};

/// The namespace of relationship ids (`r:id`).
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// One relationship of a part.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    pub id: String,
    /// The last segment of its type URI (`slide`, `notesSlide`, `image`, `hyperlink` ...).
    pub kind: String,
    pub target: String,
    /// `TargetMode="External"`: a URL or a path outside the package.
    pub external: bool,
}

/// The relationships part of `part` (`a/b.xml` -> `a/_rels/b.xml.rels`).
pub(crate) fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The relationships of `part` (none when it has no relationships part).
pub(crate) fn rels(pkg: &mut Package, part: &str) -> Result<Vec<Rel>, DeckError> {
    Ok(pkg
        .xml(&rels_name(part), |doc| {
            doc.descendants()
                .filter(|n| n.tag_name().name() == "Relationship")
                .map(|n| Rel {
                    id: n.attribute("Id").unwrap_or_default().to_owned(),
                    kind: n
                        .attribute("Type")
                        .unwrap_or_default()
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                    target: n.attribute("Target").unwrap_or_default().to_owned(),
                    external: n
                        .attribute("TargetMode")
                        .is_some_and(|m| m.eq_ignore_ascii_case("external")),
                })
                .collect()
        })?
        .unwrap_or_default())
}

/// Whether an external relationship of this kind makes LibreOffice open its target (a linked
/// picture, object, sound or film); hyperlinks are only written into the PDF.
pub(crate) fn fetched(rel: &Rel) -> bool {
    rel.external && rel.kind != "hyperlink"
}

fn folder(part: &str) -> &str {
    part.rsplit_once('/').map_or("", |(dir, _)| dir)
}

pub(crate) fn read(pkg: &mut Package) -> Result<Deck, DeckError> {
    let missing = |pkg: &Package, what: &str| DeckError::Damaged {
        path: pkg.path().to_owned(),
        detail: format!("{what} is missing"),
    };
    let presentation = "ppt/presentation.xml";
    let (ids, size) = pkg
        .xml(presentation, |doc| {
            // Each slide's relationship (where its part is) and its own id (who it is).
            let ids: Vec<(String, Option<String>)> = doc
                .descendants()
                .filter(|n| n.tag_name().name() == "sldId")
                .filter_map(|n| {
                    let rel = n
                        .attributes()
                        .find(|a| a.name() == "id" && a.namespace() == Some(REL_NS))?;
                    let own = n
                        .attributes()
                        .find(|a| a.name() == "id" && a.namespace().is_none())
                        .map(|a| a.value().trim().to_owned())
                        .filter(|v| !v.is_empty());
                    Some((rel.value().to_owned(), own))
                })
                .collect();
            let size = doc
                .descendants()
                .find(|n| n.tag_name().name() == "sldSz")
                .and_then(|n| {
                    Some((
                        n.attribute("cx")?.parse().ok()?,
                        n.attribute("cy")?.parse().ok()?,
                    ))
                });
            (ids, size)
        })?
        .ok_or_else(|| missing(pkg, presentation))?;
    let mut deck = Deck {
        size,
        ..Deck::default()
    };
    if ids.len() > crate::MAX_SLIDES {
        return Err(DeckError::TooManySlides {
            path: pkg.path().to_owned(),
            found: ids.len(),
            limit: crate::MAX_SLIDES,
        });
    }
    let presentation_rels = rels(pkg, presentation)?;
    note_external(&mut deck, &presentation_rels);
    for (id, own) in ids {
        let rel = presentation_rels
            .iter()
            .find(|r| r.id == id && !r.external)
            .ok_or_else(|| missing(pkg, &format!("the slide {id}")))?;
        let part = resolve("ppt", &rel.target).ok_or_else(|| missing(pkg, &rel.target))?;
        let mut slide = slide(pkg, &part, &mut deck.fonts, &mut deck.external)?;
        slide.key = own.map(|own| format!("pptx:{own}"));
        deck.slides.push(slide);
    }
    crate::unique_keys(&mut deck.slides);
    deck.title = pkg.title("docProps/core.xml")?;
    for theme in pkg
        .names()
        .filter(|n| n.starts_with("ppt/theme/") && n.ends_with(".xml"))
        .map(str::to_owned)
        .collect::<Vec<_>>()
    {
        pkg.xml(&theme, |doc| typefaces(doc, &mut deck.fonts))?;
    }
    Ok(deck)
}

fn note_external(deck: &mut Deck, rels: &[Rel]) {
    deck.external
        .extend(rels.iter().filter(|r| fetched(r)).map(|r| r.target.clone()));
}

fn slide(
    pkg: &mut Package,
    part: &str,
    fonts: &mut std::collections::BTreeSet<String>,
    external: &mut Vec<String>,
) -> Result<Slide, DeckError> {
    let path = pkg.path().to_owned();
    let mut slide = pkg
        .xml(part, |doc| {
            typefaces(doc, fonts);
            let root = doc.root_element();
            Slide {
                hidden: root
                    .attribute("show")
                    .is_some_and(|v| v == "0" || v == "false"),
                title: placeholder_text(doc, &["title", "ctrTitle"]),
                animations: doc
                    .descendants()
                    .filter(|n| n.tag_name().name() == "timing")
                    .flat_map(|t| t.descendants())
                    .any(|n| {
                        matches!(
                            n.tag_name().name(),
                            "anim"
                                | "animEffect"
                                | "animMotion"
                                | "animScale"
                                | "animRot"
                                | "animClr"
                                | "set"
                        )
                    }),
                ..Slide::default()
            }
        })?
        .ok_or_else(|| DeckError::Damaged {
            path,
            detail: format!("{part} is missing"),
        })?;
    let slide_rels = rels(pkg, part)?;
    external.extend(
        slide_rels
            .iter()
            .filter(|r| fetched(r))
            .map(|r| r.target.clone()),
    );
    slide.media = slide_rels
        .iter()
        .any(|r| matches!(r.kind.as_str(), "video" | "audio" | "media"));
    if let Some(notes) = slide_rels
        .iter()
        .find(|r| r.kind == "notesSlide" && !r.external)
        .and_then(|r| resolve(folder(part), &r.target))
    {
        slide.notes = pkg.xml(&notes, notes_text)?.flatten().unwrap_or_default();
    }
    Ok(slide)
}

/// A notes page's text: its `body` placeholder (as PowerPoint writes it); without one, the text
/// of every shape that is no placeholder (LibreOffice writes notes typed into a plain frame as
/// a text box), leaving out the slide number, date, header and footer placeholders.
fn notes_text(doc: &Document<'_>) -> Option<String> {
    if let Some(text) = placeholder_text(doc, &["body"]) {
        return Some(text);
    }
    let text = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "sp")
        .filter(|sp| !sp.descendants().any(|n| n.tag_name().name() == "ph"))
        .filter_map(|sp| sp.children().find(|n| n.tag_name().name() == "txBody"))
        .map(paragraphs)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (!text.is_empty()).then_some(text)
}

/// The text of the first shape whose placeholder is of one of `kinds`, paragraphs on lines of
/// their own; `None` when there is none or it is empty.
fn placeholder_text(doc: &Document<'_>, kinds: &[&str]) -> Option<String> {
    let shape = doc.descendants().find(|n| {
        n.tag_name().name() == "sp"
            && n.descendants().any(|ph| {
                ph.tag_name().name() == "ph"
                    && kinds.contains(&ph.attribute("type").unwrap_or("body"))
            })
    })?;
    let body = shape.children().find(|n| n.tag_name().name() == "txBody")?;
    let text = paragraphs(body);
    (!text.is_empty()).then_some(text)
}

/// The paragraphs (`a:p`) under `body`, each its runs' text (`a:t`, with `a:br` as a line
/// break), trimmed, empty ones left out, one per line. A field (`a:fld`) is said only inside a
/// sentence of the person's, with their words before and after it ("Veja o slide ‹3›
/// agora."): alone, or at a paragraph's start or end, it is a page number or a footer, and a
/// date field holds the day it was last drawn, never something to say.
fn paragraphs(body: Node<'_, '_>) -> String {
    fn field<'a, 'i>(n: &Node<'a, 'i>) -> Option<Node<'a, 'i>> {
        n.ancestors().find(|a| a.tag_name().name() == "fld")
    }
    let own_words = |n: &Node<'_, '_>| {
        n.tag_name().name() == "t"
            && field(n).is_none()
            && n.text().is_some_and(|t| !t.trim().is_empty())
    };
    body.children()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            let nodes: Vec<Node<'_, '_>> = p.descendants().collect();
            let said = |i: usize, n: &Node<'_, '_>| match field(n) {
                None => true,
                Some(f) => {
                    !f.attribute("type")
                        .is_some_and(|t| t.starts_with("datetime"))
                        && nodes[..i].iter().any(own_words)
                        && nodes[i..]
                            .iter()
                            .any(|m| own_words(m) && field(m).is_none())
                }
            };
            nodes
                .iter()
                .enumerate()
                .filter(|(i, n)| said(*i, n))
                .filter_map(|(_, n)| match n.tag_name().name() {
                    "t" => n.text(),
                    "br" => Some("\n"),
                    _ => None,
                })
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every typeface named by a `latin` font element (theme references such as `+mj-lt` left out).
fn typefaces(doc: &Document<'_>, fonts: &mut std::collections::BTreeSet<String>) {
    fonts.extend(
        doc.descendants()
            .filter(|n| n.tag_name().name() == "latin")
            .filter_map(|n| n.attribute("typeface"))
            .filter(|t| !t.is_empty() && !t.starts_with('+'))
            .map(str::to_owned),
    );
}

#[cfg(test)]
mod tests {
    use super::notes_text;

    #[test]
    fn fields_are_never_narration() {
        // A notes page without a body placeholder: its text boxes are read, the slide number
        // field of one of them left out (it once made "2", "3", ... narrations).
        let xml = r#"<p:notes xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>
            <p:sp><p:txBody><a:p><a:fld id="{1}" type="slidenum"><a:t>2</a:t></a:fld></a:p></p:txBody></p:sp>
            <p:sp><p:txBody><a:p><a:r><a:t>Fale da NR-35.</a:t></a:r>
            <a:fld id="{2}" type="datetime1"><a:t>06/12/2026</a:t></a:fld></a:p></p:txBody></p:sp>
            </p:spTree></p:cSld></p:notes>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        assert_eq!(notes_text(&doc).as_deref(), Some("Fale da NR-35."));
    }

    #[test]
    fn a_slide_number_inside_a_sentence_is_said() {
        let xml = r#"<p:notes xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>
            <p:sp><p:txBody><a:p><a:r><a:t>Veja o slide </a:t></a:r>
            <a:fld id="{1}" type="slidenum"><a:t>3</a:t></a:fld><a:r><a:t> agora.</a:t></a:r></a:p>
            </p:txBody></p:sp></p:spTree></p:cSld></p:notes>"#;
        let doc = roxmltree::Document::parse(xml).unwrap();
        assert_eq!(notes_text(&doc).as_deref(), Some("Veja o slide 3 agora."));
    }
}
