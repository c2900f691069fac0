import type { RuntimeMetricsSchema } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { codeExecLogs } from '../db/schema.ts';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { DEFAULT_WORKSPACE_ID } from '../workspace/scope.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

type Metrics = { windowMinutes: number; runtimes: z.infer<typeof RuntimeMetricsSchema>[] };
const metrics = async (query = '') => {
  const res = await t.call<Metrics>('GET', `/api/metrics/runtimes${query}`);
  expect(res.status).toBe(200);
  return res.body;
};
/** Rows appear once the execution settled; the recorder writes after the result. */
async function logRows(min: number) {
  for (let i = 0; i < 200; i++) {
    const rows = await t.deps.database.db.select().from(codeExecLogs);
    if (rows.length >= min) return rows;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`fewer than ${min} execution log rows`);
}

describe('execution log and GET /api/metrics/runtimes', () => {
  it('records every execution, from a run or ad hoc, with who asked and how it ended', async () => {
    const before = (await t.deps.database.db.select().from(codeExecLogs)).length;
    const node = { language: 'javascript', runtime: 'node' };
    await t.call('POST', '/api/code/execute', { ...node, code: 'export default () => ({ ok: true })' });
    await t.call('POST', '/api/code/execute', { ...node, code: 'export default () => { throw new Error("x") }' });
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('double', 'export default ({ input }) => input * 2', { runtime: 'node' }), output()],
      edges: [edge('trigger', 'double'), edge('double', 'output')],
    });
    const runId = await t.startRun(wf.id, 21);
    await t.waitForRun(runId);
    const rows = (await logRows(before + 3)).slice(before);
    expect(rows.map((r) => [r.source, r.status])).toEqual(
      expect.arrayContaining([
        ['adhoc', 'succeeded'],
        ['adhoc', 'failed'],
        ['run', 'succeeded'],
      ]),
    );
    const fromRun = rows.find((r) => r.source === 'run');
    expect(fromRun).toMatchObject({
      workflowId: wf.id,
      runId,
      nodeId: 'double',
      runtime: 'node',
      language: 'javascript',
      bytesOut: 2,
    });
    expect(rows.find((r) => r.status === 'succeeded' && r.source === 'adhoc')?.bytesOut).toBe(Buffer.byteLength('{"ok":true}'));
    expect(fromRun?.durationMs).toBeGreaterThan(0);
  });

  it('gives executions, failure rate, p50/p95 and cold rate per runtime over the window', async () => {
    const body = await metrics('?windowMinutes=30');
    expect(body.windowMinutes).toBe(30);
    const node = body.runtimes.find((r) => r.runtime === 'node');
    expect(node?.executions).toBeGreaterThanOrEqual(3);
    expect(node?.failures).toBeGreaterThanOrEqual(1);
    expect(node?.failureRate).toBeCloseTo((node?.failures ?? 0) / (node?.executions ?? 1), 2);
    expect(node?.p95Ms).toBeGreaterThanOrEqual(node?.p50Ms ?? 0);
    expect(node?.byStatus.failed).toBeGreaterThanOrEqual(1);
    expect(node?.coldRate).toBeGreaterThanOrEqual(0);
  });

  it('leaves out executions older than the window, and refuses a window outside a minute to a week', async () => {
    await t.deps.database.db.insert(codeExecLogs).values({
      createdAt: new Date(Date.now() - 2 * 3_600_000),
      workspaceId: DEFAULT_WORKSPACE_ID,
      source: 'adhoc',
      runtime: 'e2b',
      backend: 'quickjs',
      language: 'javascript',
      cold: true,
      durationMs: 5,
      status: 'succeeded',
      bytesOut: 1,
    });
    expect((await metrics('?windowMinutes=60')).runtimes.some((r) => r.runtime === 'e2b')).toBe(false);
    expect((await metrics('?windowMinutes=180')).runtimes.find((r) => r.runtime === 'e2b')?.executions).toBe(1);
    for (const q of ['?windowMinutes=0', '?windowMinutes=20000', '?windowMinutes=soon'])
      expectApiError(await t.call('GET', `/api/metrics/runtimes${q}`), 400, 'validation_failed');
  });
});
