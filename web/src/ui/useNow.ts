import { useEffect, useState } from 'react';

/**
 * The current time in ms, refreshed every `every` ms so relative times ("2 minutes ago") and live
 * clocks stay true. With `live: false` it is frozen and runs no timer (a finished run's duration).
 */
export function useNow({ every = 30_000, live = true }: { every?: number; live?: boolean } = {}): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(timer);
  }, [live, every]);
  return now;
}
