import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun, listEvents } from '../db/queries/runs.ts';
import { runNodes, runs } from '../db/schema.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { DEFAULT_WORKSPACE_ID, systemScope } from '../workspace/scope.ts';
import type { NodeState } from './port-values.ts';
import { claimRun, LeaseLostError } from './run-store.ts';
import { RunWriter, UnrecordableError } from './run-writer.ts';

let t: TestContext;
let workflowId: string;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
  workflowId = (
    await t.createWorkflow({
      nodes: [trigger(), code('a', 'export default () => 1'), output()],
      edges: [edge('trigger', 'a'), edge('a', 'output')],
    })
  ).id;
});
afterAll(async () => t?.close());

async function claimedRun(worker = 'w1') {
  const runId = await createRun(t.deps.database, null, systemScope(), {
    workflowId,
    version: 1,
    input: null,
    nodeIds: ['trigger', 'a', 'output'],
  });
  await claimRun(t.deps.database.db, runId, worker, 15_000);
  const writer = new RunWriter(t.deps.database, t.deps.hub, runId, worker, 15_000, 0, () => {});
  return { runId, writer };
}

const node = (nodeId: string, status: NodeState['status'], output: unknown = null): NodeState => ({
  nodeId,
  status,
  attempts: 1,
  runtime: null,
  output,
  error: null,
  startedAt: new Date().toISOString(),
  finishedAt: null,
});

describe('RunWriter', () => {
  it('lets a lazy write wait for the checkpoint that follows and commits both in one statement', async () => {
    const { runId, writer } = await claimedRun();
    void writer.write(
      { events: [{ type: 'node.started', nodeId: 'a', payload: { attempt: 1, runtime: null } }], nodes: [node('a', 'running')] },
      { lazy: true },
    );
    writer.log('a', 'stdout', 'hello');
    await writer.write({
      events: [{ type: 'node.succeeded', nodeId: 'a', payload: { attempt: 1, durationMs: 1 } }],
      nodes: [node('a', 'succeeded', 42)],
    });
    const events = await listEvents(t.deps.database.db, DEFAULT_WORKSPACE_ID, runId, 0);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'node.started'],
      [2, 'node.log'],
      [3, 'node.succeeded'],
    ]);
    // One statement: one timestamp for all three.
    expect(new Set(events.map((e) => e.time)).size).toBe(1);
    const [row] = await t.deps.database.db.select().from(runNodes).where(eq(runNodes.runId, runId)).limit(1).offset(1);
    expect(row).toMatchObject({ nodeId: 'a', status: 'succeeded', output: 42 });
  });

  it('flushes lazy writes on its own after a short delay', async () => {
    const { runId, writer } = await claimedRun();
    writer.log('a', 'stderr', 'just a log line');
    await new Promise((r) => setTimeout(r, 100));
    expect((await listEvents(t.deps.database.db, DEFAULT_WORKSPACE_ID, runId, 0)).map((e) => e.payload)).toEqual([
      { stream: 'stderr', line: 'just a log line' },
    ]);
  });

  it('keeps seq dense and in call order under many concurrent writes', async () => {
    const { runId, writer } = await claimedRun();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      if (i % 3 === 0) writer.log('a', 'stdout', `line ${i}`);
      else
        writes.push(
          writer.write({ events: [{ type: 'node.skipped', nodeId: 'a', payload: { reason: `w${i}` } }] }, { lazy: i % 2 === 0 }),
        );
    }
    await Promise.all(writes);
    await writer.drain();
    const events = await listEvents(t.deps.database.db, DEFAULT_WORKSPACE_ID, runId, 0);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const labels = events.map((e) =>
      e.type === 'node.log' ? e.payload.line : e.type === 'node.skipped' ? e.payload.reason : '',
    );
    expect(labels).toEqual(Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? `line ${i}` : `w${i}`)));
  });

  it('cannot write once another worker holds the lease, and writes nothing', async () => {
    const { runId, writer } = await claimedRun('w1');
    await t.deps.database.db.update(runs).set({ leaseOwner: 'w2' }).where(eq(runs.id, runId));
    await expect(
      writer.write({ events: [{ type: 'node.skipped', nodeId: 'a', payload: { reason: 'stale' } }] }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await expect(writer.write({})).rejects.toBeInstanceOf(LeaseLostError);
    expect(await listEvents(t.deps.database.db, DEFAULT_WORKSPACE_ID, runId, 0)).toEqual([]);
  });

  it('writes the run end, releases the lease and reports a cancel request', async () => {
    let cancelled = 0;
    const runId = await createRun(t.deps.database, null, systemScope(), {
      workflowId,
      version: 1,
      input: null,
      nodeIds: ['trigger', 'a', 'output'],
    });
    await claimRun(t.deps.database.db, runId, 'w1', 15_000);
    const writer = new RunWriter(t.deps.database, t.deps.hub, runId, 'w1', 15_000, 0, () => cancelled++);
    await t.deps.database.db.update(runs).set({ cancelRequestedAt: new Date() }).where(eq(runs.id, runId));
    await writer.write({});
    expect(cancelled).toBe(1);
    await writer.write({
      events: [{ type: 'run.finished', nodeId: null, payload: { status: 'succeeded', durationMs: 5, error: null } }],
      finish: { status: 'succeeded', output: { ok: true }, error: null },
    });
    const [row] = await t.deps.database.db.select().from(runs).where(eq(runs.id, runId));
    expect(row).toMatchObject({ status: 'succeeded', output: { ok: true }, error: null, leaseOwner: null, leaseExpiresAt: null });
    expect(row?.finishedAt).toBeInstanceOf(Date);
  });
  it('refuses only the change that cannot be stored; the rest of its statement lands and the writer goes on', async () => {
    const { runId, writer } = await claimedRun();
    writer.log('a', 'stdout', 'before');
    // Postgres refuses this row (not a timestamp) inside a statement it shares with the log line and a checkpoint.
    const refused = writer.write({ nodes: [{ ...node('trigger', 'succeeded'), startedAt: 'not a time' }] }, { lazy: true });
    const checkpoint = writer.write({
      events: [{ type: 'node.succeeded', nodeId: 'a', payload: { attempt: 1, durationMs: 1 } }],
      nodes: [node('a', 'succeeded', 42)],
    });
    await expect(refused).rejects.toBeInstanceOf(UnrecordableError);
    await checkpoint;
    // A value JSON.stringify cannot write (5000 levels deep) is refused when queued.
    const deep = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    await expect(writer.write({ nodes: [node('trigger', 'succeeded', deep)] })).rejects.toBeInstanceOf(UnrecordableError);
    await writer.write({ events: [{ type: 'node.skipped', nodeId: 'output', payload: { reason: 'after' } }] });
    const events = await listEvents(t.deps.database.db, DEFAULT_WORKSPACE_ID, runId, 0);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'node.log'],
      [2, 'node.succeeded'],
      [3, 'node.skipped'],
    ]);
    const rows = await t.deps.database.db.select().from(runNodes).where(eq(runNodes.runId, runId)).orderBy(runNodes.ordinal);
    expect(rows.map((r) => [r.nodeId, r.status, r.output])).toEqual([
      ['trigger', 'pending', null],
      ['a', 'succeeded', 42],
      ['output', 'pending', null],
    ]);
  });

  it('stores a lone UTF-16 surrogate (which Postgres refuses in jsonb) as U+FFFD', async () => {
    const { runId, writer } = await claimedRun();
    await writer.write({ nodes: [node('a', 'succeeded', { text: 'a\ud800b', pair: '\u{1F600}' })] });
    const [row] = await t.deps.database.db.select().from(runNodes).where(eq(runNodes.runId, runId)).limit(1).offset(1);
    expect(row?.output).toEqual({ text: 'a\ufffdb', pair: '\u{1F600}' });
  });
});
