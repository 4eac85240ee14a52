use std::path::PathBuf;

use estudio_project::Problem;

/// Why the engine refused a request. Serialisable parts are exposed so a front end can show
/// them (the problems with their pointers) rather than a sentence.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Queue(#[from] estudio_queue::QueueError),
    #[error(transparent)]
    Load(#[from] estudio_project::LoadError),
    #[error("the project has {} problem(s): {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    InvalidProject(Vec<Problem>),
    #[error("{0}")]
    Options(String),
    #[error("cannot export to {path}: {reason}")]
    Output { path: PathBuf, reason: String },
    #[error("job {id}: {reason}")]
    NotOpenable { id: String, reason: String },
    #[error(transparent)]
    Render(#[from] estudio_render::RenderError),
    #[error("unknown preset {0:?}")]
    Preset(String),
    #[error("{0}")]
    FfmpegUnavailable(String),
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
}
