import { describe, expect, it } from 'vitest';
import { fireTimes } from './fire-times.ts';

describe('fireTimes', () => {
  it("lists the next fire times after `from`, in the schedule's zone and the viewer's", () => {
    // 09:00 in Tokyo is midnight UTC; `from` is 09:30 Tokyo on 1 March, so the first is the next day.
    const result = fireTimes('0 9 * * *', 'Asia/Tokyo', new Date('2025-03-01T00:30:00Z'), 'UTC', 3);
    if (!result.ok) throw new Error(result.problem);
    expect(result.times.map((t) => t.iso)).toEqual([
      '2025-03-02T00:00:00.000Z',
      '2025-03-03T00:00:00.000Z',
      '2025-03-04T00:00:00.000Z',
    ]);
    for (const t of result.times) {
      expect(t.zoned).toMatch(/\b0?9:00\b/);
      expect(t.local).toMatch(/\b(00:00|12:00\sAM)\b/);
    }
  });

  it('says why an expression or a time zone makes no schedule', () => {
    expect(fireTimes('every day', 'UTC', new Date(), 'UTC')).toEqual({
      ok: false,
      problem: expect.stringContaining('5 fields'),
    });
    expect(fireTimes('0 * * * *', 'Mars/Olympus', new Date(), 'UTC')).toEqual({
      ok: false,
      problem: expect.stringContaining('unknown time zone Mars/Olympus'),
    });
  });
});
