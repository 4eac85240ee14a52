//! Where a new key goes: in the order the schema lists an object's fields (the order of the
//! Rust types, which is the order Estúdio writes a new project in), after the keys already
//! there that come before it. A key the schema does not know goes last.

use serde_json::{Map, Value};

/// The keys the schema lists for the object at `parent` (tokens) in `doc`, in order.
pub fn keys_at(doc: &Value, parent: &[String]) -> Option<Vec<String>> {
    static SCHEMA: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let schema = SCHEMA.get_or_init(estudio_project::json_schema);
    let mut here = vec![schema];
    let mut value = Some(doc);
    for t in parent {
        let next_value = value.and_then(|v| match v {
            Value::Object(m) => m.get(t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        });
        here = expand(schema, here)
            .into_iter()
            .filter_map(|s| {
                s.get("properties")
                    .and_then(|p| p.get(t))
                    .or_else(|| t.parse::<usize>().ok().and(s.get("items")))
            })
            .collect();
        value = next_value;
    }
    let candidates = expand(schema, here);
    // An untagged choice (a background): the variant whose fields the object has most of.
    let present: Vec<&String> = value
        .and_then(Value::as_object)
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    candidates
        .into_iter()
        .filter_map(|s| s.get("properties")?.as_object())
        .max_by_key(|props| {
            present
                .iter()
                .filter(|k| props.contains_key(k.as_str()))
                .count()
        })
        .map(|props| props.keys().cloned().collect())
}

/// Schemas with every `$ref`, `anyOf`, `oneOf` and `allOf` opened.
fn expand<'a>(root: &'a Value, schemas: Vec<&'a Value>) -> Vec<&'a Value> {
    let mut out = Vec::new();
    let mut todo = schemas;
    let mut budget = 64;
    while let Some(s) = todo.pop() {
        budget -= 1;
        if budget == 0 {
            break;
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            if let Some(target) = r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                todo.push(target);
            }
        }
        for k in ["anyOf", "oneOf", "allOf"] {
            if let Some(list) = s.get(k).and_then(Value::as_array) {
                todo.extend(list.iter());
            }
        }
        out.push(s);
    }
    out
}

/// The index among `map`'s keys where `key` goes.
pub fn place(map: &Map<String, Value>, key: &str, order: Option<&[String]>) -> usize {
    let Some(order) = order else {
        return map.len();
    };
    let Some(rank) = order.iter().position(|k| k == key) else {
        return map.len();
    };
    // After the last key already there that the schema puts before it.
    map.keys()
        .enumerate()
        .filter(|(_, k)| order.iter().position(|o| o == *k).is_some_and(|r| r < rank))
        .map(|(i, _)| i + 1)
        .max()
        .unwrap_or(0)
}
