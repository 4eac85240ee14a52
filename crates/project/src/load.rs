//! Reading a project file: JSON -> typed [`Project`], with JSON-Pointer errors.

use std::path::{Path, PathBuf};

use estudio_words::{Cause, Message};

use crate::{validate, Pointer, Problem, ProblemKind, Project};

/// Project files larger than this are refused before parsing: no real project comes close, and a
/// hostile one must not make the app allocate without bound.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A project read from disk: its media paths made absolute, and what validation found.
#[derive(Debug, Clone)]
pub struct LoadedProject {
    /// The project file, absolute.
    pub path: PathBuf,
    /// The project with every media path absolute.
    pub project: Project,
    /// Every problem [`validate`] found; empty when the project can be rendered.
    pub problems: Vec<Problem>,
}

impl LoadedProject {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    /// The files a render reads: the project file and every media file it names. An export
    /// may never overwrite one of them.
    pub fn inputs(&self) -> Vec<PathBuf> {
        std::iter::once(self.path.clone())
            .chain(
                self.project
                    .media()
                    .into_iter()
                    .map(|m| PathBuf::from(m.path)),
            )
            .collect()
    }
}

/// Why a project file could not be turned into a [`Project`] at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A folder, a device, a pipe.
    NotAFile {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        size: u64,
    },
    Malformed {
        path: PathBuf,
        /// Boxed: a problem carries its message as data, and errors stay small to move.
        problem: Box<Problem>,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl LoadError {
    /// In words, for people.
    pub fn message(&self) -> Message {
        let shown = |p: &Path| p.display().to_string();
        match self {
            LoadError::Read { path, source } => Message::ProjectUnreadable {
                path: shown(path),
                cause: Cause::from(source),
            },
            LoadError::NotAFile { path } => Message::ProjectUnreadable {
                path: shown(path),
                cause: Cause::NotARegularFile,
            },
            LoadError::TooLarge { path, size } => Message::ProjectTooLarge {
                path: shown(path),
                size: *size,
                max: MAX_FILE_BYTES,
            },
            LoadError::Malformed { path, problem } => Message::InFile {
                path: shown(path),
                problem: problem.pointed(),
            },
        }
    }

    /// The located problem behind this error, when there is one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            LoadError::Malformed { problem, .. } => Some(problem.as_ref()),
            _ => None,
        }
    }
}

/// Reads, parses and validates the project file at `path`.
///
/// # Errors
/// [`LoadError`] when the file cannot be read or is not a structurally valid project. Semantic
/// problems (a missing media file, a bad colour) are not errors: they are in
/// [`LoadedProject::problems`], so a caller can still show the project.
pub fn load(path: &Path) -> Result<LoadedProject, LoadError> {
    let read_err = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let path = std::path::absolute(path).map_err(read_err)?;
    let meta = std::fs::metadata(&path).map_err(read_err)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile { path });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path,
            size: meta.len(),
        });
    }
    let bytes = std::fs::read(&path).map_err(read_err)?;
    let mut project = parse(&bytes).map_err(|problem| LoadError::Malformed {
        path: path.clone(),
        problem: Box::new(problem),
    })?;
    let base = path.parent().unwrap_or(Path::new("/")).to_owned();
    let problems = validate(&project, &base);
    project.resolve_paths(&base);
    Ok(LoadedProject {
        path,
        project,
        problems,
    })
}

/// Parses project JSON. Paths stay as written.
///
/// # Errors
/// The first structural problem, located by its JSON Pointer.
pub fn parse(bytes: &[u8]) -> Result<Project, Problem> {
    // JSON first (a syntax error keeps its line and column), then the defaults written into
    // the scenes, then the types: a wrong type in a default is reported at the default.
    let json: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Problem::new(ProblemKind::Syntax, "", describe(&e)))?;
    from_value(json)
}

/// [`parse`] of JSON already read (an editor's document): the defaults filled in, the types
/// checked. Paths stay as written.
///
/// # Errors
/// The first structural problem, located by its JSON Pointer.
pub fn from_value(mut json: serde_json::Value) -> Result<Project, Problem> {
    drop_extensions(&mut json);
    if !json.is_object() {
        // Said by the types, as before: "expected struct Project".
        let err = serde_json::from_value::<Project>(json).err();
        let message = err.map_or(
            Message::JsonStructure {
                detail: String::new(),
            },
            |e| describe(&e),
        );
        return Err(Problem::new(ProblemKind::Structure, "", message));
    }
    // The defaults' own types first, so a bad default is said once, at its place.
    if let Some(d) = json.get("defaults") {
        serde_path_to_error::deserialize::<_, crate::Defaults>(d).map_err(|err| {
            let pointer = Pointer::root().push("defaults").to_string()
                + &Pointer::from(err.path()).to_string();
            Problem::new(ProblemKind::Structure, pointer, describe(&err.into_inner()))
        })?;
    }
    let filled = crate::defaults::apply(&mut json);
    if let Some((pointer, message)) = crate::background_check::first_problem(&json) {
        return Err(Problem::new(
            ProblemKind::Structure,
            filled.locate(&pointer),
            message,
        ));
    }
    let mut project: Project = serde_path_to_error::deserialize(json).map_err(|err| {
        let pointer = filled.locate(&Pointer::from(err.path()).to_string());
        Problem::new(ProblemKind::Structure, pointer, describe(&err.into_inner()))
    })?;
    project.filled = filled;
    Ok(project)
}

/// The prefix of fields that are the person's own (notes, a course code, a reviewer's mark):
/// kept by every editor, ignored by the renderer, never an unknown field.
pub const EXTENSION_PREFIX: &str = "x-";

/// Takes the person's own fields (`x-…`) out of every object, before the types see them.
fn drop_extensions(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(map) => {
            map.retain(|k, _| !k.starts_with(EXTENSION_PREFIX));
            map.values_mut().for_each(drop_extensions);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_extensions),
        _ => {}
    }
}

/// serde_json's description (its own English) without the " at line L column C" tail, which
/// the message says in the reader's language.
pub fn describe(err: &serde_json::Error) -> Message {
    let text = err.to_string();
    let detail = text.split(" at line ").next().unwrap_or(&text).to_owned();
    if err.line() == 0 || !(err.is_syntax() || err.is_eof() || err.is_io()) {
        Message::JsonStructure { detail }
    } else {
        Message::JsonSyntax {
            detail,
            line: err.line() as u64,
            column: err.column() as u64,
        }
    }
}
