import type { CodeAgent, Run } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

// One node of a workflow must not read another node's secrets: a node without secrets that plants a spy in
// its process (Object.assign in Node, json.loads in Pyodide: both carry the next call's environment into the
// runner) must never see a later node's secret, and no node's output may show a secret resolved in the run.
let t: TestContext;
const SECRET = 'agent-pinned-9f3k2-do-not-share';
beforeAll(async () => {
  t = await createTestContext();
  await t.call('PUT', '/api/secrets/AGENT_KEY', { value: SECRET });
});
afterAll(async () => t?.close());

const NODE = { runtime: 'node' };
/** Names the process a node ran in. */
const PROC = '(globalThis.procId ??= Math.random().toString(36).slice(2))';
/** Wraps Object.assign to keep every source object it is given (the runner sets the next env with it). */
const SPY = `export default () => {
  const assign = Object.assign;
  globalThis.captured = [];
  Object.assign = function (target, ...sources) { globalThis.captured.push(JSON.stringify(sources)); return assign(target, ...sources); };
  return ${PROC};
}`;
const REPORT = `export default () => ({ proc: ${PROC}, captured: globalThis.captured ?? null })`;

const outputOf = (run: Run, id: string) => run.nodes.find((n) => n.nodeId === id)?.output as Record<string, unknown>;

async function expectNoSecret(run: Run) {
  expect(JSON.stringify(run)).not.toContain(SECRET);
  expect(JSON.stringify(await t.readEvents(run.id))).not.toContain(SECRET);
}

describe('secrets across the nodes of one workflow', () => {
  it('a spy planted by one node never sees a code agent’s pinned secret: the agent runs in its own process', async () => {
    const agent = (
      await t.call<CodeAgent>('POST', '/api/code-agents', {
        slug: `keyed-${Date.now().toString(36)}`,
        name: 'Keyed',
        content: {
          language: 'javascript',
          entry: 'main.js',
          files: [{ path: 'main.js', content: `export default () => ({ proc: ${PROC}, length: process.env.K.length })` }],
          runtime: 'node',
          policy: { env: { K: { secret: 'AGENT_KEY' } } },
        },
      })
    ).body;
    //  trigger → spy → keyed (agent, secret) → report → output
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code('spy', SPY, NODE),
        code('keyed', 'export default () => null', { agent: { agentId: agent.id, version: 1 } }),
        code('report', REPORT, NODE),
        output(),
      ],
      edges: [edge('trigger', 'spy'), edge('spy', 'keyed'), edge('keyed', 'report'), edge('report', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id), 60_000);
    expect(run.error).toBeNull();
    expect(outputOf(run, 'keyed')).toMatchObject({ length: SECRET.length });
    expect(outputOf(run, 'keyed').proc).not.toBe(outputOf(run, 'spy'));
    // The report may run in the spy's parked process (same key) or a fresh one; either way it caught nothing.
    await expectNoSecret(run);
  });

  it('an inline node with a secret does not share the spy’s process, and a later node cannot show the secret', async () => {
    //  trigger → spy → holder (secret; passes it on reversed) → decode (no secrets) → output
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code('spy', SPY, NODE),
        code('holder', `export default () => ({ proc: ${PROC}, reversed: [...process.env.K].reverse().join('') })`, {
          ...NODE,
          env: { K: { secret: 'AGENT_KEY' } },
        }),
        code(
          'decode',
          `export default ({ input }) => ({ proc: ${PROC}, decoded: [...input.reversed].reverse().join('') })`,
          NODE,
        ),
        output(),
      ],
      edges: [edge('trigger', 'spy'), edge('spy', 'holder'), edge('holder', 'decode'), edge('decode', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id), 60_000);
    expect(run.error).toBeNull();
    expect(outputOf(run, 'holder').proc).not.toBe(outputOf(run, 'spy'));
    // Reversed text is beyond redaction, but once a node without secrets turns it back, the run-wide set hides it.
    expect(outputOf(run, 'decode').decoded).toBe('[secret]');
    await expectNoSecret(run);
  });

  it('the same with Python on Pyodide, where the spy patches json.loads', async () => {
    if (!t.deps.runtimes.wasm?.availability().available) return; // No wasm runtime here: nothing shares a Pyodide process.
    const PY_PROC = "__import__('builtins').__dict__.setdefault('_proc', __import__('secrets').token_hex(8))";
    const spy = [
      'import builtins, json',
      'def main(inputs, ctx):',
      '    builtins._captured = []',
      '    loads = json.loads',
      '    def spy(s, *a, **k):',
      '        builtins._captured.append(s)',
      '        return loads(s, *a, **k)',
      '    json.loads = spy',
      `    return ${PY_PROC}`,
    ].join('\n');
    const holder = `import os\ndef main(inputs, ctx):\n    return {"proc": ${PY_PROC}, "length": len(os.environ["K"])}`;
    const report = `import builtins\ndef main(inputs, ctx):\n    return {"proc": ${PY_PROC}, "captured": getattr(builtins, "_captured", None)}`;
    const WASM = { language: 'python', runtime: 'wasm', timeoutMs: 30_000 }; // Within the warm limit: reusable.
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code('spy', spy, WASM),
        code('holder', holder, { ...WASM, env: { K: { secret: 'AGENT_KEY' } } }),
        code('report', report, WASM),
        output(),
      ],
      edges: [edge('trigger', 'spy'), edge('spy', 'holder'), edge('holder', 'report'), edge('report', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id), 170_000);
    expect(run.error).toBeNull();
    expect(outputOf(run, 'holder')).toMatchObject({ length: SECRET.length });
    // The report may run in the spy's parked process (same key) or a fresh one; either way it caught nothing.
    expect(outputOf(run, 'holder').proc).not.toBe(outputOf(run, 'spy'));
    await expectNoSecret(run);
  }, 240_000);
});
