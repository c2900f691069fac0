import type { ChildProcess } from 'node:child_process';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, createTestContext, type TestContext, testDbKind } from '../testing/test-context.ts';
import { killHard, startWorkerProcess } from '../testing/worker-process.ts';

/**
 * trigger → fast → slow → output, executed by worker processes (not this one). Worker A is killed
 * with SIGKILL while `slow` runs; worker B takes the run over when A's lease expires and resumes it.
 * This process only serves the API and reads the event stream, so events cross processes via NOTIFY.
 */
describe.skipIf(testDbKind !== 'postgres')('a worker killed mid-run', () => {
  let t: TestContext;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const workers: ChildProcess[] = [];
  const workerEnv = { LEASE_MS: '2000', HEARTBEAT_MS: '400', WORKER_CONCURRENCY: '4' };

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestContext({ databaseUrl: scratch.url, worker: false });
  });
  afterAll(async () => {
    for (const w of workers) await killHard(w);
    await t?.close();
    await scratch?.drop();
  });

  it('is resumed by another worker; nodes that succeeded are not executed again', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code('fast', "export default function main({ input }, ctx) { ctx.log('fast ran'); return input.n + 1; }"),
        code(
          'slow',
          'export default async function main({ input }) { await new Promise((r) => setTimeout(r, 2500)); return input * 2; }',
        ),
        output(),
      ],
      edges: [edge('trigger', 'fast'), edge('fast', 'slow'), edge('slow', 'output')],
    });
    const a = await startWorkerProcess(scratch.url, workerEnv);
    workers.push(a);
    const runId = await t.startRun(wf.id, { n: 20 });
    const stream = t.readEvents(runId); // a client watching live through the whole story

    // Wait until worker A is inside `slow`.
    for (let i = 0; ; i++) {
      const { body } = await t.call<{ nodes: { nodeId: string; status: string }[] }>('GET', `/api/runs/${runId}`);
      if (body.nodes.find((n) => n.nodeId === 'slow')?.status === 'running') break;
      if (i > 400) throw new Error('slow never started');
      await new Promise((r) => setTimeout(r, 25));
    }
    await killHard(a);
    workers.push(await startWorkerProcess(scratch.url, workerEnv));

    const run = await t.waitForRun(runId, 40_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toBe(42);
    const fast = run.nodes.find((n) => n.nodeId === 'fast');
    const slow = run.nodes.find((n) => n.nodeId === 'slow');
    expect(fast?.attempts).toBe(1);
    expect(slow?.attempts).toBe(2);

    const events = await stream;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const started = (id: string) => events.filter((e) => e.type === 'node.started' && e.nodeId === id).length;
    expect(started('trigger')).toBe(1);
    expect(started('fast')).toBe(1);
    expect(started('slow')).toBe(2);
    expect(events.filter((e) => e.type === 'node.log').map((e) => e.payload)).toEqual([{ stream: 'stdout', line: 'fast ran' }]);
    const runStarts = events.filter((e) => e.type === 'run.started').map((e) => e.payload);
    expect(runStarts).toEqual([
      { attempt: 1, resumed: false },
      { attempt: 2, resumed: true },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', payload: { status: 'succeeded' } });
  });
});
