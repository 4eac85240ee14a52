//! What each subcommand does. Only this crate knows about terminals.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use estudio_project::{LoadError, Problem};
use estudio_queue::{Job, Queue, QueueTarget};
use estudio_render::{CancelToken, RenderOptions};
use estudio_words::Message;
use estudio_worker::{Engine, Event, EventSink, ExportRequest};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::{Cli, Command, ExportArgs};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let db = match cli.db.as_deref().map(QueueTarget::parse) {
        Some(Ok(db)) => db,
        // Wrong usage, said without repeating the value (it may hold a password).
        Some(Err(e)) => {
            say!("error: --db: {e}");
            return Ok(ExitCode::from(2));
        }
        None => estudio_worker::paths::queue_target()?,
    };
    match cli.command {
        Command::Render {
            project,
            export,
            no_cache,
        } => render(&project, &export, no_cache),
        Command::Cache { max_size, clear } => cache(max_size, clear),
        Command::Import {
            deck,
            output,
            into,
            voice,
            slide_duration,
            force,
        } => {
            let options = estudio_deck::ImportOptions {
                voice: voice
                    .or_else(|| {
                        estudio_worker::prefs::Prefs::load(&estudio_worker::paths::prefs_file())
                            .prefs
                            .voice
                    })
                    .unwrap_or_else(|| estudio_project::DEFAULT_VOICE.to_owned()),
                slide_secs: slide_duration,
                force,
                ..estudio_deck::ImportOptions::default()
            };
            match (output, into) {
                (_, Some(project)) => crate::update::update_into(&deck, &project, &options),
                (Some(output), None) => import(&deck, &output, &options),
                // clap requires one of them.
                (None, None) => Ok(ExitCode::from(2)),
            }
        }
        Command::Validate { project } => validate(&project),
        Command::Edit {
            project,
            operations,
            dry_run,
            json,
            stdin,
        } => crate::edit::edit(&project, &operations, dry_run, json, stdin),
        Command::Recover { project, discard } => crate::edit::recover(project.as_deref(), discard),
        Command::Voices { json } => voices(json),
        Command::Say {
            text,
            voice,
            project,
            output,
            show,
        } => crate::say::say(
            &text,
            voice.as_deref(),
            project.as_deref(),
            output.as_deref(),
            show,
        ),
        Command::Pronunciations { project, json } => crate::say::pronunciations(&project, json),
        Command::Enqueue {
            project,
            export,
            priority,
        } => {
            let engine = engine(&db, Arc::new(estudio_worker::NoEvents))?;
            let job = engine.enqueue(&ExportRequest {
                project,
                preset: export.preset,
                options: options(&export),
                replace: replace_of(&export),
                output: export.output,
                priority,
            })?;
            out!("{}", job.id);
            Ok(ExitCode::SUCCESS)
        }
        Command::Jobs { json, status } => {
            let jobs = open(&db)?.list(status)?;
            if json {
                out!("{}", serde_json::to_string_pretty(&jobs)?);
            } else {
                print_table(&jobs);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Log { id } => {
            let queue = open(&db)?;
            queue.get(&id)?;
            for a in queue.attempts(&id)? {
                out!(
                    "attempt {} by {}: {}",
                    a.attempt,
                    a.worker,
                    a.outcome
                        .map_or("running", estudio_queue::AttemptOutcome::as_str)
                );
                if let Some(e) = &a.error {
                    out!("error: {e}");
                }
                if let Some(log) = &a.log {
                    out!("{log}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Cancel { id } => {
            report(engine(&db, Arc::new(estudio_worker::NoEvents))?.cancel(&id)?)
        }
        Command::Retry { id } => {
            report(engine(&db, Arc::new(estudio_worker::NoEvents))?.retry(&id)?)
        }
        Command::Remove { id } => {
            engine(&db, Arc::new(estudio_worker::NoEvents))?.remove(&id)?;
            out!("{id} removed");
            Ok(ExitCode::SUCCESS)
        }
        Command::Clear => {
            let n = engine(&db, Arc::new(estudio_worker::NoEvents))?.clear_finished()?;
            out!("{n} finished job(s) removed");
            Ok(ExitCode::SUCCESS)
        }
        Command::Pause => print_settings(
            &engine(&db, Arc::new(estudio_worker::NoEvents))?.set_paused(true)?,
            false,
        ),
        Command::Resume => print_settings(
            &engine(&db, Arc::new(estudio_worker::NoEvents))?.set_paused(false)?,
            false,
        ),
        Command::Settings {
            max_renders,
            keep_days,
            json,
        } => {
            let engine = engine(&db, Arc::new(estudio_worker::NoEvents))?;
            let mut s = engine.settings()?;
            if max_renders.is_some() || keep_days.is_some() {
                s.concurrency = max_renders.unwrap_or(s.concurrency);
                s.keep_finished_days = keep_days.unwrap_or(s.keep_finished_days);
                s = engine.set_settings(&s)?;
            }
            print_settings(&s, json)
        }
        Command::Worker {
            concurrency,
            drain,
            lease_secs,
            stall_secs,
            name,
            path_map,
        } => {
            let map = match estudio_worker::PathMap::parse(path_map.iter().map(String::as_str)) {
                Ok(m) => m,
                Err(e) => {
                    say!("error: --path-map {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            worker(
                &db,
                WorkerArgs {
                    concurrency: usize::from(concurrency),
                    drain,
                    lease: Duration::from_secs_f64(lease_secs),
                    stall_secs,
                    name,
                    map,
                },
            )
        }
        Command::Watch { json } => watch(&db, json),
        Command::Workers { json } => {
            let queue = open(&db)?;
            let workers = queue.workers()?;
            if json {
                out!("{}", serde_json::to_string_pretty(&workers)?);
            } else {
                // "Seen 2 s ago" by the queue's clock, the one `seen_at` is in.
                print_workers(&workers, queue.clock_ms()?);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema => {
            out!(
                "{}",
                serde_json::to_string_pretty(&estudio_project::json_schema())?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Sample { dir, force } => {
            use estudio_project::files::Existing;
            let existing = if force {
                Existing::Replace
            } else {
                Existing::Keep
            };
            let path = match estudio_project::sample::install(&dir, existing) {
                Ok(path) => path,
                Err(e) if e.source.kind() == std::io::ErrorKind::AlreadyExists => {
                    anyhow::bail!(
                        "{}",
                        Message::ProjectExists {
                            path: e.path.display().to_string()
                        }
                    )
                }
                Err(e) => {
                    anyhow::bail!(
                        "{}",
                        Message::ProjectUnwritable {
                            path: e.path.display().to_string(),
                            cause: (&e.source).into(),
                        }
                    )
                }
            };
            out!("{}", path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn open(db: &QueueTarget) -> anyhow::Result<Queue> {
    open_with(db, estudio_queue::QueueConfig::default())
}

/// Opens the queue; a damaged SQLite file is moved aside (and said so) and a new one started.
/// A server's errors already name it (host and port, never the password).
fn open_with(db: &QueueTarget, config: estudio_queue::QueueConfig) -> anyhow::Result<Queue> {
    let (queue, aside) = match db {
        QueueTarget::Sqlite(path) => {
            Queue::open_or_set_aside(path, config).with_context(|| Message::QueueUnopenable {
                path: path.display().to_string(),
            })?
        }
        QueueTarget::Postgres(_) => Queue::connect_or_set_aside(db, config)?,
    };
    if let Some(aside) = aside {
        say!(
            "{}",
            Message::QueueReplaced {
                path: db.shown(),
                aside: aside.display().to_string(),
            }
        );
    }
    Ok(queue)
}

fn engine(db: &QueueTarget, sink: Arc<dyn EventSink>) -> anyhow::Result<Arc<Engine>> {
    Ok(Engine::new(open(db)?, sink))
}

fn options(export: &ExportArgs) -> RenderOptions {
    RenderOptions {
        crf: export.crf,
        encoder_preset: export.encoder_preset.clone(),
        loudness_lufs: export.loudness,
        poster_secs: export.poster,
        captions: export.captions,
        keep_levels: export.keep_levels,
        replace: export.force,
    }
}

fn report(job: Job) -> anyhow::Result<ExitCode> {
    out!("{} {}", job.id, job.status);
    Ok(ExitCode::SUCCESS)
}

/// Reads, validates and prepares a project (speech, media probing), as an export would.
fn inspect(project: &Path) -> anyhow::Result<Result<estudio_worker::Inspected, Problem>> {
    match estudio_worker::inspect(project, &CancelToken::new()) {
        Ok(i) => Ok(Ok(i)),
        Err(LoadError::Malformed { problem, .. }) => Ok(Err(*problem)),
        Err(e) => Err(e.into()),
    }
}

/// A token Ctrl-C cancels (the work it is given stops its programs and leaves nothing).
pub(crate) fn canceled_by_ctrl_c() -> anyhow::Result<CancelToken> {
    let cancel = CancelToken::new();
    let on_signal = cancel.clone();
    ctrlc::set_handler(move || on_signal.cancel()).context("cannot install the Ctrl-C handler")?;
    Ok(cancel)
}

/// Prints every problem as `POINTER: message`; exit 1 when there is any.
fn import(
    deck: &Path,
    project: &Path,
    options: &estudio_deck::ImportOptions,
) -> anyhow::Result<ExitCode> {
    // Ctrl-C stops LibreOffice and poppler and leaves nothing behind.
    let cancel = canceled_by_ctrl_c()?;
    let report = estudio_deck::import(deck, project, options, &cancel, |stage| {
        say!("{}", stage.message());
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut messages = report.messages();
    let done = messages.pop();
    for m in messages {
        say!("{m}");
    }
    if let Some(done) = done {
        out!("{done}");
    }
    // What the import wrote is checked as an export would check it (without speaking): a
    // voice this machine lacks, notes too long to speak.
    let problems = match estudio_project::load(&report.project) {
        Ok(loaded) => {
            let speakers = estudio_worker::paths::speakers(&CancelToken::new());
            let mut problems = loaded.problems.clone();
            problems.extend(estudio_render::voice_problems(&loaded.project, &speakers));
            problems
        }
        Err(e) => e.problem().cloned().into_iter().collect(),
    };
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        say!("{p}");
    }
    say!(
        "{}",
        Message::ImportedWithProblems {
            path: report.project.display().to_string(),
            count: problems.len() as u64,
        }
    );
    Ok(ExitCode::from(1))
}

fn validate(project: &Path) -> anyhow::Result<ExitCode> {
    match inspect(project)? {
        Ok(inspected) if inspected.loaded.is_valid() => {
            let s = inspected.summary();
            out!(
                "ok: {:?}, {} scene(s), {:.2} s at {}x{} {} fps",
                s.title,
                s.scene_count,
                s.duration_secs,
                s.width,
                s.height,
                s.fps
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(inspected) => {
            for p in &inspected.loaded.problems {
                out!("{p}");
            }
            Ok(ExitCode::from(1))
        }
        Err(problem) => {
            out!("{problem}");
            Ok(ExitCode::from(1))
        }
    }
}

fn render(project: &Path, export: &ExportArgs, no_cache: bool) -> anyhow::Result<ExitCode> {
    estudio_render::ffmpeg_version()?;
    let options = options(export);
    options
        .check(export.preset.preset())
        .map_err(anyhow::Error::msg)?;
    let inspected = match inspect(project)? {
        Ok(i) => i,
        Err(problem) => {
            anyhow::bail!(
                "{}",
                Message::InFile {
                    path: project.display().to_string(),
                    problem: problem.pointed(),
                }
            )
        }
    };
    let Some(prepared) = &inspected.prepared else {
        let problems = &inspected.loaded.problems;
        for p in problems {
            say!("{p}");
        }
        anyhow::bail!(
            "{}",
            Message::NothingRendered {
                path: project.display().to_string(),
                count: problems.len() as u64,
            }
        );
    };
    // The same check as an Export from the window: the preset's extension, never over a file of
    // another kind, never over one of the project's own files, never over anything without
    // --force.
    let output = estudio_worker::outputs::check_destination(
        &export.output,
        export.preset,
        &options,
        &inspected.loaded.inputs(),
        replace_of(export),
    )?;
    estudio_render::WorkDirs::new(estudio_worker::paths::work_dir()).sweep();
    // A render of this destination killed earlier left its temporary files beside it; a render
    // still running holds its own locked, and they stay.
    let stale = estudio_render::remove_leftovers(&output, CLI_TAG);
    if stale > 0 {
        tracing::info!(stale, "removed temporary files of a killed render");
    }
    // Ctrl-C stops ffmpeg and removes the temporary file; the destination is left as it was.
    let cancel = canceled_by_ctrl_c()?;
    let bar = progress_bar();
    let result = estudio_render::render(
        prepared,
        export.preset.preset(),
        &options,
        &output,
        &{
            let engine = engine_options(export.stall_secs);
            // Without the cache nothing is read from it, but what renders is still kept.
            let parts = engine
                .parts
                .clone()
                .map(|c| if no_cache { c.write_only() } else { c });
            engine.session(CLI_TAG, &cancel).with_parts(parts)
        },
        |p| {
            if let Some(bar) = &bar {
                bar.set_position((p.fraction * 1000.0) as u64);
                bar.set_message(format!(
                    "{:.0} fps  {:.2}x  ETA {}",
                    p.fps,
                    p.speed,
                    p.eta_secs.map_or("-".into(), |s| format!("{s:.0} s"))
                ));
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let done = result.map_err(|e| {
        if let Some(log) = e
            .log()
            .filter(|_| !matches!(e, estudio_render::RenderError::Canceled { .. }))
        {
            for line in log.tail.iter().rev().take(10).rev() {
                say!("  ffmpeg: {line}");
            }
        }
        anyhow::Error::new(e)
    })?;
    out!(
        "{} ({:.2} s, {} bytes)",
        done.output.display(),
        done.duration_secs,
        done.bytes
    );
    for extra in &done.extras {
        out!("{}", extra.display());
    }
    if done.reused.scenes > 0 {
        say!(
            "{}",
            Message::ScenesFromCache {
                reused: done.reused.scenes as u64,
                of: done.reused.of as u64,
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `estudio-cli voices`: every voice a narration may name, espeak-ng's then Piper's, one per line
/// (`ENGINE NAME LANGUAGE QUALITY`, a Piper voice's file last), or as JSON.
fn voices(json: bool) -> anyhow::Result<ExitCode> {
    use estudio_render::speech::Espeak;
    let folders = estudio_worker::paths::voice_folders();
    let piper = folders.list();
    let espeak = match Espeak::detect() {
        Ok(e) => e.voices,
        Err(e) => {
            say!("{e}");
            Vec::new()
        }
    };
    for v in &espeak {
        if json {
            out!(
                "{}",
                serde_json::json!({"engine": "espeak-ng", "voice": v.name, "language": v.name, "name": v.title})
            );
        } else {
            out!("espeak-ng\t{}\t{}", v.name, v.title);
        }
    }
    for v in &piper {
        let voice = format!("piper:{}", v.name);
        if json {
            out!(
                "{}",
                serde_json::json!({"engine": "piper", "voice": voice, "language": v.language,
                    "quality": v.quality, "model": v.model})
            );
        } else {
            out!(
                "piper\t{voice}\t{}\t{}\t{}",
                v.language,
                v.quality,
                v.model.display()
            );
        }
    }
    if piper.is_empty() {
        say!(
            "{}",
            Message::NoPiperVoices {
                folders: folders.shown()
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `estudio-cli cache`: what the cache of finished parts holds; a new bound; emptied.
fn cache(max_size: Option<u64>, clear: bool) -> anyhow::Result<ExitCode> {
    use estudio_worker::prefs::Prefs;
    let file = estudio_worker::paths::prefs_file();
    let mut prefs = Prefs::load(&file).prefs;
    if let Some(max) = max_size {
        prefs.cache_max_bytes = max;
        prefs.save(&file)?;
    }
    let cache = estudio_render::parts::PartCache::new(
        estudio_worker::paths::parts_dir(),
        prefs.cache_max_bytes,
    );
    if clear {
        say!(
            "{}",
            Message::CacheFreed {
                bytes: cache.clear()
            }
        );
    } else if max_size.is_some() {
        let freed = cache.evict(prefs.cache_max_bytes);
        if freed > 0 {
            say!("{}", Message::CacheFreed { bytes: freed });
        }
    }
    let entries = cache.entries();
    out!(
        "{}",
        Message::CacheSummary {
            dir: cache.dir().display().to_string(),
            entries: entries.len() as u64,
            bytes: entries.iter().map(|e| e.bytes).sum(),
            max_bytes: prefs.cache_max_bytes,
        }
    );
    for e in &entries {
        out!(
            "{}",
            Message::CacheEntry {
                key: e.key[..16].to_owned(),
                bytes: e.bytes,
                frames: e.frames,
                age_secs: e.last_used.elapsed().map_or(0, |d| d.as_secs()),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn progress_bar() -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(1000);
    bar.set_style(
        ProgressStyle::with_template("{bar:40.cyan/blue} {percent:>3}%  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

/// Prints each job's state changes, one line each, as the workers report them.
struct PrintEvents(Mutex<()>);

impl EventSink for PrintEvents {
    fn emit(&self, event: &Event) {
        if let Event::JobChanged(job) = event {
            let _guard = self.0.lock();
            let extra = job
                .error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            say!("{} {} {}{extra}", job.id, job.status, job.output);
        }
    }
}

fn print_settings(s: &estudio_queue::QueueSettings, json: bool) -> anyhow::Result<ExitCode> {
    if json {
        out!("{}", serde_json::to_string_pretty(s)?);
    } else {
        out!(
            "{}; at most {} render(s) at once; finished jobs kept {}",
            if s.paused { "paused" } else { "running" },
            s.concurrency,
            if s.keep_finished_days == 0 {
                "forever".to_owned()
            } else {
                format!("{} days", s.keep_finished_days)
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `--force`: the person's word that a video already at the destination may be replaced.
fn replace_of(export: &crate::args::ExportArgs) -> estudio_worker::outputs::Replace {
    if export.force {
        estudio_worker::outputs::Replace::Yes
    } else {
        estudio_worker::outputs::Replace::No
    }
}

/// The owner of the temporary files `estudio-cli render` writes beside its destination.
const CLI_TAG: &str = "cli";

/// The engine's options, with `--stall-secs` when given.
fn engine_options(stall_secs: Option<u64>) -> estudio_worker::EngineOptions {
    let defaults = estudio_worker::EngineOptions::default();
    estudio_worker::EngineOptions {
        stall: stall_secs.map_or(defaults.stall, Duration::from_secs),
        ..defaults
    }
}

/// How `estudio-cli worker` was asked to run.
struct WorkerArgs {
    concurrency: usize,
    drain: bool,
    lease: Duration,
    stall_secs: Option<u64>,
    name: Option<String>,
    map: estudio_worker::PathMap,
}

fn worker(db: &QueueTarget, args: WorkerArgs) -> anyhow::Result<ExitCode> {
    let WorkerArgs {
        concurrency,
        drain,
        lease,
        stall_secs,
        name,
        map,
    } = args;
    let config = estudio_queue::QueueConfig {
        lease,
        ..estudio_queue::QueueConfig::default()
    };
    let queue = open_with(db, config)?;
    let mut options = engine_options(stall_secs);
    if let Some(name) = name {
        options.worker_name = name;
    }
    if !map.is_empty() {
        options.path_map = map;
    }
    let engine = Engine::with_options(queue, Arc::new(PrintEvents(Mutex::new(()))), options);
    // Without a usable ffmpeg every claimed job would fail: say so and claim nothing.
    engine.ffmpeg()?;
    let limit = engine.settings()?.concurrency;
    if i64::try_from(concurrency).unwrap_or(i64::MAX) > limit {
        say!(
            "note: the queue allows {limit} render(s) at once across all workers; \
             `estudio-cli settings --max-renders {concurrency}` raises it"
        );
    }
    // On a farm, idle workers wake the moment a job is queued on any machine (NOTIFY); on one
    // computer they look every half second. Listening before the workers start means a worker
    // that the farm lists as alive already hears every job and piece queued from then on.
    let _waker = if db.is_postgres() {
        Some(engine.watch(estudio_worker::Watching::WakeOnly)?)
    } else {
        None
    };
    let workers = if drain {
        engine.start_draining(concurrency)
    } else {
        engine.start(concurrency)
    };
    // SIGINT/SIGTERM: stop cleanly; running jobs go back to the queue without using an attempt.
    let on_signal = Arc::clone(&engine);
    ctrlc::set_handler(move || {
        say!("stopping; running jobs go back to the queue");
        on_signal.stop_workers();
    })
    .context("cannot install the signal handler")?;
    workers.join();
    Ok(ExitCode::SUCCESS)
}

/// Prints the queue's changes until interrupted (Ctrl+C ends it with status 0).
fn watch(db: &QueueTarget, json: bool) -> anyhow::Result<ExitCode> {
    use estudio_queue::Change;
    let queue = open(db)?;
    let mut subscription = queue.subscribe()?;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let on_signal = Arc::clone(&stop);
    ctrlc::set_handler(move || on_signal.store(true, std::sync::atomic::Ordering::SeqCst))
        .context("cannot install the signal handler")?;
    if !json {
        say!("watching {}; Ctrl+C stops", db.shown());
    }
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        let changes = match subscription.next(Duration::from_millis(500)) {
            Ok(c) => c,
            Err(e) => {
                // The server went away: say so once per failure and keep trying; the
                // subscription reconnects (with a backoff) and reports what changed meanwhile.
                say!("{e}");
                continue;
            }
        };
        for change in changes {
            let line = if json {
                serde_json::to_string(&match &change {
                    Change::Job(job) => serde_json::json!({"event": "job-changed", "job": job}),
                    Change::Progress(job) => serde_json::json!({
                        "event": "job-progress", "id": job.id, "progress": job.progress,
                        "worker": job.worker,
                    }),
                    Change::Removed(id) => serde_json::json!({"event": "job-removed", "id": id}),
                    Change::Pieces(id) => serde_json::json!({"event": "pieces-queued", "id": id}),
                    Change::Settings(s) => {
                        serde_json::json!({"event": "settings-changed", "settings": s})
                    }
                })?
            } else {
                match &change {
                    Change::Job(job) => format!(
                        "{} {}{} {}",
                        job.id,
                        job.status,
                        where_rendered(job),
                        job.output
                    ),
                    Change::Progress(job) => {
                        format!(
                            "{} {:.0}%{}",
                            job.id,
                            job.progress * 100.0,
                            where_rendered(job)
                        )
                    }
                    Change::Removed(id) => format!("{id} removed"),
                    Change::Pieces(id) => format!("{id} has pieces for any worker to take"),
                    Change::Settings(s) => format!(
                        "settings: {}, at most {} at once",
                        if s.paused { "paused" } else { "running" },
                        s.concurrency
                    ),
                }
            };
            // A reader that went away (`| head`) ends the watch.
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            if writeln!(stdout, "{line}")
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// " on sala-3" while a job renders.
fn where_rendered(job: &Job) -> String {
    match (&job.worker, job.status) {
        (Some(name), estudio_queue::JobStatus::Processing) => format!(" on {name}"),
        _ => String::new(),
    }
}

fn print_workers(workers: &[estudio_queue::WorkerInfo], now: i64) {
    if workers.is_empty() {
        out!("no live workers");
        return;
    }
    out!(
        "{:<20}  {:<20}  {:>8}  {:>9}  JOB",
        "NAME",
        "HOST",
        "PID",
        "SEEN"
    );
    for w in workers {
        out!(
            "{:<20}  {:<20}  {:>8}  {:>7.1}s  {}",
            w.name,
            w.host,
            w.pid,
            (now - w.seen_at).max(0) as f64 / 1000.0,
            w.job_id.as_deref().unwrap_or("idle")
        );
    }
}

fn print_table(jobs: &[Job]) {
    if jobs.is_empty() {
        out!("no jobs");
        return;
    }
    out!(
        "{:<36}  {:<10}  {:>5}  {:<9}  OUTPUT",
        "ID",
        "STATUS",
        "DONE",
        "PRESET"
    );
    for j in jobs {
        out!(
            "{:<36}  {:<10}  {:>4.0}%  {:<9}  {}{}{}",
            j.id,
            j.status.as_str(),
            j.progress * 100.0,
            j.preset,
            j.output,
            where_rendered(j),
            j.error
                .as_deref()
                .map(|e| format!("  ({e})"))
                .unwrap_or_default()
        );
    }
}
