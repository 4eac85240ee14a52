//! Running independent ffmpeg steps at the same time (a long project's segments and its sound
//! mix): while one run starts up (opening inputs, filling x264's lookahead), another keeps the
//! cores busy.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::graph::Step;
use crate::{run_step, CancelToken, Progress, RenderError, RenderLog};

enum Message {
    Progress(usize, Progress),
    Done(usize, Result<RenderLog, RenderError>),
}

/// Runs `steps`, at most `at_once` at a time, in order of index. `on_progress(i, p)` reports step
/// `i`'s own progress and `on_done(i)` its success, on the calling thread. The first failure
/// stops the others; a cancel stops all.
///
/// # Errors
/// The first step's error that is not a consequence of another's (a cancel caused by a failure
/// is not reported over the failure).
pub(crate) fn run_together(
    steps: &[&Step],
    cancel: &CancelToken,
    stall: Duration,
    at_once: usize,
    mut on_done: impl FnMut(usize),
    mut on_progress: impl FnMut(usize, &Progress),
) -> Result<Vec<RenderLog>, RenderError> {
    // Its own token, so a failing step can stop the others without looking like a user's cancel.
    let stop = CancelToken::new();
    let next = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<Message>();
    std::thread::scope(|scope| {
        for _ in 0..at_once.clamp(1, steps.len().max(1)) {
            let (tx, stop, next) = (tx.clone(), &stop, &next);
            scope.spawn(move || loop {
                if stop.is_canceled() {
                    break;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(step) = steps.get(i) else { break };
                let result = run_step(step, stop, stall, |p| {
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
        let mut logs: Vec<Option<RenderLog>> = vec![None; steps.len()];
        let mut failure: Option<RenderError> = None;
        loop {
            if cancel.is_canceled() {
                stop.cancel();
            }
            match rx.recv_timeout(Duration::from_millis(50)) {
                Ok(Message::Progress(i, p)) => on_progress(i, &p),
                Ok(Message::Done(i, Ok(log))) => {
                    logs[i] = Some(log);
                    on_done(i);
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
