import { CATEGORIES, defineNode, type Run, type RunSummary } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineExecutor } from '../executors/executor.ts';
import { defaultNodeKit, extendNodeKit } from '../executors/index.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

/** A second kind of trigger, known only to this test: it emits the run's input wrapped, when it started the run. */
const pingNode = defineNode({
  type: 'test_ping',
  version: 1,
  title: 'Ping',
  description: 'A test trigger',
  category: CATEGORIES.triggers,
  icon: [['circle', { cx: 12, cy: 12, r: 4 }]],
  trigger: { kind: 'ping' },
  config: z.object({}),
  ports: () => ({ inputs: [], outputs: [{ name: 'output', type: 'any' }] }),
});
const pingExecutor = defineExecutor(pingNode, async ({ run }) => ({ output: { pinged: run.input ?? null } }));

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ nodes: extendNodeKit(defaultNodeKit, { definition: pingNode, executor: pingExecutor }) });
});
afterAll(async () => t?.close());

const statuses = (run: Run) => Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.status]));
const skips = async (runId: string) =>
  Object.fromEntries((await t.readEvents(runId)).filter((e) => e.type === 'node.skipped').map((e) => [e.nodeId, e.payload]));
const NOT_TRIGGERED = { code: 'not_triggered', reason: 'another trigger started this run' };
const NOT_TAKEN = { code: 'branch_not_taken', reason: 'no input carries a value: the branch was not taken' };

/**
 * trigger (manual) → fromManual ─┐
 *                                ├→ merge → output
 * ping (test_ping) → fromPing ───┘
 * One trigger starts each run; the other ends not_triggered and what it alone feeds is not taken.
 */
const graph = {
  nodes: [
    trigger(),
    { id: 'ping', type: 'test_ping', position: { x: 0, y: 300 }, config: {} },
    code('fromManual', 'export default ({ input }) => ({ manual: input })'),
    code('fromPing', 'export default ({ input }) => ({ ping: input })'),
    code('merge', 'export default (inputs) => ({ ...inputs.a, ...inputs.b })', { inputs: ['a', 'b'] }),
    output(),
  ],
  edges: [
    edge('trigger', 'fromManual'),
    edge('ping', 'fromPing'),
    edge('fromManual', 'merge', 'output', 'a'),
    edge('fromPing', 'merge', 'output', 'b'),
    edge('merge', 'output'),
  ],
};

describe('a workflow with two triggers', () => {
  it('starts from the manual trigger by default: the other ends not_triggered, its side branch_not_taken', async () => {
    const wf = await t.createWorkflow(graph);
    const run = await t.waitForRun(await t.startRun(wf.id, 1));
    expect(run.status).toBe('succeeded');
    expect(run.trigger).toEqual({ type: 'manual', nodeId: 'trigger' });
    expect(statuses(run)).toEqual({
      trigger: 'succeeded',
      ping: 'skipped',
      fromManual: 'succeeded',
      fromPing: 'skipped',
      merge: 'succeeded',
      output: 'succeeded',
    });
    expect(run.nodes.find((n) => n.nodeId === 'ping')?.error).toEqual({
      code: 'not_triggered',
      message: NOT_TRIGGERED.reason,
    });
    expect(run.output).toEqual({ manual: 1 });
    expect(await skips(run.id)).toEqual({ ping: NOT_TRIGGERED, fromPing: NOT_TAKEN });
  });

  it('starts from the trigger named by triggerNodeId, and records it on the run', async () => {
    const wf = await t.createWorkflow(graph);
    const res = await t.call<{ runId: string }>('POST', `/api/workflows/${wf.id}/runs`, { input: 2, triggerNodeId: 'ping' });
    expect(res.status).toBe(202);
    const run = await t.waitForRun(res.body.runId);
    expect(run.status).toBe('succeeded');
    expect(run.trigger).toEqual({ type: 'ping', nodeId: 'ping' });
    expect(statuses(run)).toEqual({
      trigger: 'skipped',
      ping: 'succeeded',
      fromManual: 'skipped',
      fromPing: 'succeeded',
      merge: 'succeeded',
      output: 'succeeded',
    });
    expect(run.output).toEqual({ ping: { pinged: 2 } });
    expect(await skips(run.id)).toEqual({ trigger: NOT_TRIGGERED, fromManual: NOT_TAKEN });
    const listed = await t.call<{ runs: RunSummary[] }>('GET', `/api/runs?workflowId=${wf.id}`);
    expect(listed.body.runs.map((r) => r.trigger)).toEqual([{ type: 'ping', nodeId: 'ping' }]);
  });

  it('refuses a triggerNodeId that is not one of its triggers, and starts no run', async () => {
    const wf = await t.createWorkflow(graph);
    for (const triggerNodeId of ['merge', 'nope', 'constructor']) {
      const res = await t.call('POST', `/api/workflows/${wf.id}/runs`, { input: 3, triggerNodeId });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: {
          code: 'invalid_trigger',
          message: `"${triggerNodeId}" is not a trigger node of this workflow`,
          details: { triggerNodeId, triggers: ['trigger', 'ping'] },
        },
      });
    }
    const listed = await t.call<{ runs: RunSummary[] }>('GET', `/api/runs?workflowId=${wf.id}`);
    expect(listed.body.runs).toEqual([]);
  });
});
