use std::path::PathBuf;

use estudio_project::Problem;
use estudio_words::{Cause, Message, OpenWhy, OutputWhy};

/// Why the engine refused a request. Serialisable parts are exposed so a front end can show
/// them (the problems with their pointers) rather than a sentence.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    Queue(#[from] estudio_queue::QueueError),
    Load(#[from] estudio_project::LoadError),
    InvalidProject(Vec<Problem>),
    /// A render option out of range or not for the preset.
    Options(Message),
    Output {
        path: PathBuf,
        why: OutputWhy,
    },
    NotOpenable {
        id: String,
        why: OpenWhy,
    },
    Render(#[from] estudio_render::RenderError),
    FfmpegUnavailable(estudio_render::ToolsError),
    Thread(std::io::Error),
}

impl EngineError {
    /// In words, for people.
    pub fn message(&self) -> Message {
        match self {
            EngineError::Queue(e) => e.message(),
            EngineError::Load(e) => e.message(),
            EngineError::InvalidProject(problems) => Message::ProjectInvalid {
                problems: problems.iter().map(Problem::pointed).collect(),
            },
            EngineError::Options(m) => m.clone(),
            EngineError::Output { path, why } => Message::Output {
                path: path.display().to_string(),
                why: why.clone(),
            },
            EngineError::NotOpenable { id, why } => Message::NotOpenable {
                id: id.clone(),
                why: *why,
            },
            EngineError::Render(e) => e.message(),
            EngineError::FfmpegUnavailable(e) => e.message(),
            EngineError::Thread(e) => Message::ThreadFailed {
                cause: Cause::from(e),
            },
        }
    }
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}
