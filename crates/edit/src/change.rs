//! What people change, as typed values that become [`Op`]s: the window's inspector and scene
//! list send these, never JSON. Each says where it writes: on the scenes it names (even a value
//! equal to the default they inherit: it is written where asked) or in `defaults`; `None` takes
//! a scene's own value away, so it inherits again. A change of several scenes is one [`Op`],
//! one history entry.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::error::OpError;
use crate::op::{pointer, value_at};
use crate::Op;

/// Where a change writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// On each of these scenes (indexes from 0).
    Scenes(Vec<usize>),
    /// In `defaults`, for every scene without its own value.
    Defaults,
}

/// How long a scene lasts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Length {
    Seconds {
        secs: f64,
    },
    /// As long as its narration (or clip), and `pad` seconds of quiet after it.
    Narration {
        pad: Option<f64>,
    },
}

/// A field of a narration the inspector edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum NarrationField {
    Text,
    Voice,
    Rate,
    Pause,
    Volume,
    /// A recording's trim: where in the file it starts and ends, in seconds.
    Start,
    End,
    /// Seconds of quiet at the start of the scene before it is heard.
    Delay,
}

impl NarrationField {
    fn key(self) -> &'static str {
        match self {
            NarrationField::Text => "text",
            NarrationField::Voice => "voice",
            NarrationField::Rate => "rate",
            NarrationField::Pause => "pause",
            NarrationField::Volume => "volume",
            NarrationField::Start => "start",
            NarrationField::End => "end",
            NarrationField::Delay => "delay",
        }
    }
}

/// One gesture of the person's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A narration's text, voice, rate, pause or volume (text only on scenes).
    Narration {
        target: Target,
        field: NarrationField,
        #[cfg_attr(feature = "bindings", ts(type = "unknown"))]
        value: Option<Value>,
    },
    Length {
        target: Target,
        length: Length,
    },
    /// The transition into the next scene: its kind (`None`: a cut), length and, when given,
    /// its easing. Its other fields are kept.
    Transition {
        target: Target,
        kind: Option<String>,
        secs: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "bindings", ts(optional))]
        easing: Option<String>,
    },
    /// A field of one of a scene's texts (`text` is its content; `x`, `y`, `size`, `color`,
    /// `box`, …, as the format names them).
    Text {
        scene: usize,
        text: usize,
        field: String,
        #[cfg_attr(feature = "bindings", ts(type = "unknown"))]
        value: Option<Value>,
    },
    /// A new text at the end of a scene's texts (its style from `defaults.text`).
    AddText {
        scene: usize,
        text: String,
    },
    RemoveText {
        scene: usize,
        text: usize,
    },
    /// A scene's whole background (a picture, a clip or a colour), as the format writes it.
    Background {
        scenes: Vec<usize>,
        #[cfg_attr(feature = "bindings", ts(type = "unknown"))]
        background: Value,
    },
    /// How a picture or clip fills the canvas (`cover`, `contain`, `blur`, …).
    Fit {
        target: Target,
        fit: Option<String>,
    },
    Caption {
        scene: usize,
        caption: Option<String>,
    },
    Name {
        scene: usize,
        name: Option<String>,
    },
    Music {
        #[cfg_attr(feature = "bindings", ts(type = "unknown"))]
        music: Option<Value>,
    },
    /// The project's whole list of pronunciations (empty: the field goes).
    Pronunciations {
        pronunciations: Vec<estudio_spoken::Entry>,
    },
    /// A scene of one colour at `at`, in the style of its neighbour.
    InsertBlank {
        at: usize,
    },
    /// Copies of these scenes, each after itself.
    Duplicate {
        scenes: Vec<usize>,
    },
    /// A scene per picture at `at`, in the style of its neighbour.
    InsertPictures {
        at: usize,
        pictures: Vec<String>,
    },
    RemoveScenes {
        scenes: Vec<usize>,
    },
    /// These scenes, in their order, so the first lands at `to`.
    MoveScenes {
        scenes: Vec<usize>,
        to: usize,
    },
}

impl Change {
    /// The operation this change is on `doc` (the person's JSON) of the project in `folder`.
    ///
    /// # Errors
    /// A scene or text that does not exist.
    pub fn op(&self, doc: &Value, folder: &Path) -> Result<Op, OpError> {
        let ops = match self {
            Change::Narration {
                target,
                field,
                value,
            } => target
                .places(doc, &["narration"], &["narration"])?
                .into_iter()
                .flat_map(|(at, parents)| write(doc, &at, &parents, field.key(), value.clone()))
                .collect(),
            Change::Length { target, length } => {
                let mut ops = Vec::new();
                for (at, _) in target.places(doc, &[], &[])? {
                    let (duration, pad) = match length {
                        Length::Seconds { secs } => (Some(json!(secs)), None),
                        Length::Narration { pad } => (None, pad.map(|p| json!(p))),
                    };
                    ops.extend(write(doc, &at, &[], "duration", duration));
                    if matches!(length, Length::Narration { .. }) {
                        ops.extend(write(doc, &at, &[], "pad", pad));
                    }
                }
                ops
            }
            Change::Transition {
                target,
                kind,
                secs,
                easing,
            } => target
                .places(doc, &[], &[])?
                .into_iter()
                .flat_map(|(at, _)| {
                    let Some(kind) = kind else {
                        return write(doc, &at, &[], "transition", None);
                    };
                    let fields = [
                        ("type", Some(json!(kind))),
                        ("duration", secs.map(|s| json!(s))),
                    ]
                    .into_iter()
                    .chain(easing.as_ref().map(|e| ("easing", Some(json!(e)))));
                    let own = value_at(doc, &format!("{at}/transition"));
                    if own.is_some_and(Value::is_object) {
                        // Written key by key: its other fields (an easing the window does not
                        // show, an `x-` note) stay.
                        let parent = ["transition".to_owned()];
                        fields
                            .flat_map(|(k, v)| write(doc, &at, &parent, k, v))
                            .collect()
                    } else {
                        let t: Map<String, Value> = fields
                            .filter_map(|(k, v)| Some((k.to_owned(), v?)))
                            .collect();
                        write(doc, &at, &[], "transition", Some(Value::Object(t)))
                    }
                })
                .collect(),
            Change::Text {
                scene,
                text,
                field,
                value,
            } => {
                let at = pointer(&["scenes", &scene.to_string(), "texts", &text.to_string()]);
                exists(doc, &at)?;
                write(doc, &at, &[], field, value.clone())
            }
            Change::AddText { scene, text } => {
                let at = Target::Scenes(vec![*scene]).scene_pointers(doc)?.remove(0);
                let item = json!({ "text": text });
                match value_at(doc, &format!("{at}/texts")).and_then(Value::as_array) {
                    Some(texts) => vec![Op::Insert {
                        at: format!("{at}/texts/{}", texts.len()),
                        value: item,
                    }],
                    None => write(doc, &at, &[], "texts", Some(json!([item]))),
                }
            }
            Change::RemoveText { scene, text } => {
                let at = pointer(&["scenes", &scene.to_string(), "texts", &text.to_string()]);
                exists(doc, &at)?;
                vec![Op::Remove { at }]
            }
            Change::Background { scenes, background } => {
                // A picture or clip inside the project's folder is written relative to it, as
                // the project's other media are, so the folder can move.
                let mut background = background.clone();
                for key in ["image", "video"] {
                    if let Some(Value::String(src)) = background.get_mut(key) {
                        *src = relative_to(src, folder);
                    }
                }
                let mut ops = Vec::new();
                for at in Target::Scenes(scenes.clone()).scene_pointers(doc)? {
                    ops.push(Op::set(format!("{at}/background"), background.clone()));
                }
                ops
            }
            Change::Fit { target, fit } => target
                .places(doc, &["background"], &[])?
                .into_iter()
                .flat_map(|(at, parents)| {
                    write(doc, &at, &parents, "fit", fit.clone().map(Value::from))
                })
                .collect(),
            Change::Caption { scene, caption } => {
                let at = Target::Scenes(vec![*scene]).scene_pointers(doc)?.remove(0);
                write(doc, &at, &[], "caption", caption.clone().map(Value::from))
            }
            Change::Name { scene, name } => {
                let at = Target::Scenes(vec![*scene]).scene_pointers(doc)?.remove(0);
                write(doc, &at, &[], "name", name.clone().map(Value::from))
            }
            Change::Music { music } => write(doc, "", &[], "music", music.clone()),
            Change::Pronunciations { pronunciations } => {
                // Plain strings and a bool: serialising them cannot fail.
                let list = (!pronunciations.is_empty())
                    .then(|| serde_json::to_value(pronunciations).ok())
                    .flatten();
                write(doc, "", &[], "pronunciations", list)
            }
            Change::InsertBlank { at } => {
                let style = neighbour(doc, *at)?;
                let colour = style
                    .and_then(|s| s.pointer("/background/color").cloned())
                    .or_else(|| doc.pointer("/canvas/background").cloned())
                    .unwrap_or_else(|| json!("#000000"));
                let mut scene = styled(style);
                scene.insert("background".into(), json!({ "color": colour }));
                vec![insert_scene(*at, Value::Object(scene))]
            }
            Change::InsertPictures { at, pictures } => {
                let style = neighbour(doc, *at)?;
                let fit = style.and_then(|s| s.pointer("/background/fit").cloned());
                pictures
                    .iter()
                    .enumerate()
                    .map(|(k, picture)| {
                        let mut background = Map::new();
                        background.insert("image".into(), json!(relative_to(picture, folder)));
                        if let Some(fit) = &fit {
                            background.insert("fit".into(), fit.clone());
                        }
                        let mut scene = styled(style);
                        scene.insert("background".into(), Value::Object(background));
                        insert_scene(at + k, Value::Object(scene))
                    })
                    .collect()
            }
            Change::Duplicate { scenes } => {
                let mut sorted = scenes.clone();
                sorted.sort_unstable();
                sorted.dedup();
                let pointers = Target::Scenes(sorted.clone()).scene_pointers(doc)?;
                // From the last, so the earlier indexes stay true.
                sorted
                    .iter()
                    .zip(pointers)
                    .rev()
                    .map(|(i, at)| {
                        let copy = value_at(doc, &at).cloned().unwrap_or(Value::Null);
                        insert_scene(i + 1, copy)
                    })
                    .collect()
            }
            Change::RemoveScenes { scenes } => {
                let mut sorted = scenes.clone();
                sorted.sort_unstable();
                sorted.dedup();
                let pointers = Target::Scenes(sorted).scene_pointers(doc)?;
                pointers
                    .into_iter()
                    .rev()
                    .map(|at| Op::Remove { at })
                    .collect()
            }
            Change::MoveScenes { scenes, to } => vec![Op::Move {
                at: "/scenes".into(),
                from: scenes.clone(),
                to: *to,
            }],
        };
        Ok(match ops.len() {
            1 => ops.into_iter().next().expect("one"),
            _ => Op::Batch { ops },
        })
    }
}

impl Target {
    fn scene_pointers(&self, doc: &Value) -> Result<Vec<String>, OpError> {
        let Target::Scenes(scenes) = self else {
            return Ok(Vec::new());
        };
        let len = doc
            .get("scenes")
            .and_then(Value::as_array)
            .ok_or(OpError::NoSuchField {
                at: "/scenes".into(),
            })?
            .len();
        scenes
            .iter()
            .map(|&i| {
                let at = pointer(&["scenes", &i.to_string()]);
                if i < len {
                    Ok(at)
                } else {
                    Err(OpError::IndexPastEnd { at, len })
                }
            })
            .collect()
    }

    /// Each object to write in, with the keys of the object under it that hold the field:
    /// a scene's own (`scene_path`), or the defaults' (`defaults_path`).
    fn places(
        &self,
        doc: &Value,
        scene_path: &[&str],
        defaults_path: &[&str],
    ) -> Result<Vec<(String, Vec<String>)>, OpError> {
        let owned = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        match self {
            Target::Scenes(_) => Ok(self
                .scene_pointers(doc)?
                .into_iter()
                .map(|at| (at, owned(scene_path)))
                .collect()),
            Target::Defaults => Ok(vec![("/defaults".to_owned(), owned(defaults_path))]),
        }
    }
}

fn exists(doc: &Value, at: &str) -> Result<(), OpError> {
    value_at(doc, at)
        .map(drop)
        .ok_or_else(|| OpError::NoSuchField { at: at.to_owned() })
}

/// The ops writing `key` = `value` in the object at `at` + `parents`, making the objects on the
/// way that are missing (`defaults`, a scene's `narration`); `None` removes the key when it is
/// there.
fn write(doc: &Value, at: &str, parents: &[String], key: &str, value: Option<Value>) -> Vec<Op> {
    let mut here = at.to_owned();
    let mut path: Vec<&str> = parents.iter().map(String::as_str).collect();
    path.push(key);
    // The root of a pointer `at` may itself be missing (`/defaults`).
    let mut missing_from = None;
    if value_at(doc, &here).is_none() {
        missing_from = Some((here.clone(), 0));
    }
    if missing_from.is_none() {
        for (depth, part) in path[..path.len() - 1].iter().enumerate() {
            let next = format!("{here}/{}", escape(part));
            if value_at(doc, &next).is_none() {
                missing_from = Some((next, depth + 1));
                break;
            }
            here = next;
        }
    }
    match (missing_from, value) {
        (None, Some(v)) => vec![Op::set(format!("{here}/{}", escape(key)), v)],
        (None, None) => {
            let at = format!("{here}/{}", escape(key));
            if value_at(doc, &at).is_some() {
                vec![Op::Remove { at }]
            } else {
                Vec::new()
            }
        }
        (Some(_), None) => Vec::new(),
        (Some((from, depth)), Some(v)) => {
            // The missing object, with the value at the end of the rest of the path.
            let rest = &path[depth..];
            let nested = rest.iter().rev().fold(v, |inner, k| json!({ (*k): inner }));
            vec![Op::set(from, nested)]
        }
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The scene a new one at `at` takes its style from: the one before it, or the first.
fn neighbour(doc: &Value, at: usize) -> Result<Option<&Value>, OpError> {
    let scenes = doc
        .get("scenes")
        .and_then(Value::as_array)
        .ok_or(OpError::NoSuchField {
            at: "/scenes".into(),
        })?;
    if at > scenes.len() {
        return Err(OpError::IndexPastEnd {
            at: format!("/scenes/{at}"),
            len: scenes.len(),
        });
    }
    Ok(at
        .checked_sub(1)
        .and_then(|i| scenes.get(i))
        .or(scenes.first()))
}

/// A new scene's own fields copied from its neighbour: its length (when set by hand), its
/// quiet after the narration, its transition.
fn styled(style: Option<&Value>) -> Map<String, Value> {
    let mut scene = Map::new();
    for key in ["duration", "pad", "transition"] {
        if let Some(v) = style.and_then(|s| s.get(key)) {
            scene.insert(key.into(), v.clone());
        }
    }
    scene
}

fn insert_scene(at: usize, scene: Value) -> Op {
    Op::Insert {
        at: format!("/scenes/{at}"),
        value: scene,
    }
}

/// A dropped picture's path as the project writes it: relative to its folder when inside it.
fn relative_to(picture: &str, folder: &Path) -> String {
    Path::new(picture)
        .strip_prefix(folder)
        .map_or_else(|_| picture.to_owned(), |p| p.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({"version": 1, "title": "T", "canvas": {"width": 640, "height": 360, "fps": 30},
        "scenes": [
          {"duration": 2, "background": {"color": "red"}, "transition": {"type": "fade"}},
          {"background": {"image": "a.png", "fit": "contain"}, "narration": {"text": "Olá"}},
        ]})
    }

    fn applied(change: Change) -> Value {
        let mut d = doc();
        change
            .op(&d.clone(), Path::new("/p"))
            .unwrap()
            .apply(&mut d)
            .unwrap();
        d
    }

    #[test]
    fn a_voice_on_a_scene_without_narration_makes_it_and_one_for_defaults_makes_defaults() {
        let d = applied(Change::Narration {
            target: Target::Scenes(vec![0, 1]),
            field: NarrationField::Voice,
            value: Some(json!("pt-br")),
        });
        assert_eq!(d["scenes"][0]["narration"], json!({"voice": "pt-br"}));
        assert_eq!(
            d["scenes"][1]["narration"],
            json!({"text": "Olá", "voice": "pt-br"})
        );
        let d = applied(Change::Narration {
            target: Target::Defaults,
            field: NarrationField::Rate,
            value: Some(json!(1.2)),
        });
        assert_eq!(d["defaults"], json!({"narration": {"rate": 1.2}}));
        let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["version", "title", "canvas", "scenes", "defaults"]);
    }

    #[test]
    fn texts_are_added_at_the_end_and_removed_by_index_and_a_picture_inside_the_folder_is_relative()
    {
        let d = applied(Change::AddText {
            scene: 0,
            text: "Título".into(),
        });
        assert_eq!(d["scenes"][0]["texts"], json!([{"text": "Título"}]));
        let mut two = d.clone();
        Change::AddText {
            scene: 0,
            text: "Outro".into(),
        }
        .op(&d, Path::new("/p"))
        .unwrap()
        .apply(&mut two)
        .unwrap();
        assert_eq!(two["scenes"][0]["texts"][1], json!({"text": "Outro"}));
        let mut one = two.clone();
        Change::RemoveText { scene: 0, text: 0 }
            .op(&two, Path::new("/p"))
            .unwrap()
            .apply(&mut one)
            .unwrap();
        assert_eq!(one["scenes"][0]["texts"], json!([{"text": "Outro"}]));
        assert!(Change::RemoveText { scene: 0, text: 5 }
            .op(&one, Path::new("/p"))
            .is_err());
        let d = applied(Change::Background {
            scenes: vec![1],
            background: json!({"image": "/p/fotos/b.png"}),
        });
        assert_eq!(
            d["scenes"][1]["background"],
            json!({"image": "fotos/b.png"})
        );
    }

    #[test]
    fn lengths_transitions_and_new_scenes_in_the_neighbours_style() {
        let d = applied(Change::Length {
            target: Target::Scenes(vec![0]),
            length: Length::Narration { pad: Some(1.5) },
        });
        assert_eq!(d["scenes"][0].get("duration"), None);
        assert_eq!(d["scenes"][0]["pad"], json!(1.5));
        let d = applied(Change::Transition {
            target: Target::Scenes(vec![0]),
            kind: None,
            secs: None,
            easing: None,
        });
        assert_eq!(d["scenes"][0].get("transition"), None);
        let d = applied(Change::Transition {
            target: Target::Scenes(vec![0]),
            kind: Some("wipeleft".into()),
            secs: Some(1.0),
            easing: Some("ease-in".into()),
        });
        assert_eq!(
            d["scenes"][0]["transition"],
            json!({"type": "wipeleft", "duration": 1.0, "easing": "ease-in"})
        );
        let d = applied(Change::InsertPictures {
            at: 1,
            pictures: vec!["/p/fotos/b.png".into(), "/elsewhere/c.png".into()],
        });
        assert_eq!(
            d["scenes"][1]["background"],
            json!({"image": "fotos/b.png"})
        );
        assert_eq!(
            d["scenes"][2]["background"],
            json!({"image": "/elsewhere/c.png"})
        );
        assert_eq!(d["scenes"][1]["transition"], json!({"type": "fade"}));
        assert_eq!(d["scenes"].as_array().unwrap().len(), 4);
    }

    #[test]
    fn a_transitions_kind_changed_in_the_window_keeps_what_the_window_does_not_show() {
        let mut d = doc();
        d["scenes"][0]["transition"] =
            json!({"type": "fade", "easing": "ease-out", "x-note": "lento"});
        let change = Change::Transition {
            target: Target::Scenes(vec![0, 1]),
            kind: Some("dissolve".into()),
            secs: None,
            easing: None,
        };
        change
            .op(&d.clone(), Path::new("/p"))
            .unwrap()
            .apply(&mut d)
            .unwrap();
        assert_eq!(
            d["scenes"][0]["transition"],
            json!({"type": "dissolve", "easing": "ease-out", "x-note": "lento"})
        );
        assert_eq!(d["scenes"][1]["transition"], json!({"type": "dissolve"}));
    }

    #[test]
    fn a_scene_that_is_not_there_is_an_error() {
        let err = Change::Caption {
            scene: 5,
            caption: Some("x".into()),
        }
        .op(&doc(), Path::new("/p"))
        .unwrap_err();
        assert_eq!(
            err,
            OpError::IndexPastEnd {
                at: "/scenes/5".into(),
                len: 2
            }
        );
    }
}
