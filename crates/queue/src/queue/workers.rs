//! Who is working: each worker keeps a row with its last heartbeat, so a farm can be seen
//! (`estudio-cli workers`) and a job shows where it renders.

use super::{duration_ms, Queue};
use crate::store::vals;
use crate::{QueueError, WorkerId, WorkerInfo};

/// A worker's row is left after it died; it is no longer listed after this many leases without
/// a heartbeat, and deleted after a day.
const LIVE_LEASES: i64 = 3;
const FORGET_MS: i64 = 86_400_000;

impl Queue {
    /// Records that `worker` is alive (and what it renders, if anything).
    ///
    /// # Errors
    /// Database errors only.
    pub fn worker_seen(
        &self,
        worker: &WorkerId,
        host: &str,
        job: Option<&str>,
    ) -> Result<(), QueueError> {
        let pid = i64::from(std::process::id());
        self.write(|tx| {
            let now = tx.now_ms()?;
            tx.execute(
                "INSERT INTO queue_workers (id, name, host, pid, started_at, seen_at, job_id)
                 VALUES ($1, $2, $3, $4, $5, $5, $6)
                 ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, job_id = excluded.job_id",
                vals![&worker.owner, &worker.name, host, pid, now, job],
            )?;
            Ok(())
        })
    }

    /// A worker that stopped cleanly takes its row away.
    ///
    /// # Errors
    /// Database errors only.
    pub fn worker_gone(&self, worker: &WorkerId) -> Result<(), QueueError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM queue_workers WHERE id = $1",
                vals![&worker.owner],
            )?;
            Ok(())
        })
    }

    /// The workers heard from within the last few leases, by name.
    ///
    /// # Errors
    /// Database errors only.
    pub fn workers(&self) -> Result<Vec<WorkerInfo>, QueueError> {
        let live = duration_ms(self.config.lease).saturating_mul(LIVE_LEASES);
        self.write(|tx| {
            let now = tx.now_ms()?;
            tx.execute(
                "DELETE FROM queue_workers WHERE seen_at < $1",
                vals![now - FORGET_MS],
            )?;
            tx.query(
                "SELECT id, name, host, pid, started_at, seen_at, job_id FROM queue_workers
                 WHERE seen_at >= $1 ORDER BY name, id",
                vals![now - live],
            )?
            .iter()
            .map(|r| {
                Ok(WorkerInfo {
                    id: r.str("id")?,
                    name: r.str("name")?,
                    host: r.str("host")?,
                    pid: r.i64("pid")?,
                    started_at: r.i64("started_at")?,
                    seen_at: r.i64("seen_at")?,
                    job_id: r.opt_str("job_id")?,
                })
            })
            .collect()
        })
    }
}
