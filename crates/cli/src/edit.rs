//! `estudio-cli edit` and `estudio-cli recover`: the editing engine (`estudio_edit`) from
//! scripts, with the same operations, journal, saves and locks as the window.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use estudio_edit::{Document, EditError, Op, OpenOptions};
use estudio_project::Problem;
use estudio_words::Message;
use serde_json::{json, Value};

const PROGRAM: &str = "estudio-cli edit";

fn options(journal: bool) -> OpenOptions {
    open_options(PROGRAM, journal)
}

/// How the CLI opens a project to change it, as `program`: with the window's journal (unless
/// only looking), backups and lock.
pub(crate) fn open_options(program: &str, journal: bool) -> OpenOptions {
    OpenOptions {
        program: program.into(),
        journal_dir: journal.then(estudio_worker::paths::journal_dir),
        backup_dir: Some(estudio_worker::paths::backup_dir()),
        take_over: false,
    }
}

/// An operation a script did not write as one.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub enum Usage {
    Unknown(String),
    Missing(String),
    NotAScene(String),
    NotJson { word: String, detail: String },
    OneALine,
}

impl Usage {
    fn message(&self) -> Message {
        match self {
            Usage::Unknown(word) => Message::EditUnknownOperation { word: word.clone() },
            Usage::Missing(verb) => Message::EditMissingArguments { verb: verb.clone() },
            Usage::NotAScene(word) => Message::NotASceneNumber { word: word.clone() },
            Usage::NotJson { word, detail } => Message::EditNotJson {
                word: word.clone(),
                detail: detail.clone(),
            },
            Usage::OneALine => Message::EditOneALine,
        }
    }
}

/// A line of a script's operations.
enum Line {
    Op(Op),
    /// A copy of the scene (index) as it is when this line runs, after it.
    Duplicate(usize),
    Undo,
    Redo,
    Save,
}

/// Reads operations from words (`set /title "Novo"`), as many as there are.
fn parse(words: &[String]) -> Result<Vec<Line>, Usage> {
    let mut out = Vec::new();
    let mut rest = words;
    while let Some((verb, tail)) = rest.split_first() {
        let take = |n: usize| -> Result<&[String], Usage> {
            tail.get(..n).ok_or_else(|| Usage::Missing(verb.clone()))
        };
        let (line, used) = match verb.as_str() {
            "set" => {
                let a = take(2)?;
                (Line::Op(Op::set(a[0].clone(), value(&a[1])?)), 2)
            }
            "unset" => (
                Line::Op(Op::Remove {
                    at: take(1)?[0].clone(),
                }),
                1,
            ),
            "insert" => {
                let a = take(2)?;
                (
                    Line::Op(Op::Insert {
                        at: a[0].clone(),
                        value: value(&a[1])?,
                    }),
                    2,
                )
            }
            "move" => {
                let a = take(2)?;
                let (from, to) = (scene(&a[0])?, scene(&a[1])?);
                (
                    Line::Op(Op::Move {
                        at: "/scenes".into(),
                        from: vec![from],
                        to,
                    }),
                    2,
                )
            }
            "remove" => (
                Line::Op(Op::Remove {
                    at: format!("/scenes/{}", scene(&take(1)?[0])?),
                }),
                1,
            ),
            "duplicate" => (Line::Duplicate(scene(&take(1)?[0])?), 1),
            "undo" => (Line::Undo, 0),
            "redo" => (Line::Redo, 0),
            "save" => (Line::Save, 0),
            other => return Err(Usage::Unknown(other.to_owned())),
        };
        out.push(line);
        rest = &tail[used..];
    }
    Ok(out)
}

/// JSON, or else the text itself as a string (a shell has already taken its quotes). What
/// starts as JSON does (a number, a list, an object, a quoted string) must be JSON: `1e400` is
/// not taken as the text "1e400".
fn value(word: &str) -> Result<Value, Usage> {
    match serde_json::from_str(word) {
        Ok(v) => Ok(v),
        Err(e) => {
            let mut chars = word.trim_start().chars();
            let first = chars.next();
            let json_like = matches!(first, Some('{' | '[' | '"' | '0'..='9'))
                || (first == Some('-') && chars.next().is_some_and(|c| c.is_ascii_digit()));
            if json_like {
                let detail = e.to_string();
                let detail = detail
                    .split(" at line ")
                    .next()
                    .unwrap_or(&detail)
                    .to_owned();
                Err(Usage::NotJson {
                    word: word.to_owned(),
                    detail,
                })
            } else {
                Ok(Value::String(word.to_owned()))
            }
        }
    }
}

/// A scene number from 1, as an index from 0.
fn scene(word: &str) -> Result<usize, Usage> {
    word.parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .ok_or_else(|| Usage::NotAScene(word.to_owned()))
}

pub fn edit(
    project: &Path,
    words: &[String],
    dry_run: bool,
    json: bool,
    stdin: bool,
) -> anyhow::Result<ExitCode> {
    let mut doc = Document::open(project, &options(!dry_run))?;
    let before = doc.project().cloned();
    let problems_before = doc.problems().to_vec();
    let applied = if stdin {
        from_stdin(&mut doc)
    } else {
        parse(words)
            .map_err(anyhow::Error::from)
            .and_then(|lines| run(&mut doc, lines).map_err(anyhow::Error::from))
    };
    if let Err(e) = applied {
        // Nothing is saved; the changes made before the error are not kept for recovery.
        doc.close();
        return Err(e);
    }
    let diff = similar::TextDiff::from_lines(doc.disk_text(), doc.text().as_str())
        .unified_diff()
        .header("before", "after")
        .to_string();
    if !dry_run && doc.is_dirty() {
        doc.save()?;
    }
    let (changed, _) = estudio_edit::changed_scenes(before.as_ref(), doc.project());
    let new: Vec<&Problem> = doc
        .problems()
        .iter()
        .filter(|p| !problems_before.contains(p))
        .collect();
    let path = doc.path().to_owned();
    if json {
        let shown = |ps: &mut dyn Iterator<Item = &Problem>| -> Vec<Value> {
            ps.map(|p| {
                let pointed = p.pointed();
                json!({"pointer": pointed.pointer, "message": pointed.message.to_string()})
            })
            .collect()
        };
        out!(
            "{}",
            json!({
                "path": path,
                "saved": !dry_run,
                "changed_scenes": changed,
                "problems": shown(&mut doc.problems().iter()),
                "new_problems": shown(&mut new.iter().copied()),
                "diff": diff,
            })
        );
    } else if dry_run {
        out!("{diff}");
    } else {
        out!(
            "{}",
            Message::EditSaved {
                path: path.display().to_string(),
                scenes: changed.iter().map(|i| *i as u64 + 1).collect(),
            }
        );
    }
    if !json {
        for p in &new {
            say!("{p}");
        }
    }
    let code = if new.is_empty() {
        ExitCode::SUCCESS
    } else {
        if !json {
            say!(
                "{}",
                Message::EditLeftProblems {
                    count: new.len() as u64
                }
            );
        }
        ExitCode::from(2)
    };
    doc.close();
    Ok(code)
}

fn run(doc: &mut Document, lines: Vec<Line>) -> Result<(), EditError> {
    for line in lines {
        match line {
            Line::Op(op) => doc.apply(op).map(drop)?,
            Line::Duplicate(i) => {
                let copy = doc
                    .value()
                    .pointer(&format!("/scenes/{i}"))
                    .cloned()
                    .ok_or_else(|| estudio_edit::OpError::IndexPastEnd {
                        at: format!("/scenes/{i}"),
                        len: doc.value()["scenes"].as_array().map_or(0, Vec::len),
                    })?;
                doc.apply(Op::Insert {
                    at: format!("/scenes/{}", i + 1),
                    value: copy,
                })
                .map(drop)?
            }
            Line::Undo => doc.undo().map(drop)?,
            Line::Redo => doc.redo().map(drop)?,
            Line::Save => doc.save()?,
        }
    }
    Ok(())
}

/// One operation a line, each acknowledged once it is durable (`ok N`, N entries so far); a
/// line that does not apply is said on standard error, and the next is read.
fn from_stdin(doc: &mut Document) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let line = line?;
        let words: Vec<String> = split(&line);
        if words.is_empty() {
            continue;
        }
        // One operation a line: a line is applied whole or not at all.
        let result = parse(&words)
            .and_then(|lines| {
                if lines.len() == 1 {
                    Ok(lines)
                } else {
                    Err(Usage::OneALine)
                }
            })
            .map_err(anyhow::Error::from)
            .and_then(|lines| run(doc, lines).map_err(anyhow::Error::from));
        match result {
            Ok(()) => out!("ok {}", doc.entries()),
            Err(e) => say!(
                "{}",
                Message::ErrorLine {
                    detail: e.to_string()
                }
            ),
        }
    }
    Ok(())
}

/// A line's words: the verb and the pointer, then the rest of the line as one value (JSON may
/// hold spaces).
fn split(line: &str) -> Vec<String> {
    let line = line.trim();
    let mut parts = line.splitn(2, char::is_whitespace);
    let verb = parts.next().unwrap_or_default().to_owned();
    let rest = parts.next().unwrap_or_default().trim();
    if verb.is_empty() {
        return Vec::new();
    }
    match verb.as_str() {
        "set" | "insert" => {
            let mut p = rest.splitn(2, char::is_whitespace);
            let at = p.next().unwrap_or_default().to_owned();
            let value = p.next().unwrap_or_default().trim().to_owned();
            [verb, at, value]
                .into_iter()
                .filter(|w| !w.is_empty())
                .collect()
        }
        _ => std::iter::once(verb)
            .chain(rest.split_whitespace().map(str::to_owned))
            .collect(),
    }
}

pub fn recover(project: Option<&Path>, discard: bool) -> anyhow::Result<ExitCode> {
    let found = estudio_edit::recover::list(&estudio_worker::paths::journal_dir());
    let Some(project) = project else {
        if found.is_empty() {
            out!("{}", Message::NothingToRecover);
        }
        for r in &found {
            out!(
                "{}",
                Message::Recoverable {
                    path: r.path.display().to_string(),
                    changes: r.changes as u64,
                    changed_on_disk: r.changed_on_disk,
                }
            );
        }
        return Ok(ExitCode::SUCCESS);
    };
    let wanted: PathBuf =
        std::fs::canonicalize(project).or_else(|_| std::path::absolute(project))?;
    let mut mine = found.into_iter().filter(|r| r.path == wanted).peekable();
    if mine.peek().is_none() {
        out!("{}", Message::NothingToRecover);
        return Ok(ExitCode::from(1));
    }
    for r in mine {
        if discard {
            r.discard();
            continue;
        }
        let changes = r.changes as u64;
        let changed_on_disk = r.changed_on_disk;
        let mut doc = r.open(&options(true))?;
        if changed_on_disk {
            out!(
                "{}",
                Message::RecoveredBeside {
                    path: wanted.display().to_string(),
                    beside: doc.path().display().to_string(),
                }
            );
        } else {
            doc.save()?;
            out!(
                "{}",
                Message::Recovered {
                    path: wanted.display().to_string(),
                    changes,
                }
            );
        }
        doc.close();
    }
    Ok(ExitCode::SUCCESS)
}
