import type { Run } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const statuses = (run: Run) => Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.status]));
const label = (name: string) => code(name, `export default ({ input }) => ${JSON.stringify(name)} + ':' + JSON.stringify(input)`);

/**
 *                    ┌─small──→ small ──→ out1
 * trigger → size ────┼─medium─→ medium ─→ out2      small: n < 10; medium: n < 100 (so 5 matches both);
 *         (switch)   └─default→ other ──→ out3      anything else (500, text, no n) goes to default
 */
const graphWith = (cases: unknown[]) => ({
  nodes: [
    trigger(),
    { id: 'size', type: 'switch', position: { x: 200, y: 0 }, config: { cases } },
    label('small'),
    label('medium'),
    label('other'),
    output('out1'),
    output('out2'),
    output('out3'),
  ],
  edges: [
    edge('trigger', 'size'),
    edge('size', 'small', 'small'),
    edge('size', 'medium', 'medium'),
    edge('size', 'other', 'default'),
    edge('small', 'out1'),
    edge('medium', 'out2'),
    edge('other', 'out3'),
  ],
});
const small = { name: 'small', conditions: [{ path: 'n', op: 'less', value: 10 }] };
const medium = { name: 'medium', combine: 'any', conditions: [{ path: 'n', op: 'less', value: 100 }] };

describe('switch', () => {
  it('takes the first matching case only, else default; every other port is not taken', async () => {
    const wf = await t.createWorkflow(graphWith([small, medium]));
    const cases: [unknown, string, string][] = [
      [{ n: 5 }, 'small', 'small:{"n":5}'], // matches small and medium: the first wins
      [{ n: 50 }, 'medium', 'medium:{"n":50}'],
      [{ n: 500 }, 'other', 'other:{"n":500}'],
      [{ n: '5' }, 'other', 'other:{"n":"5"}'], // a string is not less than a number
      [{}, 'other', 'other:{}'],
    ];
    for (const [input, ran, result] of cases) {
      const run = await t.waitForRun(await t.startRun(wf.id, input));
      expect(run.status).toBe('succeeded');
      const port = ran === 'other' ? 'default' : ran;
      expect(run.nodes.find((n) => n.nodeId === 'size')?.output).toEqual({ [port]: input });
      const branches = ['small', 'medium', 'other'];
      expect(statuses(run)).toEqual({
        trigger: 'succeeded',
        size: 'succeeded',
        ...Object.fromEntries(branches.map((b) => [b, b === ran ? 'succeeded' : 'skipped'])),
        ...Object.fromEntries(branches.map((b, i) => [`out${i + 1}`, b === ran ? 'succeeded' : 'skipped'])),
      });
      const notTaken = run.nodes.filter((n) => n.status === 'skipped').map((n) => n.error?.code);
      expect(notTaken).toEqual(['branch_not_taken', 'branch_not_taken', 'branch_not_taken', 'branch_not_taken']);
      // Three unnamed outputs, one per case: the one that ran is the run's output.
      expect(run.output).toBe(result);
    }
  });

  it('refuses a graph whose cases collide, with the error on the node, and will not run it', async () => {
    const bad = graphWith([small, { ...medium, name: 'small' }]);
    const invalid = await t.call('POST', '/api/graphs/validate', { graph: bad });
    expect(invalid.body).toEqual({
      ok: false,
      errors: [
        {
          code: 'invalid_config',
          message: 'node "size": config.cases.1.name: two cases are named "small"',
          nodeId: 'size',
          path: ['config', 'cases', 1, 'name'],
        },
      ],
    });
    const wf = await t.createWorkflow(bad);
    const start = await t.call('POST', `/api/workflows/${wf.id}/runs`, { input: { n: 1 } });
    expect(start.status).toBe(422);
    expect(start.body).toMatchObject({ error: { code: 'compile_failed' } });
  });
});
