import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs } from '../db/schema.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { claimRun } from './run-store.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

async function waitForNode(runId: string, nodeId: string, status: string) {
  for (let i = 0; i < 400; i++) {
    const { body } = await t.call<{ nodes: { nodeId: string; status: string }[] }>('GET', `/api/runs/${runId}`);
    if (body.nodes.find((n) => n.nodeId === nodeId)?.status === status) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${nodeId} never became ${status}`);
}

describe('cancellation', () => {
  it('kills running code and marks the rest cancelled', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code('spin', "export default function main(i, ctx) { ctx.log('spinning'); while (true) {} }", { timeoutMs: 60_000 }),
        code('after', 'export default ({ input }) => input'),
        output(),
      ],
      edges: [edge('trigger', 'spin'), edge('spin', 'after'), edge('after', 'output')],
    });
    const runId = await t.startRun(wf.id);
    await waitForNode(runId, 'spin', 'running');
    const res = await t.call('POST', `/api/runs/${runId}/cancel`);
    expect(res.status).toBe(202);
    const run = await t.waitForRun(runId, 10_000);
    expect(run.status).toBe('cancelled');
    expect(Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.status]))).toEqual({
      trigger: 'succeeded',
      spin: 'cancelled',
      after: 'cancelled',
      output: 'cancelled',
    });
    const events = await t.readEvents(runId);
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', payload: { status: 'cancelled' } });
    expect(events.filter((e) => e.type === 'node.cancelled').map((e) => e.nodeId)).toEqual(['spin', 'after', 'output']);
    expect((await t.call('POST', `/api/runs/${runId}/cancel`)).status).toBe(409);
  });
});

describe('cancelling a run while a node waits to retry', () => {
  it('records the waiting node as cancelled with a node.cancelled event', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code(
          'flaky',
          'export default function main() { throw new Error("not yet"); }',
          {},
          { retries: 3, retryBackoffMs: 60_000 },
        ),
        output(),
      ],
      edges: [edge('trigger', 'flaky'), edge('flaky', 'output')],
    });
    const runId = await t.startRun(wf.id, null);
    // The first attempt failed and a retry is scheduled a minute away: running, with an error.
    for (let i = 0; i < 400; i++) {
      const { body } = await t.call<{ nodes: { nodeId: string; error: unknown }[] }>('GET', `/api/runs/${runId}`);
      if (body.nodes.find((n) => n.nodeId === 'flaky')?.error) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await t.call('POST', `/api/runs/${runId}/cancel`)).status).toBe(202);
    const run = await t.waitForRun(runId, 10_000);
    expect(run.nodes.find((n) => n.nodeId === 'flaky')?.status).toBe('cancelled');
    const events = await t.readEvents(runId);
    expect(events.filter((e) => e.type === 'node.cancelled').map((e) => e.nodeId)).toEqual(['flaky', 'output']);
  });
});

describe('cancelling a run no worker has taken', () => {
  it('finishes it at once with a run.finished event', async () => {
    const idle = await createTestContext({ worker: false });
    try {
      const wf = await idle.createWorkflow({ nodes: [trigger(), output()], edges: [edge('trigger', 'output')] });
      const runId = await idle.startRun(wf.id, 1);
      const res = await idle.call<{ status: string }>('POST', `/api/runs/${runId}/cancel`);
      expect(res).toMatchObject({ status: 202, body: { status: 'cancelled' } });
      const run = await idle.waitForRun(runId, 2_000);
      expect(run.nodes.every((n) => n.status === 'cancelled')).toBe(true);
      const events = await idle.readEvents(runId);
      expect(events.map((e) => [e.seq, e.type])).toEqual([[1, 'run.finished']]);
    } finally {
      await idle.close();
    }
  });
});

describe('cancelling a run whose worker is gone', () => {
  it('finishes it at once and fences the stale worker out', async () => {
    const idle = await createTestContext({ worker: false });
    try {
      const wf = await idle.createWorkflow({ nodes: [trigger(), output()], edges: [edge('trigger', 'output')] });
      const runId = await idle.startRun(wf.id, 1);
      // A worker claimed it and then died: its lease is in the past.
      await claimRun(idle.deps.database.db, runId, 'dead-worker', 15_000);
      await idle.deps.database.db
        .update(runs)
        .set({ leaseExpiresAt: new Date(Date.now() - 60_000) })
        .where(eq(runs.id, runId));
      const res = await idle.call<{ status: string }>('POST', `/api/runs/${runId}/cancel`);
      expect(res).toMatchObject({ status: 202, body: { status: 'cancelled' } });
      const run = await idle.waitForRun(runId, 2_000);
      expect(run).toMatchObject({ status: 'cancelled', error: { code: 'cancelled', message: 'the run was cancelled' } });
      const [row] = await idle.deps.database.db.select().from(runs).where(eq(runs.id, runId));
      expect(row?.leaseOwner).toBeNull();
    } finally {
      await idle.close();
    }
  });
});
