//! Real imports: decks the tests write (Impress's flat XML, converted by the real LibreOffice
//! into .pptx and .odp), imported with the real LibreOffice and poppler, the projects checked
//! scene by scene and their pictures by colour.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod common;

use common::{convert, project, python};
use estudio_deck::{import, ImportError, ImportOptions};
use estudio_render::CancelToken;

struct Page<'a> {
    title: &'a str,
    notes: &'a str,
    colour: &'a str,
    hidden: bool,
}

/// An Impress deck in flat XML: a page per `pages`, each filled with its colour, with a title
/// and notes; `(w, h)` in cm.
fn fodp(path: &Path, pages: &[Page<'_>], (w, h): (f64, f64), extra_page_xml: &str) {
    let mut styles = String::new();
    let mut body = String::new();
    for (i, p) in pages.iter().enumerate() {
        let hidden = if p.hidden {
            " presentation:visibility=\"hidden\""
        } else {
            ""
        };
        styles.push_str(&format!(
            "<style:style style:name=\"dp{i}\" style:family=\"drawing-page\"><style:drawing-page-properties draw:fill=\"solid\" draw:fill-color=\"#{}\" presentation:background-visible=\"true\"{hidden}/></style:style>",
            p.colour
        ));
        let notes = if p.notes.is_empty() {
            String::new()
        } else {
            let paras: String = p
                .notes
                .split('\n')
                .map(|l| format!("<text:p>{l}</text:p>"))
                .collect();
            format!("<presentation:notes><draw:frame presentation:class=\"notes\" svg:x=\"2cm\" svg:y=\"12cm\" svg:width=\"17cm\" svg:height=\"10cm\"><draw:text-box>{paras}</draw:text-box></draw:frame></presentation:notes>")
        };
        body.push_str(&format!(
            "<draw:page draw:name=\"p{i}\" draw:style-name=\"dp{i}\" draw:master-page-name=\"Default\"><draw:frame presentation:class=\"title\" svg:x=\"1cm\" svg:y=\"0.5cm\" svg:width=\"10cm\" svg:height=\"2cm\"><draw:text-box><text:p>{}</text:p></draw:text-box></draw:frame>{}{notes}</draw:page>",
            p.title,
            if i == 0 { extra_page_xml } else { "" }
        ));
    }
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:meta><dc:title>Redes, aula 1</dc:title></office:meta>
<office:automatic-styles><style:page-layout style:name="PM1"><style:page-layout-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:margin-left="0cm" fo:margin-right="0cm" fo:page-width="{w}cm" fo:page-height="{h}cm" style:print-orientation="landscape"/></style:page-layout>{styles}</office:automatic-styles>
<office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM1"/></office:master-styles>
<office:body><office:presentation>{body}</office:presentation></office:body></office:document>"#
    );
    std::fs::write(path, xml).unwrap();
}

fn four(dir: &Path) -> PathBuf {
    let src = dir.join("aula.fodp");
    fodp(
        &src,
        &[
            Page {
                title: "Abertura",
                notes: "Olá, turma.\nHoje: redes.",
                colour: "e02020",
                hidden: false,
            },
            Page {
                title: "Rascunho",
                notes: "não mostrar",
                colour: "20c020",
                hidden: true,
            },
            Page {
                title: "Camadas",
                notes: "",
                colour: "2020e0",
                hidden: false,
            },
            Page {
                title: "Fim",
                notes: "Até a próxima.",
                colour: "f0f010",
                hidden: false,
            },
        ],
        (28.0, 15.75),
        "",
    );
    src
}

/// A PDF of pages `(width, height)` in points, each filled with its colour (`rrggbb`), written
/// by hand (objects, cross-reference table, trailer), with no title.
fn pdf(path: &Path, pages: &[((u32, u32), &str)]) {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            (0..pages.len())
                .map(|i| format!("{} 0 R", 3 + 2 * i))
                .collect::<Vec<_>>()
                .join(" "),
            pages.len()
        ),
    ];
    for (i, ((w, h), hex)) in pages.iter().enumerate() {
        let c: Vec<f64> = (0..3)
            .map(|k| f64::from(u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).unwrap()) / 255.0)
            .collect();
        let content = format!("{:.3} {:.3} {:.3} rg 0 0 {w} {h} re f", c[0], c[1], c[2]);
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Contents {} 0 R >>",
            4 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    std::fs::write(path, out).unwrap();
}

/// The RGB colour of the pixel at (x, y) of a PNG.
fn pixel(png: &Path, x: u32, y: u32) -> [u8; 3] {
    pixel_at(png, None, x, y)
}

/// The RGB colour at (x, y) of a picture, or of a video's frame at `at` seconds.
fn pixel_at(file: &Path, at: Option<f64>, x: u32, y: u32) -> [u8; 3] {
    let mut c = Command::new("ffmpeg");
    c.args(["-v", "error"]);
    if let Some(t) = at {
        c.args(["-ss", &format!("{t}")]);
    }
    let out = c
        .arg("-i")
        .arg(file)
        .args([
            "-frames:v",
            "1",
            "-vf",
            // To RGB first: a 1x1 crop of 4:2:0 pictures has no chroma sample.
            &format!("format=rgb24,crop=1:1:{x}:{y}"),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    [out.stdout[0], out.stdout[1], out.stdout[2]]
}

fn near(a: [u8; 3], hex: &str) -> bool {
    let b: Vec<u8> = (0..3)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    a.iter().zip(&b).all(|(x, y)| x.abs_diff(*y) <= 24)
}

/// What an import left in `dir` of its own work (nothing, when it is over).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".estudio-import"))
        .collect()
}

#[test]
fn a_pptx_and_an_odp_become_projects_scene_by_visible_slide() {
    let dir = tempfile::tempdir().unwrap();
    let src = four(dir.path());
    for format in ["pptx", "odp"] {
        let deck = convert(&src, format);
        let out = dir.path().join(format!("{format}.estudio"));
        let report = import(
            &deck,
            &out,
            &ImportOptions::default(),
            &CancelToken::new(),
            |_| {},
        )
        .unwrap();
        assert_eq!((report.slides, report.hidden), (3, 1), "{format}");
        let p = project(&out);
        assert_eq!(p["title"], "Redes, aula 1", "{format}");
        assert_eq!(p["canvas"]["width"], 1920, "{format}");
        assert_eq!(p["canvas"]["height"], 1080, "{format}");
        let scenes = p["scenes"].as_array().unwrap();
        assert_eq!(scenes.len(), 3, "{format}");
        assert_eq!(
            scenes[0]["narration"]["text"], "Olá, turma.\nHoje: redes.",
            "{format}"
        );
        // The voice is said once, as the project's default.
        assert!(scenes[0]["narration"].get("voice").is_none());
        assert_eq!(p["defaults"]["narration"]["voice"], "pt-br");
        // Captioned as spoken, the notes written once: a narration fixed later leaves no stale
        // caption behind.
        assert!(
            scenes[0].get("caption").is_none(),
            "{format}: {}",
            scenes[0]
        );
        assert_eq!(
            scenes[1]["duration"], 5.0,
            "{format}: a slide without notes"
        );
        assert!(scenes[1].get("narration").is_none());
        assert_eq!(scenes[2]["narration"]["text"], "Até a próxima.");
        // Each picture is its slide, at the canvas size, in order (the hidden green one left out).
        let folder = dir.path().join(format!("{format}.slides"));
        for (k, colour) in ["e02020", "2020e0", "f0f010"].iter().enumerate() {
            let png = folder.join(format!("slide-{:03}.png", k + 1));
            assert_eq!(
                scenes[k]["background"]["image"],
                format!("{format}.slides/slide-{:03}.png", k + 1)
            );
            let got = pixel(&png, 1800, 1000);
            assert!(
                near(got, colour),
                "{format} slide {}: {got:?} for #{colour}",
                k + 1
            );
        }
        // Nothing else was left beside it.
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    }
}

#[test]
fn a_pdf_gets_a_scene_per_page_at_its_shape() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quadro.pdf");
    // Two 4:3 pages, red and blue.
    pdf(&file, &[((720, 540), "e02020"), ((720, 540), "2020e0")]);
    let out = dir.path().join("quadro.estudio");
    let options = ImportOptions {
        slide_secs: 3.0,
        ..ImportOptions::default()
    };
    let report = import(&file, &out, &options, &CancelToken::new(), |_| {}).unwrap();
    assert_eq!(report.slides, 2);
    // The project, its pictures' folder and the pictures are the person's, as any file they
    // make (0666 and 0777 less the umask): a colleague or a web server may read them.
    let mode = |p: &Path| {
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
            & 0o777
    };
    std::fs::write(dir.path().join("mine"), b"x").unwrap();
    std::fs::create_dir(dir.path().join("my-folder")).unwrap();
    let (file_mode, folder_mode) = (
        mode(&dir.path().join("mine")),
        mode(&dir.path().join("my-folder")),
    );
    assert_eq!(mode(&out), file_mode, "the project");
    let slides = dir.path().join("quadro.slides");
    assert_eq!(mode(&slides), folder_mode, "the pictures' folder");
    for picture in std::fs::read_dir(&slides).unwrap() {
        assert_eq!(mode(&picture.unwrap().path()), file_mode, "a picture");
    }
    let p = project(&out);
    assert_eq!(
        (
            p["canvas"]["width"].as_u64(),
            p["canvas"]["height"].as_u64()
        ),
        (Some(1440), Some(1080))
    );
    assert_eq!(
        p["title"], "quadro",
        "a PDF without a title is named after its file"
    );
    assert_eq!(p["scenes"][1]["duration"], 3.0);
    assert!(near(
        pixel(&dir.path().join("quadro.slides/slide-001.png"), 1300, 1000),
        "e02020"
    ));
    assert!(near(
        pixel(&dir.path().join("quadro.slides/slide-002.png"), 1300, 1000),
        "2020e0"
    ));
}

#[test]
fn an_existing_project_is_kept_unless_forced_and_a_reimport_rewrites_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let src = four(dir.path());
    let deck = convert(&src, "odp");
    let out = dir.path().join("aula.estudio");
    import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    let before = std::fs::read(&out).unwrap();
    let err = import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Exists { .. }), "{err:?}");
    assert!(err.to_string().contains("aula.estudio"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), before, "untouched");
    // The third slide's colour changes; forced, only its picture is written again.
    let pictures = dir.path().join("aula.slides");
    let stamp = |n: usize| {
        std::fs::metadata(pictures.join(format!("slide-{n:03}.png")))
            .unwrap()
            .modified()
            .unwrap()
    };
    let first = stamp(1);
    let text = std::fs::read_to_string(&src)
        .unwrap()
        .replace("f0f010", "20e0e0");
    std::fs::write(&src, text).unwrap();
    let deck = convert(&src, "odp");
    std::thread::sleep(Duration::from_millis(20));
    let forced = ImportOptions {
        force: true,
        ..ImportOptions::default()
    };
    let report = import(&deck, &out, &forced, &CancelToken::new(), |_| {}).unwrap();
    assert_eq!(report.pictures_written, 1);
    assert_eq!(stamp(1), first, "an unchanged picture is left as it was");
    assert!(near(
        pixel(&pictures.join("slide-003.png"), 1800, 1000),
        "20e0e0"
    ));
}

#[test]
fn a_canceled_import_leaves_no_libreoffice_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let src = four(dir.path());
    let deck = convert(&src, "pptx");
    let out = dir.path().join("c.estudio");
    let cancel = CancelToken::new();
    let stop = cancel.clone();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        stop.cancel();
    });
    let err = import(&deck, &out, &ImportOptions::default(), &cancel, |_| {}).unwrap_err();
    t.join().unwrap();
    assert!(matches!(err, ImportError::Canceled), "{err:?}");
    assert!(!out.exists() && !dir.path().join("c.slides").exists());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    // No LibreOffice of this import is still running (its profile lived in the import's
    // folder, inside this test's own; other tests run theirs at the same time).
    let ps = Command::new("ps").args(["-eo", "args"]).output().unwrap();
    let mine = dir.path().to_string_lossy().into_owned();
    let running: Vec<String> = String::from_utf8_lossy(&ps.stdout)
        .lines()
        .filter(|l| l.contains(&mine) && l.contains("soffice"))
        .map(str::to_owned)
        .collect();
    assert_eq!(running, Vec::<String>::new());
}

#[test]
fn a_linked_picture_is_never_fetched() {
    // A loopback port listening as the canary: a deck whose picture is linked to it.
    let canary = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    canary.set_nonblocking(true).unwrap();
    let url = format!(
        "http://127.0.0.1:{}/logo.png",
        canary.local_addr().unwrap().port()
    );
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("vinculo.fodp");
    let image = format!(
        "<draw:frame svg:x=\"12cm\" svg:y=\"4cm\" svg:width=\"4cm\" svg:height=\"4cm\"><draw:image xlink:href=\"{url}\" xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/></draw:frame>"
    );
    fodp(
        &src,
        &[Page {
            title: "Logo",
            notes: "",
            colour: "e02020",
            hidden: false,
        }],
        (28.0, 15.75),
        &image,
    );
    let deck = dir.path().join("vinculo.odp");
    // Written as an .odp without LibreOffice (which would fetch the picture while converting):
    // the flat XML's body becomes content.xml.
    let xml = std::fs::read_to_string(&src).unwrap();
    let content = xml
        .replace("<office:document ", "<office:document-content ")
        .replace("</office:document>", "</office:document-content>");
    {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::fs::File::create(&deck).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file("mimetype", stored).unwrap();
        w.write_all(b"application/vnd.oasis.opendocument.presentation")
            .unwrap();
        w.start_file("content.xml", stored).unwrap();
        w.write_all(content.as_bytes()).unwrap();
        w.start_file("META-INF/manifest.xml", stored).unwrap();
        w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        w.finish().unwrap();
    }
    let out = dir.path().join("vinculo.estudio");
    let report = import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    assert!(canary.accept().is_err(), "something connected to {url}");
    assert_eq!(report.links_removed, [url]);
}

#[test]
fn an_old_binary_ppt_is_read_through_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let src = four(dir.path());
    let deck = convert(&src, "ppt");
    let out = dir.path().join("velho.estudio");
    let report = import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    assert_eq!((report.slides, report.hidden), (3, 1));
    let p = project(&out);
    assert_eq!(
        p["scenes"][0]["narration"]["text"],
        "Olá, turma.\nHoje: redes."
    );
    assert_eq!(p["scenes"][2]["narration"]["text"], "Até a próxima.");
    assert!(near(
        pixel(&dir.path().join("velho.slides/slide-002.png"), 1800, 1000),
        "2020e0"
    ));
}

#[test]
fn a_truncated_deck_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let deck = convert(&four(dir.path()), "pptx");
    let bytes = std::fs::read(&deck).unwrap();
    std::fs::write(&deck, &bytes[..bytes.len() / 2]).unwrap();
    let out = dir.path().join("cortado.estudio");
    let err = import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ImportError::Deck(estudio_deck::DeckError::Damaged { .. })
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("aula.pptx"), "{err}");
    assert!(!out.exists() && !dir.path().join("cortado.slides").exists());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_conversion_past_its_time_limit_is_stopped_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let deck = convert(&four(dir.path()), "odp");
    let out = dir.path().join("lento.estudio");
    let options = ImportOptions {
        limit: Duration::from_millis(1),
        limit_per_slide: Duration::ZERO,
        ..ImportOptions::default()
    };
    let err = import(&deck, &out, &options, &CancelToken::new(), |_| {}).unwrap_err();
    // Named as people know it: not soffice, nor the unshare that starts it.
    let said = err.to_string();
    assert!(said.contains("LibreOffice took longer than"), "{said}");
    assert!(
        !said.contains("unshare") && !said.contains("soffice"),
        "{said}"
    );
    assert!(
        matches!(
            err,
            ImportError::Tool {
                error: estudio_deck::ToolError::TimedOut { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("aula.odp"), "{err}");
    assert!(!out.exists() && !dir.path().join("lento.slides").exists());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn without_a_title_a_deck_is_named_after_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = four(dir.path());
    let text = std::fs::read_to_string(&src)
        .unwrap()
        .replace("<dc:title>Redes, aula 1</dc:title>", "");
    std::fs::write(&src, text).unwrap();
    let deck = convert(&src, "odp");
    let out = dir.path().join("sem-titulo.estudio");
    import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    let title = project(&out)["title"].as_str().unwrap().to_owned();
    // Neither the properties nor the slides (LibreOffice writes the test's title frames as
    // plain text boxes) name it.
    assert_eq!(title, "aula");
}

#[test]
fn an_imported_deck_renders_each_slide_at_its_scene_with_its_notes_spoken() {
    let dir = tempfile::tempdir().unwrap();
    let deck = convert(&four(dir.path()), "pptx");
    let out = dir.path().join("video.estudio");
    import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    let loaded = estudio_project::load(&out).unwrap();
    assert_eq!(loaded.problems, vec![]);
    let prepared = estudio_render::prepare(&loaded.project, &dir.path().join("speech")).unwrap();
    // Scenes with notes last as long as their narration: read the timeline back.
    let timeline = prepared.project.timeline_at(prepared.project.canvas.fps);
    let video = dir.path().join("video.mp4");
    let session = estudio_render::Session::new(
        "deck",
        estudio_render::WorkDirs::new(dir.path().join("work")),
        &CancelToken::new(),
    );
    estudio_render::render(
        &prepared,
        estudio_render::PresetId::Preview.preset(),
        &estudio_render::RenderOptions::default(),
        &video,
        &session,
        |_| {},
    )
    .unwrap();
    let fps = f64::from(timeline.fps);
    let probe = Command::new("ffprobe")
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,width,height",
            "-of",
            "csv=p=0",
        ])
        .arg(&video)
        .output()
        .unwrap();
    let streams = String::from_utf8_lossy(&probe.stdout).into_owned();
    assert!(streams.contains("audio"), "{streams}");
    let size: Vec<u32> = streams
        .lines()
        .find(|l| l.contains("video"))
        .unwrap()
        .split(',')
        .filter_map(|v| v.parse().ok())
        .collect();
    let (width, height) = (size[0], size[1]);
    for (k, colour) in ["e02020", "2020e0", "f0f010"].iter().enumerate() {
        let span = &timeline.scenes[k];
        let middle = (span.start as f64 + span.frames as f64 / 2.0) / fps;
        let got = pixel_at(&video, Some(middle), width / 2, height * 9 / 10);
        assert!(
            near(got, colour),
            "scene {k} at {middle:.2} s: {got:?} for #{colour}"
        );
    }
    // The narrated scenes last their speech, the silent one the default five seconds.
    assert!(timeline.scenes[0].frames as f64 / fps > 1.5);
    assert!((timeline.scenes[1].frames as f64 / fps - 5.0).abs() < 0.05);
}

/// `pptx` rewritten as PowerPoint writes a deck with macros: the macro-enabled content type, a
/// VBA project and its relationship.
fn with_macros(pptx: &Path, pptm: &Path) {
    use std::io::{Read, Write};
    let mut src = zip::ZipArchive::new(std::fs::File::open(pptx).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(pptm).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..src.len() {
        let mut member = src.by_index(i).unwrap();
        let name = member.name().to_owned();
        let mut bytes = Vec::new();
        member.read_to_end(&mut bytes).unwrap();
        let text = || String::from_utf8(bytes.clone()).unwrap();
        let bytes = match name.as_str() {
            "[Content_Types].xml" => text()
                .replace(
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
                )
                .replace(
                    "</Types>",
                    "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/></Types>",
                )
                .into_bytes(),
            "ppt/_rels/presentation.xml.rels" => text()
                .replace(
                    "</Relationships>",
                    "<Relationship Id=\"rIdVba\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>",
                )
                .into_bytes(),
            _ => bytes,
        };
        out.start_file(name, options).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.start_file("ppt/vbaProject.bin", options).unwrap();
    out.write_all(b"\xd0\xcf\x11\xe0 not really a VBA project")
        .unwrap();
    out.finish().unwrap();
}

#[test]
fn a_deck_with_macros_is_imported_and_its_macros_are_neither_run_nor_copied() {
    let dir = tempfile::tempdir().unwrap();
    let pptx = convert(&four(dir.path()), "pptx");
    let pptm = dir.path().join("com-macros.pptm");
    with_macros(&pptx, &pptm);
    // The copy LibreOffice opens has no macros, nor a link to them.
    let clean = dir.path().join("clean.pptx");
    estudio_deck::sanitize::clean_copy(&pptm, estudio_deck::DeckKind::Pptx, &clean).unwrap();
    let mut copy = zip::ZipArchive::new(std::fs::File::open(&clean).unwrap()).unwrap();
    let names: Vec<String> = copy.file_names().map(str::to_owned).collect();
    assert!(!names.iter().any(|n| n.contains("vbaProject")), "{names:?}");
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut copy.by_name("ppt/_rels/presentation.xml.rels").unwrap(),
        &mut rels,
    )
    .unwrap();
    assert!(!rels.contains("vbaProject"), "{rels}");
    // Imported as any PowerPoint deck.
    let out = dir.path().join("com-macros.estudio");
    let report = import(
        &pptm,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    assert_eq!(report.slides, 3);
    assert_eq!(
        project(&out)["scenes"][2]["narration"]["text"],
        "Até a próxima."
    );
}

/// A deck made by python-pptx (in the project's `.venv`), as PowerPoint lays one out: each
/// slide `(title, notes)` on the "Title Only" layout, its title in the title placeholder and
/// its notes in the notes page's body; `"{slidenum}"` in notes puts a slide-number field there.
fn python_pptx(path: &Path, slides: &[(&str, &str)]) {
    let script = r#"
import json, sys
from pptx import Presentation
from pptx.oxml.ns import qn
from lxml import etree
slides = json.loads(sys.argv[2])
prs = Presentation()
for title, notes in slides:
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = title
    if notes:
        tf = s.notes_slide.notes_text_frame
        text, _, field = notes.partition("{slidenum}")
        tf.text = text
        if field or notes.endswith("{slidenum}"):
            p = tf.paragraphs[0]._p
            fld = etree.SubElement(p, qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
            t = etree.SubElement(fld, qn("a:t"))
            t.text = "‹#›"
prs.save(sys.argv[1])
"#;
    let slides = serde_json::to_string(slides).unwrap();
    python(script, &[path.as_os_str(), slides.as_ref()]);
}

#[test]
fn a_deck_as_powerpoint_makes_it_lists_its_scenes_by_title_and_never_speaks_a_field() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("curso.pptx");
    python_pptx(
        &deck,
        &[
            ("Boas-vindas", "Olá! {slidenum}"),
            ("Sem notas", ""),
            ("Número só", "{slidenum}"),
        ],
    );
    let out = dir.path().join("curso.estudio");
    import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    let p = project(&out);
    let scenes = p["scenes"].as_array().unwrap();
    let names: Vec<&str> = scenes.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Boas-vindas", "Sem notas", "Número só"]);
    // The slide number field is never a narration: the first slide says its words only, the
    // third, which has nothing but the field, is a silent slide.
    assert_eq!(scenes[0]["narration"]["text"], "Olá!");
    assert!(scenes[1].get("narration").is_none());
    assert!(scenes[2].get("narration").is_none(), "{}", scenes[2]);
    assert_eq!(scenes[2]["duration"], 5.0);
}

#[test]
fn a_deck_without_a_slide_to_show_says_so_whatever_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let refused = |deck: &Path| {
        let out = deck.with_extension("estudio");
        let err = import(
            deck,
            &out,
            &ImportOptions::default(),
            &CancelToken::new(),
            |_| {},
        )
        .unwrap_err();
        assert!(!out.exists());
        (err.to_string(), err)
    };
    // No slides at all (LibreOffice would draw one empty page of it).
    let empty = d.join("vazio.pptx");
    python_pptx(&empty, &[]);
    let (said, err) = refused(&empty);
    assert!(
        matches!(err, ImportError::NoSlides { hidden: 0, .. }),
        "{err:?}"
    );
    assert_eq!(said, format!("the deck {} has no slides", empty.display()));
    // Every slide hidden.
    let hidden = d.join("oculto.odp");
    let src = d.join("oculto.fodp");
    fodp(
        &src,
        &[Page {
            title: "Só",
            notes: "",
            colour: "e02020",
            hidden: true,
        }],
        (28.0, 15.75),
        "",
    );
    std::fs::rename(convert(&src, "odp"), &hidden).unwrap();
    let (said, _) = refused(&hidden);
    assert!(
        said.ends_with("has no slide to show: its 1 slides are all hidden"),
        "{said}"
    );
    // A PDF of no pages.
    let pdf_path = d.join("nada.pdf");
    pdf(&pdf_path, &[]);
    let (said, _) = refused(&pdf_path);
    assert!(said.ends_with("has no slides"), "{said}");
    // An old binary deck of no slides (Apache POI's), which LibreOffice converts to one page.
    let ppt = d.join("empty.ppt");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/empty.ppt"),
        &ppt,
    )
    .unwrap();
    let (said, _) = refused(&ppt);
    assert!(said.ends_with("has no slides"), "{said}");
}

#[test]
fn a_damaged_or_locked_old_deck_says_what_it_is_not_what_libreoffice_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Damaged: a compound file's header and nothing a presentation holds.
    let damaged = d.join("estragado.ppt");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend((0..3000u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(&damaged, bytes).unwrap();
    let err = import(
        &damaged,
        &d.join("e.estudio"),
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Unopenable { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "the deck {} could not be opened: it is damaged, or protected by a password (LibreOffice says: source file could not be loaded)",
            damaged.display()
        )
    );
    // Locked: a real .ppt whose "Current User" record says it is encrypted.
    let ppt = convert(&four(d), "ppt");
    let mut bytes = std::fs::read(&ppt).unwrap();
    let at = bytes
        .windows(12)
        .position(|w| w[..4] == [0, 0, 0xF6, 0x0F] && w[8..12] == [0x14, 0, 0, 0])
        .expect("a CurrentUserAtom");
    bytes[at + 12..at + 16].copy_from_slice(&[0xDF, 0xC4, 0xD1, 0xF3]);
    let locked = d.join("trancado.ppt");
    std::fs::write(&locked, bytes).unwrap();
    let err = import(
        &locked,
        &d.join("t.estudio"),
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "the deck {} is protected by a password; save a copy without one and import that",
            locked.display()
        )
    );
    assert_eq!(leftovers(d), Vec::<String>::new());
}

#[test]
fn fonts_drawn_with_twins_of_the_same_measures_are_not_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("fontes.pptx");
    python_pptx(&deck, &[("Calibri e Segoe", "Notas.")]);
    let out = dir.path().join("fontes.estudio");
    let report = import(
        &deck,
        &out,
        &ImportOptions::default(),
        &CancelToken::new(),
        |_| {},
    )
    .unwrap();
    // python-pptx's theme names Calibri; Carlito (installed) has its measures.
    assert!(
        report
            .stood_in
            .contains(&("Calibri".to_owned(), "Carlito".to_owned())),
        "{report:?}"
    );
    assert!(report.missing_fonts.iter().all(|(f, _)| f != "Calibri"));
    // Each sentence of the report is its own.
    let said: Vec<String> = report.messages().iter().map(ToString::to_string).collect();
    assert!(
        said.iter()
            .any(|m| m.starts_with("fonts drawn with installed ones of the same measures")),
        "{said:?}"
    );
    assert!(said.last().unwrap().starts_with("wrote "), "{said:?}");
}

/// An import writes only where nothing is, or over a project when forced: never over another
/// project's pictures, the deck itself, or a file that is not a project (a review found all
/// three lost without a word).
#[test]
fn an_import_never_writes_over_pictures_the_deck_or_what_is_not_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let deck = d.join("quadro.pdf");
    pdf(&deck, &[((720, 540), "e02020")]);
    let none = ImportOptions::default();
    let forced = ImportOptions {
        force: true,
        ..ImportOptions::default()
    };
    let run = |project: &Path, options: &ImportOptions| {
        import(&deck, project, options, &CancelToken::new(), |_| {})
    };
    // Another project's pictures' folder, its project renamed away.
    let first = d.join("aula.estudio");
    run(&first, &none).unwrap();
    std::fs::rename(&first, d.join("aula-v1.estudio")).unwrap();
    let picture = d.join("aula.slides/slide-001.png");
    let kept = std::fs::read(&picture).unwrap();
    let err = run(&first, &none).unwrap_err();
    assert!(matches!(err, ImportError::Exists { .. }), "{err:?}");
    assert!(err.to_string().contains("aula.slides"), "{err}");
    assert!(!first.exists());
    assert_eq!(std::fs::read(&picture).unwrap(), kept);
    // The deck itself, and a picture, are not projects, even forced.
    let deck_bytes = std::fs::read(&deck).unwrap();
    for victim in [deck.clone(), picture.clone()] {
        let before = std::fs::read(&victim).unwrap();
        let err = run(&victim, &forced).unwrap_err();
        assert!(matches!(err, ImportError::NotAProject { .. }), "{err:?}");
        assert!(
            err.to_string().contains("is not an Estúdio project"),
            "{err}"
        );
        assert_eq!(std::fs::read(&victim).unwrap(), before);
    }
    assert_eq!(std::fs::read(&deck).unwrap(), deck_bytes);
    // A project is replaced when forced.
    run(&d.join("aula-v1.estudio"), &forced).unwrap();
}

/// A file is imported as what it is, whatever its name says; what is not a deck is said to be
/// what it is (a review saw "damaged: invalid Zip archive" for a picture, and poppler's words
/// for a deck named .pdf).
#[test]
fn a_deck_is_read_as_what_it_is_and_what_is_not_a_deck_says_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = |deck: &Path| {
        let out = d.join(format!(
            "{}.estudio",
            deck.file_name().unwrap().to_string_lossy()
        ));
        import(
            deck,
            &out,
            &ImportOptions::default(),
            &CancelToken::new(),
            |_| {},
        )
    };
    // A PDF named .pptx, and a pptx named .odp.
    let pdf_named_pptx = d.join("quadro.pptx");
    pdf(
        &pdf_named_pptx,
        &[((720, 540), "e02020"), ((720, 540), "2020e0")],
    );
    assert_eq!(run(&pdf_named_pptx).unwrap().slides, 2);
    let pptx_named_odp = d.join("aula.odp");
    python_pptx(&pptx_named_odp, &[("Um", "primeira"), ("Dois", "segunda")]);
    let report = run(&pptx_named_odp).unwrap();
    assert_eq!(report.slides, 2);
    // What is not a deck.
    let png = d.join("foto.pptx");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n rest of a picture").unwrap();
    let empty = d.join("vazio.pptx");
    std::fs::write(&empty, b"").unwrap();
    let text = d.join("notas.pdf");
    std::fs::write(&text, "minhas notas\n").unwrap();
    let folder = d.join("pasta.pptx");
    std::fs::create_dir(&folder).unwrap();
    for (file, is) in [
        (&png, "a picture"),
        (&empty, "an empty file"),
        (&text, "a text file"),
        (&folder, "a folder"),
    ] {
        let err = run(file).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} is not a slide deck: it is {is}", file.display())
        );
    }
}
