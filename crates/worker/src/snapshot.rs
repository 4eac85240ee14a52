//! A queued job read back: what the queue stored (the prepared project, the preset, the
//! options) as typed values, for the worker that renders the job and the machines that draw its
//! pieces.

use estudio_project::Project;
use estudio_render::{Prepared, PresetId, RenderOptions};
use estudio_words::Message;

/// Reads what the queue stored for the job back into typed values, its paths as this machine
/// sees them (`map`); the message says which part is unreadable.
pub(crate) fn read(
    snapshot: &str,
    preset: &str,
    options: &str,
    map: &crate::PathMap,
    cancel: &estudio_render::CancelToken,
) -> Result<(Prepared, PresetId, RenderOptions), Message> {
    let bad = |what: &str, e: &dyn std::fmt::Display| Message::SnapshotUnreadable {
        detail: format!("{what}: {e}"),
    };
    let project = match serde_json::from_str::<Prepared>(snapshot) {
        Ok(mut p) => {
            map.map_prepared(&mut p);
            p
        }
        // Queued by a build that stored the bare project: prepare it now.
        Err(e) => {
            let mut project: Project =
                serde_json::from_str(snapshot).map_err(|_| bad("project", &e))?;
            project.for_each_path(|p| *p = map.map(p));
            let speakers = crate::paths::speakers(cancel);
            estudio_render::prepare_with(&project, &crate::paths::cache_dir(), &speakers).map_err(
                |problems| Message::ProjectInvalid {
                    problems: problems
                        .iter()
                        .map(estudio_project::Problem::pointed)
                        .collect(),
                },
            )?
        }
    };
    let preset: PresetId = preset.parse().map_err(|e: Message| bad("preset", &e))?;
    let options: RenderOptions = serde_json::from_str(options).map_err(|e| bad("options", &e))?;
    Ok((project, preset, options))
}
