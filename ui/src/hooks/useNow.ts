import { useEffect, useState } from "react";

// How far the queue's clock is ahead of this computer's (AppInfo.queue_clock_offset_ms): a
// job's times are the queue's (a farm server's clock), so elapsed times are measured against
// this computer's time moved by it. Set once at start, before any job is shown.
let queueClockOffsetMs = 0;

export function setQueueClockOffset(ms: number): void {
  queueClockOffsetMs = ms;
}

/** The time by the queue's clock, Unix ms. */
export function queueNow(): number {
  return Date.now() + queueClockOffsetMs;
}

/**
 * The queue's current time ([`queueNow`]), refreshed every `ms` while `active`: a display clock
 * for elapsed times. It never calls the back end.
 */
export function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(queueNow);
  useEffect(() => {
    if (!active) return;
    setNow(queueNow());
    const id = setInterval(() => setNow(queueNow()), ms);
    return () => clearInterval(id);
  }, [active, ms]);
  return now;
}
