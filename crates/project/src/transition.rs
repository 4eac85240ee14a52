//! Transition names as people write them: ffmpeg's `xfade` names in any case and with any
//! separators (`Fade`, `wipe-left`), editly's common names (`crossfade`, `directional-left`),
//! and `random`, which picks one from the scenes' own content, so the same project always gives
//! the same video (and the cache of finished parts keeps working).

use crate::model::{Project, Transition, TRANSITIONS};

/// What a transition's `type` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionName {
    Cut,
    /// An ffmpeg `xfade` transition, by its exact name.
    Xfade(&'static str),
    Random,
}

/// editly's names (gl-transitions) and other common ones, by their [`normal`] form, with the
/// `xfade` transition that looks most like each.
const ALIASES: &[(&str, &str)] = &[
    ("crossfade", "fade"),
    ("dissolve", "dissolve"),
    ("fadecolor", "fadeblack"),
    ("fadegrayscale", "fadegrays"),
    ("directionalleft", "slideleft"),
    ("directionalright", "slideright"),
    // gl-transitions' `directional` moves the pictures against its direction vector, whose y
    // points up: `directional-down` (and plain `directional`, direction (0, 1)) brings the next
    // scene in from the bottom, which is xfade's `slideup`; `directional-up` from the top.
    // Checked side by side with editly's own renders.
    ("directionalup", "slidedown"),
    ("directionaldown", "slideup"),
    ("directional", "slideup"),
    ("directionalwipe", "wipeleft"),
    ("wipe", "wipeleft"),
    ("slide", "slideleft"),
    ("crosszoom", "zoomin"),
    ("simplezoom", "zoomin"),
    ("zoom", "zoomin"),
    ("linearblur", "hblur"),
    ("blur", "hblur"),
    ("squeeze", "squeezeh"),
    ("circle", "circleopen"),
    ("pixelate", "pixelize"),
    ("dreamyzoom", "zoomin"),
    ("directionalwarp", "smoothleft"),
    ("colorphase", "fade"),
    ("dreamy", "dissolve"),
    ("doorway", "horzopen"),
    ("windowslice", "hlslice"),
    ("windowblinds", "hrslice"),
    ("bowtiehorizontal", "horzclose"),
    ("bowtievertical", "vertclose"),
    ("angular", "radial"),
    ("burn", "fadewhite"),
    ("randomsquares", "dissolve"),
    ("none", "cut"),
];

/// What `random` picks from: transitions that suit a course, none of them garish.
const RANDOM_POOL: &[&str] = &[
    "fade",
    "dissolve",
    "wipeleft",
    "wiperight",
    "slideleft",
    "slideright",
    "slideup",
    "smoothleft",
    "smoothright",
    "circleopen",
    "fadeblack",
    "radial",
];

/// Lowercase, without the separators people put in names (`wipe-left`, `Wipe_Left`).
fn normal(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

impl TransitionName {
    /// Reads a transition's `type`; `None` when it names no transition.
    pub fn parse(kind: &str) -> Option<Self> {
        if kind.len() > 64 {
            return None;
        }
        let n = normal(kind);
        if n == "random" {
            return Some(Self::Random);
        }
        let known = |name: &str| TRANSITIONS.iter().copied().find(|t| *t == name);
        let exact = known(&n).or_else(|| {
            ALIASES
                .iter()
                .find(|(alias, _)| *alias == n)
                .and_then(|(_, to)| known(to))
        })?;
        Some(if exact == "cut" {
            Self::Cut
        } else {
            Self::Xfade(exact)
        })
    }
}

/// The overlap of a transition that does not say how long it is.
pub const DEFAULT_TRANSITION_SECS: f64 = 0.5;

impl Transition {
    /// True when the scenes meet without overlapping.
    pub fn is_cut(&self) -> bool {
        TransitionName::parse(&self.kind) == Some(TransitionName::Cut) || self.secs() == 0.0
    }

    /// How long the scenes overlap, in seconds: as written, else none for a cut and
    /// [`DEFAULT_TRANSITION_SECS`] for any other.
    pub fn secs(&self) -> f64 {
        match self.duration {
            Some(d) => d,
            None if TransitionName::parse(&self.kind) == Some(TransitionName::Cut) => 0.0,
            None => DEFAULT_TRANSITION_SECS,
        }
    }

    /// The `xfade` transition to draw (after [`Project::resolve_transitions`]; `fade` for a
    /// name that is not one).
    pub fn xfade(&self) -> &'static str {
        match TransitionName::parse(&self.kind) {
            Some(TransitionName::Xfade(name)) => name,
            _ => "fade",
        }
    }
}

/// FNV-1a: stable across builds and platforms (the standard hasher is not promised to be).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Project {
    /// Writes every transition's `type` as ffmpeg's name (`cut` or an `xfade` name), `random`
    /// picked from the two scenes it joins: editing another scene never changes it.
    pub fn resolve_transitions(&mut self) {
        let last = self.scenes.len().saturating_sub(1);
        for i in 0..self.scenes.len() {
            let Some(t) = &self.scenes[i].transition else {
                continue;
            };
            let name = match TransitionName::parse(&t.kind) {
                Some(TransitionName::Cut) => "cut",
                Some(TransitionName::Xfade(name)) => name,
                Some(TransitionName::Random) => {
                    let mut seed = serde_json::to_vec(&self.scenes[i]).unwrap_or_default();
                    if i < last {
                        seed.extend(serde_json::to_vec(&self.scenes[i + 1]).unwrap_or_default());
                    }
                    let pick = fnv1a(&seed) % RANDOM_POOL.len() as u64;
                    RANDOM_POOL[usize::try_from(pick).unwrap_or(0)]
                }
                // Validation refuses it; left as written.
                None => continue,
            };
            if let Some(t) = &mut self.scenes[i].transition {
                t.kind = name.to_owned();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_case_with_editlys_aliases() {
        use TransitionName::*;
        for (written, expected) in [
            ("fade", Some(Xfade("fade"))),
            ("Fade", Some(Xfade("fade"))),
            ("WIPE-LEFT", Some(Xfade("wipeleft"))),
            ("wipe_left", Some(Xfade("wipeleft"))),
            ("crossfade", Some(Xfade("fade"))),
            ("directional-left", Some(Xfade("slideleft"))),
            ("directional", Some(Xfade("slideup"))),
            ("directional-down", Some(Xfade("slideup"))),
            ("directional-up", Some(Xfade("slidedown"))),
            ("directional-right", Some(Xfade("slideright"))),
            ("DreamyZoom", Some(Xfade("zoomin"))),
            ("directionalWarp", Some(Xfade("smoothleft"))),
            ("wipeDown", Some(Xfade("wipedown"))),
            ("CircleCrop", Some(Xfade("circlecrop"))),
            ("fadegrayscale", Some(Xfade("fadegrays"))),
            ("CUT", Some(Cut)),
            ("none", Some(Cut)),
            ("Random", Some(Random)),
            ("cube", None),
            ("", None),
            ("fade;drawtext", None),
        ] {
            assert_eq!(TransitionName::parse(written), expected, "{written}");
        }
        // Every alias leads to a real transition.
        for (alias, _) in ALIASES {
            assert!(TransitionName::parse(alias).is_some(), "{alias}");
        }
        for name in RANDOM_POOL {
            assert_eq!(TransitionName::parse(name), Some(Xfade(name)));
        }
    }
}
