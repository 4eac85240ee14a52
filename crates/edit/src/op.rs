//! Operations: every change to a project is one of these values, applied to the JSON the person
//! wrote (never to the filled copy the renderer reads), and each application gives back the
//! operation that undoes it. They serialise, so the journal stores them, the CLI reads them
//! and the window sends them over IPC.
//!
//! Addresses are RFC 6901 JSON Pointers (`/scenes/2/narration/text`); array indexes count from 0.
//! The form is OpenShot's (insert, update, delete by JSON path, each keeping what its reverse
//! needs), with what a file's layout needs: a removed key remembers its place, so undo puts it
//! back where it was and the saved file comes back byte for byte.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::OpError;
use crate::order;

/// One change to a document. A [`Op::Batch`] is one gesture: one history entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// The value at `at` becomes `value`. A missing key is added (its parent must exist), at
    /// `index` among its object's keys when given (undo uses it), else where the schema orders it.
    /// An array element is replaced; `at` = `""` replaces the whole document.
    Set {
        at: String,
        #[cfg_attr(feature = "bindings", ts(type = "unknown"))]
        value: Value,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        index: Option<usize>,
    },
    /// The field or the array element at `at` is taken out.
    Remove { at: String },
    /// `value` goes into the array at `at`'s parent, before the element `at` names (`-` or the
    /// array's length: at its end).
    Insert {
        at: String,
        #[cfg_attr(feature = "bindings", ts(type = "unknown"))]
        value: Value,
    },
    /// The elements `from` (any order, no repeats) of the array at `at` are taken out and put
    /// back, in their order, so the first of them is at `to` in the result.
    Move {
        at: String,
        from: Vec<usize>,
        to: usize,
    },
    /// The array at `at` reordered: element `i` of the result is element `order[i]` of before.
    Reorder { at: String, order: Vec<usize> },
    /// Several operations as one gesture, applied in order (and undone in reverse).
    Batch { ops: Vec<Op> },
}

impl Op {
    pub fn set(at: impl Into<String>, value: Value) -> Op {
        Op::Set {
            at: at.into(),
            value,
            index: None,
        }
    }

    /// Applies this operation to `doc` and returns its inverse. On error `doc` is unchanged
    /// (a batch that fails half-way is rolled back).
    ///
    /// # Errors
    /// [`OpError`]: a pointer that does not exist, a value of the wrong kind of container, an
    /// index past the end.
    pub fn apply(&self, doc: &mut Value) -> Result<Op, OpError> {
        match self {
            Op::Set { at, value, index } => set(doc, at, value.clone(), *index),
            Op::Remove { at } => remove(doc, at),
            Op::Insert { at, value } => insert(doc, at, value.clone()),
            Op::Move { at, from, to } => {
                let len = array_at(doc, at)?.len();
                let order = move_order(at, len, from, *to)?;
                reorder(doc, at, &order)
            }
            Op::Reorder { at, order } => reorder(doc, at, order),
            Op::Batch { ops } => {
                let mut inverses = Vec::with_capacity(ops.len());
                for op in ops {
                    match op.apply(doc) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(e) => {
                            for inverse in inverses.iter().rev() {
                                inverse
                                    .apply(doc)
                                    .expect("an inverse applies to what its operation made");
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Ok(Op::Batch { ops: inverses })
            }
        }
    }

    /// The largest value this operation writes, serialised: where, and its bytes.
    pub fn largest_value(&self) -> Option<(String, u64)> {
        match self {
            Op::Set { at, value, .. } | Op::Insert { at, value } => Some((
                at.clone(),
                serde_json::to_vec(value).map_or(u64::MAX, |v| v.len() as u64),
            )),
            Op::Batch { ops } => ops
                .iter()
                .filter_map(Op::largest_value)
                .max_by_key(|(_, bytes)| *bytes),
            Op::Remove { .. } | Op::Move { .. } | Op::Reorder { .. } => None,
        }
    }

    /// The pointers this operation writes (a batch's, each).
    pub fn targets(&self) -> Vec<&str> {
        match self {
            Op::Set { at, .. }
            | Op::Remove { at }
            | Op::Insert { at, .. }
            | Op::Move { at, .. }
            | Op::Reorder { at, .. } => vec![at.as_str()],
            Op::Batch { ops } => ops.iter().flat_map(Op::targets).collect(),
        }
    }
}

/// The reference tokens of a pointer, unescaped.
///
/// # Errors
/// A non-empty pointer that does not start with `/`.
pub fn tokens(at: &str) -> Result<Vec<String>, OpError> {
    if at.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = at.strip_prefix('/') else {
        return Err(OpError::BadPointer { at: at.to_owned() });
    };
    // RFC 6901: `~` is only ever `~0` or `~1`.
    let escapes_ok = rest
        .split('~')
        .skip(1)
        .all(|after| after.starts_with('0') || after.starts_with('1'));
    if !escapes_ok {
        return Err(OpError::BadPointer { at: at.to_owned() });
    }
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// A pointer from tokens, escaped.
pub fn pointer<S: AsRef<str>>(tokens: &[S]) -> String {
    tokens.iter().fold(String::new(), |mut p, t| {
        p.push('/');
        p.push_str(&t.as_ref().replace('~', "~0").replace('/', "~1"));
        p
    })
}

fn get<'a>(doc: &'a Value, at: &str, toks: &[String]) -> Result<&'a Value, OpError> {
    let mut here = doc;
    for (depth, t) in toks.iter().enumerate() {
        let missing = || OpError::NoSuchField {
            at: pointer(&toks[..=depth]),
        };
        here = match here {
            Value::Object(m) => m.get(t).ok_or_else(missing)?,
            Value::Array(a) => {
                a.get(index_token(t, &toks[..=depth])?)
                    .ok_or_else(|| OpError::IndexPastEnd {
                        at: pointer(&toks[..=depth]),
                        len: a.len(),
                    })?
            }
            _ => {
                return Err(OpError::NotAContainer {
                    at: pointer(&toks[..depth]),
                    within: at.to_owned(),
                })
            }
        };
    }
    Ok(here)
}

fn get_mut<'a>(doc: &'a mut Value, at: &str, toks: &[String]) -> Result<&'a mut Value, OpError> {
    // Checked first with the shared walk, so errors are said once.
    get(doc, at, toks)?;
    let mut here = doc;
    for t in toks {
        here = match here {
            Value::Object(m) => m.get_mut(t).expect("checked above"),
            Value::Array(a) => {
                let i: usize = t.parse().expect("checked above");
                &mut a[i]
            }
            _ => unreachable!("checked above"),
        };
    }
    Ok(here)
}

fn index_token(t: &str, toks: &[String]) -> Result<usize, OpError> {
    // RFC 6901: digits, no leading zero (so `01` is not `1`).
    let ok =
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && (t == "0" || !t.starts_with('0'));
    ok.then(|| t.parse().ok())
        .flatten()
        .ok_or_else(|| OpError::NotAnIndex { at: pointer(toks) })
}

fn split_last(at: &str) -> Result<(Vec<String>, String), OpError> {
    let mut toks = tokens(at)?;
    let last = toks.pop().ok_or(OpError::WholeDocument)?;
    Ok((toks, last))
}

fn set(doc: &mut Value, at: &str, value: Value, index: Option<usize>) -> Result<Op, OpError> {
    if at.is_empty() {
        if !value.is_object() {
            return Err(OpError::NotAnObject { at: String::new() });
        }
        let old = std::mem::replace(doc, value);
        return Ok(Op::set("", old));
    }
    let (parent_toks, last) = split_last(at)?;
    let parent_at = pointer(&parent_toks);
    let key_order = order::keys_at(doc, &parent_toks);
    let parent = get_mut(doc, at, &parent_toks)?;
    match parent {
        Value::Object(map) => match map.get_mut(&last) {
            Some(slot) => {
                let old = std::mem::replace(slot, value);
                Ok(Op::set(at, old))
            }
            None => {
                let place = index
                    .unwrap_or_else(|| order::place(map, &last, key_order.as_deref()))
                    .min(map.len());
                map.shift_insert(place, last, value);
                Ok(Op::Remove { at: at.to_owned() })
            }
        },
        Value::Array(items) => {
            let i = index_token(&last, &tokens(at)?)?;
            let len = items.len();
            let slot = items.get_mut(i).ok_or(OpError::IndexPastEnd {
                at: at.to_owned(),
                len,
            })?;
            let old = std::mem::replace(slot, value);
            Ok(Op::set(at, old))
        }
        _ => Err(OpError::NotAContainer {
            at: parent_at,
            within: at.to_owned(),
        }),
    }
}

fn remove(doc: &mut Value, at: &str) -> Result<Op, OpError> {
    let (parent_toks, last) = split_last(at)?;
    let parent_at = pointer(&parent_toks);
    let parent = get_mut(doc, at, &parent_toks)?;
    match parent {
        Value::Object(map) => {
            let place = map
                .keys()
                .position(|k| *k == last)
                .ok_or_else(|| OpError::NoSuchField { at: at.to_owned() })?;
            let old = map.shift_remove(&last).expect("the key was just found");
            Ok(Op::Set {
                at: at.to_owned(),
                value: old,
                index: Some(place),
            })
        }
        Value::Array(items) => {
            let i = index_token(&last, &tokens(at)?)?;
            if i >= items.len() {
                return Err(OpError::IndexPastEnd {
                    at: at.to_owned(),
                    len: items.len(),
                });
            }
            let old = items.remove(i);
            Ok(Op::Insert {
                at: at.to_owned(),
                value: old,
            })
        }
        _ => Err(OpError::NotAContainer {
            at: parent_at,
            within: at.to_owned(),
        }),
    }
}

fn insert(doc: &mut Value, at: &str, value: Value) -> Result<Op, OpError> {
    let (parent_toks, last) = split_last(at)?;
    let parent_at = pointer(&parent_toks);
    let items = match get_mut(doc, at, &parent_toks)? {
        Value::Array(items) => items,
        _ => return Err(OpError::NotAnArray { at: parent_at }),
    };
    let i = if last == "-" {
        items.len()
    } else {
        index_token(&last, &tokens(at)?)?
    };
    if i > items.len() {
        return Err(OpError::IndexPastEnd {
            at: at.to_owned(),
            len: items.len(),
        });
    }
    items.insert(i, value);
    Ok(Op::Remove {
        at: pointer(&[parent_toks, vec![i.to_string()]].concat()),
    })
}

fn array_at<'a>(doc: &'a Value, at: &str) -> Result<&'a Vec<Value>, OpError> {
    match get(doc, at, &tokens(at)?)? {
        Value::Array(items) => Ok(items),
        _ => Err(OpError::NotAnArray { at: at.to_owned() }),
    }
}

/// The order a [`Op::Move`] makes: the rest keep their order, the moved ones go in at `to`.
fn move_order(at: &str, len: usize, from: &[usize], to: usize) -> Result<Vec<usize>, OpError> {
    let mut moved: Vec<usize> = Vec::with_capacity(from.len());
    for &i in from {
        if i >= len {
            return Err(OpError::IndexPastEnd {
                at: format!("{at}/{i}"),
                len,
            });
        }
        if moved.contains(&i) {
            return Err(OpError::Repeated {
                at: at.to_owned(),
                index: i,
            });
        }
        moved.push(i);
    }
    let rest: Vec<usize> = (0..len).filter(|i| !moved.contains(i)).collect();
    if to > rest.len() {
        return Err(OpError::IndexPastEnd {
            at: format!("{at}/{to}"),
            len: rest.len(),
        });
    }
    Ok([&rest[..to], &moved[..], &rest[to..]].concat())
}

fn reorder(doc: &mut Value, at: &str, order: &[usize]) -> Result<Op, OpError> {
    let toks = tokens(at)?;
    let items = match get_mut(doc, at, &toks)? {
        Value::Array(items) => items,
        _ => return Err(OpError::NotAnArray { at: at.to_owned() }),
    };
    let mut seen = vec![false; items.len()];
    let is_permutation = order.len() == items.len()
        && order
            .iter()
            .all(|&i| i < seen.len() && !std::mem::replace(&mut seen[i], true));
    if !is_permutation {
        return Err(OpError::NotAnOrder {
            at: at.to_owned(),
            len: items.len(),
        });
    }
    let mut old: Vec<Option<Value>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .iter()
            .map(|&i| old[i].take().expect("a permutation takes each once")),
    );
    let mut inverse = vec![0; order.len()];
    for (new_place, &old_place) in order.iter().enumerate() {
        inverse[old_place] = new_place;
    }
    Ok(Op::Reorder {
        at: at.to_owned(),
        order: inverse,
    })
}

/// The value at `at`, when there is one.
pub fn value_at<'a>(doc: &'a Value, at: &str) -> Option<&'a Value> {
    get(doc, at, &tokens(at).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"version": 1, "title": "T", "scenes": [
            {"duration": 1, "background": {"color": "red"}},
            {"duration": 2, "background": {"color": "green"}},
            {"duration": 3, "background": {"color": "blue"}},
        ]})
    }

    fn round_trip(op: Op) {
        let before = doc();
        let mut d = before.clone();
        let inverse = op.apply(&mut d).unwrap();
        assert_ne!(d, before, "{op:?} changed nothing");
        inverse.apply(&mut d).unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            serde_json::to_string(&before).unwrap(),
            "{op:?} undone"
        );
    }

    #[test]
    fn every_kind_undoes_to_the_same_bytes() {
        round_trip(Op::set("/title", json!("U")));
        round_trip(Op::set("/scenes/1/name", json!("Intro")));
        round_trip(Op::Remove {
            at: "/title".into(),
        });
        round_trip(Op::Remove {
            at: "/scenes/0".into(),
        });
        round_trip(Op::Insert {
            at: "/scenes/-".into(),
            value: json!({}),
        });
        round_trip(Op::Insert {
            at: "/scenes/1".into(),
            value: json!({}),
        });
        round_trip(Op::Move {
            at: "/scenes".into(),
            from: vec![2],
            to: 0,
        });
        round_trip(Op::Move {
            at: "/scenes".into(),
            from: vec![0, 2],
            to: 1,
        });
        round_trip(Op::set("", json!({"version": 1})));
        round_trip(Op::Batch {
            ops: vec![
                Op::Remove {
                    at: "/scenes/0".into(),
                },
                Op::set("/scenes/0/duration", json!(9)),
            ],
        });
    }

    #[test]
    fn a_new_key_goes_where_the_schema_puts_it() {
        let mut d = doc();
        Op::set("/scenes/0/name", json!("Intro"))
            .apply(&mut d)
            .unwrap();
        let keys: Vec<&String> = d["scenes"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "duration", "background"]);
        Op::set("/scenes/0/caption", json!("c"))
            .apply(&mut d)
            .unwrap();
        let keys: Vec<&String> = d["scenes"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "duration", "background", "caption"]);
    }

    #[test]
    fn moves_keep_the_others_in_order() {
        let mut d = doc();
        Op::Move {
            at: "/scenes".into(),
            from: vec![2],
            to: 0,
        }
        .apply(&mut d)
        .unwrap();
        let durations: Vec<i64> = d["scenes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["duration"].as_i64().unwrap())
            .collect();
        assert_eq!(durations, [3, 1, 2]);
    }

    #[test]
    fn bad_addresses_are_typed_errors_and_change_nothing() {
        let cases = [
            (Op::set("/scenes/7/duration", json!(1)), "IndexPastEnd"),
            (Op::set("/nothing/here", json!(1)), "NoSuchField"),
            (Op::set("/title/x", json!(1)), "NotAContainer"),
            (Op::set("/scenes/01", json!(1)), "NotAnIndex"),
            (Op::Remove { at: "/nope".into() }, "NoSuchField"),
            (
                Op::Move {
                    at: "/scenes".into(),
                    from: vec![0],
                    to: 3,
                },
                "IndexPastEnd",
            ),
            (
                Op::Move {
                    at: "/title".into(),
                    from: vec![0],
                    to: 0,
                },
                "NotAnArray",
            ),
            (
                Op::Reorder {
                    at: "/scenes".into(),
                    order: vec![0, 0, 1],
                },
                "NotAnOrder",
            ),
            (Op::set("title", json!(1)), "BadPointer"),
            (
                Op::Batch {
                    ops: vec![
                        Op::set("/title", json!("U")),
                        Op::Remove { at: "/x".into() },
                    ],
                },
                "NoSuchField",
            ),
        ];
        for (op, kind) in cases {
            let mut d = doc();
            let err = op.apply(&mut d).unwrap_err();
            assert!(format!("{err:?}").starts_with(kind), "{op:?}: {err:?}");
            assert_eq!(d, doc(), "{op:?} left the document as it was");
        }
    }
}
