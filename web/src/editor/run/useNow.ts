import { useEffect, useState } from 'react';

/** The current time in ms, refreshed every `intervalMs` while `live`; frozen otherwise (no timer). */
export function useNow(live: boolean, intervalMs = 200): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [live, intervalMs]);
  return now;
}
