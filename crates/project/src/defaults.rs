//! Project-wide defaults (`defaults`), applied where a scene says nothing.
//!
//! They are applied to the JSON itself, before it becomes a [`Project`]: every field a scene
//! omits and the defaults give is written into the scene, and [`Filled`] remembers each one. So
//! the typed project, its checks and the renderer see one explicit value per field (nothing else
//! needs to know defaults exist), while every problem about a filled-in field is reported at the
//! default's pointer (`/defaults/text/size`), once, not at each scene that inherited it.
//!
//! What a default reaches:
//! - `duration`: scenes with no duration of their own, no narration and no clip (those take
//!   their length from what they play);
//! - `pad`: every scene; `transition`: every scene (its missing keys, or all of it; a scene's
//!   own `cut` takes no duration nor easing);
//! - `fit`: picture and clip backgrounds;
//! - `text`: every text's missing style fields (position, alignment, size, colour, font,
//!   outline, box, shadow, width, enter, exit);
//! - `narration`: every narration's `volume`; a spoken one's `voice`, `rate` and `pause`.

use serde_json::{Map, Value};

use crate::Pointer;

/// Where each filled-in field of the scenes came from: (the scene's field, the default's field).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filled(Vec<(String, String)>);

impl Filled {
    /// Where a problem at `at` is to be reported: at the default's field when `at` is (or lies
    /// inside) a field filled from the defaults, else at `at` itself.
    pub fn locate(&self, at: &str) -> String {
        for (scene, default) in &self.0 {
            if let Some(rest) = at.strip_prefix(scene.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    return format!("{default}{rest}");
                }
            }
        }
        at.to_owned()
    }

    /// [`Filled::locate`] for a [`Pointer`].
    pub fn locate_pointer(&self, at: &Pointer) -> Pointer {
        Pointer::written(&self.locate(at.as_str()))
    }

    /// `problems` reported where they belong: a problem with a filled-in field at the default's
    /// field, and said once however many scenes inherited it.
    pub fn relocate(&self, problems: Vec<crate::Problem>) -> Vec<crate::Problem> {
        let mut out: Vec<crate::Problem> = Vec::with_capacity(problems.len());
        for mut p in problems {
            p.pointer = self.locate(&p.pointer);
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// Every filled-in field: (the scene's field, the default's field).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(s, d)| (s.as_str(), d.as_str()))
    }

    /// Whether the field at `at` was filled from the defaults.
    pub fn is_filled(&self, at: &str) -> bool {
        self.0.iter().any(|(scene, _)| scene == at)
    }
}

/// The style fields of a text that `defaults.text` may give.
const TEXT_FIELDS: &[&str] = &[
    "x",
    "y",
    "align",
    "size",
    "color",
    "font",
    "font_file",
    "outline",
    "box",
    "shadow",
    "width",
    "enter",
    "exit",
    "motion",
];

/// Writes the defaults of `project` (JSON) into its scenes where they say nothing; what was
/// filled, and from where.
pub fn apply(project: &mut Value) -> Filled {
    let mut filled = Filled::default();
    let Some(defaults) = project.get("defaults").and_then(Value::as_object).cloned() else {
        return filled;
    };
    let Some(scenes) = project.get_mut("scenes").and_then(Value::as_array_mut) else {
        return filled;
    };
    let root = Pointer::root();
    let d = root.push("defaults");
    for (i, scene) in scenes.iter_mut().enumerate() {
        let Some(scene) = scene.as_object_mut() else {
            continue;
        };
        let at = root.push("scenes").push(i);
        let mut fill = |obj: &mut Map<String, Value>,
                        key: &str,
                        value: &Value,
                        to: &Pointer,
                        from: &Pointer| {
            if !obj.contains_key(key) {
                obj.insert(key.to_owned(), value.clone());
                filled
                    .0
                    .push((to.push(key).to_string(), from.push(key).to_string()));
            }
        };
        // A clip over the background that is not looped gives the scene its length too.
        let plays = scene.contains_key("narration")
            || scene
                .get("background")
                .and_then(Value::as_object)
                .is_some_and(|b| b.contains_key("video"))
            || scene
                .get("videos")
                .and_then(Value::as_array)
                .is_some_and(|v| v.iter().any(|l| l.get("loop") != Some(&Value::Bool(true))));
        if let Some(v) = defaults.get("duration").filter(|_| !plays) {
            fill(scene, "duration", v, &at, &d);
        }
        if let Some(v) = defaults.get("pad") {
            fill(scene, "pad", v, &at, &d);
        }
        if let Some(t) = defaults.get("transition") {
            match (scene.get_mut("transition"), t.as_object()) {
                (Some(Value::Object(own)), Some(t)) => {
                    let (to, from) = (at.push("transition"), d.push("transition"));
                    // A cut of the scene's own takes no duration nor pace from the default's
                    // fade: it has no time to take them over.
                    let cut = own
                        .get("type")
                        .and_then(Value::as_str)
                        .and_then(crate::TransitionName::parse)
                        == Some(crate::TransitionName::Cut);
                    let timed = |k: &str| matches!(k, "duration" | "easing");
                    for (k, v) in t.iter().filter(|(k, _)| !(cut && timed(k))) {
                        fill(own, k, v, &to, &from);
                    }
                }
                (Some(_), _) => {}
                (None, _) => fill(scene, "transition", t, &at, &d),
            }
        }
        if let (Some(fit), Some(Value::Object(bg))) =
            (defaults.get("fit"), scene.get_mut("background"))
        {
            if bg.contains_key("image") || bg.contains_key("video") {
                fill(bg, "fit", fit, &at.push("background"), &d);
            }
        }
        if let (Some(Value::Object(style)), Some(Value::Array(texts))) =
            (defaults.get("text"), scene.get_mut("texts"))
        {
            for (j, text) in texts.iter_mut().enumerate() {
                let Some(text) = text.as_object_mut() else {
                    continue;
                };
                let to = at.push("texts").push(j);
                for (k, v) in style
                    .iter()
                    .filter(|(k, _)| TEXT_FIELDS.contains(&k.as_str()))
                {
                    fill(text, k, v, &to, &d.push("text"));
                }
            }
        }
        if let (Some(Value::Object(voice)), Some(Value::Object(n))) =
            (defaults.get("narration"), scene.get_mut("narration"))
        {
            let spoken = n.contains_key("text");
            let to = at.push("narration");
            for (k, v) in voice {
                if k == "volume" || spoken {
                    fill(n, k, v, &to, &d.push("narration"));
                }
            }
        }
    }
    filled
}
