import { diamondGraph } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe('diamond workflow', () => {
  it('runs a and b concurrently, c sees both, output gets c, events in order over SSE', async () => {
    const wf = await t.createWorkflow(diamondGraph(400));
    const runId = await t.startRun(wf.id, { n: 4 });
    const run = await t.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ sum: 5 + 40, left: 5, right: 40 });
    const node = (id: string) => run.nodes.find((n) => n.nodeId === id);
    expect(run.nodes.map((n) => n.nodeId)).toEqual(['trigger', 'a', 'b', 'c', 'output']);
    // a and b overlapped in time
    const a = node('a');
    const b = node('b');
    expect(Date.parse(a?.startedAt ?? '')).toBeLessThan(Date.parse(b?.finishedAt ?? ''));
    expect(Date.parse(b?.startedAt ?? '')).toBeLessThan(Date.parse(a?.finishedAt ?? ''));
    expect(node('c')?.output).toEqual({ sum: 45, left: 5, right: 40 });

    const events = await t.readEvents(runId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.sseId)).toEqual(events.map((e) => String(e.seq)));
    expect(events[0]?.type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', payload: { status: 'succeeded' } });
    const logs = events.filter((e) => e.type === 'node.log').map((e) => [e.nodeId, e.payload]);
    expect(logs).toEqual(
      expect.arrayContaining([
        ['a', { stream: 'stdout', line: 'a got 4' }],
        ['b', { stream: 'stdout', line: 'b got 4' }],
      ]),
    );
    const idx = (type: string, nodeId: string) => events.findIndex((e) => e.type === type && e.nodeId === nodeId);
    expect(idx('node.succeeded', 'a')).toBeLessThan(idx('node.started', 'c'));
    expect(idx('node.succeeded', 'b')).toBeLessThan(idx('node.started', 'c'));
    expect(idx('node.log', 'a')).toBeLessThan(idx('node.succeeded', 'a'));
    // Group commit: a node that finishes at once is started and checkpointed in one write.
    const at = (type: string, nodeId: string) => events.find((e) => e.type === type && e.nodeId === nodeId)?.time;
    expect(at('node.started', 'trigger')).toBe(at('node.succeeded', 'trigger'));
  });
});
