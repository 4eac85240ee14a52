//! Transition names as people write them: ffmpeg's `xfade` names in any case and with any
//! separators (`Fade`, `wipe-left`), editly's common names (`crossfade`, `directional-left`),
//! and `random`, which picks one from the scenes' own content, so the same project always gives
//! the same video (and the cache of finished parts keeps working).

use crate::model::{Easing, Project, Transition, TRANSITIONS};

/// What a transition's `type` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionName {
    Cut,
    /// An ffmpeg `xfade` transition, by its exact name.
    Xfade(&'static str),
    Random,
}

/// Every name of editly's transition list (gl-transitions 1.43, the version editly uses, and
/// editly's own `directional-*`) and other common ones, by their [`normal`] form, with the
/// `xfade` transition that draws it, or looks most like it. `docs/project-format.md` has the
/// same table, saying which are drawn as editly draws them.
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
    // The rest of gl-transitions' list, each to the xfade whose movement is nearest: the
    // outgoing picture leaving the same way, the incoming one arriving from the same side.
    ("bounce", "slidedown"),
    ("doomscreentransition", "slidedown"),
    ("cube", "slideleft"),
    ("swap", "slideleft"),
    ("crosswarp", "smoothleft"),
    ("wind", "wiperight"),
    ("invertedpagecurl", "wipebl"),
    ("colourdistance", "distance"),
    ("multiplyblend", "fadeblack"),
    ("polkadotscurtain", "circleopen"),
    ("waterdrop", "circleopen"),
    ("zoomincircles", "circleopen"),
    ("cannabisleaf", "circleopen"),
    ("heart", "circleopen"),
    ("polarfunction", "circleopen"),
    ("undulatingburnout", "circleopen"),
    ("swirl", "radial"),
    ("kaleidoscope", "radial"),
    ("pinwheel", "radial"),
    ("stereoviewer", "zoomin"),
    ("flyeye", "zoomin"),
    ("rotatescalefade", "zoomin"),
    ("glitchdisplace", "pixelize"),
    ("glitchmemories", "pixelize"),
    ("gridflip", "pixelize"),
    ("mosaic", "pixelize"),
    ("hexagonalize", "pixelize"),
    ("butterflywavescrawler", "dissolve"),
    ("crosshatch", "dissolve"),
    ("displacement", "dissolve"),
    ("luminancemelt", "dissolve"),
    ("perlin", "dissolve"),
    ("squareswire", "dissolve"),
    ("crazyparametricfun", "fade"),
    ("luma", "fade"),
    ("morph", "fade"),
    ("ripple", "fade"),
];

/// The transition names editly accepts, as gl-transitions 1.43 (the version editly uses) spells
/// them (editly's own `directional-left/right/up/down` are not in it). Every one is known here.
pub const GL_TRANSITIONS: &[&str] = &[
    "Bounce",
    "BowTieHorizontal",
    "BowTieVertical",
    "ButterflyWaveScrawler",
    "CircleCrop",
    "ColourDistance",
    "CrazyParametricFun",
    "CrossZoom",
    "Directional",
    "DoomScreenTransition",
    "Dreamy",
    "DreamyZoom",
    "GlitchDisplace",
    "GlitchMemories",
    "GridFlip",
    "InvertedPageCurl",
    "LinearBlur",
    "Mosaic",
    "PolkaDotsCurtain",
    "Radial",
    "SimpleZoom",
    "StereoViewer",
    "Swirl",
    "WaterDrop",
    "ZoomInCircles",
    "angular",
    "burn",
    "cannabisleaf",
    "circle",
    "circleopen",
    "colorphase",
    "crosshatch",
    "crosswarp",
    "cube",
    "directionalwarp",
    "directionalwipe",
    "displacement",
    "doorway",
    "fade",
    "fadecolor",
    "fadegrayscale",
    "flyeye",
    "heart",
    "hexagonalize",
    "kaleidoscope",
    "luma",
    "luminance_melt",
    "morph",
    "multiply_blend",
    "perlin",
    "pinwheel",
    "pixelize",
    "polar_function",
    "randomsquares",
    "ripple",
    "rotate_scale_fade",
    "squareswire",
    "squeeze",
    "swap",
    "undulatingBurnOut",
    "wind",
    "windowblinds",
    "windowslice",
    "wipeDown",
    "wipeLeft",
    "wipeRight",
    "wipeUp",
];

/// editly's names that come with a pace of their own: editly 0.14 (its current release) eases
/// every `directional` out unless told `easing: null`; a transition's `easing` wins.
const EASED: &[(&str, Easing)] = &[
    ("directional", Easing::EaseOutExpo),
    ("directionalleft", Easing::EaseOutExpo),
    ("directionalright", Easing::EaseOutExpo),
    ("directionalup", Easing::EaseOutExpo),
    ("directionaldown", Easing::EaseOutExpo),
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

/// The pace a transition's name brings when it gives no `easing` (editly's `directional-left`
/// eases out; every other name is linear).
fn implied_easing(kind: &str) -> Option<Easing> {
    let n = normal(kind);
    EASED.iter().find(|(name, _)| *name == n).map(|(_, e)| *e)
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

    /// Its pace: as written, else the one its name brings, else linear.
    pub fn pace(&self) -> Easing {
        self.easing
            .or_else(|| implied_easing(&self.kind))
            .unwrap_or(Easing::Linear)
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
                // Before the name that brings it is replaced by ffmpeg's. A cut has no pace
                // (one given is refused).
                t.easing = (name != "cut").then(|| t.pace());
                t.kind = name.to_owned();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editlys_directional_names_ease_out_unless_told() {
        let t = |kind: &str, easing| Transition {
            kind: kind.to_owned(),
            duration: None,
            easing,
        };
        assert_eq!(t("directional-left", None).pace(), Easing::EaseOutExpo);
        assert_eq!(t("Directional_Up", None).pace(), Easing::EaseOutExpo);
        assert_eq!(t("directional", None).pace(), Easing::EaseOutExpo);
        assert_eq!(t("directionalwarp", None).pace(), Easing::Linear);
        assert_eq!(t("fade", None).pace(), Easing::Linear);
        assert_eq!(
            t("directional-left", Some(Easing::Linear)).pace(),
            Easing::Linear
        );
    }

    #[test]
    fn every_pace_starts_at_0_ends_at_1_and_never_goes_back() {
        for e in [
            Easing::Linear,
            Easing::EaseIn,
            Easing::EaseOut,
            Easing::EaseInOut,
            Easing::EaseOutExpo,
        ] {
            assert!(e.at(0.0).abs() < 1e-9, "{e:?}");
            assert!((e.at(1.0) - 1.0).abs() < 1e-3, "{e:?}");
            let mut last = -1.0;
            for k in 0..=1000 {
                let v = e.at(f64::from(k) / 1000.0);
                assert!(v > last || v == 1.0, "{e:?} at {k}");
                last = v;
            }
        }
        assert!((Easing::EaseInOut.at(0.5) - 0.5).abs() < 1e-9);
        assert!(Easing::EaseIn.at(0.25) < 0.02);
        assert!(Easing::EaseOut.at(0.25) > 0.5);
    }

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
            ("cube", Some(Xfade("slideleft"))),
            ("ButterflyWaveScrawler", Some(Xfade("dissolve"))),
            ("luminance_melt", Some(Xfade("dissolve"))),
            ("swirl;", None),
            ("", None),
            ("fade;drawtext", None),
        ] {
            assert_eq!(TransitionName::parse(written), expected, "{written}");
        }
        // Every alias leads to a real transition.
        for (alias, _) in ALIASES {
            assert!(TransitionName::parse(alias).is_some(), "{alias}");
        }
        // editly's whole list (gl-transitions 1.43) is known.
        for name in GL_TRANSITIONS {
            assert!(TransitionName::parse(name).is_some(), "{name}");
        }
        for name in RANDOM_POOL {
            assert_eq!(TransitionName::parse(name), Some(Xfade(name)));
        }
    }
}
