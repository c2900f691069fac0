import { describe, expect, it } from 'vitest';
import { cronProblem, nextFireTimes } from './cron.ts';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const at = (text: string) => new Date(text);

describe('nextFireTimes', () => {
  it('lists the next fire times strictly after `from`, at whole minutes', () => {
    expect(iso(nextFireTimes('* * * * *', 'UTC', at('2024-01-01T10:00:00Z'), 3))).toEqual([
      '2024-01-01T10:01:00.000Z',
      '2024-01-01T10:02:00.000Z',
      '2024-01-01T10:03:00.000Z',
    ]);
    expect(iso(nextFireTimes('*/15 9-10 * * 1-5', 'UTC', at('2024-01-05T10:40:30Z'), 3))).toEqual([
      '2024-01-05T10:45:00.000Z', // Friday
      '2024-01-08T09:00:00.000Z', // then Monday
      '2024-01-08T09:15:00.000Z',
    ]);
  });

  it('reads the expression in the time zone', () => {
    // 09:00 in New York is 14:00 UTC in winter.
    expect(iso(nextFireTimes('0 9 * * *', 'America/New_York', at('2024-01-01T00:00:00Z'), 1))).toEqual([
      '2024-01-01T14:00:00.000Z',
    ]);
  });

  it('accepts the named schedules', () => {
    const from = at('2024-05-15T12:34:56Z');
    const first = (cron: string) => nextFireTimes(cron, 'UTC', from, 1)[0]?.toISOString();
    expect(first('@hourly')).toBe('2024-05-15T13:00:00.000Z');
    expect(first('@daily')).toBe('2024-05-16T00:00:00.000Z');
    expect(first('@midnight')).toBe('2024-05-16T00:00:00.000Z');
    expect(first('@weekly')).toBe('2024-05-19T00:00:00.000Z'); // Sunday
    expect(first('@monthly')).toBe('2024-06-01T00:00:00.000Z');
    expect(first('@yearly')).toBe('2025-01-01T00:00:00.000Z');
    expect(first('@annually')).toBe('2025-01-01T00:00:00.000Z');
  });

  // Europe/Berlin: on 2024-03-31 02:00 CET jumps to 03:00 CEST; on 2024-10-27 03:00 CEST falls back to 02:00 CET.
  it('documents DST in Europe/Berlin: a skipped time fires after the gap, a repeated time fires once', () => {
    // 02:30 does not exist on 31 March: it fires at 03:30 CEST (01:30 UTC) that day.
    expect(iso(nextFireTimes('30 2 * * *', 'Europe/Berlin', at('2024-03-30T00:00:00Z'), 3))).toEqual([
      '2024-03-30T01:30:00.000Z', // 02:30 CET
      '2024-03-31T01:30:00.000Z', // 03:30 CEST (02:30 was skipped)
      '2024-04-01T00:30:00.000Z', // 02:30 CEST
    ]);
    // 02:30 happens twice on 27 October: it fires at the first one only.
    expect(iso(nextFireTimes('30 2 * * *', 'Europe/Berlin', at('2024-10-26T00:00:00Z'), 3))).toEqual([
      '2024-10-26T00:30:00.000Z', // 02:30 CEST
      '2024-10-27T00:30:00.000Z', // 02:30 CEST (the first 02:30)
      '2024-10-28T01:30:00.000Z', // 02:30 CET
    ]);
    // A schedule every 30 minutes keeps real time through the repeated hour.
    expect(iso(nextFireTimes('*/30 * * * *', 'Europe/Berlin', at('2024-10-27T00:00:00Z'), 3))).toEqual([
      '2024-10-27T00:30:00.000Z',
      '2024-10-27T01:00:00.000Z',
      '2024-10-27T01:30:00.000Z',
    ]);
  });

  it('throws on an expression cronProblem refuses', () => {
    expect(() => nextFireTimes('* * * *', 'UTC', new Date(), 1)).toThrow(/5 fields/);
  });
});

describe('cronProblem', () => {
  it('is null for a valid expression and time zone', () => {
    expect(cronProblem('0 * * * *', 'UTC')).toBeNull();
    expect(cronProblem('  5 4 * * sun ', 'Europe/Berlin')).toBeNull();
    expect(cronProblem('0 0 L * *', 'Asia/Tokyo')).toBeNull();
    expect(cronProblem('0 9 * * THU', 'UTC')).toBeNull();
    expect(cronProblem('@Daily', 'UTC')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(cronProblem('0 0 * * * *', 'UTC')).toMatch(/seconds are not supported/);
    expect(cronProblem('* * * *', 'UTC')).toMatch(/5 fields .* not 4/);
    expect(cronProblem('', 'UTC')).toMatch(/required/);
    expect(cronProblem('@secondly', 'UTC')).toMatch(/unknown schedule name @secondly/);
    expect(cronProblem('61 * * * *', 'UTC')).toMatch(/invalid cron expression: .*61/);
    expect(cronProblem('0 0 30 2 *', 'UTC')).toMatch(/invalid cron expression/);
    expect(cronProblem('nope * * * *', 'UTC')).toMatch(/invalid cron expression/);
    expect(cronProblem('H * * * *', 'UTC')).toMatch(/H \(hashed values\) is not supported/);
    expect(cronProblem('0 * * * *', 'Mars/Olympus')).toMatch(/unknown time zone Mars\/Olympus/);
    expect(cronProblem('0 * * * *', '')).toMatch(/IANA/);
  });
});
