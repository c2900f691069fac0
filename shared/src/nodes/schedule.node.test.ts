import { describe, expect, it } from 'vitest';
import { compile } from '../graph/compile.ts';
import { scheduleNode } from './schedule.node.ts';

/** tick (schedule, `config`) → output */
const ticking = (config: unknown) => ({
  nodes: [
    { id: 'tick', type: 'schedule', position: { x: 0, y: 0 }, config },
    { id: 'output', type: 'output', position: { x: 0, y: 100 }, config: {} },
  ],
  edges: [{ id: 'e1', source: 'tick', sourceHandle: 'output', target: 'output', targetHandle: 'input' }],
});

const problems = (result: ReturnType<typeof compile>) => (result.ok ? [] : result.errors.map((e) => e.message));

describe('schedule node', () => {
  it('defaults to every hour in UTC, enabled, skipping missed fire times; it is a schedule trigger', () => {
    const config = scheduleNode.config.parse({});
    expect(config).toEqual({ cron: '0 * * * *', timezone: 'UTC', enabled: true, catchUp: 'skip' });
    expect(scheduleNode.trigger).toEqual({ kind: 'schedule' });
    expect(scheduleNode.ports(config)).toEqual({ inputs: [], outputs: [{ name: 'output', type: 'any' }] });
  });

  it('shows its cron on the card, with the time zone unless UTC', () => {
    expect(scheduleNode.subtitle?.(scheduleNode.config.parse({ cron: '@daily' }))).toBe('@daily');
    expect(scheduleNode.subtitle?.(scheduleNode.config.parse({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }))).toBe(
      '0 9 * * 1-5 (Europe/Berlin)',
    );
  });

  it('compiles with a valid schedule, and names a bad cron or time zone in the compile error', () => {
    expect(compile(ticking({ cron: '*/10 * * * *', timezone: 'Asia/Tokyo', catchUp: 'once' })).ok).toBe(true);
    expect(problems(compile(ticking({ cron: '0 0 * * * *' })))).toEqual([expect.stringMatching(/seconds are not supported/)]);
    expect(problems(compile(ticking({ cron: '0 * * * *', timezone: 'Nowhere/Else' })))).toEqual([
      expect.stringMatching(/unknown time zone Nowhere\/Else/),
    ]);
  });
});
