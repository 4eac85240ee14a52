//! Rendering: an Estúdio project plus an export preset becomes a video file.
//!
//! The work is split so the interesting parts are pure functions:
//! - [`prepare`] speaks text narrations ([`speech`]), probes every media file ([`media`]) and
//!   fills in durations taken from narrations: the [`Prepared`] project is what a job stores;
//! - [`graph::plan`] turns a prepared project and a preset into the exact ffmpeg runs (a sound
//!   mix, the picture pass, optional palette and poster passes) and the text files drawtext reads.
//!   No I/O, so it is tested by comparing arguments;
//! - [`render`] runs them with ffmpeg through `ffmpeg-sidecar` ([`run_step`]), reports
//!   [`Progress`], honours a [`CancelToken`] and writes through [`output::TempOutput`], so the
//!   destination only ever holds a complete file.
//!
//! ```no_run
//! use estudio_render::{prepare, render, CancelToken, PresetId, RenderOptions};
//! let loaded = estudio_project::load("talk.estudio".as_ref())?;
//! let prepared = prepare(&loaded.project, "/tmp/speech".as_ref()).map_err(|p| p[0].to_string())?;
//! let done = render(&prepared, PresetId::Mp4_720p.preset(), &RenderOptions::default(),
//!     "talk.mp4".as_ref(), "cli", &CancelToken::new(), |p| println!("{:.0} %", p.fraction * 100.0))?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod captions;
mod error;
pub mod escape;
mod ffmpeg;
pub mod fonts;
pub mod graph;
pub mod media;
pub mod output;
mod prepare;
mod preset;
mod progress;
pub mod speech;

pub use error::{RenderError, RenderLog};
pub use ffmpeg::{ffmpeg_version, run_step, CancelToken};
pub use prepare::{prepare, Prepared};
pub use preset::{AudioCodec, Container, Preset, PresetId, RenderOptions, VideoCodec};
pub use progress::Progress;

use std::path::{Path, PathBuf};

/// What a finished render produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The destination, now holding the complete file.
    pub output: PathBuf,
    pub bytes: u64,
    pub duration_secs: f64,
    /// Side files written beside it (poster, captions).
    pub extras: Vec<PathBuf>,
    pub log: RenderLog,
}

/// The side files a render of `dest` writes when `options` ask for them: poster, SRT, WebVTT.
pub fn side_files(dest: &Path, options: &RenderOptions) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if options.poster_secs.is_some() {
        out.push(dest.with_extension("poster.png"));
    }
    if options.captions {
        out.push(dest.with_extension("srt"));
        out.push(dest.with_extension("vtt"));
    }
    out
}

/// Renders a prepared project to `dest`, atomically: the destination (and each side file) only
/// ever holds a complete file. `tag` names the temporary files' owner (a job id).
///
/// Media files are checked again first: one deleted, or changed so it no longer fits its use,
/// since the job was queued fails the render with a problem naming it.
///
/// # Errors
/// [`RenderError`]: the project is no longer valid, ffmpeg is missing or failed, the render was
/// cancelled, or the output could not be written.
pub fn render(
    prepared: &Prepared,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    tag: &str,
    cancel: &CancelToken,
    mut on_progress: impl FnMut(&Progress),
) -> Result<Rendered, RenderError> {
    let project = &prepared.project;
    // Paths in a prepared project are absolute, so the base folder plays no part here.
    let problems = estudio_project::validate(project, Path::new("/"));
    if !problems.is_empty() {
        return Err(RenderError::Invalid(problems));
    }
    if project.scenes.iter().any(|s| s.duration.is_none()) {
        return Err(RenderError::Invalid(vec![estudio_project::Problem::new(
            estudio_project::ProblemKind::Empty,
            "/scenes",
            "the project was not prepared: a scene's duration is still unknown",
        )]));
    }
    options.check(preset).map_err(RenderError::Options)?;
    let media = media::probe_all(project, &prepared.media).map_err(RenderError::Invalid)?;
    let extras = side_files(dest, options);
    let inputs = project.media();
    if let Some(clash) = std::iter::once(dest.to_path_buf())
        .chain(extras.iter().cloned())
        .find(|out| inputs.iter().any(|m| Path::new(&m.path) == out))
    {
        return Err(RenderError::DestinationIsInput(clash));
    }
    match dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => {
            return Err(RenderError::Destination {
                path: dest.to_owned(),
                reason: "its folder does not exist",
            });
        }
        _ => {}
    }
    let font = fonts::default_font().ok_or(RenderError::NoFont)?;
    let work = tempfile::Builder::new()
        .prefix("estudio-render-")
        .tempdir()
        .map_err(|source| RenderError::Io {
            path: std::env::temp_dir(),
            source,
        })?;
    let temp = |path: &Path, ext: &str| {
        // tempfile's own error repeats the path; keep only what went wrong.
        output::TempOutput::new(path, tag, ext).map_err(|e| RenderError::Io {
            path: path.parent().unwrap_or(Path::new(".")).to_owned(),
            source: std::io::Error::from(e.kind()),
        })
    };
    let video_temp = temp(dest, preset.container.extension())?;
    let poster_temp = match options.poster_secs {
        Some(_) => Some(temp(&dest.with_extension("poster.png"), "png")?),
        None => None,
    };
    let plan = graph::plan(
        project,
        &media,
        preset,
        options,
        &graph::Paths {
            work_dir: work.path(),
            font: &font,
            output: video_temp.path(),
            poster: poster_temp.as_ref().map(output::TempOutput::path),
        },
    );
    for (path, content) in &plan.files {
        std::fs::write(path, content).map_err(|source| RenderError::Io {
            path: path.clone(),
            source,
        })?;
    }

    let mut done = 0.0;
    let mut commands = Vec::new();
    let started = std::time::Instant::now();
    let mut run = |step: &graph::Step, done: &mut f64| -> Result<RenderLog, RenderError> {
        let base = *done;
        let log = run_step(step, cancel, |p| {
            let fraction = (base + p.fraction * step.weight).min(1.0);
            // Over all the runs: the time so far, scaled by what is left (once there is enough
            // to go by).
            let elapsed = started.elapsed().as_secs_f64();
            let eta_secs = (fraction > 0.02).then(|| elapsed * (1.0 - fraction) / fraction);
            // Frames per second and speed describe pictures; the sound pass has none.
            let pictures = step.name != "mix";
            on_progress(&Progress {
                fraction,
                eta_secs,
                fps: if pictures { p.fps } else { 0.0 },
                speed: if pictures { p.speed } else { 0.0 },
                ..*p
            });
        })
        .map_err(|e| e.with_earlier_commands(&commands))?;
        commands.push(log.command.clone());
        *done += step.weight;
        Ok(log)
    };
    let loudness = match &plan.mix {
        Some(step) => {
            let log = run(step, &mut done)?;
            // Without a readable summary the mix is used as it is (gain 0).
            let level = graph::Loudness::from_log(&log.tail);
            if level.is_none() {
                tracing::warn!("no loudness summary in the mix pass's log");
            }
            level
        }
        None => None,
    };
    if let Some(step) = &plan.palette {
        run(step, &mut done)?;
    }
    for step in &plan.segments {
        run(step, &mut done)?;
    }
    let mut log = run(&plan.main_step(loudness), &mut done)?;
    // An ffmpeg that "succeeds" without writing anything (a broken install, a wrapper script)
    // must not replace the user's file with an empty one.
    if std::fs::metadata(video_temp.path()).map_or(0, |m| m.len()) == 0 {
        return Err(RenderError::Ffmpeg {
            message: "ffmpeg reported success but wrote nothing".to_owned(),
            killed: false,
            log,
        });
    }
    if let Some(step) = &plan.poster {
        run(step, &mut done)?;
    }
    log.command = commands.join("\n$ ");

    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| RenderError::Io { path, source }
    };
    let mut side = Vec::new();
    if let Some(p) = poster_temp {
        side.push(p);
    }
    if options.captions {
        let cues = captions::captions(project, &project.timeline_at(plan.fps));
        for (ext, text) in [
            ("srt", cues.as_ref().map(|c| c.srt.as_str())),
            ("vtt", cues.as_ref().map(|c| c.vtt.as_str())),
        ] {
            let t = temp(&dest.with_extension(ext), ext)?;
            // No captioned scene still gives valid (empty) files, so players find what was asked.
            let content = text.unwrap_or(if ext == "vtt" { "WEBVTT\n\n" } else { "" });
            std::fs::write(t.path(), content).map_err(io(t.path()))?;
            side.push(t);
        }
    }
    // Side files first: once the video appears, everything that belongs with it is there.
    for t in side {
        let path = t.destination().to_owned();
        t.commit().map_err(io(&path))?;
    }
    let bytes = video_temp.commit().map_err(io(dest))?;
    on_progress(&Progress::done(plan.duration_secs));
    Ok(Rendered {
        output: dest.to_owned(),
        bytes,
        duration_secs: plan.duration_secs,
        extras,
        log,
    })
}
