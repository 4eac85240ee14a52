//! What the types cannot say about a scene's `background`. Its kinds (`image`, `color`, `video`,
//! `gradient`) are one untagged enum told apart by their key, so serde reports any mistake
//! inside one as "the background is none of them", at the background. These checks find the
//! field at fault and say what it takes, at its pointer, as every other object of the format
//! does. What each kind takes is read from the types' JSON Schema, so it cannot drift.

use std::sync::OnceLock;

use estudio_words::{Message, Takes};
use serde_json::{Map, Value};

use crate::load::describe;
use crate::Pointer;

/// The first mistake inside a scene's background that the types would report only at the
/// background: its pointer and the words for it.
pub(crate) fn first_problem(json: &Value) -> Option<(String, Message)> {
    let scenes = json.get("scenes")?.as_array()?;
    scenes.iter().enumerate().find_map(|(i, scene)| {
        let background = scene.get("background")?.as_object()?;
        let at = Pointer::root().push("scenes").push(i).push("background");
        problem_in(background, &at)
    })
}

/// One kind of background: the key that names it and the schemas of its fields.
struct Kind {
    key: String,
    fields: Map<String, Value>,
}

/// The schema's background kinds, and its `$defs` (the named types fields refer to).
fn schema() -> &'static (Vec<Kind>, Value) {
    static SCHEMA: OnceLock<(Vec<Kind>, Value)> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema = crate::json_schema();
        let kinds = schema
            .pointer("/$defs/Background/anyOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| {
                Some(Kind {
                    key: v["required"].get(0)?.as_str()?.to_owned(),
                    fields: v["properties"].as_object()?.clone(),
                })
            })
            .collect();
        (kinds, schema["$defs"].clone())
    })
}

fn problem_in(background: &Map<String, Value>, at: &Pointer) -> Option<(String, Message)> {
    let (kinds, defs) = schema();
    // The kind is the one whose key is there; none is the types' to say. Several would be
    // taken by the types as the first that fits, the others dropped unsaid.
    let present: Vec<&Kind> = kinds
        .iter()
        .filter(|k| background.contains_key(&k.key))
        .collect();
    let kind = match present.as_slice() {
        [] => return None,
        [kind] => kind,
        several => {
            return Some((
                at.to_string(),
                Message::BackgroundSeveral {
                    kinds: several.iter().map(|k| k.key.clone()).collect(),
                },
            ))
        }
    };
    // A field the kind does not define (`"fitt": "contain"` was ignored, and the picture
    // cropped).
    if let Some(unknown) = background.keys().find(|k| !kind.fields.contains_key(*k)) {
        let expected = kind
            .fields
            .keys()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return Some((
            at.push(unknown.as_str()).to_string(),
            Message::JsonStructure {
                detail: format!("unknown field `{unknown}`, expected one of {expected}"),
            },
        ));
    }
    // Objects of their own (a gradient, a motion) say where inside them the mistake is.
    for (field, value) in background {
        let err = match field.as_str() {
            "gradient" => serde_path_to_error::deserialize::<_, crate::Gradient>(value).err(),
            "motion" if !value.is_null() => {
                serde_path_to_error::deserialize::<_, crate::Motion>(value).err()
            }
            _ => continue,
        };
        if let Some(err) = err {
            let pointer =
                at.push(field.as_str()).to_string() + &Pointer::from(err.path()).to_string();
            return Some((pointer, describe(&err.into_inner())));
        }
    }
    // A value of the wrong type: the kind's key alone, then with each field beside it, until
    // one does not fit.
    let fits = |fields: &[&String]| {
        let object: Map<String, Value> = fields
            .iter()
            .map(|f| ((*f).clone(), background[f.as_str()].clone()))
            .collect();
        serde_json::from_value::<crate::Background>(Value::Object(object)).is_ok()
    };
    if fits(&background.keys().collect::<Vec<_>>()) {
        return None;
    }
    let key = background.keys().find(|k| **k == kind.key)?;
    let wrong = std::iter::once(key)
        .chain(background.keys().filter(|k| *k != key))
        .find(|field| {
            let tried: &[&String] = if *field == key { &[key] } else { &[key, field] };
            !fits(tried)
        })?;
    Some((
        at.push(wrong.as_str()).to_string(),
        Message::WrongValue {
            value: shown(&background[wrong.as_str()]),
            takes: takes(&kind.fields[wrong.as_str()], defs),
        },
    ))
}

/// A value as the person wrote it, cut short when long.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// What a field's schema takes: a number, true or false, one of some names, ….
fn takes(schema: &Value, defs: &Value) -> Vec<Takes> {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        return takes(&defs[name], defs);
    }
    let names: Vec<String> = schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.get("const")?.as_str().map(str::to_owned))
        .collect();
    if !names.is_empty() {
        return vec![Takes::OneOf(names)];
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
        return options
            .iter()
            .filter(|o| o.get("type") != Some(&Value::from("null")))
            .flat_map(|o| takes(o, defs))
            .collect();
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    types
        .into_iter()
        .filter_map(|t| match t {
            "number" | "integer" => Some(Takes::Number),
            "boolean" => Some(Takes::TrueOrFalse),
            "string" => Some(Takes::Text),
            "object" => Some(Takes::Object),
            "array" => Some(Takes::List),
            _ => None,
        })
        .collect()
}
