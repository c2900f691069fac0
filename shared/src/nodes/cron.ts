import { CronExpressionParser } from 'cron-parser';

/** Named schedules accepted besides 5-field expressions, and what they stand for. */
export const CRON_NAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Longest cron expression accepted, in characters. */
export const MAX_CRON_LENGTH = 200;

/** The 5-field form of `cron` (a name resolved), or a sentence saying why it is not one we accept. */
function normalize(cron: string): { fields: string } | { problem: string } {
  const text = cron.trim();
  if (text.length === 0) return { problem: 'a cron expression is required, e.g. 0 * * * * (every hour)' };
  if (text.length > MAX_CRON_LENGTH) return { problem: `a cron expression is at most ${MAX_CRON_LENGTH} characters` };
  if (text.startsWith('@')) {
    const named = CRON_NAMES[text.toLowerCase()];
    if (named) return { fields: named };
    return { problem: `unknown schedule name ${text}; use one of ${Object.keys(CRON_NAMES).join(', ')}` };
  }
  const count = text.split(/\s+/).length;
  if (count === 6 || count === 7)
    return { problem: 'seconds are not supported: use 5 fields (minute hour day-of-month month day-of-week)' };
  if (count !== 5)
    return { problem: `a cron expression has 5 fields (minute hour day-of-month month day-of-week), not ${count}` };
  // cron-parser's H picks a random value per parse: every process would compute different fire times.
  if (/(?<![a-z])h(?![a-z])/i.test(text)) return { problem: 'H (hashed values) is not supported; write the minute or hour' };
  return { fields: text };
}

/** Null when `timezone` is an IANA time zone this runtime knows (e.g. `Europe/Berlin`, `UTC`), else why not. */
export function timezoneProblem(timezone: string): string | null {
  if (timezone.length === 0 || timezone.length > 64) return 'a time zone is an IANA name such as UTC or Europe/Berlin';
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: timezone });
    return null;
  } catch {
    return `unknown time zone ${timezone}; use an IANA name such as UTC or Europe/Berlin`;
  }
}

/**
 * Null when `cron` in `timezone` is a schedule we run: 5 fields (minute hour day-of-month month day-of-week) or
 * one of CRON_NAMES, in a known IANA time zone, and it fires at least once. Otherwise a sentence for the user.
 */
export function cronProblem(cron: string, timezone: string): string | null {
  const normalized = normalize(cron);
  if ('problem' in normalized) return normalized.problem;
  const zone = timezoneProblem(timezone);
  if (zone) return zone;
  try {
    CronExpressionParser.parse(normalized.fields, { tz: timezone, currentDate: new Date() }).next();
    return null;
  } catch (err) {
    return `invalid cron expression: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * The next `count` fire times of `cron` in `timezone`, strictly after `from`, at whole minutes. Times a DST
 * change skips move to the first minute after the gap; times it repeats fire once (cron-parser's rules).
 * Throws when `cronProblem` finds a problem.
 */
export function nextFireTimes(cron: string, timezone: string, from: Date, count: number): Date[] {
  const problem = cronProblem(cron, timezone);
  if (problem) throw new Error(problem);
  const fields = (normalize(cron) as { fields: string }).fields;
  const interval = CronExpressionParser.parse(fields, { tz: timezone, currentDate: from });
  return interval.take(count).map((date) => new Date(date.getTime()));
}
