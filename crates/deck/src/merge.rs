//! A new version of a deck merged into its project, three ways, per scene and per field: the
//! base is what the last import wrote (`imported.slides`), ours is the project now, theirs is
//! the new deck. A field only the deck changed takes the new value, a field only the person
//! changed keeps theirs, a field both changed is a conflict (the person's value kept, both
//! reported). Pure: JSON in, JSON and a report out; `update` draws the deck and writes.

use std::collections::{HashMap, HashSet};

use estudio_project::imported::{Imported, ImportedSlide};
use serde::Serialize;
use serde_json::{json, Value};

/// A field an import writes, and so one a deck update merges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The slide's picture (`background.image`).
    Picture,
    /// The notes, spoken (`narration.text`).
    Narration,
    /// The title, as the scene's name.
    Name,
    /// The length of a slide without notes.
    Duration,
}

impl Field {
    /// Its name, as the report and the window say it (`picture`, `narration`, `name`,
    /// `duration`; serde's name too).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Picture => "picture",
            Field::Narration => "narration",
            Field::Name => "name",
            Field::Duration => "duration",
        }
    }

    /// Where the field is in scene `scene`.
    pub fn pointer(self, scene: usize) -> String {
        let tail = match self {
            Field::Picture => "background/image",
            Field::Narration => "narration/text",
            Field::Name => "name",
            Field::Duration => "duration",
        };
        format!("/scenes/{scene}/{tail}")
    }
}

/// A field's value as a report shows it: a text as it is, nothing as nothing.
pub fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// One thing an update did. `scene` is a scene's place in the merged project (from 0), `slide`
/// a slide's number in the new deck (from 1), `was` a scene's place before the update.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// Only the deck changed the field: the new value taken.
    Taken {
        scene: usize,
        slide: usize,
        field: Field,
    },
    /// Only the person changed the field: theirs kept.
    Kept {
        scene: usize,
        slide: usize,
        field: Field,
    },
    /// Both changed the field: the person's value kept; the deck's offered at `at`.
    Conflict {
        scene: usize,
        slide: usize,
        field: Field,
        at: String,
        ours: Value,
        theirs: Value,
    },
    /// A slide new in the deck, now a scene.
    Added { scene: usize, slide: usize },
    /// A slide gone from the deck: its scene, never edited, removed.
    Removed { was: usize, name: Option<String> },
    /// A slide gone from the deck whose scene the person had edited: kept, no longer tied to
    /// the deck.
    Orphaned { scene: usize, was: usize },
    /// A slide still in the deck whose scene the person had removed: left out.
    LeftOut { slide: usize },
    /// The deck moved the slide: its scene followed.
    Moved { scene: usize, slide: usize },
}

impl Event {
    /// The scene of the merged project it is about, if one.
    pub fn scene(&self) -> Option<usize> {
        match self {
            Event::Taken { scene, .. }
            | Event::Kept { scene, .. }
            | Event::Conflict { scene, .. }
            | Event::Added { scene, .. }
            | Event::Orphaned { scene, .. }
            | Event::Moved { scene, .. } => Some(*scene),
            Event::Removed { .. } | Event::LeftOut { .. } => None,
        }
    }
}

/// A merged project's new scenes and import record, and what the merge did.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub scenes: Vec<Value>,
    pub imported: Imported,
    pub events: Vec<Event>,
    /// Slides of the new deck matched to one the project had (0: not a version of its deck).
    pub in_common: usize,
}

/// A scene's place while merging: one of the project's, or a new slide's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Item {
    Ours(usize),
    New(usize),
}

/// Merges `theirs` (the new deck's slides, their pictures already named as the project will)
/// into `scenes` (the project's, as written), last imported as `base`.
pub fn merge(
    scenes: &[Value],
    base: &Imported,
    deck: String,
    theirs: &[ImportedSlide],
    retouched: &HashSet<&str>,
    slide_secs: f64,
) -> Merged {
    let (matched, in_common) = match_slides(&base.slides, theirs);
    let theirs_of_base: HashMap<usize, usize> = matched.iter().copied().collect();
    let base_of_theirs: HashMap<usize, usize> = matched.iter().map(|&(b, t)| (t, b)).collect();
    // A still's length is the import's choice, not the deck's: a matched still without notes
    // on both sides keeps the length it was imported with.
    let theirs: Vec<ImportedSlide> = theirs
        .iter()
        .enumerate()
        .map(|(t, slide)| {
            let mut slide = slide.clone();
            if let Some(b) = base_of_theirs.get(&t).map(|&b| &base.slides[b]) {
                if b.narration.is_none() && slide.narration.is_none() {
                    slide.duration = b.duration;
                }
            }
            slide
        })
        .collect();
    let theirs = theirs.as_slice();
    let base_by_key: HashMap<&str, usize> = base
        .slides
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    // Each base slide's scene: the first scene naming it (a copy the person made is theirs).
    let mut scene_of_base: HashMap<usize, usize> = HashMap::new();
    for (i, scene) in scenes.iter().enumerate() {
        if let Some(&b) = scene
            .get("slide")
            .and_then(Value::as_str)
            .and_then(|k| base_by_key.get(k))
        {
            scene_of_base.entry(b).or_insert(i);
        }
    }
    let base_of_scene: HashMap<usize, usize> =
        scene_of_base.iter().map(|(&b, &i)| (i, b)).collect();

    let mut out: Vec<Value> = scenes.to_vec();
    // A copy the person made of an imported scene is theirs: it no longer names the slide
    // (whose key may be another slide's after this update).
    for (i, scene) in out.iter_mut().enumerate() {
        if scene.get("slide").is_some() && !base_of_scene.contains_key(&i) {
            if let Some(o) = scene.as_object_mut() {
                o.remove("slide");
            }
        }
    }
    let mut pending: Vec<(Item, PendingEvent)> = Vec::new();
    // Scenes that leave the project, and those no longer tied to the deck.
    let mut gone: HashSet<usize> = HashSet::new();
    for (i, scene) in scenes.iter().enumerate() {
        let Some(&b) = base_of_scene.get(&i) else {
            continue;
        };
        let base_slide = &base.slides[b];
        match theirs_of_base.get(&b) {
            Some(&t) => {
                // Tied to the slide's key in the new record (a `page:N` key changes with its
                // place).
                set_or_remove(&mut out[i], "slide", json!(theirs[t].key));
                let retouched = retouched.contains(base_slide.image.as_str());
                for (field, outcome, ours, theirs_value) in
                    merge_fields(&mut out[i], base_slide, &theirs[t], retouched, slide_secs)
                {
                    let event = match outcome {
                        Outcome::Same => continue,
                        Outcome::Taken => PendingEvent::Taken { slide: t, field },
                        Outcome::Kept => PendingEvent::Kept { slide: t, field },
                        Outcome::Conflict => PendingEvent::Conflict {
                            slide: t,
                            field,
                            ours,
                            theirs: theirs_value,
                        },
                    };
                    pending.push((Item::Ours(i), event));
                }
            }
            None if unedited(scene, base_slide) => {
                gone.insert(i);
                pending.push((
                    Item::Ours(i),
                    PendingEvent::Removed {
                        name: scene.get("name").and_then(Value::as_str).map(str::to_owned),
                    },
                ));
            }
            None => {
                if let Some(o) = out[i].as_object_mut() {
                    o.remove("slide");
                }
                pending.push((Item::Ours(i), PendingEvent::Orphaned));
            }
        }
    }

    // The order: the deck's, except where the person put scenes themselves.
    let tied: Vec<usize> = (0..scenes.len())
        .filter(|i| !gone.contains(i))
        .filter(|i| {
            base_of_scene
                .get(i)
                .is_some_and(|b| theirs_of_base.contains_key(b))
        })
        .collect();
    // Scenes the person moved: those off the longest run in the order the last import wrote.
    let kept_in_place: HashSet<usize> = longest_increasing(&tied, |i| base_of_scene[i])
        .into_iter()
        .collect();
    let mut order: Vec<Item> = Vec::new();
    for t in 0..theirs.len() {
        match base_of_theirs.get(&t) {
            Some(b) => {
                if let Some(&i) = scene_of_base.get(b) {
                    if kept_in_place.contains(&i) {
                        order.push(Item::Ours(i));
                    }
                } else {
                    pending.push((Item::New(t), PendingEvent::LeftOut { slide: t }));
                }
            }
            None => {
                order.push(Item::New(t));
                pending.push((Item::New(t), PendingEvent::Added { slide: t }));
            }
        }
    }
    // The rest where the person had them: each right after the scene before it in the project
    // (the first at the start).
    for i in 0..scenes.len() {
        if gone.contains(&i) || kept_in_place.contains(&i) {
            continue;
        }
        let before = (0..i)
            .rev()
            .find_map(|j| order.iter().position(|it| *it == Item::Ours(j)));
        order.insert(before.map_or(0, |p| p + 1), Item::Ours(i));
    }
    // Scenes the deck moved: those off the longest run, in the project's order, of the slides'
    // new places.
    let followed: Vec<usize> = (0..scenes.len())
        .filter(|i| kept_in_place.contains(i))
        .collect();
    let theirs_of_scene = |i: &usize| theirs_of_base[&base_of_scene[i]];
    let not_moved: HashSet<usize> = longest_increasing(&followed, theirs_of_scene)
        .into_iter()
        .collect();
    for i in followed.iter().filter(|i| !not_moved.contains(i)) {
        pending.push((
            Item::Ours(*i),
            PendingEvent::Moved {
                slide: theirs_of_scene(i),
            },
        ));
    }

    let place: HashMap<Item, usize> = order.iter().enumerate().map(|(p, it)| (*it, p)).collect();
    let merged_scenes: Vec<Value> = order
        .iter()
        .map(|it| match it {
            Item::Ours(i) => out[*i].clone(),
            Item::New(t) => crate::record::scene(&theirs[*t]),
        })
        .collect();
    let mut events: Vec<Event> = pending
        .into_iter()
        .filter_map(|(item, e)| e.resolve(item, place.get(&item).copied()))
        .collect();
    // Read scene by scene; what left the project last.
    events.sort_by_key(|e| e.scene().unwrap_or(usize::MAX));
    Merged {
        scenes: merged_scenes,
        imported: Imported {
            deck,
            slides: theirs.to_vec(),
        },
        events,
        in_common,
    }
}

/// An event before the scenes have their final places.
enum PendingEvent {
    Taken {
        slide: usize,
        field: Field,
    },
    Kept {
        slide: usize,
        field: Field,
    },
    Conflict {
        slide: usize,
        field: Field,
        ours: Value,
        theirs: Value,
    },
    Added {
        slide: usize,
    },
    Removed {
        name: Option<String>,
    },
    Orphaned,
    LeftOut {
        slide: usize,
    },
    Moved {
        slide: usize,
    },
}

impl PendingEvent {
    fn resolve(self, item: Item, place: Option<usize>) -> Option<Event> {
        let was = match item {
            Item::Ours(i) => i,
            Item::New(_) => usize::MAX,
        };
        Some(match self {
            PendingEvent::Taken { slide, field } => Event::Taken {
                scene: place?,
                slide: slide + 1,
                field,
            },
            PendingEvent::Kept { slide, field } => Event::Kept {
                scene: place?,
                slide: slide + 1,
                field,
            },
            PendingEvent::Conflict {
                slide,
                field,
                ours,
                theirs,
            } => Event::Conflict {
                scene: place?,
                slide: slide + 1,
                field,
                at: field.pointer(place?),
                ours,
                theirs,
            },
            PendingEvent::Added { slide } => Event::Added {
                scene: place?,
                slide: slide + 1,
            },
            PendingEvent::Removed { name } => Event::Removed { was, name },
            PendingEvent::Orphaned => Event::Orphaned { scene: place?, was },
            PendingEvent::LeftOut { slide } => Event::LeftOut { slide: slide + 1 },
            PendingEvent::Moved { slide } => Event::Moved {
                scene: place?,
                slide: slide + 1,
            },
        })
    }
}

/// A field's three-way outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Nobody changed it, or both the same way.
    Same,
    Taken,
    Kept,
    Conflict,
}

fn three(base: &Value, ours: &Value, theirs: &Value) -> Outcome {
    if ours == base {
        if theirs == base {
            Outcome::Same
        } else {
            Outcome::Taken
        }
    } else if theirs == base || ours == theirs {
        if theirs == base {
            Outcome::Kept
        } else {
            Outcome::Same
        }
    } else {
        Outcome::Conflict
    }
}

fn opt_str(v: Option<&str>) -> Value {
    v.map_or(Value::Null, |s| json!(s))
}

/// Merges the imported fields of `scene` (tied to `base`, now `theirs`) in place: each field's
/// (field, outcome, ours, theirs). `retouched`: the person changed the picture's file itself.
fn merge_fields(
    scene: &mut Value,
    base: &ImportedSlide,
    theirs: &ImportedSlide,
    retouched: bool,
    slide_secs: f64,
) -> Vec<(Field, Outcome, Value, Value)> {
    let mut done = Vec::new();
    let get = |scene: &Value, pointer: &str| scene.pointer(pointer).cloned().unwrap_or(Value::Null);

    // The picture: the deck changed it when its content changed (its name may change with its
    // place alone); the person, when the scene shows another file.
    let ours = get(scene, "/background/image");
    let by_person = ours != json!(base.image) || retouched;
    let by_deck = base.picture != theirs.picture;
    let outcome = match (by_person, by_deck) {
        (false, false) => Outcome::Same,
        (false, true) => Outcome::Taken,
        (true, false) => Outcome::Kept,
        (true, true) => Outcome::Conflict,
    };
    if !by_person {
        if let Some(bg) = scene.get_mut("background").and_then(Value::as_object_mut) {
            bg.insert("image".into(), json!(theirs.image));
        }
    }
    done.push((Field::Picture, outcome, ours, json!(theirs.image)));

    // The name, the narration's text and the duration: plain values.
    let name = three(
        &opt_str(base.name.as_deref()),
        &get(scene, "/name"),
        &opt_str(theirs.name.as_deref()),
    );
    let ours_name = get(scene, "/name");
    if name == Outcome::Taken {
        set_or_remove(scene, "name", opt_str(theirs.name.as_deref()));
    }
    done.push((
        Field::Name,
        name,
        ours_name,
        opt_str(theirs.name.as_deref()),
    ));

    let ours_text = get(scene, "/narration/text");
    let narration = three(
        &opt_str(base.narration.as_deref()),
        &ours_text,
        &opt_str(theirs.narration.as_deref()),
    );
    if narration == Outcome::Taken {
        match &theirs.narration {
            Some(text) => match scene.get_mut("narration").and_then(Value::as_object_mut) {
                Some(n) => {
                    n.insert("text".into(), json!(text));
                }
                None => set_or_remove(scene, "narration", json!({ "text": text })),
            },
            None => {
                if let Some(n) = scene.get_mut("narration").and_then(Value::as_object_mut) {
                    n.remove("text");
                }
                // A narration left with nothing to say (no recording either) goes.
                let empty = scene
                    .get("narration")
                    .and_then(Value::as_object)
                    .is_some_and(|n| !n.contains_key("src"));
                if empty {
                    set_or_remove(scene, "narration", Value::Null);
                }
            }
        }
    }
    done.push((
        Field::Narration,
        narration,
        ours_text,
        opt_str(theirs.narration.as_deref()),
    ));

    let num = |v: Option<f64>| v.map_or(Value::Null, |d| json!(d));
    let ours_secs = get(scene, "/duration");
    let mut duration = three(&num(base.duration), &ours_secs, &num(theirs.duration));
    // Notes gone from the deck but a narration kept (the person's, in a conflict): it still
    // sets the length, which a still's fixed one would cut short.
    let speaks = scene.pointer("/narration/text").is_some();
    if duration == Outcome::Taken && speaks && theirs.duration.is_some() {
        duration = Outcome::Same;
    }
    if duration == Outcome::Taken {
        set_or_remove(scene, "duration", num(theirs.duration));
    }
    // A still without notes needs a length.
    if scene.get("narration").is_none() && scene.get("duration").is_none() {
        set_or_remove(scene, "duration", json!(slide_secs));
    }
    done.push((Field::Duration, duration, ours_secs, num(theirs.duration)));
    done
}

fn set_or_remove(scene: &mut Value, key: &str, value: Value) {
    if let Some(o) = scene.as_object_mut() {
        if value.is_null() {
            o.remove(key);
        } else {
            o.insert(key.to_owned(), value);
        }
    }
}

/// Whether `scene` is still as the import wrote it for `slide` (read through the model, so a
/// default written out, such as a narration's volume, is no edit).
fn unedited(scene: &Value, slide: &ImportedSlide) -> bool {
    let read = |v: &Value| serde_json::from_value::<estudio_project::Scene>(v.clone()).ok();
    match (read(scene), read(&crate::record::scene(slide))) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// A slide key a deck keeps for the slide wherever it goes (not a page number).
fn lasting(key: &str) -> bool {
    !key.starts_with("page:")
}

/// Whether two slides are the same by one measure.
type SameTest = &'static dyn Fn(&ImportedSlide, &ImportedSlide) -> bool;

/// The base slides matched to the new deck's: (base, theirs) pairs, and how many of them show
/// the same picture or words (a deck of another course shares none, whatever its ids and
/// number of pages). By lasting identity first;
/// then, where either side has none, by the same picture and words, the same words, the same
/// picture; then slides left between two matched ones, as many on each side, in order (a page
/// whose picture and words both changed, in its place).
fn match_slides(base: &[ImportedSlide], theirs: &[ImportedSlide]) -> (Vec<(usize, usize)>, usize) {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut used_b = vec![false; base.len()];
    let mut used_t = vec![false; theirs.len()];
    let by_key: HashMap<&str, usize> = theirs
        .iter()
        .enumerate()
        .filter(|(_, s)| lasting(&s.key))
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    for (b, slide) in base.iter().enumerate() {
        if !lasting(&slide.key) {
            continue;
        }
        // An id with nothing else the same (picture, words, title) is a new slide that took
        // a removed one's id, as python-pptx and others give the highest id again.
        let Some(&t) = by_key.get(slide.key.as_str()) else {
            continue;
        };
        let other = &theirs[t];
        // A slide of nothing but a picture has nothing else to compare: its id is enough.
        let wordless = |s: &ImportedSlide| s.words.is_none() && s.name.is_none();
        let alike = slide.picture == other.picture
            || (slide.words.is_some() && slide.words == other.words)
            || (slide.name.is_some() && slide.name == other.name)
            || (wordless(slide) && wordless(other));
        if alike {
            pairs.push((b, t));
            used_b[b] = true;
            used_t[t] = true;
        }
    }
    // Two slides that each keep a lasting identity and did not match are different slides.
    let may_pair = |b: usize, t: usize| !(lasting(&base[b].key) && lasting(&theirs[t].key));
    let tests: [SameTest; 3] = [
        &|a, b| a.picture == b.picture && a.words == b.words,
        &|a, b| a.words.is_some() && a.words == b.words,
        &|a, b| a.picture == b.picture,
    ];
    for same in tests {
        for b in 0..base.len() {
            if used_b[b] {
                continue;
            }
            if let Some(t) = (0..theirs.len())
                .find(|&t| !used_t[t] && may_pair(b, t) && same(&base[b], &theirs[t]))
            {
                pairs.push((b, t));
                used_b[b] = true;
                used_t[t] = true;
            }
        }
    }
    // Gaps between matched slides that keep their order, as many on each side: paired in order.
    pairs.sort_unstable();
    let anchors = longest_increasing(&pairs, |&(_, t)| t);
    let mut bounds: Vec<(usize, usize)> = vec![(0, 0)];
    bounds.extend(anchors.iter().map(|&(b, t)| (b + 1, t + 1)));
    let ends: Vec<(usize, usize)> = anchors
        .iter()
        .copied()
        .chain(std::iter::once((base.len(), theirs.len())))
        .collect();
    for (&(b0, t0), &(b1, t1)) in bounds.iter().zip(&ends) {
        let bs: Vec<usize> = (b0..b1).filter(|&b| !used_b[b]).collect();
        let ts: Vec<usize> = (t0..t1).filter(|&t| !used_t[t]).collect();
        if bs.len() == ts.len() && bs.iter().zip(&ts).all(|(&b, &t)| may_pair(b, t)) {
            for (&b, &t) in bs.iter().zip(&ts) {
                pairs.push((b, t));
                used_b[b] = true;
                used_t[t] = true;
            }
        }
    }
    pairs.sort_unstable();
    let same = pairs
        .iter()
        .filter(|&&(b, t)| {
            base[b].picture == theirs[t].picture
                || (base[b].words.is_some() && base[b].words == theirs[t].words)
        })
        .count();
    (pairs, same)
}

/// The longest subsequence of `items` whose `key` increases (patience sorting), in order.
fn longest_increasing<T: Copy>(items: &[T], key: impl Fn(&T) -> usize) -> Vec<T> {
    // tails[k]: index (in items) of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; items.len()];
    for (i, item) in items.iter().enumerate() {
        let k = key(item);
        let at = tails.partition_point(|&j| key(&items[j]) < k);
        prev[i] = at.checked_sub(1).map(|a| tails[a]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        run.push(items[i]);
        at = prev[i];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A slide: `key`, its picture and words (as short stand-ins for hashes), its notes.
    fn slide(key: &str, picture: &str, words: &str, notes: Option<&str>) -> ImportedSlide {
        ImportedSlide {
            key: key.into(),
            picture: picture.into(),
            fingerprint: "0".into(),
            words: (!words.is_empty()).then(|| words.into()),
            image: format!("p.slides/{picture}.png"),
            narration: notes.map(str::to_owned),
            name: None,
            duration: notes.is_none().then_some(5.0),
        }
    }

    fn pages(pictures: &[&str]) -> Vec<ImportedSlide> {
        pictures
            .iter()
            .enumerate()
            .map(|(i, p)| slide(&format!("page:{}", i + 1), p, p, None))
            .collect()
    }

    fn imported(slides: Vec<ImportedSlide>) -> (Vec<Value>, Imported) {
        let scenes = slides.iter().map(crate::record::scene).collect();
        (
            scenes,
            Imported {
                deck: "d".into(),
                slides,
            },
        )
    }

    fn run(scenes: &[Value], base: &Imported, theirs: &[ImportedSlide]) -> Merged {
        merge(scenes, base, "d2".into(), theirs, &HashSet::new(), 5.0)
    }

    fn pictures_of(scenes: &[Value]) -> Vec<&str> {
        scenes
            .iter()
            .map(|s| s["background"]["image"].as_str().unwrap_or("?"))
            .collect()
    }

    /// Found by a review: scenes kept their old `page:N` after an update renumbered the pages,
    /// so the next update tied them to the wrong slides.
    #[test]
    fn pages_renumbered_by_an_update_stay_tied_to_their_scenes() {
        let (scenes, base) = imported(pages(&["a", "b", "c", "d", "e"]));
        let once = run(&scenes, &base, &pages(&["b", "c", "d", "e"]));
        assert_eq!(
            pictures_of(&once.scenes),
            [
                "p.slides/b.png",
                "p.slides/c.png",
                "p.slides/d.png",
                "p.slides/e.png"
            ]
        );
        assert_eq!(once.scenes[0]["slide"], "page:1");
        let twice = run(&once.scenes, &once.imported, &pages(&["b", "c", "d"]));
        assert_eq!(
            pictures_of(&twice.scenes),
            ["p.slides/b.png", "p.slides/c.png", "p.slides/d.png"]
        );
        let removed = twice
            .events
            .iter()
            .filter(|e| matches!(e, Event::Removed { .. }))
            .count();
        assert_eq!(removed, 1, "{:#?}", twice.events);
        assert!(!twice
            .events
            .iter()
            .any(|e| matches!(e, Event::Orphaned { .. } | Event::LeftOut { .. })));
    }

    #[test]
    fn a_deck_of_as_many_pages_with_nothing_alike_has_nothing_in_common() {
        let (scenes, base) = imported(pages(&["a", "b", "c"]));
        assert_eq!(run(&scenes, &base, &pages(&["x", "y", "z"])).in_common, 0);
        assert_eq!(run(&scenes, &base, &pages(&["a", "y", "z"])).in_common, 1);
    }

    #[test]
    fn a_picture_only_slide_keeps_its_id_when_its_picture_changes() {
        let (mut scenes, base) = imported(vec![slide("pptx:256", "a", "", None)]);
        scenes[0]["duration"] = json!(9.0);
        let m = run(&scenes, &base, &[slide("pptx:256", "b", "", None)]);
        assert_eq!(m.scenes.len(), 1, "{:#?}", m.events);
        assert_eq!(m.scenes[0]["background"]["image"], "p.slides/b.png");
        assert_eq!(m.scenes[0]["duration"], 9.0);
    }

    #[test]
    fn a_kept_narration_keeps_its_length_when_the_deck_drops_the_notes() {
        let (mut scenes, base) = imported(vec![slide("pptx:256", "a", "w", Some("Old."))]);
        scenes[0]["narration"]["text"] = json!("Mine.");
        let m = run(&scenes, &base, &[slide("pptx:256", "a", "w", None)]);
        assert_eq!(m.scenes[0]["narration"]["text"], "Mine.");
        assert!(m.scenes[0].get("duration").is_none(), "{}", m.scenes[0]);
    }

    #[test]
    fn a_stills_length_is_not_the_decks_to_change() {
        let (scenes, base) = imported(vec![slide("pptx:256", "a", "w", None)]);
        let mut longer = slide("pptx:256", "a", "w", None);
        longer.duration = Some(8.0);
        let m = run(&scenes, &base, &[longer]);
        assert_eq!(m.scenes[0]["duration"], 5.0);
        assert!(m.events.is_empty(), "{:#?}", m.events);
    }

    #[test]
    fn a_picture_retouched_in_its_file_is_the_persons() {
        let (scenes, base) = imported(vec![slide("pptx:256", "a", "w", None)]);
        let retouched: HashSet<&str> = ["p.slides/a.png"].into();
        let m = merge(
            &scenes,
            &base,
            "d2".into(),
            &[slide("pptx:256", "b", "w", None)],
            &retouched,
            5.0,
        );
        assert_eq!(m.scenes[0]["background"]["image"], "p.slides/a.png");
        assert!(m.events.iter().any(|e| matches!(
            e,
            Event::Conflict {
                field: Field::Picture,
                ..
            }
        )));
    }
}
