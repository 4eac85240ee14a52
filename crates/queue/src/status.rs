//! Job states and the one rule for moving between them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
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

    /// Whether a job may go from `self` to `to`.
    pub fn allows(self, to: JobStatus) -> bool {
        use JobStatus::*;
        matches!(
            (self, to),
            (Queued, Processing)
                | (Queued, Canceled)
                | (Processing, Completed)
                | (Processing, Failed)
                | (Processing, Canceled)
                | (Processing, Queued)
                | (Failed, Queued)
                | (Canceled, Queued)
        )
    }

    /// [`JobStatus::allows`] as a typed error naming the job.
    ///
    /// # Errors
    /// [`QueueError::InvalidTransition`] when the move is not allowed.
    pub fn check(self, to: JobStatus, id: &str) -> Result<(), QueueError> {
        if self.allows(to) {
            Ok(())
        } else {
            Err(QueueError::InvalidTransition {
                id: id.to_owned(),
                from: self,
                to,
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
            assert_eq!(from.as_str().parse::<JobStatus>().unwrap(), from);
        }
        assert!("done".parse::<JobStatus>().is_err());
    }
}
