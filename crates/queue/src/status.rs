//! Job states and the one rule for moving between them.

use serde::{Deserialize, Serialize};

use crate::QueueError;

/// Where a job is in its life. Stored as lowercase text.
///
/// ```text
/// queued -> processing -> completed
///   |          |  \-----> failed   --retry--> queued
///   |          \-------> canceled --retry--> queued
///   |          \-------> queued (lease expired, or a transient failure with attempts left)
///   \-> canceled
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "bindings", ts(export))]
pub enum JobStatus {
    Queued,
    Processing,
    Completed,
    Failed,
    Canceled,
}

impl JobStatus {
    pub const ALL: [JobStatus; 5] = [
        JobStatus::Queued,
        JobStatus::Processing,
        JobStatus::Completed,
        JobStatus::Failed,
        JobStatus::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Processing => "processing",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Canceled => "canceled",
        }
    }

    /// Completed, failed and canceled jobs are finished: nothing runs them any more.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobStatus::Completed | JobStatus::Failed | JobStatus::Canceled
        )
    }

    /// What a person may do with a job in this status, from the transition table: the window
    /// offers these and no others.
    pub fn actions(self) -> Vec<JobAction> {
        let can = |t: Transition| t.from().contains(&self);
        let mut actions = Vec::new();
        // A running job is canceled by a flag its worker acts on, then `FinishCanceled`.
        if can(Transition::CancelQueued) || can(Transition::FinishCanceled) {
            actions.push(JobAction::Cancel);
        }
        if can(Transition::Retry) {
            actions.push(JobAction::Retry);
        }
        if self == JobStatus::Completed {
            actions.push(JobAction::Open);
        }
        // A running job's row is its worker's until it ends (`QueueError::Running`).
        if self != JobStatus::Processing {
            actions.push(JobAction::Remove);
        }
        actions
    }

    /// Whether some [`Transition`] takes a job from `self` to `to`.
    pub fn allows(self, to: JobStatus) -> bool {
        Transition::ALL
            .iter()
            .any(|t| t.to() == to && t.from().contains(&self))
    }
}

/// Something a person can do with a job (see [`JobStatus::actions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "bindings", ts(export))]
pub enum JobAction {
    Cancel,
    Retry,
    /// Open its video, or show it in the file manager.
    Open,
    Remove,
}

/// How one attempt at a job ended, as its log shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "bindings", ts(export))]
pub enum AttemptOutcome {
    Completed,
    Failed,
    Canceled,
    /// Failed in a way that may pass; the job went back to the queue.
    Retry,
    /// Its worker stopped without a word (crashed, killed, the computer lost power).
    Lost,
}

impl AttemptOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptOutcome::Completed => "completed",
            AttemptOutcome::Failed => "failed",
            AttemptOutcome::Canceled => "canceled",
            AttemptOutcome::Retry => "retry",
            AttemptOutcome::Lost => "lost",
        }
    }

    /// As stored in `render_job_attempts.outcome`; `None` for text this build does not know.
    pub fn from_stored(s: &str) -> Option<Self> {
        [
            AttemptOutcome::Completed,
            AttemptOutcome::Failed,
            AttemptOutcome::Canceled,
            AttemptOutcome::Retry,
            AttemptOutcome::Lost,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// Every way a job's status changes: the one rule. Each write of the queue that changes a
/// status names its transition, and its SQL only touches rows in one of [`Transition::from`]
/// ([`Transition::sql_from`]), so no write can make a move this table does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// A worker takes a queued job.
    Claim,
    /// The worker's render finished.
    Complete,
    /// The worker's render failed for good.
    Fail,
    /// A worker's attempt failed in a way that may pass (or its lease expired): queued again,
    /// after a backoff.
    Requeue,
    /// The worker is shutting down; the job goes back without using an attempt.
    Release,
    /// The user cancels a job that has not started.
    CancelQueued,
    /// A running job stops because a cancel was asked (by the worker, or by the reaper).
    FinishCanceled,
    /// The user tries a failed or canceled job again.
    Retry,
}

impl Transition {
    pub const ALL: [Transition; 8] = [
        Transition::Claim,
        Transition::Complete,
        Transition::Fail,
        Transition::Requeue,
        Transition::Release,
        Transition::CancelQueued,
        Transition::FinishCanceled,
        Transition::Retry,
    ];

    /// The statuses a job may have before it.
    pub fn from(self) -> &'static [JobStatus] {
        use JobStatus::*;
        match self {
            Transition::Claim | Transition::CancelQueued => &[Queued],
            Transition::Complete
            | Transition::Fail
            | Transition::Requeue
            | Transition::Release
            | Transition::FinishCanceled => &[Processing],
            Transition::Retry => &[Failed, Canceled],
        }
    }

    /// The status after it.
    pub fn to(self) -> JobStatus {
        match self {
            Transition::Claim => JobStatus::Processing,
            Transition::Complete => JobStatus::Completed,
            Transition::Fail => JobStatus::Failed,
            Transition::Requeue | Transition::Release | Transition::Retry => JobStatus::Queued,
            Transition::CancelQueued | Transition::FinishCanceled => JobStatus::Canceled,
        }
    }

    /// A condition on `status` for SQL: `status IN ('failed','canceled')`.
    pub fn sql_from(self) -> String {
        let list: Vec<String> = self
            .from()
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        format!("status IN ({})", list.join(","))
    }

    /// Whether a job that is `from` may take this transition, as a typed error naming the job.
    ///
    /// # Errors
    /// [`QueueError::InvalidTransition`] when it may not.
    pub fn check(self, from: JobStatus, id: &str) -> Result<(), QueueError> {
        if self.from().contains(&from) {
            Ok(())
        } else {
            Err(QueueError::InvalidTransition {
                id: id.to_owned(),
                from,
                to: self.to(),
            })
        }
    }
}

impl std::fmt::Display for JobStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for JobStatus {
    type Err = QueueError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        JobStatus::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| QueueError::UnknownStatus(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_status_offers_what_its_transitions_allow() {
        use super::JobAction::*;
        let offered: Vec<_> = JobStatus::ALL.iter().map(|s| (*s, s.actions())).collect();
        assert_eq!(
            offered,
            [
                (JobStatus::Queued, vec![Cancel, Remove]),
                (JobStatus::Processing, vec![Cancel]),
                (JobStatus::Completed, vec![Open, Remove]),
                (JobStatus::Failed, vec![Retry, Remove]),
                (JobStatus::Canceled, vec![Retry, Remove]),
            ]
        );
    }

    use super::*;

    #[test]
    fn terminal_states_only_go_back_to_the_queue() {
        for from in JobStatus::ALL {
            for to in JobStatus::ALL {
                if from.is_terminal() && from.allows(to) {
                    assert_eq!(to, JobStatus::Queued, "{from} -> {to}");
                    assert_ne!(from, JobStatus::Completed);
                }
            }
            assert!(!from.allows(from), "{from} -> itself");
            // Every status but completed can be reached and (but for the finished ones) left.
            assert!(
                from == JobStatus::Completed
                    || Transition::ALL.iter().any(|t| t.from().contains(&from)),
                "{from} is a dead end"
            );
            assert_eq!(from.as_str().parse::<JobStatus>().unwrap(), from);
        }
        assert!("done".parse::<JobStatus>().is_err());
        // A user's retry is not the worker's requeue: a running job cannot be retried.
        assert!(Transition::Retry.check(JobStatus::Processing, "j").is_err());
        assert!(Transition::Requeue
            .check(JobStatus::Processing, "j")
            .is_ok());
        assert_eq!(
            Transition::Retry.sql_from(),
            "status IN ('failed','canceled')"
        );
    }
}
