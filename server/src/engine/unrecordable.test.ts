import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRun } from '../db/queries/runs.ts';
import { runNodes, runs } from '../db/schema.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { systemScope } from '../workspace/scope.ts';

/**
 * A node's result that cannot be recorded must fail the node (and the run, per continueOnError), once:
 * before, the write threw, the run crashed, and every lease expiry executed the node again until the
 * run ended `worker_lost` on its fifth claim. A short lease makes such a loop show within the test.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ leaseMs: 1_500, heartbeatMs: 300 });
});
afterAll(async () => t?.close());

const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('a result that cannot be recorded', () => {
  /** trigger → deep (returns 1000 or 5000 nested arrays) → output */
  it.each([
    ['JavaScript', { code: 'export default () => { let v = []; for (let i = 0; i < 1000; i++) v = [v]; return v; }' }],
    ['Bash', { language: 'bash', code: `printf '%s\\n' '${deep(5000)}'` }],
  ])('fails a %s node that returns output nested too deep, on its first attempt', async (_label, config) => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('deep', config.code, config), output()],
      edges: [edge('trigger', 'deep'), edge('deep', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, 1), 40_000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'output_too_deep', nodeId: 'deep' });
    expect(run.nodes.find((n) => n.nodeId === 'deep')).toMatchObject({ status: 'failed', attempts: 1 });
    const events = await t.readEvents(run.id);
    expect(events.filter((e) => e.type === 'run.started')).toHaveLength(1);
  });

  /**
   * trigger → output, with a run input stored directly in the database 5000 levels deep (the API refuses
   * such a body; Postgres takes it): the trigger's output is that input, which JSON.stringify cannot write.
   */
  it('fails the node whose result the writer cannot store, with the reason, and the run with it', async () => {
    const wf = await t.createWorkflow({ nodes: [trigger(), output()], edges: [edge('trigger', 'output')] });
    const runId = await createRun(t.deps.database, null, systemScope(), {
      workflowId: wf.id,
      version: wf.version,
      input: null,
      nodeIds: ['trigger', 'output'],
    });
    await t.deps.database.executeSql('UPDATE runs SET input = $2::jsonb WHERE id = $1', [runId, deep(5000)]);
    await t.deps.queue.enqueue(runId);
    // Read from the database: the API's run reply carries the input, which it cannot serialize either.
    const ended = async () => {
      const [row] = await t.deps.database.db
        .select({ status: runs.status, error: runs.error, claims: runs.claims })
        .from(runs)
        .where(eq(runs.id, runId));
      return row && ['succeeded', 'failed', 'cancelled'].includes(row.status) ? row : undefined;
    };
    let run = await ended();
    for (const deadline = Date.now() + 40_000; !run && Date.now() < deadline; run = await ended())
      await new Promise((r) => setTimeout(r, 50));
    expect(run).toMatchObject({ status: 'failed', claims: 1, error: { code: 'result_unrecordable', nodeId: 'trigger' } });
    expect((run?.error as { message?: string } | undefined)?.message).toMatch(/^the node's result could not be stored: /);
    const nodes = await t.deps.database.db
      .select({ nodeId: runNodes.nodeId, status: runNodes.status, attempts: runNodes.attempts, output: runNodes.output })
      .from(runNodes)
      .where(eq(runNodes.runId, runId))
      .orderBy(runNodes.ordinal);
    expect(nodes).toEqual([
      { nodeId: 'trigger', status: 'failed', attempts: 1, output: null },
      { nodeId: 'output', status: 'skipped', attempts: 0, output: null },
    ]);
  }, 60_000);

  it('keeps huge strings and many keys, which nest nothing, recordable', async () => {
    const many = 'Object.fromEntries(Array.from({ length: 50000 }, (_, i) => ["k" + i, i]))';
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code('big', `export default () => ({ text: "x".repeat(2_000_000), keys: ${many} })`, { maxOutputBytes: 4 * 1024 * 1024 }),
        code('sizes', 'export default ({ input }) => [input.text.length, Object.keys(input.keys).length]'),
        output(),
      ],
      edges: [edge('trigger', 'big'), edge('big', 'sizes'), edge('sizes', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, 1), 60_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual([2_000_000, 50_000]);
  }, 90_000);
});
