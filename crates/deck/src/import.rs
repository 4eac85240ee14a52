//! A deck becomes a narrated project: one scene per visible slide, its picture drawn by
//! LibreOffice and poppler at the canvas size, its speaker notes spoken and captioned. The
//! pictures go in `NAME.slides/` beside the project; the folder and the project appear complete
//! or not at all, and an existing project is replaced only when asked (then atomically).

use std::path::{Path, PathBuf};
use std::time::Duration;

use estudio_project::files::{write_whole, Existing};
use estudio_render::CancelToken;
use estudio_words::Message;

use crate::tools;
use crate::{read, sanitize, Deck, DeckError, DeckKind, Slide};
use estudio_render::process::ToolError;

/// How an import is made.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The voice of the narrations (the project's default voice): an espeak-ng voice,
    /// `piper:NAME` or a Piper voice's `.onnx`.
    pub voice: String,
    /// Length of a slide without notes, in seconds.
    pub slide_secs: f64,
    /// Replace an existing project (and its pictures).
    pub force: bool,
    /// LibreOffice's time limit for one conversion: this, and [`ImportOptions::limit_per_slide`]
    /// for each slide (an 800-slide deck needs more than a 3-slide one).
    pub limit: Duration,
    pub limit_per_slide: Duration,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            voice: "pt-br".into(),
            slide_secs: estudio_project::slideshow::SLIDE_SECS,
            force: false,
            limit: Duration::from_secs(120),
            limit_per_slide: Duration::from_secs(2),
        }
    }
}

/// How far an import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// LibreOffice is drawing the deck.
    Converting,
    /// A PDF's pages are being read (no LibreOffice).
    ReadingPdf,
    /// `n` of the `of` pages are pictures now.
    Page { n: usize, of: usize },
}

/// What an import made, and what it could not keep.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub project: PathBuf,
    /// Scenes written (visible slides).
    pub slides: usize,
    /// Hidden slides left out.
    pub hidden: usize,
    /// Typefaces the deck names that this system does not have, with what drew them instead
    /// (lines may break elsewhere).
    pub missing_fonts: Vec<(String, String)>,
    /// Typefaces the deck names that this system does not have, drawn with fonts of the same
    /// measures (the layout is kept).
    pub stood_in: Vec<(String, String)>,
    /// Slides (numbers in the deck) whose animations a picture loses.
    pub animations: Vec<usize>,
    /// Slides (numbers in the deck) whose sound or film a picture loses.
    pub media: Vec<usize>,
    /// Links to outside files removed before LibreOffice saw the deck.
    pub links_removed: Vec<String>,
    /// Pictures written anew (the others were already there, the same).
    pub pictures_written: usize,
}

impl Report {
    /// What the report tells people, one sentence each, the summary last.
    pub fn messages(&self) -> Vec<Message> {
        let list = |v: &[usize]| {
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        if !self.missing_fonts.is_empty() {
            out.push(Message::ImportFontsMissing {
                fonts: self.missing_fonts.clone(),
            });
        }
        if !self.stood_in.is_empty() {
            out.push(Message::ImportFontsStoodIn {
                fonts: self.stood_in.clone(),
            });
        }
        if !self.animations.is_empty() {
            out.push(Message::ImportAnimationsLost {
                slides: list(&self.animations),
            });
        }
        if !self.media.is_empty() {
            out.push(Message::ImportMediaLost {
                slides: list(&self.media),
            });
        }
        if !self.links_removed.is_empty() {
            out.push(Message::ImportLinksRemoved {
                count: self.links_removed.len() as u64,
            });
        }
        out.push(Message::ImportDone {
            path: self.project.display().to_string(),
            slides: self.slides as u64,
            hidden: self.hidden as u64,
        });
        out
    }
}

impl Stage {
    /// The stage in people's words.
    pub fn message(self) -> Message {
        match self {
            Stage::Converting => Message::ImportConverting,
            Stage::ReadingPdf => Message::ImportReadingPdf,
            Stage::Page { n, of } => Message::ImportPage {
                n: n as u64,
                of: of as u64,
            },
        }
    }
}

/// The file extensions of the decks an import takes.
pub const DECK_EXTENSIONS: &[&str] = &["pptx", "pptm", "ppsx", "ppsm", "ppt", "odp", "pdf"];

/// Where the window puts the project of a dropped deck: `NAME.estudio` beside it, or
/// `NAME-2.estudio` (and so on) when that name is taken, so nothing there is ever replaced.
pub fn project_beside(deck: &Path) -> PathBuf {
    let stem = deck.file_stem().unwrap_or_default().to_string_lossy();
    (1..)
        .map(|k| {
            let name = if k == 1 {
                format!("{stem}.estudio")
            } else {
                format!("{stem}-{k}.estudio")
            };
            deck.with_file_name(name)
        })
        .find(|p| !p.exists() && !slides_folder(p).exists())
        .unwrap_or_else(|| deck.with_extension("estudio"))
}

/// Why an import did not happen. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", self.message())]
    Deck(#[from] DeckError),
    #[error("{}", self.message())]
    Tool { deck: PathBuf, error: ToolError },
    /// An old binary `.ppt`, on a system where LibreOffice cannot be kept off the network
    /// (its links can only be removed after LibreOffice has opened it).
    #[error("{}", self.message())]
    Unsafe { deck: PathBuf },
    /// The project, or its pictures' folder, exists and `force` was not given.
    #[error("{}", self.message())]
    Exists { project: PathBuf },
    /// The destination is not a project (the deck itself, a picture): never replaced.
    #[error("{}", self.message())]
    NotAProject { path: PathBuf },
    /// Programs the import needs are not installed: (how people know each, its package).
    #[error("{}", self.message())]
    ToolsMissing { missing: Vec<(String, String)> },
    /// The deck has no slide to show (`hidden` slides, all hidden).
    #[error("{}", self.message())]
    NoSlides { deck: PathBuf, hidden: usize },
    /// LibreOffice could not open the deck: damaged, or protected by a password; `said` is its
    /// own reason.
    #[error("{}", self.message())]
    Unopenable { deck: PathBuf, said: String },
    /// LibreOffice's PDF has another number of pages than the deck has visible slides.
    #[error("{}", self.message())]
    Pages {
        deck: PathBuf,
        pages: usize,
        slides: usize,
    },
    #[error("{}", self.message())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", self.message())]
    Canceled,
    /// An update of a project that remembers no import.
    #[error("{}", self.message())]
    NoRecords { project: PathBuf },
    /// An update from a deck with no slide in common with the project's.
    #[error("{}", self.message())]
    NothingInCommon { deck: PathBuf, project: PathBuf },
    /// An update of a project whose import record is damaged, at `at`.
    #[error("{}", self.message())]
    BadRecords {
        project: PathBuf,
        at: String,
        detail: String,
    },
    /// An update that would leave the project without a scene.
    #[error("{}", self.message())]
    NothingLeft { project: PathBuf },
}

impl ImportError {
    pub fn message(&self) -> Message {
        match self {
            ImportError::Deck(e) => e.message(),
            ImportError::Tool {
                error: ToolError::Canceled,
                ..
            }
            | ImportError::Canceled => Message::ImportCanceled,
            ImportError::Tool { deck, error } => Message::DeckConversion {
                path: deck.display().to_string(),
                detail: error.message().to_string(),
            },
            ImportError::ToolsMissing { missing } => Message::DeckToolsMissing {
                programs: missing.iter().map(|(name, _)| name.clone()).collect(),
                packages: missing.iter().map(|(_, package)| package.clone()).collect(),
            },
            ImportError::NoSlides { deck, hidden } => Message::DeckNoSlides {
                path: deck.display().to_string(),
                hidden: *hidden as u64,
            },
            ImportError::Unopenable { deck, said } => Message::DeckUnopenable {
                path: deck.display().to_string(),
                said: said.clone(),
            },
            ImportError::Unsafe { deck } => Message::DeckPptUnsafe {
                path: deck.display().to_string(),
            },
            ImportError::Exists { project } => Message::ProjectExists {
                path: project.display().to_string(),
            },
            ImportError::NotAProject { path } => Message::NotAProjectFile {
                path: path.display().to_string(),
            },
            ImportError::Pages {
                deck,
                pages,
                slides,
            } => Message::DeckPages {
                path: deck.display().to_string(),
                pages: *pages,
                slides: *slides,
            },
            ImportError::NoRecords { project } => Message::UpdateNoRecords {
                project: project.display().to_string(),
            },
            ImportError::NothingInCommon { deck, project } => Message::UpdateNothingInCommon {
                deck: deck.display().to_string(),
                project: project.display().to_string(),
            },
            ImportError::BadRecords {
                project,
                at,
                detail,
            } => Message::UpdateBadRecords {
                project: project.display().to_string(),
                at: at.clone(),
                detail: detail.clone(),
            },
            ImportError::NothingLeft { project } => Message::UpdateNothingLeft {
                project: project.display().to_string(),
            },
            ImportError::Io { path, source } => Message::ProjectUnwritable {
                path: path.display().to_string(),
                cause: source.into(),
            },
        }
    }
}

/// LibreOffice's time limit for drawing a deck of `slides` slides (a flat five minutes once
/// stopped an 800-slide deck).
fn conversion_limit(options: &ImportOptions, slides: usize) -> Duration {
    options.limit + options.limit_per_slide * u32::try_from(slides).unwrap_or(u32::MAX)
}

/// The pictures' folder of `project`: `NAME.slides` beside it.
pub fn slides_folder(project: &Path) -> PathBuf {
    let stem = project.file_stem().unwrap_or_default().to_string_lossy();
    project.with_file_name(format!("{stem}.slides"))
}

/// An import writes the project and its pictures' folder: neither is replaced unless `force`
/// says so, and even then only a project is (never the deck itself, a picture, a video: what
/// `-o` names by mistake). A pictures' folder without its project belongs to someone else.
fn check_destination(deck: &Path, project: &Path, force: bool) -> Result<(), ImportError> {
    let exists = |p: &Path| p.symlink_metadata().is_ok();
    if !force {
        for taken in [project.to_owned(), slides_folder(project)] {
            if exists(&taken) {
                return Err(ImportError::Exists { project: taken });
            }
        }
        return Ok(());
    }
    if exists(project) && (same_file(deck, project) || !is_project(project)) {
        return Err(ImportError::NotAProject {
            path: project.to_owned(),
        });
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// A JSON object with scenes, within a project's size: what an earlier import wrote.
fn is_project(path: &Path) -> bool {
    let small = std::fs::metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() <= estudio_project::MAX_FILE_BYTES);
    small
        && std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .is_some_and(|v| v.get("scenes").is_some_and(serde_json::Value::is_array))
}

/// What a deck is, whatever its name says, once the programs that draw it are known to be
/// there: (the kind its name says, the kind it is).
pub(crate) fn deck_kind(deck: &Path) -> Result<(DeckKind, DeckKind), ImportError> {
    let named = DeckKind::of(deck).ok_or_else(|| DeckError::NotADeck {
        path: deck.to_owned(),
    })?;
    // What the file is, whatever its name says: a deck of another kind is read as what it is.
    let kind = match crate::sniff::sniff(deck).map_err(|source| DeckError::Io {
        path: deck.to_owned(),
        source,
    })? {
        crate::sniff::Content::Deck(kind) => kind,
        crate::sniff::Content::Other(looks) => {
            return Err(DeckError::IsOther {
                path: deck.to_owned(),
                looks,
            }
            .into())
        }
        crate::sniff::Content::Unknown => named,
    };
    // Said before anything starts, with what to install.
    let missing = tools::missing_programs(kind);
    if !missing.is_empty() {
        return Err(ImportError::ToolsMissing {
            missing: missing
                .into_iter()
                .map(|(name, package)| (name.to_owned(), package.to_owned()))
                .collect(),
        });
    }
    Ok((named, kind))
}

/// A deck drawn: its slides read, a picture per visible slide in `fresh` (named `names`), all
/// in a working folder beside the project that goes when this is dropped.
pub(crate) struct Drawn {
    pub work: tempfile::TempDir,
    pub meta: Deck,
    /// The PDF the pictures were drawn from.
    pub pdf: PathBuf,
    pub links_removed: Vec<String>,
    pub fresh: PathBuf,
    pub names: Vec<String>,
}

/// Draws `deck` (of `kind`, named as `named`) in a working folder beside `project`.
pub(crate) fn draw(
    deck: &Path,
    (named, kind): (DeckKind, DeckKind),
    project: &Path,
    options: &ImportOptions,
    cancel: &CancelToken,
    mut progress: impl FnMut(Stage),
) -> Result<Drawn, ImportError> {
    let parent = project_dir(project);
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ImportError::Io { path, source }
    };
    // Beside the project, so its pictures' folder is renamed into place, not copied.
    let work = tempfile::Builder::new()
        .prefix(".estudio-import-")
        .tempdir_in(parent)
        .map_err(io(parent))?;
    let w = work.path();
    let tool = |error: ToolError| match error {
        ToolError::Canceled => ImportError::Canceled,
        ToolError::WroteNothing { said, .. } => ImportError::Unopenable {
            deck: deck.to_owned(),
            said,
        },
        error => ImportError::Tool {
            deck: deck.to_owned(),
            error,
        },
    };
    progress(if kind == DeckKind::Pdf {
        Stage::ReadingPdf
    } else {
        Stage::Converting
    });
    let inbox = w.join("in");
    std::fs::create_dir_all(&inbox).map_err(io(&inbox))?;
    let no_slides = |meta: &Deck| ImportError::NoSlides {
        deck: deck.to_owned(),
        hidden: meta.slides.len(),
    };
    let (meta, links_removed, pdf) = match kind {
        DeckKind::Pptx | DeckKind::Odp => {
            let meta = crate::read_as(deck, kind)?;
            // Said before LibreOffice draws anything (it would draw one empty page).
            if meta.visible().next().is_none() {
                return Err(no_slides(&meta));
            }
            let ext = if kind == DeckKind::Pptx {
                "pptx"
            } else {
                "odp"
            };
            let clean = inbox.join(format!("deck.{ext}"));
            let removed = sanitize::clean_copy(deck, kind, &clean)?;
            let limit = conversion_limit(options, meta.slides.len());
            let pdf = tools::soffice_convert(&clean, "pdf", w, &w.join("pdf"), limit, cancel)
                .map_err(tool)?;
            (meta, removed, pdf)
        }
        DeckKind::Ppt => {
            // The binary format is read through LibreOffice's own conversion to PowerPoint XML,
            // before its links can be removed: only a LibreOffice without network may open it.
            if !tools::can_unshare() {
                return Err(ImportError::Unsafe {
                    deck: deck.to_owned(),
                });
            }
            if crate::ppt::is_encrypted(deck).map_err(io(deck))? {
                return Err(DeckError::Locked {
                    path: deck.to_owned(),
                }
                .into());
            }
            // A deck without a slide converts to one blank page: counted here first.
            if crate::ppt::slide_count(deck) == Some(0) {
                return Err(no_slides(&Deck::default()));
            }
            let copy = inbox.join("deck.ppt");
            std::fs::copy(deck, &copy).map_err(io(deck))?;
            // Its length in slides is known only once converted: its size stands for it.
            let size = std::fs::metadata(deck).map_or(0, |m| m.len());
            let limit = conversion_limit(options, (size / 100_000) as usize);
            let pptx = tools::soffice_convert(&copy, "pptx", w, &w.join("pptx"), limit, cancel)
                .map_err(tool)?;
            let mut meta = read(&pptx)?;
            // LibreOffice numbers the slides of its conversion afresh: no lasting identity.
            for slide in &mut meta.slides {
                slide.key = None;
            }
            if meta.visible().next().is_none() {
                return Err(no_slides(&meta));
            }
            let clean = inbox.join("deck.pptx");
            let removed = sanitize::clean_copy(&pptx, DeckKind::Pptx, &clean)?;
            // Drawn from the .ppt itself, as LibreOffice draws it (its conversion to PowerPoint
            // XML loses hanging indents and other line breaks), unless it links to files
            // outside it: those are removed only from the conversion, which is then drawn.
            let drawn = if removed.is_empty() { &copy } else { &clean };
            let limit = conversion_limit(options, meta.slides.len());
            let pdf = tools::soffice_convert(drawn, "pdf", w, &w.join("pdf"), limit, cancel)
                .map_err(tool)?;
            (meta, removed, pdf)
        }
        // Named otherwise, it is drawn from a copy named as what it is.
        DeckKind::Pdf if named != DeckKind::Pdf => {
            let copy = inbox.join("deck.pdf");
            std::fs::copy(deck, &copy).map_err(io(deck))?;
            (Deck::default(), Vec::new(), copy)
        }
        DeckKind::Pdf => (Deck::default(), Vec::new(), deck.to_owned()),
    };
    if cancel.is_canceled() {
        return Err(ImportError::Canceled);
    }
    let (pages, page_size) = tools::pdf_info(&pdf, w, cancel).map_err(tool)?;
    if kind == DeckKind::Pdf && pages == 0 {
        return Err(no_slides(&Deck::default()));
    }
    let meta = if kind == DeckKind::Pdf {
        if pages > crate::MAX_SLIDES {
            return Err(DeckError::TooManySlides {
                path: deck.to_owned(),
                found: pages,
                limit: crate::MAX_SLIDES,
            }
            .into());
        }
        Deck {
            size: page_size.map(|(w, h)| ((w * 100.0) as u64, (h * 100.0) as u64)),
            slides: vec![Slide::default(); pages],
            ..meta
        }
    } else {
        meta
    };
    let visible: Vec<(usize, &Slide)> = meta.visible().collect();
    // LibreOffice leaves hidden slides out of the PDF: one page per visible slide.
    if pages != visible.len() {
        return Err(ImportError::Pages {
            deck: deck.to_owned(),
            pages,
            slides: visible.len(),
        });
    }
    let canvas = meta.canvas();
    let fresh = w.join("slides");
    std::fs::create_dir_all(&fresh).map_err(io(&fresh))?;
    let of = visible.len();
    progress(Stage::Page { n: 0, of });
    let mut done = 0;
    let pictures = tools::pdf_pages(&pdf, of, canvas, &fresh, w, cancel, |n| {
        if n > done {
            done = n;
            progress(Stage::Page { n, of });
        }
    })
    .map_err(tool)?;
    let names: Vec<String> = pictures
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    Ok(Drawn {
        work,
        meta,
        pdf,
        links_removed,
        fresh,
        names,
    })
}

/// The folder `project` is in (`.` for a bare file name).
pub(crate) fn project_dir(project: &Path) -> &Path {
    project
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The name of `project`'s pictures' folder, as its scenes name pictures in it.
pub(crate) fn folder_name(project: &Path) -> String {
    slides_folder(project)
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// The deck's file name, as the project remembers it.
pub(crate) fn deck_name(deck: &Path) -> String {
    deck.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// The records of a drawn deck's shown slides, their pictures named `FOLDER/NAME`.
pub(crate) fn drawn_records(
    drawn: &Drawn,
    folder_name: &str,
    slide_secs: f64,
    cancel: &CancelToken,
) -> Result<Vec<estudio_project::imported::ImportedSlide>, ImportError> {
    let shown: Vec<(usize, &Slide)> = drawn.meta.visible().collect();
    let looks =
        tools::pdf_looks(&drawn.pdf, shown.len(), drawn.work.path(), cancel).map_err(|error| {
            match error {
                ToolError::Canceled => ImportError::Canceled,
                error => ImportError::Tool {
                    deck: drawn.pdf.clone(),
                    error,
                },
            }
        })?;
    shown
        .iter()
        .zip(&drawn.names)
        .zip(&looks)
        .enumerate()
        .map(|(i, (((_, slide), name), look))| {
            let picture = drawn.fresh.join(name);
            let shown = crate::record::Shown {
                number: i + 1,
                slide,
                picture: &picture,
                look,
            };
            crate::record::record(&shown, format!("{folder_name}/{name}"), slide_secs).map_err(
                |source| ImportError::Io {
                    path: picture.clone(),
                    source,
                },
            )
        })
        .collect()
}

/// Imports `deck` into the project `project`.
///
/// # Errors
/// [`ImportError`]; nothing is left behind.
pub fn import(
    deck: &Path,
    project: &Path,
    options: &ImportOptions,
    cancel: &CancelToken,
    progress: impl FnMut(Stage),
) -> Result<Report, ImportError> {
    let kinds = deck_kind(deck)?;
    check_destination(deck, project, options.force)?;
    let drawn = draw(deck, kinds, project, options, cancel, progress)?;
    let (w, meta, fresh, names) = (drawn.work.path(), &drawn.meta, &drawn.fresh, &drawn.names);
    let visible: Vec<(usize, &Slide)> = meta.visible().collect();
    let canvas = meta.canvas();
    let folder = slides_folder(project);
    let folder_name = folder_name(project);
    let title = meta
        .title
        .clone()
        .or_else(|| visible.first().and_then(|(_, s)| s.title.clone()))
        .unwrap_or_else(|| {
            deck.file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        });
    let records = drawn_records(&drawn, &folder_name, options.slide_secs, cancel)?;
    let scenes: Vec<serde_json::Value> = records.iter().map(crate::record::scene).collect();
    let spoken = scenes.iter().any(|s| s.get("narration").is_some());
    let mut json = serde_json::json!({
        "version": 1,
        "title": title,
        "canvas": {"width": canvas.0, "height": canvas.1, "fps": 30},
        "scenes": scenes,
        "imported": {"deck": deck_name(deck), "slides": records},
    });
    // Said once for the whole deck: changing the voice later is one edit.
    if spoken {
        json["defaults"] = serde_json::json!({"narration": {"voice": options.voice}});
    }
    // Through the model, so the file is one the app reads.
    let model: estudio_project::Project =
        serde_json::from_value(json).map_err(|e| ImportError::Io {
            path: project.to_owned(),
            source: std::io::Error::other(e),
        })?;
    let text = serde_json::to_string_pretty(&model).map_err(|e| ImportError::Io {
        path: project.to_owned(),
        source: std::io::Error::other(e),
    })?;
    if cancel.is_canceled() {
        return Err(ImportError::Canceled);
    }
    let folder_existed = folder.exists();
    let pictures_written = place_pictures(fresh, &folder, names)?;
    let existing = if options.force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    if let Err(e) = write_whole(project, text.as_bytes(), existing) {
        // A folder this import created goes with its project.
        if !folder_existed {
            if let Err(e) = std::fs::remove_dir_all(&folder) {
                tracing::warn!(error = %e, "could not remove the pictures of a failed import");
            }
        }
        return Err(ImportError::Io {
            path: project.to_owned(),
            source: e,
        });
    }
    let (stood_in, missing_fonts) = fonts_drawn_with(&meta.fonts, w, cancel);
    let report = Report {
        project: project.to_owned(),
        slides: visible.len(),
        hidden: meta.slides.len() - visible.len(),
        missing_fonts,
        stood_in,
        animations: meta
            .visible()
            .filter(|(_, s)| s.animations)
            .map(|(n, _)| n)
            .collect(),
        media: meta
            .visible()
            .filter(|(_, s)| s.media)
            .map(|(n, _)| n)
            .collect(),
        links_removed: drawn.links_removed.clone(),
        pictures_written,
    };
    Ok(report)
}

/// Puts the pictures `names` from `fresh` into `folder`: renamed into place whole when it does
/// not exist yet; otherwise only those that changed replace theirs (each atomically), pictures
/// of slides no longer there go, and the rest is left untouched (the same bytes, so the render
/// cache keeps their parts). Returns how many were written.
fn place_pictures(fresh: &Path, folder: &Path, names: &[String]) -> Result<usize, ImportError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ImportError::Io { path, source }
    };
    if !folder.exists() {
        std::fs::rename(fresh, folder).map_err(io(folder))?;
        return Ok(names.len());
    }
    let mut written = 0;
    for name in names {
        let new = fresh.join(name);
        let old = folder.join(name);
        let same = std::fs::read(&old).is_ok_and(|b| std::fs::read(&new).is_ok_and(|n| n == b));
        if !same {
            std::fs::rename(&new, &old).map_err(io(&old))?;
            written += 1;
        }
    }
    for entry in std::fs::read_dir(folder).map_err(io(folder))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with("slide-") && name.ends_with(".png");
        if ours && !names.contains(&name) {
            std::fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
        }
    }
    Ok(written)
}

/// Fonts with the same measures as the fonts decks name (fontconfig's own list of metric
/// aliases, `30-metric-aliases.conf`): drawn with one of these, every line breaks where it did.
const METRIC_TWINS: &[(&str, &[&str])] = &[
    (
        "arial",
        &["liberation sans", "arimo", "albany", "albany amt"],
    ),
    (
        "helvetica",
        &["liberation sans", "arimo", "albany", "albany amt"],
    ),
    ("arial narrow", &["liberation sans narrow"]),
    ("helvetica narrow", &["liberation sans narrow"]),
    (
        "times new roman",
        &["liberation serif", "tinos", "thorndale", "thorndale amt"],
    ),
    (
        "times",
        &["liberation serif", "tinos", "thorndale", "thorndale amt"],
    ),
    (
        "courier new",
        &["liberation mono", "cousine", "cumberland", "cumberland amt"],
    ),
    (
        "courier",
        &["liberation mono", "cousine", "cumberland", "cumberland amt"],
    ),
    ("calibri", &["carlito"]),
    ("cambria", &["caladea"]),
    ("georgia", &["gelasio"]),
];

/// Fonts a deck names that this system lacks, each with what drew it: (the font, its stand-in).
type StandIns = Vec<(String, String)>;

/// What fontconfig draws each of `fonts` with, for those it does not have: those drawn with a
/// font of the same measures (Calibri by Carlito), and the others, which may break lines
/// elsewhere.
fn fonts_drawn_with(
    fonts: &std::collections::BTreeSet<String>,
    work: &Path,
    cancel: &CancelToken,
) -> (StandIns, StandIns) {
    let (mut twins, mut others) = (Vec::new(), Vec::new());
    for font in fonts {
        let mut c = std::process::Command::new("fc-match");
        c.args(["--format=%{family[0]}", "--", font]);
        let Ok(drawn) = estudio_render::process::run(c, work, Duration::from_secs(30), cancel)
        else {
            continue;
        };
        let drawn = drawn.trim().to_owned();
        if drawn.is_empty() || drawn.eq_ignore_ascii_case(font) {
            continue;
        }
        let same_measures = METRIC_TWINS.iter().any(|(name, twins)| {
            name.eq_ignore_ascii_case(font) && twins.iter().any(|t| t.eq_ignore_ascii_case(&drawn))
        });
        if same_measures {
            twins.push((font.clone(), drawn));
        } else {
            others.push((font.clone(), drawn));
        }
    }
    (twins, others)
}
