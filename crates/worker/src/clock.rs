//! Telling a clock jump (the computer slept, or its time was set) from time passing, so the
//! reaper does not take a lease whose worker simply has not had a chance to renew it.
//!
//! Leases are wall-clock times shared between processes. Linux's monotonic clock stops while the
//! machine is suspended; the wall clock does not. When the wall clock moved much further than the
//! monotonic one between two looks, every worker on the machine was asleep too and has not
//! heartbeated yet: leases of other processes get a grace period before they can be reaped.

use std::time::{Duration, Instant};

/// A jump smaller than this is ordinary scheduling noise.
const JUMP: Duration = Duration::from_secs(2);

/// Watches the wall clock against the monotonic one.
#[derive(Debug)]
pub(crate) struct ClockWatch {
    last: Option<(i64, Instant)>,
    /// Until this wall time (Unix ms), other processes' leases are not reaped.
    grace_until: i64,
    grace: Duration,
}

impl ClockWatch {
    /// `grace`: how long other processes' leases are spared after a jump (a lease or more, so
    /// their heartbeats have time to come).
    pub(crate) fn new(grace: Duration) -> Self {
        Self {
            last: None,
            grace_until: i64::MIN,
            grace,
        }
    }

    /// Records a look at both clocks; returns whether leases of other processes may be reaped
    /// now (no jump was seen within the grace period).
    pub(crate) fn may_reap_others(&mut self, wall_ms: i64, mono: Instant) -> bool {
        if let Some((last_wall, last_mono)) = self.last {
            let mono_ms = i64::try_from(mono.saturating_duration_since(last_mono).as_millis())
                .unwrap_or(i64::MAX);
            let wall_moved = wall_ms.saturating_sub(last_wall);
            let jump_ms = i64::try_from(JUMP.as_millis()).unwrap_or(i64::MAX);
            // Forwards (a suspend, the time set ahead) or backwards (set back): either way the
            // leases written before were measured on another clock.
            if (wall_moved - mono_ms).abs() > jump_ms {
                let grace = i64::try_from(self.grace.as_millis()).unwrap_or(i64::MAX);
                self.grace_until = wall_ms.saturating_add(grace);
                tracing::info!(
                    jump_ms = wall_moved - mono_ms,
                    "the clock jumped (the computer slept?); other workers' leases are spared for a while"
                );
            }
        }
        self.last = Some((wall_ms, mono));
        wall_ms >= self.grace_until
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suspend_spares_leases_for_the_grace_period_only() {
        let mut clock = ClockWatch::new(Duration::from_secs(20));
        let t0 = Instant::now();
        assert!(clock.may_reap_others(1_000_000, t0));
        // One second later on both clocks: time passing, nothing special.
        assert!(clock.may_reap_others(1_001_000, t0 + Duration::from_secs(1)));
        // The machine slept an hour: the wall clock moved, the monotonic one a second.
        let wake = 1_001_000 + 3_600_000;
        assert!(!clock.may_reap_others(wake, t0 + Duration::from_secs(2)));
        assert!(!clock.may_reap_others(wake + 19_000, t0 + Duration::from_secs(21)));
        assert!(clock.may_reap_others(wake + 20_500, t0 + Duration::from_millis(22_500)));
        // The time set back by a minute is a jump too.
        assert!(!clock.may_reap_others(wake - 40_000, t0 + Duration::from_secs(23)));
    }
}
