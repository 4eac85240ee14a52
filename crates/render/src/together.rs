//! Running independent jobs at the same time (the runs drawing a project's parts, and its sound):
//! while one ffmpeg starts up (opening inputs, filling x264's lookahead), another keeps the cores
//! busy. A job is one ffmpeg run or a few in a row (the sound: its mix, then its encoding).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::{graph, run_step, CancelToken, Progress, RenderError, RenderLog};

/// One job: given the token that stops it and where to report its progress (a fraction of the
/// job), it runs and returns the logs of its runs.
pub(crate) type Job<'a> = dyn Fn(&CancelToken, &mut dyn FnMut(&Progress)) -> Result<Vec<RenderLog>, RenderError>
    + Sync
    + 'a;

enum Message {
    Progress(usize, Progress),
    Done(usize, Result<Vec<RenderLog>, RenderError>),
}

/// Runs `jobs`, at most `at_once` at a time, in order of index. `on_progress(i, p)` reports job
/// `i`'s own progress and `on_done(i, logs)` its success, on the calling thread. The first
/// failure stops the others; a cancel stops all.
///
/// # Errors
/// The first job's error that is not a consequence of another's (a cancel caused by a failure
/// is not reported over the failure).
pub(crate) fn run_together(
    jobs: &[&Job<'_>],
    cancel: &CancelToken,
    at_once: usize,
    mut on_done: impl FnMut(usize, &[RenderLog]),
    mut on_progress: impl FnMut(usize, &Progress),
) -> Result<Vec<Vec<RenderLog>>, RenderError> {
    // Its own token, so a failing step can stop the others without looking like a user's cancel.
    let stop = CancelToken::new();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Message>();
    std::thread::scope(|scope| {
        for _ in 0..at_once.clamp(1, jobs.len().max(1)) {
            let (tx, stop, next) = (tx.clone(), &stop, &next);
            scope.spawn(move || loop {
                if stop.is_canceled() {
                    break;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(job) = jobs.get(i) else { break };
                let result = job(stop, &mut |p| {
                    if tx.send(Message::Progress(i, *p)).is_err() {
                        stop.cancel();
                    }
                });
                if tx.send(Message::Done(i, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut logs: Vec<Option<Vec<RenderLog>>> = vec![None; jobs.len()];
        let mut failure: Option<RenderError> = None;
        loop {
            if cancel.is_canceled() {
                stop.cancel();
            }
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(Message::Progress(i, p)) => on_progress(i, &p),
                Ok(Message::Done(i, Ok(done))) => {
                    on_done(i, &done);
                    logs[i] = Some(done);
                }
                Ok(Message::Done(_, Err(e))) => {
                    stop.cancel();
                    let caused = matches!(e, RenderError::Canceled { .. });
                    let keep = match &failure {
                        None => true,
                        Some(RenderError::Canceled { .. }) => !caused,
                        Some(_) => false,
                    };
                    if keep {
                        failure = Some(e);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        if let Some(e) = failure {
            return Err(e);
        }
        if cancel.is_canceled() {
            return Err(RenderError::Canceled {
                log: RenderLog::default(),
            });
        }
        Ok(logs.into_iter().map(Option::unwrap_or_default).collect())
    })
}

/// Runs the independent ffmpeg runs `steps`, at most `at_once` at a time.
///
/// # Errors
/// As [`run_together`].
pub(crate) fn run_steps(
    steps: &[graph::Step],
    cancel: &CancelToken,
    stall: Duration,
    at_once: usize,
) -> Result<(), RenderError> {
    let jobs: Vec<Box<Job<'_>>> = steps
        .iter()
        .map(|step| -> Box<Job<'_>> {
            Box::new(move |stop, progress| Ok(vec![run_step(step, stop, stall, |p| progress(p))?]))
        })
        .collect();
    let refs: Vec<&Job<'_>> = jobs.iter().map(|j| &**j).collect();
    run_together(&refs, cancel, at_once, |_, _| {}, |_, _| {}).map(|_| ())
}
