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
//! use estudio_render::{prepare, render, CancelToken, PresetId, RenderOptions, Session, WorkDirs};
//! let loaded = estudio_project::load("talk.estudio".as_ref())?;
//! let prepared = prepare(&loaded.project, "/tmp/speech".as_ref()).map_err(|p| p[0].to_string())?;
//! let session = Session::new("cli", WorkDirs::new("/var/tmp/estudio-work"), &CancelToken::new());
//! let done = render(&prepared, PresetId::Mp4_720p.preset(), &RenderOptions::default(),
//!     "talk.mp4".as_ref(), &session, |p| println!("{:.0} %", p.fraction * 100.0))?;
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
pub mod parts;
mod prepare;
mod preset;
pub mod process;
mod progress;
pub mod speech;
mod thumbnails;
mod together;
mod tools;
pub mod work;
mod wrap;

pub use error::{RenderError, RenderLog};
pub use ffmpeg::{ffmpeg_version, run_step, CancelToken, Session, DEFAULT_STALL};
pub use prepare::{prepare, prepare_with, Prepared};
pub use preset::{AudioCodec, Container, Preset, PresetId, RenderOptions, VideoCodec};
pub use progress::Progress;
pub use thumbnails::thumbnails;
pub use tools::{ffmpeg_program, ffprobe_program, Tools, ToolsError};
pub use work::{WorkDir, WorkDirs};

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
    /// Scenes whose pictures came from the part cache, of all the scenes.
    pub reused: Reused,
}

/// How much of a render came from the part cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reused {
    pub scenes: usize,
    pub of: usize,
}

/// The ffmpeg runs of one render, in order, with one progress bar over all of them.
struct Runs<'a, F: FnMut(&Progress)> {
    cancel: &'a CancelToken,
    stall: std::time::Duration,
    on_progress: &'a mut F,
    /// Commands of the runs so far, for the job's log.
    commands: Vec<String>,
    started: std::time::Instant,
    /// Weight of the runs finished.
    done: f64,
    /// Weight already done when this render's runs began (parts from the cache): the ETA
    /// is measured over what renders now.
    start: f64,
    reused: Reused,
}

impl<F: FnMut(&Progress)> Runs<'_, F> {
    /// Reports a fraction of the whole render, with an ETA over all the runs (the time so far,
    /// scaled by what is left, once there is enough to go by). Frames per second and speed
    /// describe pictures; the sound pass has none.
    fn report(&mut self, fraction: f64, p: &Progress, pictures: bool) {
        let fraction = fraction.min(1.0);
        let elapsed = self.started.elapsed().as_secs_f64();
        let rendered = fraction - self.start;
        (self.on_progress)(&Progress {
            fraction,
            eta_secs: (rendered > 0.02).then(|| elapsed * (1.0 - fraction) / rendered),
            fps: if pictures { p.fps } else { 0.0 },
            speed: if pictures { p.speed } else { 0.0 },
            reused_scenes: u32::try_from(self.reused.scenes).unwrap_or(u32::MAX),
            scenes: u32::try_from(self.reused.of).unwrap_or(u32::MAX),
            ..*p
        });
    }

    fn run(&mut self, step: &graph::Step) -> Result<RenderLog, RenderError> {
        let base = self.done;
        let cancel = self.cancel;
        let log = run_step(step, cancel, self.stall, |p| {
            self.report(base + p.fraction * step.weight, p, step.draws_pictures());
        })
        .map_err(|e| e.with_earlier_commands(&self.commands))?;
        self.commands.push(log.command.clone());
        self.done += step.weight;
        Ok(log)
    }

    /// Runs `jobs` `at_once` at a time; `on_done(i, logs)` is called as job `i` finishes.
    fn run_together(
        &mut self,
        jobs: &[Weighed<'_>],
        at_once: usize,
        mut on_done: impl FnMut(usize, &[RenderLog]),
    ) -> Result<(), RenderError> {
        let base = self.done;
        let mut fractions = vec![0.0; jobs.len()];
        let cancel = self.cancel;
        let runs: Vec<&together::Job<'_>> = jobs.iter().map(|j| &*j.job).collect();
        let mut commands: Vec<Option<Vec<String>>> = vec![None; jobs.len()];
        together::run_together(
            &runs,
            cancel,
            at_once,
            |i, logs| {
                commands[i] = Some(logs.iter().map(|l| l.command.clone()).collect());
                on_done(i, logs);
            },
            |i, p| {
                fractions[i] = p.fraction;
                let fraction = base
                    + jobs
                        .iter()
                        .zip(&fractions)
                        .map(|(j, f)| j.weight * f)
                        .sum::<f64>();
                self.report(fraction, p, jobs[i].pictures);
            },
        )
        .map_err(|e| e.with_earlier_commands(&self.commands))?;
        self.commands
            .extend(commands.into_iter().flatten().flatten());
        self.done += jobs.iter().map(|j| j.weight).sum::<f64>();
        Ok(())
    }
}

/// A job run beside others, with its share of the progress bar and whether its progress
/// describes pictures.
struct Weighed<'a> {
    job: Box<together::Job<'a>>,
    weight: f64,
    pictures: bool,
}

/// The mix pass's loudness, read from its log; without a readable summary the mix is used as it
/// is (gain 0).
fn loudness_of(log: &RenderLog) -> Option<graph::Loudness> {
    let level = graph::Loudness::from_log(&log.tail);
    if level.is_none() {
        tracing::warn!("no loudness summary in the mix pass's log");
    }
    level
}

/// Where the poster of a render to `dest` goes: `NAME.poster.png`.
fn poster_path(dest: &Path) -> PathBuf {
    dest.with_extension("poster.png")
}

/// Where the captions of a render to `dest` go, by format extension (`srt`, `vtt`).
fn captions_path(dest: &Path, ext: &str) -> PathBuf {
    dest.with_extension(ext)
}

/// The side files a render of `dest` writes when `options` ask for them: poster, SRT, WebVTT.
pub fn side_files(dest: &Path, options: &RenderOptions) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if options.poster_secs.is_some() {
        out.push(poster_path(dest));
    }
    if options.captions {
        out.push(captions_path(dest, "srt"));
        out.push(captions_path(dest, "vtt"));
    }
    out
}

/// Removes what dead attempts of the owner `tag` left beside `dest`: the temporary video and the
/// temporaries of every side file `options` ask for. Returns how many files were removed.
pub fn remove_leftovers(dest: &Path, options: &RenderOptions, tag: &str) -> usize {
    std::iter::once(dest.to_path_buf())
        .chain(side_files(dest, options))
        .map(|p| output::remove_stale(&p, tag))
        .sum()
}

/// Renders a prepared project to `dest`, atomically: the destination (and each side file) only
/// ever holds a complete file. The `session` names the temporary files' owner, the work folder,
/// the cancel token and the stall limit.
///
/// Media files are checked again first: one deleted, or changed so it no longer fits its use,
/// since the job was queued fails the render with a problem naming it. The free space for the
/// work files and the output is checked before ffmpeg starts, and the finished video's frames
/// are counted against the timeline before it replaces anything.
///
/// # Errors
/// [`RenderError`]: the project is no longer valid, ffmpeg is missing, failed or stalled, the
/// render was cancelled, there is no room, or the output could not be written.
pub fn render(
    prepared: &Prepared,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    session: &Session,
    on_progress: impl FnMut(&Progress),
) -> Result<Rendered, RenderError> {
    match render_scoped(prepared, preset, options, dest, session, None, on_progress)? {
        Scoped::Whole(done) => Ok(done),
        Scoped::Pieces(_) => unreachable!("a whole render returns the video"),
    }
}

/// Renders only the parts of `pieces` that the session's part cache lacks, and keeps them
/// there: the share of one video a render farm's worker takes. Nothing is written at `dest`
/// (it names the job's output, for the same plan every worker makes); the sound, the join and
/// the commit are the job owner's. Parts already in the cache are never rendered again.
///
/// # Errors
/// As [`render`].
pub fn render_pieces(
    prepared: &Prepared,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    session: &Session,
    pieces: &Pieces,
    on_progress: impl FnMut(&Progress),
) -> Result<Reused, RenderError> {
    match render_scoped(
        prepared,
        preset,
        options,
        dest,
        session,
        Some(pieces),
        on_progress,
    )? {
        Scoped::Pieces(reused) => Ok(reused),
        Scoped::Whole(_) => unreachable!("a piece render writes no video"),
    }
}

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

enum Scoped {
    Whole(Rendered),
    Pieces(Reused),
}

fn render_scoped(
    prepared: &Prepared,
    preset: &Preset,
    options: &RenderOptions,
    dest: &Path,
    session: &Session,
    only: Option<&Pieces>,
    mut on_progress: impl FnMut(&Progress),
) -> Result<Scoped, RenderError> {
    let (tag, cancel) = (session.tag.as_str(), &session.cancel);
    let tools = Tools::get()?;
    let missing = tools.missing_for(preset);
    if !missing.is_empty() {
        return Err(RenderError::PresetUnavailable {
            preset: preset.name,
            missing,
        });
    }
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
                why: estudio_words::OutputWhy::FolderMissing,
            });
        }
        _ => {}
    }
    let font = fonts::default_font().ok_or(RenderError::NoFont)?;
    let work = session.work.create(tag).map_err(|source| RenderError::Io {
        path: session.work.root().to_owned(),
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
        Some(_) => Some(temp(&poster_path(dest), "png")?),
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
    work::check_space(
        session.work.root(),
        dest.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
        &plan.space_needed(preset),
    )?;
    for part in &plan.parts {
        std::fs::create_dir_all(&part.dir).map_err(|source| RenderError::Io {
            path: part.dir.clone(),
            source,
        })?;
    }
    for (path, content) in &plan.files {
        std::fs::write(path, content).map_err(|source| RenderError::Io {
            path: path.clone(),
            source,
        })?;
    }
    let cached = Cached::find(&plan, session.parts.as_ref(), &tools);

    let mut runs = Runs {
        cancel,
        stall: session.stall,
        on_progress: &mut on_progress,
        commands: Vec::new(),
        started: std::time::Instant::now(),
        done: 0.0,
        start: 0.0,
        reused: Reused {
            scenes: 0,
            of: project.scenes.len(),
        },
    };
    if let Some(pieces) = only {
        if !plan.parts.is_empty() {
            render_parts(&plan, &cached, &mut runs, Some(pieces))?;
        }
        return Ok(Scoped::Pieces(runs.reused));
    }
    let loudness = if plan.parts.is_empty() {
        let loudness = match &plan.mix {
            Some(step) => loudness_of(&runs.run(step)?),
            None => None,
        };
        if let Some(step) = &plan.palette {
            runs.run(step)?;
        }
        loudness
    } else {
        render_parts(&plan, &cached, &mut runs, None)?;
        None
    };
    let mut log = runs.run(&plan.main_step(loudness))?;
    // An ffmpeg that "succeeds" without writing anything (a broken install, a wrapper script)
    // must not replace the user's file with an empty one.
    if std::fs::metadata(video_temp.path()).map_or(0, |m| m.len()) == 0 {
        return Err(RenderError::Ffmpeg {
            message: Box::new(estudio_words::Message::FfmpegWroteNothing),
            killed: false,
            log,
        });
    }
    // Nothing may drop out of the timeline: a scene ffmpeg could not draw would otherwise leave
    // a shorter video that "succeeded".
    if preset.video != VideoCodec::None {
        let found = media::count_frames(video_temp.path()).map_err(|e| RenderError::Ffmpeg {
            message: Box::new(estudio_words::Message::OutputUnverifiable { why: e }),
            killed: false,
            log: log.clone(),
        })?;
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
    let reused = runs.reused;

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
        for (ext, text) in [("srt", &cues.srt), ("vtt", &cues.vtt)] {
            let t = temp(&captions_path(dest, ext), ext)?;
            std::fs::write(t.path(), text).map_err(io(t.path()))?;
            side.push(t);
        }
    }
    if session.may_commit.as_ref().is_some_and(|may| !may()) {
        return Err(RenderError::Canceled { log });
    }
    // Side files first: once the video appears, everything that belongs with it is there.
    for t in side {
        let path = t.destination().to_owned();
        t.commit().map_err(io(&path))?;
    }
    let bytes = video_temp.commit().map_err(io(dest))?;
    on_progress(&Progress::done(plan.duration_secs));
    Ok(Scoped::Whole(Rendered {
        output: dest.to_owned(),
        bytes,
        duration_secs: plan.duration_secs,
        extras,
        log,
        reused,
    }))
}

/// Draws the parts the cache lacks and makes the sound (unless the cache has it), all beside one
/// another, [`graph::runs_at_once`] jobs at a time (from the machine's cores). Each run's parts are kept as soon as it is
/// finished, so an attempt after a crash starts where this one stopped.
fn render_parts<F: FnMut(&Progress)>(
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
            std::fs::create_dir_all(dir).map_err(|source| RenderError::Io {
                path: dir.clone(),
                source,
            })?;
        }
        for (path, content) in &run.files {
            std::fs::write(path, content).map_err(|source| RenderError::Io {
                path: path.clone(),
                source,
            })?;
        }
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
        // The mix first (its loudness sets the gain), then the sound encoded at that gain.
        jobs.push(Weighed {
            job: Box::new(move |stop, progress| {
                let mut logs = Vec::new();
                let mut done = 0.0;
                let mut loudness = None;
                if let Some(mix) = &plan.mix {
                    let log = run_step(mix, stop, stall, |p| {
                        progress(&Progress {
                            fraction: p.fraction * mix.weight / sound_weight,
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
                        fraction: (done + p.fraction * step.weight) / sound_weight,
                        ..*p
                    });
                })?);
                Ok(logs)
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
                    std::fs::rename(from, to).map_err(|source| RenderError::Io {
                        path: to.clone(),
                        source,
                    })?;
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

/// Which parts of a plan the cache has, and how to keep the others once rendered.
struct Cached<'a> {
    cache: Option<&'a parts::PartCache>,
    keys: Vec<Option<parts::PartKey>>,
    hit: Vec<bool>,
    sound_key: Option<parts::PartKey>,
    sound_hit: bool,
}

impl<'a> Cached<'a> {
    /// Looks every part up (and links the ones found into place).
    fn find(plan: &graph::Plan, cache: Option<&'a parts::PartCache>, tools: &Tools) -> Self {
        let ffmpeg = format!(
            "{}\n{}",
            ffmpeg_program().to_string_lossy(),
            tools.version_line
        );
        let mut hashes = parts::FileHashes::default();
        let keys: Vec<Option<parts::PartKey>> = plan
            .parts
            .iter()
            .map(|part| {
                cache?;
                // An input that cannot be read fails the render anyway, in ffmpeg's words.
                part.key(&plan.files, &ffmpeg, &mut hashes).ok()
            })
            .collect();
        let hit = plan
            .parts
            .iter()
            .zip(&keys)
            .map(|(part, key)| match (cache, key) {
                (Some(c), Some(k)) => c.take(k, part.ext, part.frames, &part.output),
                _ => false,
            })
            .collect();
        let sound_key = cache
            .and_then(|_| plan.sound_key(&ffmpeg, &mut hashes))
            .and_then(Result::ok);
        // Sound has no frames to count; its record's size and content hash still guard it.
        let sound_hit = match (cache, &sound_key, plan.sound_file()) {
            (Some(c), Some(k), Some((path, ext))) => c.take(k, ext, 0, path),
            _ => false,
        };
        Self {
            cache,
            keys,
            hit,
            sound_key,
            sound_hit,
        }
    }

    /// Keeps the parts of `run` once it has rendered, if ffmpeg made the frames it should (its
    /// final report; the segment muxer cuts by frame count and each part's end is the next
    /// one's start, so a whole run means whole parts; the joined video is counted again).
    fn keep_run(&self, plan: &graph::Plan, run: &graph::Run, log: &RenderLog) {
        let Some(cache) = self.cache else { return };
        let parts = &plan.parts[run.parts.clone()];
        let expected: u64 = parts.iter().map(|p| p.frames).sum();
        if log.frames != expected {
            tracing::warn!(
                found = log.frames,
                expected,
                "parts are not cached: ffmpeg made another number of frames"
            );
            return;
        }
        for (part, key) in parts.iter().zip(&self.keys[run.parts.clone()]) {
            if let Some(key) = key {
                cache.keep(key, part.ext, part.frames, &part.output);
            }
        }
    }

    /// Keeps the encoded sound once it is made.
    fn keep_sound(&self, plan: &graph::Plan) {
        if let (Some(cache), Some(key), Some((path, ext))) =
            (self.cache, &self.sound_key, plan.sound_file())
        {
            cache.keep(key, ext, 0, path);
        }
    }
}
