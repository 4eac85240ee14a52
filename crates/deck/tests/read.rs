//! Decks written by the tests themselves (PowerPoint's and Impress's XML, zipped), read back:
//! order, hidden slides, notes, titles, size, and every hostile package refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use estudio_deck::{read, DeckError};

/// A zip at `path` with `members` (name, content), deflated.
fn zip(path: &Path, members: &[(String, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, content) in members {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap();
}

struct PptxSlide<'a> {
    title: &'a str,
    notes: &'a str,
    hidden: bool,
}

const P: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
const RELS: &str = r#"xmlns="http://schemas.openxmlformats.org/package/2006/relationships""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn text_shape(kind: &str, text: &str) -> String {
    let paragraphs: String = text
        .split('\n')
        .map(|l| format!("<a:p><a:r><a:rPr lang=\"pt-BR\"><a:latin typeface=\"Carlito\"/></a:rPr><a:t>{l}</a:t></a:r></a:p>"))
        .collect();
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"{kind}\"/><p:cNvSpPr/><p:nvPr><p:ph type=\"{kind}\"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>{paragraphs}</p:txBody></p:sp>"
    )
}

/// A PowerPoint deck of `slides` (size `cx` x `cy` EMU) at `dir/name`, with `extra` members
/// (replacing any of the same name).
fn pptx(
    dir: &Path,
    name: &str,
    slides: &[PptxSlide<'_>],
    size: (u64, u64),
    extra: Vec<(String, Vec<u8>)>,
) -> PathBuf {
    let mut m: Vec<(String, Vec<u8>)> = Vec::new();
    let mut ids = String::new();
    let mut rels = String::new();
    // Listed in the presentation in reverse of their file numbers: the order is the list's.
    for (k, s) in slides.iter().enumerate() {
        let n = slides.len() - k;
        ids.push_str(&format!("<p:sldId id=\"{}\" r:id=\"rId{n}\"/>", 256 + k));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"{REL}/slide\" Target=\"slides/slide{n}.xml\"/>"
        ));
        let show = if s.hidden { " show=\"0\"" } else { "" };
        m.push((
            format!("ppt/slides/slide{n}.xml"),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><p:sld {P}{show}><p:cSld><p:spTree>{}</p:spTree></p:cSld></p:sld>",
                text_shape("title", s.title)
            )
            .into_bytes(),
        ));
        m.push((
            format!("ppt/slides/_rels/slide{n}.xml.rels"),
            format!(
                "<Relationships {RELS}><Relationship Id=\"rId1\" Type=\"{REL}/notesSlide\" Target=\"../notesSlides/notesSlide{n}.xml\"/></Relationships>"
            )
            .into_bytes(),
        ));
        if !s.notes.is_empty() {
            m.push((
                format!("ppt/notesSlides/notesSlide{n}.xml"),
                format!(
                    "<p:notes {P}><p:cSld><p:spTree>{}{}</p:spTree></p:cSld></p:notes>",
                    text_shape("sldNum", "7"),
                    text_shape("body", s.notes)
                )
                .into_bytes(),
            ));
        }
    }
    m.push((
        "ppt/presentation.xml".into(),
        format!(
            "<p:presentation {P}><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx=\"{}\" cy=\"{}\"/></p:presentation>",
            size.0, size.1
        )
        .into_bytes(),
    ));
    m.push((
        "ppt/_rels/presentation.xml.rels".into(),
        format!("<Relationships {RELS}>{rels}</Relationships>").into_bytes(),
    ));
    m.push((
        "docProps/core.xml".into(),
        b"<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Redes, aula 1</dc:title></cp:coreProperties>".to_vec(),
    ));
    // Extra members replace those of the same name.
    m.retain(|(n, _)| !extra.iter().any(|(e, _)| e == n));
    m.extend(extra);
    let path = dir.join(name);
    zip(&path, &m);
    path
}

fn three(dir: &Path, name: &str, extra: Vec<(String, Vec<u8>)>) -> PathBuf {
    pptx(
        dir,
        name,
        &[
            PptxSlide {
                title: "Abertura",
                notes: "Olá.\nHoje: redes.",
                hidden: false,
            },
            PptxSlide {
                title: "Rascunho",
                notes: "não mostrar",
                hidden: true,
            },
            PptxSlide {
                title: "Fim",
                notes: "",
                hidden: false,
            },
        ],
        (12_192_000, 6_858_000),
        extra,
    )
}

#[test]
fn a_pptx_gives_its_slides_in_order_with_notes_titles_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let deck = read(&three(dir.path(), "aula.pptx", vec![])).unwrap();
    assert_eq!(deck.title.as_deref(), Some("Redes, aula 1"));
    assert_eq!(deck.canvas(), (1920, 1080));
    let titles: Vec<_> = deck
        .slides
        .iter()
        .map(|s| s.title.clone().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["Abertura", "Rascunho", "Fim"]);
    assert_eq!(deck.slides[0].notes, "Olá.\nHoje: redes.");
    assert!(deck.slides[1].hidden && !deck.slides[0].hidden);
    assert_eq!(deck.slides[2].notes, "");
    let visible: Vec<usize> = deck.visible().map(|(n, _)| n).collect();
    assert_eq!(visible, [1, 3]);
    assert!(deck.fonts.contains("Carlito"));
    assert!(deck.external.is_empty());
}

#[test]
fn slide_shapes_become_even_canvases() {
    let dir = tempfile::tempdir().unwrap();
    let at = |size, name| {
        let slides = [PptxSlide {
            title: "a",
            notes: "",
            hidden: false,
        }];
        read(&pptx(dir.path(), name, &slides, size, vec![]))
            .unwrap()
            .canvas()
    };
    assert_eq!(at((9_144_000, 6_858_000), "4x3.pptx"), (1440, 1080));
    assert_eq!(at((12_192_000, 6_858_000), "16x9.pptx"), (1920, 1080));
    // 16:10 and A4 portrait keep their shape at 1080 lines, with an even width.
    assert_eq!(at((10_972_800, 6_858_000), "16x10.pptx"), (1728, 1080));
    assert_eq!(at((7_560_000, 10_692_000), "a4.pptx"), (764, 1080));
}

#[test]
fn linked_pictures_are_found_and_hyperlinks_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let rels = format!(
        "<Relationships {RELS}><Relationship Id=\"rId1\" Type=\"{REL}/notesSlide\" Target=\"../notesSlides/notesSlide3.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/image\" Target=\"http://127.0.0.1:9/x.png\" TargetMode=\"External\"/><Relationship Id=\"rId3\" Type=\"{REL}/hyperlink\" Target=\"https://example.org\" TargetMode=\"External\"/></Relationships>"
    );
    let path = pptx(
        dir.path(),
        "linked.pptx",
        &[PptxSlide {
            title: "a",
            notes: "n",
            hidden: false,
        }],
        (12_192_000, 6_858_000),
        vec![],
    );
    // The slide's relationships replaced by ones with an external picture and a hyperlink.
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        let name = f.name().to_owned();
        if name == "ppt/slides/_rels/slide1.xml.rels" {
            bytes = rels.clone().into_bytes();
        }
        members.push((name, bytes));
    }
    zip(&path, &members);
    let deck = read(&path).unwrap();
    assert_eq!(deck.external, ["http://127.0.0.1:9/x.png"]);
}

#[test]
fn hostile_packages_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Not a zip at all.
    std::fs::write(d.join("text.pptx"), "not a deck").unwrap();
    assert!(matches!(
        read(&d.join("text.pptx")),
        Err(DeckError::Damaged { .. })
    ));
    // A password-protected deck is a compound file.
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend([0u8; 504]);
    std::fs::write(d.join("locked.pptx"), cfb).unwrap();
    assert!(matches!(
        read(&d.join("locked.pptx")),
        Err(DeckError::Locked { .. })
    ));
    // A member that would land outside.
    let evil = three(
        d,
        "evil.pptx",
        vec![("../../evil.sh".into(), b"echo".to_vec())],
    );
    match read(&evil) {
        Err(DeckError::Escapes { member, .. }) => assert_eq!(member, "../../evil.sh"),
        other => panic!("{other:?}"),
    }
    let absolute = three(d, "abs.pptx", vec![("/etc/evil".into(), b"x".to_vec())]);
    assert!(matches!(read(&absolute), Err(DeckError::Escapes { .. })));
    // A part that unpacks past the limit (it compresses to a few KB).
    let big = three(
        d,
        "bomb.pptx",
        vec![("ppt/slides/slide1.xml".into(), vec![b' '; 65 << 20])],
    );
    let err = read(&big).unwrap_err();
    assert!(
        matches!(err, DeckError::TooBig { .. } | DeckError::Damaged { .. }),
        "{err:?}"
    );
    // Too many members.
    let many: Vec<(String, Vec<u8>)> = (0..20_001)
        .map(|i| (format!("x/{i}"), Vec::new()))
        .collect();
    assert!(matches!(
        read(&three(d, "many.pptx", many)),
        Err(DeckError::TooBig { .. })
    ));
    // Not a deck by its name.
    std::fs::write(d.join("notes.txt"), "x").unwrap();
    assert!(matches!(
        read(&d.join("notes.txt")),
        Err(DeckError::NotADeck { .. })
    ));
    // Every refusal names the deck, in words.
    let words = read(&evil).unwrap_err().to_string();
    assert!(
        words.contains("evil.pptx") && words.contains("../../evil.sh"),
        "{words}"
    );
}

#[test]
fn a_zip_whose_directory_claims_gigabytes_is_refused_before_unpacking() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.pptx");
    // One stored member of one byte whose central directory says 3 GB unpacked.
    let name = b"ppt/presentation.xml";
    let crc = 0xE8B7_BE43u32; // crc32("a")
    let mut z = Vec::new();
    let local = |z: &mut Vec<u8>| {
        z.extend(0x0403_4b50u32.to_le_bytes());
        z.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend(crc.to_le_bytes());
        z.extend(1u32.to_le_bytes());
        z.extend(1u32.to_le_bytes());
        z.extend((name.len() as u16).to_le_bytes());
        z.extend(0u16.to_le_bytes());
        z.extend(name);
        z.push(b'a');
    };
    local(&mut z);
    let cd_start = z.len() as u32;
    z.extend(0x0201_4b50u32.to_le_bytes());
    z.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    z.extend(crc.to_le_bytes());
    z.extend(1u32.to_le_bytes());
    z.extend(3_000_000_000u32.to_le_bytes());
    z.extend((name.len() as u16).to_le_bytes());
    z.extend([0u8; 12]);
    z.extend(0u32.to_le_bytes());
    z.extend(name);
    let cd_len = z.len() as u32 - cd_start;
    z.extend(0x0605_4b50u32.to_le_bytes());
    z.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend(cd_len.to_le_bytes());
    z.extend(cd_start.to_le_bytes());
    z.extend(0u16.to_le_bytes());
    std::fs::write(&path, z).unwrap();
    let err = read(&path).unwrap_err();
    assert!(matches!(err, DeckError::TooBig { .. }), "{err:?}");
}

#[test]
fn a_deck_of_more_slides_than_the_limit_is_refused_with_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let slides: Vec<PptxSlide<'_>> = (0..estudio_deck::MAX_SLIDES + 1)
        .map(|_| PptxSlide {
            title: "x",
            notes: "",
            hidden: false,
        })
        .collect();
    let path = pptx(
        dir.path(),
        "enorme.pptx",
        &slides,
        (12_192_000, 6_858_000),
        vec![],
    );
    match read(&path) {
        Err(DeckError::TooManySlides { found, limit, .. }) => {
            assert_eq!(
                (found, limit),
                (estudio_deck::MAX_SLIDES + 1, estudio_deck::MAX_SLIDES)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn what_a_picture_loses_is_found_animations_media_and_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let slides = [
        PptxSlide {
            title: "a",
            notes: "",
            hidden: false,
        },
        PptxSlide {
            title: "b",
            notes: "",
            hidden: false,
        },
    ];
    // Slide files are numbered in reverse of the presentation's order (see `pptx`): the first
    // slide shown is slide2.xml. It gets an entrance animation and a film, and a font.
    let animated = format!(
        "<p:sld {P}><p:cSld><p:spTree>{}</p:spTree></p:cSld><p:timing><p:tnLst><p:par><p:cTn id=\"1\"><p:childTnLst><p:animEffect transition=\"in\" filter=\"fade\"/></p:childTnLst></p:cTn></p:par></p:tnLst></p:timing></p:sld>",
        text_shape("title", "a").replace("Carlito", "Segoe UI")
    );
    let rels = format!(
        "<Relationships {RELS}><Relationship Id=\"rId3\" Type=\"http://schemas.microsoft.com/office/2007/relationships/media\" Target=\"../media/filme.mp4\"/></Relationships>"
    );
    let path = pptx(
        dir.path(),
        "perdas.pptx",
        &slides,
        (12_192_000, 6_858_000),
        vec![
            ("ppt/slides/slide2.xml".into(), animated.into_bytes()),
            ("ppt/slides/_rels/slide2.xml.rels".into(), rels.into_bytes()),
        ],
    );
    let deck = read(&path).unwrap();
    assert!(deck.slides[0].animations && deck.slides[0].media);
    assert!(!deck.slides[1].animations && !deck.slides[1].media);
    assert!(deck.fonts.contains("Segoe UI") && deck.fonts.contains("Carlito"));
}
