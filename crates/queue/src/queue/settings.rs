//! Queue-wide settings shared by every process (pause, renders at once, retention) and the
//! pruning they decide.

use super::Queue;
use crate::store::{vals, Row};
use crate::{QueueError, QueueSettings};

fn settings_from(r: &Row) -> Result<QueueSettings, QueueError> {
    Ok(QueueSettings {
        paused: r.bool("paused")?,
        concurrency: r.i64("concurrency")?,
        keep_finished_days: r.i64("keep_finished_days")?,
    })
}

impl Queue {
    /// The queue-wide settings.
    ///
    /// # Errors
    /// Database errors only.
    pub fn settings(&self) -> Result<QueueSettings, QueueError> {
        self.read(|tx| {
            settings_from(&tx.query_one(
                "SELECT paused, concurrency, keep_finished_days FROM queue_settings WHERE id = 1",
                &[],
            )?)
        })
    }

    /// Replaces the queue-wide settings (values are clamped to their ranges).
    ///
    /// # Errors
    /// Database errors only.
    pub fn set_settings(&self, s: &QueueSettings) -> Result<QueueSettings, QueueError> {
        self.write(|tx| {
            let now = tx.now_ms()?;
            settings_from(&tx.query_one(
                "UPDATE queue_settings SET paused = $1, concurrency = $2, keep_finished_days = $3, updated_at = $4
                 WHERE id = 1 RETURNING paused, concurrency, keep_finished_days",
                vals![s.paused, s.concurrency.clamp(1, 16), s.keep_finished_days.max(0), now],
            )?)
        })
    }

    /// Pauses (`true`) or resumes the whole queue: while paused no job starts; running ones
    /// finish.
    ///
    /// # Errors
    /// Database errors only.
    pub fn set_paused(&self, paused: bool) -> Result<QueueSettings, QueueError> {
        // Only this column: another process may be changing the other settings at the same time.
        self.write(|tx| {
            let now = tx.now_ms()?;
            settings_from(&tx.query_one(
                "UPDATE queue_settings SET paused = $1, updated_at = $2 WHERE id = 1
                 RETURNING paused, concurrency, keep_finished_days",
                vals![paused, now],
            )?)
        })
    }

    /// Deletes finished jobs older than the `keep_finished_days` setting; returns their ids.
    ///
    /// # Errors
    /// Database errors only.
    pub fn prune(&self) -> Result<Vec<String>, QueueError> {
        self.prune_when(None)
    }

    /// [`Queue::prune`] as if the time were `now` (Unix ms).
    ///
    /// # Errors
    /// Database errors only.
    pub fn prune_at(&self, now: i64) -> Result<Vec<String>, QueueError> {
        self.prune_when(Some(now))
    }

    fn prune_when(&self, now: Option<i64>) -> Result<Vec<String>, QueueError> {
        self.write(|tx| {
            let now = match now {
                Some(now) => now,
                None => tx.now_ms()?,
            };
            let days = tx
                .query_one("SELECT keep_finished_days FROM queue_settings WHERE id = 1", &[])?
                .i64("keep_finished_days")?;
            if days == 0 {
                return Ok(Vec::new());
            }
            let cutoff = now.saturating_sub(days.saturating_mul(86_400_000));
            tx.query(
                "DELETE FROM render_jobs WHERE finished_at IS NOT NULL AND finished_at < $1 RETURNING id",
                vals![cutoff],
            )?
            .iter()
            .map(|r| r.str("id"))
            .collect()
        })
    }
}
