//! The ffmpeg runs of one render, one after another or several at once, with one progress bar
//! over all of them and the commands kept for the job's log.

use crate::{
    graph, run_step, together, CancelToken, Progress, RenderError, RenderLog, Reused, Session,
};

/// The ffmpeg runs of one render, in order, with one progress bar over all of them.
pub(super) struct Runs<'a, F: FnMut(&Progress)> {
    cancel: &'a CancelToken,
    pub(super) stall: std::time::Duration,
    on_progress: &'a mut F,
    /// Commands of the runs so far, for the job's log.
    pub(super) commands: Vec<String>,
    started: std::time::Instant,
    /// Weight of the runs finished.
    pub(super) done: f64,
    /// Weight already done when this render's runs began (parts from the cache): the ETA
    /// is measured over what renders now.
    pub(super) start: f64,
    pub(super) reused: Reused,
}

impl<'a, F: FnMut(&Progress)> Runs<'a, F> {
    /// The runs of a render of `scenes` scenes in `session`, reporting to `on_progress`.
    pub(super) fn new(session: &'a Session, on_progress: &'a mut F, scenes: usize) -> Self {
        Self {
            cancel: &session.cancel,
            stall: session.stall,
            on_progress,
            commands: Vec::new(),
            started: std::time::Instant::now(),
            done: 0.0,
            start: 0.0,
            reused: Reused {
                scenes: 0,
                of: scenes,
            },
        }
    }

    /// Reports a fraction of the whole render, with an ETA over all the runs (the time so far,
    /// scaled by what is left, once there is enough to go by). Frames per second and speed
    /// describe pictures; the sound pass has none.
    pub(super) fn report(&mut self, fraction: f64, p: &Progress, pictures: bool) {
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

    pub(super) fn run(&mut self, step: &graph::Step) -> Result<RenderLog, RenderError> {
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
    pub(super) fn run_together(
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
pub(super) struct Weighed<'a> {
    pub(super) job: Box<together::Job<'a>>,
    pub(super) weight: f64,
    pub(super) pictures: bool,
}

/// The mix pass's loudness, read from its log; without a readable summary the mix is used as it
/// is (gain 0).
pub(super) fn loudness_of(log: &RenderLog) -> Option<graph::Loudness> {
    let level = graph::Loudness::from_log(&log.tail);
    if level.is_none() {
        tracing::warn!("no loudness summary in the mix pass's log");
    }
    level
}
