import type { Condition, Run, WorkflowGraph } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

type GraphNode = WorkflowGraph['nodes'][number];
const ifNode = (id: string, conditions: Condition[], combine: 'all' | 'any' = 'all'): GraphNode => ({
  id,
  type: 'if',
  position: { x: 0, y: 0 },
  config: { combine, conditions },
});
const adult: Condition = { path: 'age', op: 'greater', value: 17 };
const tag = (label: string) => `export default ({ input }) => ({ ${label}: input.name })`;
const statuses = (run: Run) => Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.status]));
const nodeOf = (run: Run, id: string) => run.nodes.find((n) => n.nodeId === id);
const skips = async (runId: string) =>
  Object.fromEntries((await t.readEvents(runId)).filter((e) => e.type === 'node.skipped').map((e) => [e.nodeId, e.payload]));
const NOT_TAKEN = { code: 'branch_not_taken', reason: 'no input carries a value: the branch was not taken' };

describe('if: the branch not taken', () => {
  /**
   *                    ┌─true──→ grownup ─┐ (adult)
   * trigger → check(if)┤                  ├→ merge → output
   *                    └─false─→ young ───┘ (minor)
   * merge's two inputs are both required (connected); at run time the untaken one is absent.
   */
  const diamond = {
    nodes: [
      trigger(),
      ifNode('check', [adult]),
      code('grownup', tag('adult')),
      code('young', tag('minor')),
      code('merge', 'export default (inputs) => ({ got: Object.keys(inputs), ...inputs.adult, ...inputs.minor })', {
        inputs: ['adult', 'minor'],
      }),
      output(),
    ],
    edges: [
      edge('trigger', 'check'),
      edge('check', 'grownup', 'true'),
      edge('check', 'young', 'false'),
      edge('grownup', 'merge', 'output', 'adult'),
      edge('young', 'merge', 'output', 'minor'),
      edge('merge', 'output'),
    ],
  };

  it('skips the untaken side with branch_not_taken, runs the merge from the taken one, and succeeds', async () => {
    const wf = await t.createWorkflow(diamond);

    const run = await t.waitForRun(await t.startRun(wf.id, { name: 'Ada', age: 36 }));
    expect(run.status).toBe('succeeded');
    expect(statuses(run)).toEqual({
      trigger: 'succeeded',
      check: 'succeeded',
      grownup: 'succeeded',
      young: 'skipped',
      merge: 'succeeded',
      output: 'succeeded',
    });
    expect(nodeOf(run, 'check')?.output).toEqual({ true: { name: 'Ada', age: 36 } });
    expect(nodeOf(run, 'young')?.error).toEqual({ code: 'branch_not_taken', message: NOT_TAKEN.reason });
    expect(run.output).toEqual({ got: ['adult'], adult: 'Ada' });
    expect(await skips(run.id)).toEqual({ young: NOT_TAKEN });

    const other = await t.waitForRun(await t.startRun(wf.id, { name: 'Tim', age: 9 }));
    expect(other.status).toBe('succeeded');
    expect(statuses(other)).toMatchObject({ check: 'succeeded', grownup: 'skipped', young: 'succeeded', merge: 'succeeded' });
    expect(nodeOf(other, 'check')?.output).toEqual({ false: { name: 'Tim', age: 9 } });
    expect(other.output).toEqual({ got: ['minor'], minor: 'Tim' });
  });

  it('passes a non-object input through unchanged, and a missing path takes false', async () => {
    const wf = await t.createWorkflow(diamond);
    const run = await t.waitForRun(await t.startRun(wf.id, 'just text'));
    expect(nodeOf(run, 'check')?.output).toEqual({ false: 'just text' });
    expect(statuses(run)).toMatchObject({ grownup: 'skipped', young: 'succeeded' });
    expect(run.output).toEqual({ got: ['minor'] });
  });

  /**
   *                     ┌─true──→ welcome ─────────────────────────────────→ out
   * trigger → check(if) ┤
   *                     └─false─→ age(if) ┬─true──→ teen ──┐
   *                                       └─false─→ child ─┴→ merge → tail → late
   * With an adult, `age` is not taken, so neither of its sides is: teen and child, then merge (every input
   * untaken), tail and late (fed only by skipped nodes) all end branch_not_taken. The run output is `out`'s.
   */
  it('skips both sides of an untaken branch and everything fed only by them', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        ifNode('check', [adult]),
        code('welcome', tag('welcome')),
        output('out'),
        ifNode('age', [{ path: 'age', op: 'greater', value: 12 }]),
        code('teen', tag('teen')),
        code('child', tag('child')),
        code('merge', 'export default (inputs) => inputs', { inputs: ['a', 'b'] }),
        code('tail', 'export default ({ input }) => input'),
        output('late'),
      ],
      edges: [
        edge('trigger', 'check'),
        edge('check', 'welcome', 'true'),
        edge('welcome', 'out'),
        edge('check', 'age', 'false'),
        edge('age', 'teen', 'true'),
        edge('age', 'child', 'false'),
        edge('teen', 'merge', 'output', 'a'),
        edge('child', 'merge', 'output', 'b'),
        edge('merge', 'tail'),
        edge('tail', 'late'),
      ],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, { name: 'Ada', age: 36 }));
    expect(run.status).toBe('succeeded');
    expect(run.error).toBeNull();
    expect(statuses(run)).toEqual({
      trigger: 'succeeded',
      check: 'succeeded',
      welcome: 'succeeded',
      out: 'succeeded',
      age: 'skipped',
      teen: 'skipped',
      child: 'skipped',
      merge: 'skipped',
      tail: 'skipped',
      late: 'skipped',
    });
    // Two unnamed outputs, one per branch: the one that ran is the run's output.
    expect(run.output).toEqual({ welcome: 'Ada' });
    const untaken = ['age', 'teen', 'child', 'merge', 'tail', 'late'];
    expect(await skips(run.id)).toEqual(Object.fromEntries(untaken.map((id) => [id, NOT_TAKEN])));

    const teen = await t.waitForRun(await t.startRun(wf.id, { name: 'Tim', age: 15 }));
    expect(statuses(teen)).toMatchObject({ welcome: 'skipped', out: 'skipped', age: 'succeeded', teen: 'succeeded' });
    expect(statuses(teen)).toMatchObject({ child: 'skipped', merge: 'succeeded', tail: 'succeeded', late: 'succeeded' });
    expect(teen.output).toEqual({ a: { teen: 'Tim' } });
  });
});

describe('if: failure is not "not taken"', () => {
  /**
   *                     ┌─true──→ boom (throws) ─┐
   * trigger → check(if) ┤                        ├→ merge → output
   *                     └─false─→ quiet ─────────┘
   * merge has a failed and an untaken input: the failure wins, merge is upstream_failed and the run fails.
   */
  it('skips a node fed by a failed node with upstream_failed, even beside an untaken input, and fails the run', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        ifNode('check', [adult]),
        code('boom', 'export default () => { throw new Error("no adults today") }'),
        code('quiet', tag('quiet')),
        code('merge', 'export default (inputs) => inputs', { inputs: ['a', 'b'] }),
        output(),
      ],
      edges: [
        edge('trigger', 'check'),
        edge('check', 'boom', 'true'),
        edge('check', 'quiet', 'false'),
        edge('boom', 'merge', 'output', 'a'),
        edge('quiet', 'merge', 'output', 'b'),
        edge('merge', 'output'),
      ],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, { name: 'Ada', age: 36 }));
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'user_error', message: 'no adults today', nodeId: 'boom' });
    expect(statuses(run)).toEqual({
      trigger: 'succeeded',
      check: 'succeeded',
      boom: 'failed',
      quiet: 'skipped',
      merge: 'skipped',
      output: 'skipped',
    });
    expect(nodeOf(run, 'merge')?.error?.code).toBe('upstream_failed');
    expect(await skips(run.id)).toEqual({
      quiet: NOT_TAKEN,
      merge: { code: 'upstream_failed', reason: 'upstream node "boom" failed' },
      output: { code: 'upstream_failed', reason: 'upstream node "boom" failed' },
    });
  });
});
