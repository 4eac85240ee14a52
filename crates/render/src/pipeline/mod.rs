//! One render, stage by stage ([`render_scoped`]):
//! 1. **check**: the tools can make the preset; the prepared project is still valid, and its
//!    media are probed again where they changed since it was queued; the options fit the
//!    preset; the destination is not an input and its folder exists;
//! 2. **set up**: a locked work folder, the temporary outputs beside the destination, the font
//!    families resolved, the [`graph::plan`], the free space checked, the plan's files written;
//! 3. **look up**: the parts (and the sound) the cache of finished parts has ([`cached`]);
//! 4. **draw**: the parts the cache lacks and the sound, several runs at once, each run's parts
//!    kept as soon as it ends (a GIF or the sound alone: its mix and palette instead); a farm
//!    piece stops here, with its own parts drawn;
//! 5. **join**: the main run (the parts and the sound joined by stream copy, or everything
//!    drawn at once), then the finished video's frames counted against the timeline;
//! 6. **commit**: the poster, the captions, the commit guard asked, and the side files then
//!    the video renamed into place.

mod cached;
mod runs;

use std::path::{Path, PathBuf};

use crate::output::{captions_path, poster_path, side_files, TempOutput};
use crate::{
    captions, fonts, graph, media, run_step, work, Prepared, Preset, Progress, RenderError,
    RenderOptions, Rendered, Reused, Session, Tools, VideoCodec,
};
use cached::Cached;
use runs::{loudness_of, Runs, Weighed};

/// A share of a video's parts, by scene: piece `k` holds the parts whose first scene is in
/// `k * size .. (k + 1) * size`. Every worker computes the same pieces from the project alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pieces {
    pub size: usize,
    pub pick: Vec<usize>,
}

impl Pieces {
    /// Scenes per piece on a render farm: about one run's worth (`graph::MAX_RUN_SCENES`).
    pub const SCENES: usize = 10;

    /// How many pieces a project of `scenes` scenes has.
    pub fn count(scenes: usize) -> usize {
        scenes.div_ceil(Self::SCENES)
    }

    pub fn one(k: usize) -> Self {
        Self {
            size: Self::SCENES,
            pick: vec![k],
        }
    }

    fn holds(&self, part: &graph::Part) -> bool {
        self.pick.contains(&(part.scenes.start / self.size.max(1)))
    }
}

/// What a render made: the video, or (a farm piece) only parts in the cache.
pub(crate) enum Scoped {
    Whole(Rendered),
    Pieces(Reused),
}

/// Renders `prepared` to `dest`, or only the parts of `only` into the session's cache.
pub(crate) fn render_scoped(
    prepared: &Prepared,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    session: &Session,
    only: Option<&Pieces>,
    mut on_progress: impl FnMut(&Progress),
) -> Result<Scoped, RenderError> {
    check_tools(preset)?;
    let media = check_project(prepared, preset, options, dest)?;
    let setup = set_up(prepared, &media, preset, options, dest, session)?;
    let plan = &setup.plan;

    let build = crate::build::build_id(&crate::ffmpeg_program(), session.hash_memo.as_deref());
    let cached = Cached::find(
        plan,
        session.parts.as_ref(),
        build.as_deref(),
        |part| only.is_none_or(|p| p.holds(part)),
        only.is_none(),
    );
    let mut runs = Runs::new(session, &mut on_progress, prepared.project.scenes.len());

    if let Some(pieces) = only {
        if !plan.parts.is_empty() {
            draw_parts(plan, &cached, &mut runs, Some(pieces))?;
        }
        return Ok(Scoped::Pieces(runs.reused));
    }
    let loudness = if plan.parts.is_empty() {
        draw_at_once(plan, &mut runs)?
    } else {
        draw_parts(plan, &cached, &mut runs, None)?;
        None
    };
    let log = join(plan, preset, &setup.video, loudness, &mut runs)?;
    let reused = runs.reused;
    let rendered = commit(prepared, options, dest, session, setup, log, reused)?;
    on_progress(&Progress::done(rendered.duration_secs));
    Ok(Scoped::Whole(rendered))
}

/// Stage 1: the tools can render `preset`.
fn check_tools(preset: &Preset) -> Result<(), RenderError> {
    let missing = Tools::get()?.missing_for(preset);
    if missing.is_empty() {
        Ok(())
    } else {
        Err(RenderError::PresetUnavailable {
            preset: preset.name,
            missing,
        })
    }
}

/// Stage 1: the project is still what was checked (media probed again where they changed),
/// the options fit the preset, and the destination is neither an input nor in a missing folder.
fn check_project(
    prepared: &Prepared,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
) -> Result<media::MediaIndex, RenderError> {
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
            estudio_words::Message::NotPrepared,
        )]));
    }
    options
        .check(preset)
        .map_err(|m| RenderError::Options(Box::new(m)))?;
    let media = media::probe_all(project, &prepared.media).map_err(RenderError::Invalid)?;
    let inputs = project.media();
    if let Some(clash) = std::iter::once(dest.to_path_buf())
        .chain(side_files(dest, options))
        .find(|out| inputs.iter().any(|m| Path::new(&m.path) == out))
    {
        return Err(RenderError::DestinationIsInput(clash));
    }
    match dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(RenderError::Destination {
            path: dest.to_owned(),
            why: estudio_words::OutputWhy::FolderMissing,
        }),
        _ => Ok(media),
    }
}

/// What stage 2 made ready: the plan, and where it writes.
struct Setup {
    plan: graph::Plan,
    /// Removed with its files when the render ends.
    _work: work::WorkDir,
    video: TempOutput,
    poster: Option<TempOutput>,
}

/// A temporary output beside `path`, owned by the session's tag.
fn temp(path: &Path, session: &Session, ext: &str) -> Result<TempOutput, RenderError> {
    // tempfile's own error repeats the path; keep only what went wrong.
    TempOutput::new(path, &session.tag, ext).map_err(|e| RenderError::Io {
        path: path.parent().unwrap_or(Path::new(".")).to_owned(),
        source: std::io::Error::from(e.kind()),
    })
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> RenderError {
    let path = path.to_owned();
    move |source| RenderError::Io { path, source }
}

/// Stage 2: the work folder, the temporary outputs, the plan, the free space, the plan's files.
fn set_up(
    prepared: &Prepared,
    media: &media::MediaIndex,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    session: &Session,
) -> Result<Setup, RenderError> {
    let font = fonts::default_font().ok_or(RenderError::NoFont)?;
    let families = fonts::family_files(&prepared.project);
    let work = session
        .work
        .create(&session.tag)
        .map_err(io_at(session.work.root()))?;
    let video = temp(dest, session, preset.container.extension())?;
    let poster = match options.poster_secs {
        Some(_) => Some(temp(&poster_path(dest), session, "png")?),
        None => None,
    };
    let plan = graph::plan(
        &prepared.project,
        media,
        preset,
        options,
        &graph::Paths {
            work_dir: work.path(),
            font: &font,
            families: &families,
            output: video.path(),
            poster: poster.as_ref().map(TempOutput::path),
        },
    );
    work::check_space(
        session.work.root(),
        dest.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
        &plan.space_needed(preset),
    )?;
    for part in &plan.parts {
        std::fs::create_dir_all(&part.dir).map_err(io_at(&part.dir))?;
    }
    write_files(&plan.files)?;
    Ok(Setup {
        plan,
        _work: work,
        video,
        poster,
    })
}

fn write_files(files: &[(PathBuf, String)]) -> Result<(), RenderError> {
    for (path, content) in files {
        std::fs::write(path, content).map_err(io_at(path))?;
    }
    Ok(())
}

/// Stage 4 of a render in one run (a GIF, the sound alone): the mix, measured, and the
/// palette. Returns the mix's loudness.
fn draw_at_once<F: FnMut(&Progress)>(
    plan: &graph::Plan,
    runs: &mut Runs<'_, F>,
) -> Result<Option<graph::Loudness>, RenderError> {
    let loudness = match &plan.mix {
        Some(step) => loudness_of(&runs.run(step)?),
        None => None,
    };
    if let Some(step) = &plan.palette {
        runs.run(step)?;
    }
    Ok(loudness)
}

/// Stage 4 of a render in parts: draws the parts the cache lacks (of `only`'s pieces, when
/// given) and makes the sound (unless the cache has it, or this is a piece), all beside one
/// another, [`graph::runs_at_once`] jobs at a time (from the machine's cores). Each run's parts
/// are kept as soon as it is finished, so an attempt after a crash starts where this one
/// stopped.
fn draw_parts<F: FnMut(&Progress)>(
    plan: &graph::Plan,
    cached: &Cached<'_>,
    runs: &mut Runs<'_, F>,
    only: Option<&Pieces>,
) -> Result<(), RenderError> {
    let mut todo = Vec::new();
    for (i, part) in plan.parts.iter().enumerate() {
        if only.is_some_and(|p| !p.holds(part)) {
            // Another worker's share: no part of this render's progress.
            continue;
        }
        if cached.hit[i] {
            runs.done += part.step.weight;
            runs.reused.scenes += part.scenes.len();
        } else {
            todo.push(i);
        }
    }
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let at_once = graph::runs_at_once(cores);
    let part_runs = plan.runs(&todo, at_once);
    for run in &part_runs {
        if let Some(dir) = &run.dir {
            std::fs::create_dir_all(dir).map_err(io_at(dir))?;
        }
        write_files(&run.files)?;
    }
    let stall = runs.stall;
    let mut jobs: Vec<Weighed<'_>> = Vec::new();
    // A piece is pictures only: the sound is the job owner's.
    let sound = plan.sound_step(None).filter(|_| only.is_none());
    let sound_weight =
        plan.mix.as_ref().map_or(0.0, |m| m.weight) + sound.as_ref().map_or(0.0, |s| s.weight);
    if cached.sound_hit || only.is_some() {
        runs.done += sound_weight;
    } else if sound.is_some() {
        jobs.push(Weighed {
            job: Box::new(move |stop, progress| {
                make_sound(plan, stop, stall, sound_weight, progress)
            }),
            weight: sound_weight,
            pictures: false,
        });
    }
    let first_run = jobs.len();
    for run in &part_runs {
        jobs.push(Weighed {
            job: Box::new(move |stop, progress| {
                let log = run_step(&run.step, stop, stall, |p| progress(p))?;
                for (from, to) in &run.moves {
                    std::fs::rename(from, to).map_err(io_at(to))?;
                }
                for part in &plan.parts[run.parts.clone()] {
                    if part.ext == "ts" {
                        pad_ts(&part.output).map_err(io_at(&part.output))?;
                    }
                }
                Ok(vec![log])
            }),
            weight: run.step.weight,
            pictures: true,
        });
    }
    runs.start = runs.done;
    runs.run_together(&jobs, at_once, |k, logs| {
        if k < first_run {
            cached.keep_sound(plan);
        } else if let Some(log) = logs.first() {
            cached.keep_run(plan, &part_runs[k - first_run], log);
        }
    })
}

/// Packets of 188 bytes a part in MPEG-TS holds at least, so the join's demuxer recognises it:
/// ffmpeg scores a file of ten packets or fewer as MPEG-TS no better than as MPEG-PS (a part of
/// three small frames is ten packets, and the join then refused it as "mpeg").
const MIN_TS_PACKETS: u64 = 16;

/// Appends MPEG-TS null packets (PID 0x1FFF, which every demuxer skips) to a part shorter than
/// [`MIN_TS_PACKETS`].
fn pad_ts(path: &Path) -> std::io::Result<()> {
    const PACKET: u64 = 188;
    let len = std::fs::metadata(path)?.len();
    let want = MIN_TS_PACKETS * PACKET;
    if len >= want || len % PACKET != 0 {
        return Ok(());
    }
    let mut null = [0xffu8; 188];
    null[..4].copy_from_slice(&[0x47, 0x1f, 0xff, 0x10]);
    let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
    for _ in 0..(want - len) / PACKET {
        std::io::Write::write_all(&mut file, &null)?;
    }
    Ok(())
}

/// The sound of a render in parts: the mix first (its loudness sets the gain), then the sound
/// encoded at that gain. Reports its progress as a fraction of `weight` (both runs).
fn make_sound(
    plan: &graph::Plan,
    stop: &crate::CancelToken,
    stall: std::time::Duration,
    weight: f64,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Vec<crate::RenderLog>, RenderError> {
    let mut logs = Vec::new();
    let mut done = 0.0;
    let mut loudness = None;
    if let Some(mix) = &plan.mix {
        let log = run_step(mix, stop, stall, |p| {
            progress(&Progress {
                fraction: p.fraction * mix.weight / weight,
                ..*p
            });
        })?;
        loudness = loudness_of(&log);
        done = mix.weight;
        logs.push(log);
    }
    let Some(step) = plan.sound_step(loudness) else {
        return Ok(logs);
    };
    logs.push(run_step(&step, stop, stall, |p| {
        progress(&Progress {
            fraction: (done + p.fraction * step.weight) / weight,
            ..*p
        });
    })?);
    Ok(logs)
}

/// Stage 5: the main run, then the checks that the video is whole: something was written, and
/// every frame of the timeline is there.
fn join<F: FnMut(&Progress)>(
    plan: &graph::Plan,
    preset: &Preset,
    video: &TempOutput,
    loudness: Option<graph::Loudness>,
    runs: &mut Runs<'_, F>,
) -> Result<crate::RenderLog, RenderError> {
    let mut log = runs.run(&plan.main_step(loudness))?;
    // An ffmpeg that "succeeds" without writing anything (a broken install, a wrapper script)
    // must not replace the user's file with an empty one.
    if std::fs::metadata(video.path()).map_or(0, |m| m.len()) == 0 {
        return Err(RenderError::Ffmpeg {
            message: Box::new(estudio_words::Message::FfmpegWroteNothing),
            killed: false,
            log,
        });
    }
    // Nothing may drop out of the timeline: a scene ffmpeg could not draw would otherwise leave
    // a shorter video that "succeeded".
    if preset.video != VideoCodec::None {
        let counting = std::time::Instant::now();
        let found = media::count_frames(video.path()).map_err(|e| RenderError::Ffmpeg {
            message: Box::new(estudio_words::Message::OutputUnverifiable { why: e }),
            killed: false,
            log: log.clone(),
        })?;
        tracing::debug!(ms = counting.elapsed().as_millis(), "frames counted");
        if found != plan.total_frames {
            return Err(RenderError::Incomplete {
                expected: plan.total_frames,
                found,
            });
        }
    }
    if let Some(step) = &plan.poster {
        runs.run(step)?;
    }
    log.command = runs.commands.join("\n$ ");
    Ok(log)
}

/// Stage 6: the captions written, the commit guard asked, then the side files and last the
/// video renamed into place: once the video appears, everything that belongs with it is there.
fn commit(
    prepared: &Prepared,
    options: &RenderOptions,
    dest: &Path,
    session: &Session,
    setup: Setup,
    log: crate::RenderLog,
    reused: Reused,
) -> Result<Rendered, RenderError> {
    let mut side = Vec::new();
    if let Some(p) = setup.poster {
        side.push(p);
    }
    if options.captions {
        let project = &prepared.project;
        let cues = captions::captions(project, &project.timeline_at(setup.plan.fps));
        for (ext, text) in [("srt", &cues.srt), ("vtt", &cues.vtt)] {
            let t = temp(&captions_path(dest, ext), session, ext)?;
            std::fs::write(t.path(), text).map_err(io_at(t.path()))?;
            side.push(t);
        }
    }
    if session.may_commit.as_ref().is_some_and(|may| !may()) {
        return Err(RenderError::Canceled { log });
    }
    // What was at the destination when the export was checked was confirmed, or there was
    // nothing: a file that appeared since is never replaced without the person's word.
    let existing = if options.replace {
        crate::output::Existing::Replace
    } else {
        crate::output::Existing::Keep
    };
    let placed = |path: &Path| {
        let path = path.to_owned();
        move |source: std::io::Error| {
            if source.kind() == std::io::ErrorKind::AlreadyExists {
                RenderError::Destination {
                    why: estudio_words::OutputWhy::AppearedSince {
                        existing: path.display().to_string(),
                    },
                    path,
                }
            } else {
                RenderError::Io { path, source }
            }
        }
    };
    for t in side {
        let path = t.destination().to_owned();
        t.commit(existing).map_err(placed(&path))?;
    }
    let bytes = setup.video.commit(existing).map_err(placed(dest))?;
    Ok(Rendered {
        output: dest.to_owned(),
        bytes,
        duration_secs: setup.plan.duration_secs,
        extras: side_files(dest, options),
        log,
        reused,
    })
}
