//! Text that fits: each text's lines are wrapped between words so that none is wider than its
//! `width`, measured with the font it is drawn in (its advances, read by `ttf-parser`), and a
//! text that still does not fit (a word too wide alone, a block running off the canvas) is a
//! problem at its pointer, never a silent crop.
//!
//! Done while preparing, so the renderer draws the lines as given, one `drawtext` per line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use estudio_project::{Align, Pointer, Problem, ProblemKind, Project, Text, DEFAULT_TEXT_WIDTH};
use estudio_words::Message;

/// drawtext's rendering may differ from the advances by kerning and hinting: keep this much
/// of the width in reserve.
const MARGIN: f64 = 0.97;
/// The line height the renderer uses, as a multiple of the font size (see `graph::video`).
const LINE_HEIGHT: f64 = 1.25;

/// Font files read once per preparation, by path.
#[derive(Default)]
struct Fonts(HashMap<PathBuf, Option<Vec<u8>>>);

impl Fonts {
    fn get(&mut self, path: &Path) -> Option<ttf_parser::Face<'_>> {
        let bytes = self
            .0
            .entry(path.to_owned())
            .or_insert_with(|| std::fs::read(path).ok());
        ttf_parser::Face::parse(bytes.as_ref()?, 0).ok()
    }
}

/// Width of `line` in pixels at `size` pixels per em.
fn measure(face: &ttf_parser::Face<'_>, line: &str, size: f64) -> f64 {
    let per_unit = size / f64::from(face.units_per_em());
    line.chars()
        .map(|c| {
            let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
            f64::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * per_unit
        })
        .sum()
}

/// Wraps every text of `project` to its width and reports those that do not fit. `default_font`
/// is the file of texts that name none.
pub(crate) fn wrap_texts(
    project: &mut Project,
    default_font: Option<&Path>,
    problems: &mut Vec<Problem>,
) {
    let (w, h) = (
        f64::from(project.canvas.width),
        f64::from(project.canvas.height),
    );
    let mut fonts = Fonts::default();
    let mut families: HashMap<String, Option<PathBuf>> = HashMap::new();
    for (i, scene) in project.scenes.iter_mut().enumerate() {
        for (j, text) in scene.texts.iter_mut().enumerate() {
            let file = match (&text.font_file, &text.font) {
                (Some(file), _) => Some(PathBuf::from(file)),
                (None, Some(family)) => families
                    .entry(family.clone())
                    .or_insert_with(|| crate::fonts::family_file(family))
                    .clone(),
                (None, None) => default_font.map(Path::to_owned),
            };
            // Without a font to measure with, the text is drawn as written.
            let Some(face) = file.as_deref().and_then(|f| fonts.get(f)) else {
                continue;
            };
            let at = Pointer::root()
                .push("scenes")
                .push(i)
                .push("texts")
                .push(j)
                .push("text");
            let at = project.filled.locate_pointer(&at);
            match layout(text, &face, w, h) {
                Ok(wrapped) => text.text = wrapped,
                Err(message) => {
                    let p = Problem::new(ProblemKind::OutOfRange, at.as_str(), message);
                    if !problems.contains(&p) {
                        problems.push(p);
                    }
                }
            }
        }
    }
}

/// `text`'s lines wrapped to its width on a `w`x`h` canvas, or why it cannot fit.
fn layout(text: &Text, face: &ttf_parser::Face<'_>, w: f64, h: f64) -> Result<String, Message> {
    let size = (text.size * h).round().max(1.0);
    let limit = text.width.unwrap_or(DEFAULT_TEXT_WIDTH) * w * MARGIN;
    let mut lines: Vec<String> = Vec::new();
    let mut widest: f64 = 0.0;
    for written in text.text.split('\n') {
        let mut line = String::new();
        for word in written.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if measure(face, &candidate, size) <= limit {
                line = candidate;
                continue;
            }
            if measure(face, word, size) > limit {
                return Err(Message::TextWordTooWide {
                    word: word.chars().take(60).collect(),
                });
            }
            widest = widest.max(measure(face, &line, size));
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
        widest = widest.max(measure(face, &line, size));
        lines.push(line);
    }
    // The block, centred on y, and each line on its anchor, must lie on the canvas.
    let height = size * LINE_HEIGHT * lines.len() as f64;
    let (top, bottom) = (text.y * h - height / 2.0, text.y * h + height / 2.0);
    let x = text.x * w;
    let (left, right) = match text.align {
        Align::Left => (x, x + widest),
        Align::Center => (x - widest / 2.0, x + widest / 2.0),
        Align::Right => (x - widest, x),
    };
    // A pixel of rounding either way is not running off.
    let off = top < -1.0 || bottom > h + 1.0 || left < -1.0 || right > w + 1.0;
    if off {
        return Err(Message::TextOffCanvas {
            lines: lines.len() as u64,
        });
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face_bytes() -> Vec<u8> {
        std::fs::read(crate::fonts::default_font().expect("fonts-dejavu-core")).unwrap()
    }

    fn text(s: &str) -> Text {
        serde_json::from_value(serde_json::json!({ "text": s })).unwrap()
    }

    #[test]
    fn wraps_between_words_within_the_width() {
        let bytes = face_bytes();
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        let long = "Uma frase longa o bastante para não caber numa linha só do quadro, nem perto disso, em tamanho normal.";
        let t = text(long);
        let wrapped = layout(&t, &face, 1280.0, 720.0).unwrap();
        assert!(wrapped.lines().count() >= 2, "{wrapped}");
        let size = (t.size * 720.0).round();
        for line in wrapped.lines() {
            assert!(measure(&face, line, size) <= 0.9 * 1280.0, "{line}");
        }
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>(),
            long.split_whitespace().collect::<Vec<_>>()
        );
        // Short lines and explicit breaks stay as written.
        assert_eq!(
            layout(&text("um\ndois"), &face, 1280.0, 720.0).unwrap(),
            "um\ndois"
        );
    }

    #[test]
    fn what_cannot_fit_is_said() {
        let bytes = face_bytes();
        let face = ttf_parser::Face::parse(&bytes, 0).unwrap();
        let word = "a".repeat(200);
        assert!(matches!(
            layout(&text(&word), &face, 1280.0, 720.0),
            Err(Message::TextWordTooWide { .. })
        ));
        let many = "palavra ".repeat(2000);
        assert!(matches!(
            layout(&text(&many), &face, 1280.0, 720.0),
            Err(Message::TextOffCanvas { .. })
        ));
        // Anchored at the right edge but aligned left: off the canvas.
        let mut t = text("Título");
        t.x = 0.98;
        t.align = Align::Left;
        assert!(layout(&t, &face, 1280.0, 720.0).is_err());
    }
}
