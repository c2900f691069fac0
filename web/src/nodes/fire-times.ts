import { cronProblem, nextFireTimes } from '@switchyard/shared';

/** One upcoming fire time, written in the schedule's time zone and in the viewer's. */
export interface FireTime {
  iso: string;
  zoned: string;
  local: string;
}

/** The schedule's next fire times, or the reason the cron (or time zone) does not make a schedule. */
export type FireTimes = { ok: true; times: FireTime[] } | { ok: false; problem: string };

const formatIn = (timeZone: string) =>
  new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

/** The next `count` fire times after `from`, formatted in `timezone` and in `localZone` (the browser's). */
export function fireTimes(cron: string, timezone: string, from: Date, localZone: string, count = 5): FireTimes {
  const problem = cronProblem(cron, timezone);
  if (problem) return { ok: false, problem };
  const zoned = formatIn(timezone);
  const local = formatIn(localZone);
  return {
    ok: true,
    times: nextFireTimes(cron, timezone, from, count).map((d) => ({
      iso: d.toISOString(),
      zoned: zoned.format(d),
      local: local.format(d),
    })),
  };
}

/** The browser's IANA time zone. */
export const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
