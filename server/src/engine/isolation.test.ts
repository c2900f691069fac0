import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

/**
 * trigger → stash → peek → output: `stash` leaves a global behind, `peek` reports what it can see.
 * `proc` names the process a node ran in (a pid would not: in the sandbox every runner is pid 2).
 */
/** Process reuse is the node runtime's (QuickJS gives every call a fresh context anyway). */
const NODE = { runtime: 'node' };
const PROC = '(globalThis.procId ??= Math.random().toString(36).slice(2))';
const graph = () => ({
  nodes: [
    trigger(),
    code('stash', `export default ({ input }) => { globalThis.stash = input; return ${PROC}; }`, NODE),
    code('peek', `export default () => ({ seen: globalThis.stash ?? null, proc: ${PROC} })`, NODE),
    output(),
  ],
  edges: [edge('trigger', 'stash'), edge('stash', 'peek'), edge('peek', 'output')],
});
const peekOnly = {
  nodes: [trigger(), code('peek', `export default () => ({ seen: globalThis.stash ?? null, proc: ${PROC} })`, NODE), output()],
  edges: [edge('trigger', 'peek'), edge('peek', 'output')],
};

describe('warm process reuse', () => {
  it('shares a process between nodes of one workflow but never with another workflow', async () => {
    const a = await t.createWorkflow(graph(), 'A');
    const runA = await t.waitForRun(await t.startRun(a.id, 'secret of A'));
    expect(runA.status).toBe('succeeded');
    // Same workflow, next node: the parked process served it (one trust domain, documented).
    expect(runA.output).toMatchObject({ seen: 'secret of A', proc: runA.nodes.find((n) => n.nodeId === 'stash')?.output });

    const b = await t.createWorkflow(peekOnly, 'B');
    const runB = await t.waitForRun(await t.startRun(b.id));
    expect(runB.output).toMatchObject({ seen: null });
    expect((runB.output as { proc: string }).proc).not.toBe((runA.output as { proc: string }).proc);
  });

  it('does not reuse a process after a failure', async () => {
    const wf = await t.createWorkflow(
      {
        nodes: [
          trigger(),
          code('dirty', "export default () => { globalThis.stash = 'left behind'; throw new Error('fail'); }", NODE),
          output(),
        ],
        edges: [edge('trigger', 'dirty'), edge('dirty', 'output')],
      },
      'C',
    );
    expect((await t.waitForRun(await t.startRun(wf.id))).status).toBe('failed');
    await t.call('PUT', `/api/workflows/${wf.id}`, { graph: peekOnly });
    const next = await t.waitForRun(await t.startRun(wf.id));
    expect(next.output).toMatchObject({ seen: null });
  });
});
