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
//!
//! What a save takes out of the file (a removed scene, a replaced transition) is remembered
//! with its own text ([`Fragments`]): when an undo brings the same value back at the same
//! depth, it goes back as it was written, so save, undo, save gives the first file byte for
//! byte.

use std::collections::HashMap;

use jsonc_parser::cst::{CstContainerNode, CstInputValue, CstLeafNode, CstNode, CstRootNode};
use jsonc_parser::ParseOptions;
use serde_json::Value;

/// Texts of values earlier saves took out of the file, by value and depth.
#[derive(Debug, Clone, Default)]
pub struct Fragments(HashMap<(blake3::Hash, usize), String>);

fn key_of(value: &Value, depth: usize) -> (blake3::Hash, usize) {
    // serde_json keeps key order: the text says the order too.
    (blake3::hash(value.to_string().as_bytes()), depth)
}

/// What one rewrite remembers and puts back.
struct Ctx<'a> {
    fragments: &'a mut Fragments,
    /// Strings inserted in place of a remembered text, and that text.
    placeholders: Vec<(String, String)>,
    nonce: String,
    /// The file's indentation unit.
    unit: String,
}

impl Ctx<'_> {
    fn forget_node(&mut self, node: &CstNode, value: &Value) {
        let depth = node.ancestors().count();
        self.fragments
            .0
            .insert(key_of(value, depth), node.to_string());
    }

    fn placeholder(&mut self, text: String) -> CstInputValue {
        let token = format!("@@estudio-{}-{}@@", self.nonce, self.placeholders.len());
        self.placeholders.push((token.clone(), text));
        CstInputValue::String(token)
    }

    /// What to insert for `value` at `depth`: its remembered text's placeholder, or itself
    /// written like `like` (a sibling: on one line when it is, else a field a line with what
    /// the sibling writes on one line on one line), or short enough to stay on one line.
    fn input_at(&mut self, value: &Value, depth: usize, like: Option<&CstNode>) -> CstInputValue {
        if !(value.is_object() || value.is_array()) {
            return input(value);
        }
        if let Some(text) = self.fragments.0.get(&key_of(value, depth)).cloned() {
            return self.placeholder(text);
        }
        match like {
            Some(model) if value.is_object() => {
                let text = model.to_string();
                let spaced = text.starts_with("{ ");
                if !text.contains('\n') {
                    return self.placeholder(inline(value, spaced));
                }
                let indent = model.indent_text().unwrap_or_default();
                let styled = styled(value, model.as_object().as_ref(), &indent, &self.unit);
                self.placeholder(styled)
            }
            _ if inline(value, true).chars().count() <= SHORT => {
                self.placeholder(inline(value, true))
            }
            _ => input(value),
        }
    }
}

/// `text` (which holds `old`) changed to hold `new`, keeping its layout.
pub fn rewrite(text: &str, old: &Value, new: &Value) -> String {
    rewrite_keeping(text, old, new, &mut Fragments::default())
}

/// [`rewrite`], remembering in `fragments` the texts it takes out and putting back those it
/// has.
pub fn rewrite_keeping(text: &str, old: &Value, new: &Value, fragments: &mut Fragments) -> String {
    if old == new && same_order(old, new) {
        return text.to_owned();
    }
    let mut ctx = Ctx {
        fragments,
        placeholders: Vec::new(),
        nonce: blake3::hash(text.as_bytes()).to_hex()[..12].to_owned(),
        unit: indent_of(text),
    };
    let written = CstRootNode::parse(text, &strict())
        .ok()
        .and_then(|root| {
            let value = root.value()?;
            sync(&mut ctx, &value, old, new).then(|| root.to_string())
        })
        .map(|mut t| {
            for (token, original) in &ctx.placeholders {
                t = t.replacen(&format!("\"{token}\""), original, 1);
            }
            // A file of CRLF lines keeps them on the lines written now (JSON text has no raw
            // newline inside a string, so every newline is the layout's).
            if text.contains("\r\n") {
                t = t.replace("\r\n", "\n").replace('\n', "\r\n");
            }
            t
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
fn sync(ctx: &mut Ctx<'_>, node: &CstNode, old: &Value, new: &Value) -> bool {
    if old == new && same_order(old, new) {
        return true;
    }
    // An object or list written on one line stays on one line (the tree would break it), what
    // did not change in it written as it was (`1E2`, `"caf\u00e9"`, a 23-digit number).
    let same_kind = (old.is_object() && new.is_object()) || (old.is_array() && new.is_array());
    if same_kind && !node.to_string().contains('\n') {
        let spaced = node.to_string().starts_with("{ ");
        let text = inline_from(node, old, new, spaced);
        ctx.forget_node(node, old);
        let token = ctx.placeholder(text);
        return replace_with_input(node, token);
    }
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => match node.as_object() {
            Some(object) => sync_object(ctx, &object, o, n),
            None => false,
        },
        (Value::Array(o), Value::Array(n)) => match node.as_array() {
            Some(array) => sync_array(ctx, &array, o, n),
            None => false,
        },
        _ => replace(ctx, node, old, new),
    }
}

fn sync_object(
    ctx: &mut Ctx<'_>,
    object: &jsonc_parser::cst::CstObject,
    old: &serde_json::Map<String, Value>,
    new: &serde_json::Map<String, Value>,
) -> bool {
    // Keys both have must keep their relative order; a reordered object is printed again.
    let kept_old: Vec<&String> = old.keys().filter(|k| new.contains_key(*k)).collect();
    let kept_new: Vec<&String> = new.keys().filter(|k| old.contains_key(*k)).collect();
    if kept_old != kept_new {
        return replace(
            ctx,
            &CstContainerNode::Object(object.clone()).into(),
            &new_value(old),
            &new_value(new),
        );
    }
    // `… "last": 1 }`: the closing brace on the last field's line stays there.
    let hugs = closing_hugs(object);
    for key in old.keys().filter(|k| !new.contains_key(*k)) {
        match object.get(key) {
            Some(prop) => {
                if let Some(v) = prop.value() {
                    ctx.forget_node(&v, &old[key]);
                }
                prop.remove();
            }
            None => return false,
        }
    }
    let value_depth = CstNode::from(CstContainerNode::Object(object.clone()))
        .ancestors()
        .count()
        + 2;
    for (index, (key, value)) in new.iter().enumerate() {
        match old.get(key) {
            Some(was) => {
                let Some(prop) = object.get(key) else {
                    return false;
                };
                let Some(node) = prop.value() else {
                    return false;
                };
                if !sync(ctx, &node, was, value) {
                    return false;
                }
            }
            None => {
                let value = ctx.input_at(value, value_depth, None);
                object.insert(index, key, value);
            }
        }
    }
    if hugs.is_some() && !new.is_empty() {
        rehug(object, hugs);
    }
    true
}

/// When the closing brace shares the last field's line: the space before it (`Some("")` when
/// none).
fn closing_hugs(object: &jsonc_parser::cst::CstObject) -> Option<String> {
    let children = object.children();
    let mut space = String::new();
    for child in children.iter().rev().skip(1) {
        match child {
            CstNode::Leaf(CstLeafNode::Whitespace(w)) => space.insert_str(0, &w.value()),
            CstNode::Leaf(CstLeafNode::Newline(_)) | CstNode::Leaf(CstLeafNode::Comment(_)) => {
                return None
            }
            _ => return Some(space),
        }
    }
    None
}

/// Puts the closing brace back on the last field's line, after `space`.
fn rehug(object: &jsonc_parser::cst::CstObject, space: Option<String>) {
    let Some(space) = space else { return };
    let children = object.children();
    let mut trivia = Vec::new();
    for child in children.iter().rev().skip(1) {
        match child {
            CstNode::Leaf(CstLeafNode::Whitespace(_)) | CstNode::Leaf(CstLeafNode::Newline(_)) => {
                trivia.push(child.clone())
            }
            _ => break,
        }
    }
    if !trivia
        .iter()
        .any(|t| matches!(t, CstNode::Leaf(CstLeafNode::Newline(_))))
    {
        return;
    }
    let mut kept = false;
    for t in trivia {
        match t {
            CstNode::Leaf(CstLeafNode::Whitespace(w)) if !kept && !space.is_empty() => {
                w.set_value(space.clone());
                kept = true;
            }
            other => other.remove(),
        }
    }
}

fn sync_array(
    ctx: &mut Ctx<'_>,
    array: &jsonc_parser::cst::CstArray,
    old: &[Value],
    new: &[Value],
) -> bool {
    if array.elements().len() != old.len() {
        return false;
    }
    // Which old element each new one is: the same value first, then (for objects: a scene
    // moved and edited at once) the one sharing most fields, so each keeps its own text and
    // only what changed in it is written.
    let origin = origins(old, new);
    let kept: std::collections::HashSet<usize> = origin.iter().flatten().copied().collect();
    for (i, e) in array.elements().into_iter().enumerate().rev() {
        if !kept.contains(&i) {
            ctx.forget_node(&e, &old[i]);
            e.remove();
        }
    }
    let element_depth = CstNode::from(CstContainerNode::Array(array.clone()))
        .ancestors()
        .count()
        + 1;
    // The elements left are the kept old ones in their old order: each goes to its new place.
    let mut target_of_old = vec![usize::MAX; old.len()];
    for (j, o) in origin.iter().enumerate() {
        if let Some(i) = o {
            target_of_old[*i] = j;
        }
    }
    let order: Vec<usize> = (0..old.len())
        .filter(|i| kept.contains(i))
        .map(|i| target_of_old[i])
        .collect();
    if order.windows(2).any(|w| w[0] > w[1]) {
        array
            .sort_elements()
            .by_key(|e| e.element_index().map_or(usize::MAX, |k| order[k]));
    }
    for (j, o) in origin.iter().enumerate() {
        if o.is_none() {
            // Written like its neighbour (the one before it, else the first).
            // (An object already there: an element inserted in this pass is a placeholder.)
            let elements = array.elements();
            let is_object = |e: &&CstNode| e.as_object().is_some();
            let like = elements[..j.min(elements.len())]
                .iter()
                .rev()
                .find(is_object)
                .or_else(|| elements.iter().find(is_object))
                .cloned();
            let value = ctx.input_at(&new[j], element_depth, like.as_ref());
            array.insert(j, value);
        }
    }
    let elements = array.elements();
    if elements.len() != new.len() {
        return false;
    }
    origin.iter().enumerate().all(|(j, o)| match o {
        Some(i) => sync(ctx, &elements[j], &old[*i], &new[j]),
        None => true,
    })
}

/// For each new element, the old one it is (by index), if any.
fn origins(old: &[Value], new: &[Value]) -> Vec<Option<usize>> {
    let same = |a: &Value, b: &Value| a == b && same_order(a, b);
    let mut taken = vec![false; old.len()];
    let mut origin = vec![None; new.len()];
    // The same value at the same place, then anywhere.
    for (j, n) in new.iter().enumerate() {
        if old.get(j).is_some_and(|o| same(o, n)) {
            taken[j] = true;
            origin[j] = Some(j);
        }
    }
    for (j, n) in new.iter().enumerate() {
        if origin[j].is_some() {
            continue;
        }
        if let Some(i) = (0..old.len()).find(|&i| !taken[i] && same(&old[i], n)) {
            taken[i] = true;
            origin[j] = Some(i);
        }
    }
    // Objects changed: the one with most fields alike (at least one), the nearest of those.
    for (j, n) in new.iter().enumerate() {
        let Value::Object(nm) = n else { continue };
        if origin[j].is_some() {
            continue;
        }
        let alike = |o: &Value| match o {
            Value::Object(om) => nm.iter().filter(|(k, v)| om.get(*k) == Some(*v)).count(),
            _ => 0,
        };
        let best = (0..old.len())
            .filter(|&i| !taken[i])
            .map(|i| (alike(&old[i]), std::cmp::Reverse(i.abs_diff(j)), i))
            .filter(|(score, _, _)| *score > 0)
            .max();
        if let Some((_, _, i)) = best {
            taken[i] = true;
            origin[j] = Some(i);
        }
    }
    origin
}

/// Longest value a new field writes on one line.
const SHORT: usize = 72;

/// An object a field a line at `indent`, each field's value on one line when `like` writes
/// that field on one line (or, when it has none, when it is short).
fn styled(
    value: &Value,
    like: Option<&jsonc_parser::cst::CstObject>,
    indent: &str,
    unit: &str,
) -> String {
    let Value::Object(map) = value else {
        return inline(value, true);
    };
    if map.is_empty() {
        return "{}".into();
    }
    let inner = format!("{indent}{unit}");
    let fields: Vec<String> = map
        .iter()
        .map(|(k, v)| {
            let model = like.and_then(|o| o.get(k)).and_then(|p| p.value());
            // Spaces inside braces as the model writes them; without one, as people usually do.
            let spaced = model
                .as_ref()
                .is_none_or(|m| !m.to_string().starts_with("{\""));
            let one_line = inline(v, spaced);
            let on_one_line = match &model {
                Some(model) => !model.to_string().contains('\n'),
                None => one_line.chars().count() <= SHORT,
            };
            let written = if on_one_line || !(v.is_object() || v.is_array()) {
                one_line
            } else {
                pretty(v, &inner, unit)
            };
            format!("{inner}{}: {written}", Value::String(k.clone()))
        })
        .collect();
    format!("{{\n{}\n{indent}}}", fields.join(",\n"))
}

/// `value` printed a field (or an element) a line, its first line at the current position and
/// the rest at `indent`.
fn pretty(value: &Value, indent: &str, unit: &str) -> String {
    let printed = print(value, unit, false);
    printed.replace('\n', &format!("\n{indent}"))
}

/// `new` on one line, from `node` (which holds `old`, on one line): what is the same is copied
/// from its text, what changed is printed.
fn inline_from(node: &CstNode, old: &Value, new: &Value, spaced: bool) -> String {
    if old == new && same_order(old, new) {
        return node.to_string();
    }
    let pad = if spaced { " " } else { "" };
    match (old, new) {
        (Value::Object(om), Value::Object(nm)) => {
            let Some(object) = node.as_object() else {
                return inline(new, spaced);
            };
            if nm.is_empty() {
                return "{}".into();
            }
            let fields: Vec<String> = nm
                .iter()
                .map(|(k, v)| {
                    let prop = object.get(k);
                    let key = prop
                        .as_ref()
                        .and_then(|p| p.name())
                        .map(|n| CstNode::from(n).to_string())
                        .unwrap_or_else(|| Value::String(k.clone()).to_string());
                    let value = match (om.get(k), prop.and_then(|p| p.value())) {
                        (Some(ov), Some(vn)) => inline_from(&vn, ov, v, spaced),
                        _ => inline(v, spaced),
                    };
                    format!("{key}: {value}")
                })
                .collect();
            format!("{{{pad}{}{pad}}}", fields.join(", "))
        }
        (Value::Array(oa), Value::Array(na)) if oa.len() == na.len() => {
            let Some(array) = node.as_array() else {
                return inline(new, spaced);
            };
            let elements = array.elements();
            let items: Vec<String> = na
                .iter()
                .enumerate()
                .map(|(i, v)| match elements.get(i) {
                    Some(e) => inline_from(e, &oa[i], v, spaced),
                    None => inline(v, spaced),
                })
                .collect();
            format!("[{}]", items.join(", "))
        }
        _ => inline(new, spaced),
    }
}

/// `value` on one line, as a person writes a short object: `{ "a": 1, "b": [1, 2] }` (without
/// the spaces inside braces when `spaced` is false).
fn inline(value: &Value, spaced: bool) -> String {
    let pad = if spaced { " " } else { "" };
    match value {
        Value::Object(m) if !m.is_empty() => {
            let fields: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), inline(v, spaced)))
                .collect();
            format!("{{{pad}{}{pad}}}", fields.join(", "))
        }
        Value::Array(a) if !a.is_empty() => {
            let items: Vec<String> = a.iter().map(|v| inline(v, spaced)).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

fn replace(ctx: &mut Ctx<'_>, node: &CstNode, old: &Value, value: &Value) -> bool {
    ctx.forget_node(node, old);
    let input = ctx.input_at(value, node.ancestors().count(), None);
    replace_with_input(node, input)
}

fn replace_with_input(node: &CstNode, input: CstInputValue) -> bool {
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
    fn a_scene_moved_and_edited_keeps_its_own_lines() {
        let old = parse(TEXT);
        let mut new = old.clone();
        let scenes = new["scenes"].as_array_mut().unwrap();
        let first = scenes.remove(0);
        scenes.push(first);
        new["scenes"][2]["duration"] = json!(9);
        let out = rewrite(TEXT, &old, &new);
        assert!(holds(&out, &new), "{out}");
        assert!(
            out.contains("{ \"duration\": 9, \"background\": { \"color\": \"#112233\" } }"),
            "{out}"
        );
    }

    #[test]
    fn what_did_not_change_in_a_one_line_object_is_written_as_it_was() {
        let text = "{\n  \"s\": { \"d\": 3, \"x-id\": 12345678901234567890123, \"e\": 1E2, \"c\": \"Caf\\u00e9 \\/\" }\n}\n";
        let old = parse(text);
        let mut new = old.clone();
        new["s"]["d"] = json!(4);
        let out = rewrite(text, &old, &new);
        assert_eq!(
            out,
            "{\n  \"s\": { \"d\": 4, \"x-id\": 12345678901234567890123, \"e\": 1E2, \"c\": \"Caf\\u00e9 \\/\" }\n}\n"
        );
    }

    #[test]
    fn crlf_lines_stay_crlf() {
        let text = "{\r\n  \"a\": [\r\n    { \"b\": 1 }\r\n  ]\r\n}\r\n";
        let old = parse(text);
        let mut new = old.clone();
        new["a"]
            .as_array_mut()
            .unwrap()
            .push(json!({"b": 2, "c": {"d": [1, 2, 3], "e": "a long enough value to be written on lines of its own"}}));
        let out = rewrite(text, &old, &new);
        assert!(holds(&out, &new), "{out}");
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    }

    #[test]
    fn a_closing_brace_on_the_last_fields_line_stays_there() {
        let text = "{\n  \"t\": { \"a\": 1, \"b\": 2,\n    \"box\": { \"c\": 3 } }\n}\n";
        let old = parse(text);
        let mut new = old.clone();
        new["t"].as_object_mut().unwrap().shift_remove("box");
        let out = rewrite(text, &old, &new);
        assert_eq!(out, "{\n  \"t\": { \"a\": 1, \"b\": 2 }\n}\n");
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
