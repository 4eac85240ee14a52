//! The Estúdio project file (`*.estudio`, JSON): its model, how it is loaded, checked and timed.
//!
//! A project is read in two stages. [`load`] parses the JSON into the typed [`Project`]; a
//! structural problem (bad JSON, a wrong type, an unknown field) stops there with the JSON Pointer
//! of the offending field. [`validate`] then checks everything the types cannot say (colours,
//! ranges, files that must exist, transitions that fit their scenes) and reports *every* problem at
//! once, each with its pointer.
//!
//! ```no_run
//! let loaded = estudio_project::load(std::path::Path::new("course.estudio"))?;
//! let timeline = loaded.project.timeline();
//! println!("{} scenes, {:.2} s", loaded.project.scenes.len(), timeline.duration_secs());
//! # Ok::<(), estudio_project::LoadError>(())
//! ```
//!
//! Nothing here runs ffmpeg or knows about queues or windows.

mod background_check;
mod color;
mod defaults;
pub mod files;
pub mod imported;
mod load;
mod model;
mod pointer;
mod problem;
pub mod sample;
pub mod slideshow;
mod summary;
mod timing;
mod transition;
mod validate;
mod voice;

pub use color::Color;
pub use defaults::Filled;
pub use load::{
    describe as describe_json_error, from_value, load, parse, LoadError, LoadedProject,
    EXTENSION_PREFIX, MAX_FILE_BYTES,
};
pub use model::*;
pub use pointer::Pointer;
pub use problem::{Problem, ProblemKind};
pub use summary::{LengthFrom, ProjectSummary, SceneSummary, TransitionSummary};
pub use timing::Timeline;
pub use transition::{TransitionName, DEFAULT_TRANSITION_SECS, GL_TRANSITIONS};
pub use validate::{pronunciation_problems, validate};
pub use voice::{Speech, VoiceName, DEFAULT_VOICE, MAX_PAUSE_SECS, RATE_RANGE};

/// The project format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The JSON Schema of the project format, generated from the Rust types. Every object refuses
/// fields it does not define (`additionalProperties: false`), a background's too: serde cannot
/// say so of an untagged enum's variants, so it is written into their schemas here, and
/// [`load`] checks backgrounds against them.
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Project))
        .expect("a JSON Schema is always valid JSON");
    if let Some(variants) = schema
        .pointer_mut("/$defs/Background/anyOf")
        .and_then(serde_json::Value::as_array_mut)
    {
        for v in variants {
            v["additionalProperties"] = serde_json::Value::Bool(false);
        }
    }
    allow_extensions(&mut schema);
    schema
}

/// Every object that refuses unknown fields takes the person's own (`x-…`, see
/// [`load::EXTENSION_PREFIX`]).
fn allow_extensions(schema: &mut serde_json::Value) {
    match schema {
        serde_json::Value::Object(map) => {
            if map.get("additionalProperties") == Some(&serde_json::Value::Bool(false)) {
                map.insert("patternProperties".into(), serde_json::json!({ "^x-": {} }));
            }
            map.values_mut().for_each(allow_extensions);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(allow_extensions),
        _ => {}
    }
}
