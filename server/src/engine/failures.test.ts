import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const fail = (msg: string) =>
  `export default function main(inputs, ctx) { ctx.log('about to fail'); throw new Error(${JSON.stringify(msg)}); }`;
const pass = 'export default function main({ input }) { return input; }';

describe('node failures', () => {
  /**
   *          ┌→ a (throws) ─┐
   * trigger ─┤              ├→ c → output     c and output are skipped, b still runs
   *          └→ b ──────────┘
   */
  it('skips what is downstream of a failure, keeps independent branches, fails the run naming the node', async () => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('a', fail('boom in a')), code('b', pass), code('c', pass, { inputs: ['left', 'right'] }), output()],
      edges: [
        edge('trigger', 'a'),
        edge('trigger', 'b'),
        edge('a', 'c', 'output', 'left'),
        edge('b', 'c', 'output', 'right'),
        edge('c', 'output'),
      ],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, 7));
    const status = Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.status]));
    expect(status).toEqual({ trigger: 'succeeded', a: 'failed', b: 'succeeded', c: 'skipped', output: 'skipped' });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'user_error', message: 'boom in a', nodeId: 'a' });
    expect(run.nodes.find((n) => n.nodeId === 'b')?.output).toBe(7);
    const events = await t.readEvents(run.id);
    expect(events.find((e) => e.type === 'node.skipped' && e.nodeId === 'c')?.payload).toEqual({
      reason: 'upstream node "a" failed',
      code: 'upstream_failed',
    });
    expect(events.some((e) => e.type === 'node.log' && e.nodeId === 'a' && e.payload.line === 'about to fail')).toBe(true);
  });

  it('retries with doubling backoff and records every attempt', async () => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('flaky', fail('still broken'), {}, { retries: 2, retryBackoffMs: 50 }), output()],
      edges: [edge('trigger', 'flaky'), edge('flaky', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, 1));
    expect(run.nodes.find((n) => n.nodeId === 'flaky')).toMatchObject({ status: 'failed', attempts: 3 });
    const failures = (await t.readEvents(run.id)).filter((e) => e.type === 'node.failed').map((e) => e.payload);
    expect(failures.map((p) => [p.attempt, p.willRetry, p.retryInMs])).toEqual([
      [1, true, 50],
      [2, true, 100],
      [3, false, undefined],
    ]);
  });

  it('with continueOnError passes { error } downstream and the run succeeds', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code('risky', fail('bad row'), {}, { continueOnError: true }),
        code('handler', 'export default ({ input }) => ({ handled: input.error.message })'),
        output(),
      ],
      edges: [edge('trigger', 'risky'), edge('risky', 'handler'), edge('handler', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, 1));
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ handled: 'bad row' });
    expect(run.nodes.find((n) => n.nodeId === 'risky')?.status).toBe('failed');
  });

  it('ends an infinite loop at its timeout while the server keeps answering', async () => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('spin', 'export default function main() { while (true) {} }', { timeoutMs: 1500 }), output()],
      edges: [edge('trigger', 'spin'), edge('spin', 'output')],
    });
    const runId = await t.startRun(wf.id);
    let answered = 0;
    let run = (await t.call<{ status: string }>('GET', `/api/runs/${runId}`)).body;
    while (run.status === 'queued' || run.status === 'running') {
      const health = await t.call<{ status: string }>('GET', '/api/health');
      if (health.status === 200 && health.body.status === 'ok') answered++;
      await new Promise((r) => setTimeout(r, 50));
      run = (await t.call<{ status: string }>('GET', `/api/runs/${runId}`)).body;
    }
    const final = await t.waitForRun(runId);
    expect(final.status).toBe('failed');
    expect(final.error).toMatchObject({ code: 'timeout', nodeId: 'spin' });
    expect(final.error?.message).toContain('1500');
    expect(answered).toBeGreaterThan(5);
  });

  it('reports a language without a runtime as a clear, actionable error', async () => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('py', 'import pandas\ndef main(inputs, ctx):\n  return 1\n', { language: 'python' }), output()],
      edges: [edge('trigger', 'py'), edge('py', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id));
    expect(run.error).toMatchObject({ code: 'runtime_unavailable', nodeId: 'py' });
    expect(run.error?.message).toMatch(/no runtime here can run this Python: e2b: .*E2B_API_KEY/);
  });

  it('requires an object from a node with several outputs', async () => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('split', 'export default () => 42', { outputs: ['even', 'odd'] }), output()],
      edges: [edge('trigger', 'split'), edge('split', 'output', 'even', 'input')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id));
    expect(run.error).toMatchObject({ code: 'invalid_output', nodeId: 'split' });
    expect(run.error?.message).toContain('even, odd');
  });

  it('routes each key of a multi-output result to its port', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code(
          'split',
          'export default ({ input }) => ({ even: input.filter((n) => n % 2 === 0), odd: input.filter((n) => n % 2) })',
          {
            outputs: ['even', 'odd'],
          },
        ),
        code('join', "export default ({ evens, odds }) => evens.length + ' even, ' + odds.length + ' odd'", {
          inputs: ['evens', 'odds'],
        }),
        output(),
      ],
      edges: [
        edge('trigger', 'split'),
        edge('split', 'join', 'even', 'evens'),
        edge('split', 'join', 'odd', 'odds'),
        edge('join', 'output'),
      ],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, [1, 2, 3, 4, 5]));
    expect(run.output).toBe('2 even, 3 odd');
  });

  it('keeps a run alive when user code prints or returns a NUL character (Postgres refuses it in jsonb)', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code(
          'nul',
          "export default function main() { console.log('a\\u0000b'); return { text: 'x\\u0000y', path: 'C:\\\\u0000' }; }",
        ),
        output(),
      ],
      edges: [edge('trigger', 'nul'), edge('nul', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id));
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ text: 'x\ufffdy', path: 'C:\\u0000' });
    const logs = (await t.readEvents(run.id)).filter((e) => e.type === 'node.log').map((e) => e.payload.line);
    expect(logs).toEqual(['a\ufffdb']);
  });
});
