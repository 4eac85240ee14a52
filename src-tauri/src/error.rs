//! Errors as the window receives them: a kind to decide on, a sentence to show, and the located
//! problems of a project when there are any.

use estudio_project::Problem;
use estudio_queue::QueueError;
use estudio_worker::EngineError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CommandErrorKind {
    /// The project file could not be read or parsed, or has validation problems.
    InvalidProject,
    /// The destination cannot be used.
    InvalidOutput,
    /// A video (or its poster or captions) is at the destination: the window asks whether to
    /// replace it, and sends the export again with `replace` if so.
    OutputExists,
    /// A render option is out of range.
    InvalidOptions,
    /// No such job.
    NotFound,
    /// The job's state does not allow this (e.g. retrying a completed job).
    InvalidState,
    /// ffmpeg is missing or too old: nothing can render until it is installed.
    FfmpegUnavailable,
    /// None of the dropped files could start a slideshow (no image among them).
    NoImages,
    /// A deck could not be imported (not a deck, damaged, refused, or LibreOffice failed).
    InvalidDeck,
    /// The user stopped it.
    Canceled,
    /// No program of the desktop opened a job's video or its folder (the window says where the
    /// video is, beside the button, and nothing about the job changed).
    NothingOpened,
    /// An edit the project refused (no such scene, a value of the wrong kind).
    EditRefused,
    /// Another program changed the file since it was read, and the window has unsaved
    /// changes: nothing was written; the window asks which to keep.
    ChangedOnDisk,
    /// Another editor (the CLI, another computer) has the file open.
    BeingEdited,
    /// The file is not open for editing here (closed meanwhile, or shown read only).
    NotOpen,
    /// Something outside the user's control (database, file system).
    Internal,
}

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct CommandError {
    pub kind: CommandErrorKind,
    pub message: String,
    /// Located problems, for `invalid_project`.
    pub problems: Vec<Problem>,
}

impl CommandError {
    pub fn new(kind: CommandErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            problems: Vec::new(),
        }
    }
}

impl From<EngineError> for CommandError {
    fn from(e: EngineError) -> Self {
        let message = e.to_string();
        let (kind, problems) = match e {
            EngineError::InvalidProject(problems) => (CommandErrorKind::InvalidProject, problems),
            EngineError::Load(load) => (
                CommandErrorKind::InvalidProject,
                load.problem().cloned().into_iter().collect(),
            ),
            EngineError::Output {
                why: estudio_words::OutputWhy::Exists { .. },
                ..
            } => (CommandErrorKind::OutputExists, Vec::new()),
            EngineError::Output { .. } => (CommandErrorKind::InvalidOutput, Vec::new()),
            EngineError::Options(_) => (CommandErrorKind::InvalidOptions, Vec::new()),
            EngineError::Queue(q) => (queue_kind(&q), Vec::new()),
            EngineError::NotOpenable { .. } => (CommandErrorKind::InvalidState, Vec::new()),
            EngineError::Render(r) => (render_kind(&r), Vec::new()),
            EngineError::Thread(_) => (CommandErrorKind::Internal, Vec::new()),
            EngineError::FfmpegUnavailable(_) => (CommandErrorKind::FfmpegUnavailable, Vec::new()),
        };
        Self {
            kind,
            message,
            problems,
        }
    }
}

impl From<estudio_deck::ImportError> for CommandError {
    fn from(e: estudio_deck::ImportError) -> Self {
        let kind = match e {
            estudio_deck::ImportError::Canceled => CommandErrorKind::Canceled,
            estudio_deck::ImportError::Io { .. } => CommandErrorKind::Internal,
            _ => CommandErrorKind::InvalidDeck,
        };
        CommandError::new(kind, e.to_string())
    }
}

impl From<estudio_project::slideshow::SlideshowError> for CommandError {
    fn from(e: estudio_project::slideshow::SlideshowError) -> Self {
        use estudio_project::slideshow::SlideshowError;
        let kind = match e {
            SlideshowError::NoImages => CommandErrorKind::NoImages,
            SlideshowError::Write { .. } => CommandErrorKind::Internal,
        };
        Self::new(kind, e.to_string())
    }
}

impl From<estudio_worker::prefs::PrefsError> for CommandError {
    fn from(e: estudio_worker::prefs::PrefsError) -> Self {
        Self::new(CommandErrorKind::Internal, e.to_string())
    }
}

impl From<estudio_render::RenderError> for CommandError {
    fn from(e: estudio_render::RenderError) -> Self {
        Self::new(render_kind(&e), e.to_string())
    }
}

fn render_kind(e: &estudio_render::RenderError) -> CommandErrorKind {
    use estudio_render::RenderError;
    match e {
        RenderError::FfmpegMissing { .. }
        | RenderError::Tools(_)
        | RenderError::PresetUnavailable { .. } => CommandErrorKind::FfmpegUnavailable,
        _ => CommandErrorKind::Internal,
    }
}

impl From<QueueError> for CommandError {
    fn from(e: QueueError) -> Self {
        Self::new(queue_kind(&e), e.to_string())
    }
}

fn queue_kind(e: &QueueError) -> CommandErrorKind {
    match e {
        QueueError::NotFound(_) => CommandErrorKind::NotFound,
        QueueError::OutputTaken { .. } => CommandErrorKind::InvalidOutput,
        QueueError::InvalidTransition { .. }
        | QueueError::Running { .. }
        | QueueError::LeaseLost(_) => CommandErrorKind::InvalidState,
        _ => CommandErrorKind::Internal,
    }
}

impl From<estudio_edit::EditError> for CommandError {
    fn from(e: estudio_edit::EditError) -> Self {
        use estudio_edit::EditError;
        let kind = match &e {
            EditError::Op(_) | EditError::NothingToUndo | EditError::NothingToRedo => {
                CommandErrorKind::EditRefused
            }
            EditError::BeingEdited { .. } => CommandErrorKind::BeingEdited,
            EditError::ChangedOnDisk { .. } => CommandErrorKind::ChangedOnDisk,
            EditError::ReadOnly { .. } | EditError::Load(_) => CommandErrorKind::InvalidProject,
            EditError::Io { .. } | EditError::Journal { .. } => CommandErrorKind::Internal,
        };
        let mut err = CommandError::new(kind, e.to_string());
        if let EditError::ReadOnly { problem, .. } = &e {
            err.problems.push(problem.as_ref().clone());
        }
        if let EditError::Load(load) = &e {
            err.problems.extend(load.problem().cloned());
        }
        err
    }
}

impl From<crate::editing::StepError> for CommandError {
    fn from(e: crate::editing::StepError) -> Self {
        match e {
            crate::editing::StepError::NotOpen(_) | crate::editing::StepError::Gone(_) => {
                CommandError::new(CommandErrorKind::NotOpen, e.to_string())
            }
            crate::editing::StepError::OpenWithChanges(_) => {
                CommandError::new(CommandErrorKind::BeingEdited, e.to_string())
            }
            crate::editing::StepError::Edit(e) => e.into(),
        }
    }
}

impl From<estudio_worker::ListenError> for CommandError {
    fn from(e: estudio_worker::ListenError) -> Self {
        let kind = match &e {
            estudio_worker::ListenError::Nothing(_) => CommandErrorKind::EditRefused,
            estudio_worker::ListenError::Speech(estudio_render::speech::SpeechError::Canceled) => {
                CommandErrorKind::Canceled
            }
            estudio_worker::ListenError::Speech(_) => CommandErrorKind::InvalidProject,
        };
        CommandError::new(kind, e.to_string())
    }
}

impl From<estudio_project::LoadError> for CommandError {
    /// A project that cannot be read: the sentence, and the problem at its pointer when there is one.
    fn from(e: estudio_project::LoadError) -> Self {
        let mut err = CommandError::new(CommandErrorKind::InvalidProject, e.to_string());
        err.problems = e.problem().cloned().into_iter().collect();
        err
    }
}
