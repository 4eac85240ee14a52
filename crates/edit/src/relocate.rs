//! Save as into another folder: media paths written relative to the project are rewritten
//! relative to the new folder, so the new file shows the same pictures and sounds.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::{Document, Op};

/// One batch setting each relative media path for a project moved to `to`; `None` when there
/// is nothing to rewrite (the same folder, absolute paths, no project).
pub(crate) fn op(doc: &Document, to: &Path) -> Option<Op> {
    let from_dir = doc.path().parent()?;
    let to_dir = to.parent()?;
    if from_dir == to_dir {
        return None;
    }
    let project = doc.project()?;
    let mut ops = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for media in project.media() {
        // Where the person wrote it (a default's value, once).
        let at = project.filled.locate(&media.pointer);
        if !seen.insert(at.clone()) {
            continue;
        }
        let Some(Value::String(written)) = crate::value_at(doc.value(), &at) else {
            continue;
        };
        if Path::new(written).is_absolute() {
            continue;
        }
        let absolute = normalise(&from_dir.join(written));
        let moved = relative(&absolute, to_dir).unwrap_or(absolute);
        ops.push(Op::set(
            at,
            Value::String(moved.to_string_lossy().into_owned()),
        ));
    }
    (!ops.is_empty()).then_some(Op::Batch { ops })
}

/// `a/b/../c` as `a/c`, without reading the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to the folder `from`, both absolute.
fn relative(path: &Path, from: &Path) -> Option<PathBuf> {
    let path: Vec<Component<'_>> = path.components().collect();
    let from = normalise(from);
    let from: Vec<Component<'_>> = from.components().collect();
    let common = path.iter().zip(&from).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &path[common..] {
        out.push(c);
    }
    Some(out)
}
