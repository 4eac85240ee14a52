//! Queue-wide settings shared by every process (pause, renders at once, retention) and the
//! pruning they decide.

use super::{now_ms, Queue};
use crate::{QueueError, QueueSettings};

impl Queue {
    /// The queue-wide settings.
    ///
    /// # Errors
    /// Database errors only.
    pub fn settings(&self) -> Result<QueueSettings, QueueError> {
        Ok(self.conn().query_row(
            "SELECT paused, concurrency, keep_finished_days FROM queue_settings WHERE id = 1",
            [],
            |r| {
                Ok(QueueSettings {
                    paused: r.get(0)?,
                    concurrency: r.get(1)?,
                    keep_finished_days: r.get(2)?,
                })
            },
        )?)
    }

    /// Replaces the queue-wide settings (values are clamped to their ranges).
    ///
    /// # Errors
    /// Database errors only.
    pub fn set_settings(&self, s: &QueueSettings) -> Result<QueueSettings, QueueError> {
        let now = now_ms();
        self.write(|tx| {
            tx.execute(
                "UPDATE queue_settings SET paused = ?1, concurrency = ?2, keep_finished_days = ?3, updated_at = ?4
                 WHERE id = 1",
                rusqlite::params![s.paused, s.concurrency.clamp(1, 16), s.keep_finished_days.max(0), now],
            )?;
            Ok(())
        })?;
        self.settings()
    }

    /// Pauses (`true`) or resumes the whole queue: while paused no job starts; running ones
    /// finish.
    ///
    /// # Errors
    /// Database errors only.
    pub fn set_paused(&self, paused: bool) -> Result<QueueSettings, QueueError> {
        // Only this column: another process may be changing the other settings at the same time.
        let now = now_ms();
        self.write(|tx| {
            tx.execute(
                "UPDATE queue_settings SET paused = ?1, updated_at = ?2 WHERE id = 1",
                rusqlite::params![paused, now],
            )?;
            Ok(())
        })?;
        self.settings()
    }

    /// Deletes finished jobs older than the `keep_finished_days` setting; returns their ids.
    ///
    /// # Errors
    /// Database errors only.
    pub fn prune(&self) -> Result<Vec<String>, QueueError> {
        self.prune_at(now_ms())
    }

    /// [`Queue::prune`] as if the time were `now` (Unix ms).
    ///
    /// # Errors
    /// Database errors only.
    pub fn prune_at(&self, now: i64) -> Result<Vec<String>, QueueError> {
        self.write(|tx| {
            let days: i64 = tx.query_row("SELECT keep_finished_days FROM queue_settings WHERE id = 1", [], |r| r.get(0))?;
            if days == 0 {
                return Ok(Vec::new());
            }
            let cutoff = now.saturating_sub(days.saturating_mul(86_400_000));
            let ids = tx
                .prepare_cached("DELETE FROM render_jobs WHERE finished_at IS NOT NULL AND finished_at < ?1 RETURNING id")?
                .query_map([cutoff], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })
    }
}
