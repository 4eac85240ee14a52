//! Writing a changed document back into the text it came from, so the file keeps its layout:
//! its key order, its indentation, every line nothing changed. A one-field edit is a one-line
//! diff under git.
//!
//! The text is read as a concrete syntax tree (`jsonc-parser`'s CST, which keeps every space and
//! newline), and only the differences between the value the text holds and the value to write
//! are applied to it: a changed field is replaced where it stands, a removed one is taken out
//! with its comma, a new one is inserted at its place in the object (the document puts new keys
//! in the schema's order), and a reordered array is re-sorted with each element's own text kept.
//! The result is parsed again and compared with the value, key order included; anything the
//! tree could not express faithfully falls back to the whole value printed with the file's
//! indentation, so a save never writes something other than the document.

use jsonc_parser::cst::{CstContainerNode, CstInputValue, CstLeafNode, CstNode, CstRootNode};
use jsonc_parser::ParseOptions;
use serde_json::Value;

/// `text` (which holds `old`) changed to hold `new`, keeping its layout.
pub fn rewrite(text: &str, old: &Value, new: &Value) -> String {
    if old == new && same_order(old, new) {
        return text.to_owned();
    }
    let written = CstRootNode::parse(text, &strict())
        .ok()
        .and_then(|root| {
            let value = root.value()?;
            sync(&value, old, new).then(|| root.to_string())
        })
        .filter(|t| holds(t, new));
    match written {
        Some(t) => t,
        None => {
            tracing::debug!("layout not kept: the whole document is printed again");
            print(new, &indent_of(text), text.ends_with('\n'))
        }
    }
}

/// The whole value printed with `indent`, as a new file is.
pub fn print(value: &Value, indent: &str, final_newline: bool) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut ser)
        .expect("a JSON value always serialises");
    let mut text = String::from_utf8(out).expect("serde_json writes UTF-8");
    if final_newline {
        text.push('\n');
    }
    text
}

/// The indentation a text uses (its first indented line's), two spaces when it has none.
pub fn indent_of(text: &str) -> String {
    text.lines()
        .skip(1)
        .map(|l| &l[..l.len() - l.trim_start_matches([' ', '\t']).len()])
        .find(|w| !w.is_empty())
        .unwrap_or("  ")
        .to_owned()
}

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Whether `text` parses to exactly `value`, the order of every object's keys included.
fn holds(text: &str, value: &Value) -> bool {
    serde_json::from_str::<Value>(text).is_ok_and(|v| v == *value && same_order(&v, value))
}

/// Maps compare equal whatever their order; a file's layout is its order.
fn same_order(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| ka == kb && same_order(va, vb))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_order(a, b))
        }
        _ => a == b,
    }
}

/// Makes the node holding `old` hold `new`. False when the tree does not look like `old`.
fn sync(node: &CstNode, old: &Value, new: &Value) -> bool {
    if old == new && same_order(old, new) {
        return true;
    }
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => match node.as_object() {
            Some(object) => sync_object(&object, o, n),
            None => false,
        },
        (Value::Array(o), Value::Array(n)) => match node.as_array() {
            Some(array) => sync_array(&array, o, n),
            None => false,
        },
        _ => replace(node, new),
    }
}

fn sync_object(
    object: &jsonc_parser::cst::CstObject,
    old: &serde_json::Map<String, Value>,
    new: &serde_json::Map<String, Value>,
) -> bool {
    // Keys both have must keep their relative order; a reordered object is printed again.
    let kept_old: Vec<&String> = old.keys().filter(|k| new.contains_key(*k)).collect();
    let kept_new: Vec<&String> = new.keys().filter(|k| old.contains_key(*k)).collect();
    if kept_old != kept_new {
        return replace(
            &CstContainerNode::Object(object.clone()).into(),
            &new_value(new),
        );
    }
    for key in old.keys().filter(|k| !new.contains_key(*k)) {
        match object.get(key) {
            Some(prop) => prop.remove(),
            None => return false,
        }
    }
    for (index, (key, value)) in new.iter().enumerate() {
        match old.get(key) {
            Some(was) => {
                let Some(prop) = object.get(key) else {
                    return false;
                };
                let Some(node) = prop.value() else {
                    return false;
                };
                if !sync(&node, was, value) {
                    return false;
                }
            }
            None => {
                object.insert(index, key, input(value));
            }
        }
    }
    true
}

fn sync_array(array: &jsonc_parser::cst::CstArray, old: &[Value], new: &[Value]) -> bool {
    let elements = array.elements();
    if elements.len() != old.len() {
        return false;
    }
    if old.len() == new.len() {
        // The same elements in another order (scenes moved): each keeps its own text.
        if let Some(order) = permutation(old, new) {
            array
                .sort_elements()
                .by_key(|e| e.element_index().map_or(usize::MAX, |i| order[i]));
            return true;
        }
    }
    // Elements are compared by their hashes: a value is not `Hash`.
    let hash = |v: &Value| blake3::hash(v.to_string().as_bytes());
    let (old_h, new_h): (Vec<_>, Vec<_>) = (
        old.iter().map(hash).collect(),
        new.iter().map(hash).collect(),
    );
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_h, &new_h);
    // Applied from the end, so the indexes still to come stay true.
    for op in ops.iter().rev() {
        match *op {
            similar::DiffOp::Equal { .. } => {}
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for e in elements[old_index..old_index + old_len].iter().rev() {
                    e.clone().remove();
                }
            }
            similar::DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => {
                for (k, v) in new[new_index..new_index + new_len].iter().enumerate() {
                    array.insert(old_index + k, input(v));
                }
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                // Changed in place: each element keeps what it can of its text.
                let common = old_len.min(new_len);
                for k in (0..common).rev() {
                    if !sync(
                        &elements[old_index + k],
                        &old[old_index + k],
                        &new[new_index + k],
                    ) {
                        return false;
                    }
                }
                for e in elements[old_index + common..old_index + old_len]
                    .iter()
                    .rev()
                {
                    e.clone().remove();
                }
                for (k, v) in new[new_index + common..new_index + new_len]
                    .iter()
                    .enumerate()
                {
                    array.insert(old_index + common + k, input(v));
                }
            }
        }
    }
    true
}

/// For each old element, its index in `new`, when `new` is `old` reordered.
fn permutation(old: &[Value], new: &[Value]) -> Option<Vec<usize>> {
    if old == new {
        return None;
    }
    let mut taken = vec![false; new.len()];
    let mut order = Vec::with_capacity(old.len());
    for o in old {
        let at = (0..new.len()).find(|&j| !taken[j] && new[j] == *o && same_order(&new[j], o))?;
        taken[at] = true;
        order.push(at);
    }
    Some(order)
}

fn replace(node: &CstNode, value: &Value) -> bool {
    let input = input(value);
    // A property's value is replaced through its property, which keeps the key and comma.
    if let Some(CstContainerNode::ObjectProp(prop)) = node.parent() {
        prop.set_value(input);
        return true;
    }
    let replaced = match node {
        CstNode::Container(CstContainerNode::Object(o)) => o.clone().replace_with(input),
        CstNode::Container(CstContainerNode::Array(a)) => a.clone().replace_with(input),
        CstNode::Leaf(CstLeafNode::StringLit(s)) => s.clone().replace_with(input),
        CstNode::Leaf(CstLeafNode::NumberLit(n)) => n.clone().replace_with(input),
        CstNode::Leaf(CstLeafNode::BooleanLit(b)) => b.clone().replace_with(input),
        CstNode::Leaf(CstLeafNode::NullKeyword(n)) => n.clone().replace_with(input),
        CstNode::Leaf(CstLeafNode::WordLit(w)) => w.clone().replace_with(input),
        _ => None,
    };
    replaced.is_some()
}

fn new_value(map: &serde_json::Map<String, Value>) -> Value {
    Value::Object(map.clone())
}

fn input(value: &Value) -> CstInputValue {
    match value {
        Value::Null => CstInputValue::Null,
        Value::Bool(b) => CstInputValue::Bool(*b),
        Value::Number(n) => CstInputValue::Number(n.to_string()),
        Value::String(s) => CstInputValue::String(s.clone()),
        Value::Array(a) => CstInputValue::Array(a.iter().map(input).collect()),
        Value::Object(o) => {
            CstInputValue::Object(o.iter().map(|(k, v)| (k.clone(), input(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    const TEXT: &str = r##"{
    "version": 1,
    "title": "Boas-vindas",
    "scenes": [
        { "duration": 3, "background": { "color": "#112233" } },
        {
            "duration": 4,
            "texts": [{ "text": "Olá", "x": 0.5 }]
        },
        { "duration": 5 }
    ],
    "x-notes": { "kept": [1, 2, 3] }
}
"##;

    fn changed_lines(a: &str, b: &str) -> usize {
        similar::TextDiff::from_lines(a, b)
            .iter_all_changes()
            .filter(|c| c.tag() == similar::ChangeTag::Insert)
            .count()
    }

    #[test]
    fn a_changed_field_is_one_line() {
        let old = parse(TEXT);
        let mut new = old.clone();
        new["scenes"][1]["duration"] = json!(7.5);
        let out = rewrite(TEXT, &old, &new);
        assert_eq!(parse(&out), new);
        assert_eq!(changed_lines(TEXT, &out), 1, "{out}");
        assert!(out.contains("\"duration\": 7.5,"));
    }

    #[test]
    fn a_new_key_goes_where_the_document_put_it_with_the_files_indent() {
        let old = parse(TEXT);
        let mut new = old.clone();
        let scene = new["scenes"][1].as_object_mut().unwrap();
        scene.shift_insert(0, "name".into(), json!("Intro"));
        let out = rewrite(TEXT, &old, &new);
        assert!(holds(&out, &new), "{out}");
        assert_eq!(changed_lines(TEXT, &out), 1, "{out}");
        assert!(
            out.contains("\n            \"name\": \"Intro\",\n"),
            "{out}"
        );
    }

    #[test]
    fn removed_fields_and_scenes_take_their_commas_with_them() {
        let old = parse(TEXT);
        let mut new = old.clone();
        new["scenes"].as_array_mut().unwrap().remove(2);
        new.as_object_mut().unwrap().shift_remove("x-notes");
        let out = rewrite(TEXT, &old, &new);
        assert!(holds(&out, &new), "{out}");
        assert_eq!(
            changed_lines(TEXT, &out),
            2,
            "only the two lines losing their commas: {out}"
        );
    }

    #[test]
    fn moved_scenes_keep_their_own_text() {
        let old = parse(TEXT);
        let mut new = old.clone();
        new["scenes"].as_array_mut().unwrap().swap(0, 2);
        let out = rewrite(TEXT, &old, &new);
        assert!(holds(&out, &new), "{out}");
        assert!(out.contains("{ \"duration\": 3, \"background\": { \"color\": \"#112233\" } }"));
    }

    #[test]
    fn a_text_the_tree_cannot_follow_is_printed_again_with_its_indent() {
        // `old` does not match the text: the safety net prints the value.
        let new = json!({"version": 1, "title": "T", "scenes": []});
        let out = rewrite(TEXT, &json!({"other": true}), &new);
        assert!(holds(&out, &new));
        assert!(out.contains("\n    \"title\""), "{out}");
        assert!(out.ends_with("}\n"));
    }

    #[test]
    fn tabs_are_kept() {
        let text = "{\n\t\"a\": 1,\n\t\"b\": {\n\t\t\"c\": 2\n\t}\n}";
        let old = parse(text);
        let mut new = old.clone();
        new["b"]
            .as_object_mut()
            .unwrap()
            .insert("d".into(), json!([1, {"e": 2}]));
        let out = rewrite(text, &old, &new);
        assert!(holds(&out, &new), "{out}");
        assert!(out.contains("\n\t\t\"d\": ["), "{out}");
    }
}
