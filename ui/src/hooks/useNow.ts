import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `ms` while `active`: a display clock for elapsed times.
 * It never calls the back end.
 */
export function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [active, ms]);
  return now;
}
