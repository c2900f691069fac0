import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

/** trigger → probe → output, with `policy` merged into the code node's config. */
const withPolicy = (source: string, policy: Record<string, unknown>) => ({
  nodes: [trigger(), code('probe', source, policy), output()],
  edges: [edge('trigger', 'probe'), edge('probe', 'output')],
});

describe("a code node's policy reaches the runtime", () => {
  it('env: the declared variables and nothing of the host', async () => {
    process.env.SWITCHYARD_POLICY_CANARY = 'host-only';
    const wf = await t.createWorkflow(
      withPolicy(
        'export default () => ({ greeting: process.env.GREETING, canary: process.env.SWITCHYARD_POLICY_CANARY ?? null })',
        {
          env: { GREETING: 'hi from the node' },
        },
      ),
    );
    const run = await t.waitForRun(await t.startRun(wf.id, null));
    expect(run.output).toEqual({ greeting: 'hi from the node', canary: null });
  });

  it('maxOutputBytes and memoryMb: exceeding them fails the node with a clear code', async () => {
    const big = await t.createWorkflow(withPolicy('export default () => "x".repeat(10_000)', { maxOutputBytes: 1_000 }));
    const bigRun = await t.waitForRun(await t.startRun(big.id, null));
    expect(bigRun.nodes.find((n) => n.nodeId === 'probe')?.error?.code).toBe('output_too_large');

    const bomb = await t.createWorkflow(
      withPolicy('export default () => { const keep = []; while (true) keep.push(new ArrayBuffer(16 * 1024 * 1024)); }', {
        memoryMb: 64,
      }),
    );
    const bombRun = await t.waitForRun(await t.startRun(bomb.id, null));
    expect(bombRun.nodes.find((n) => n.nodeId === 'probe')?.error?.code).toBe('out_of_memory');
  });

  it('refuses an invalid policy at compile time, naming the field', async () => {
    const res = await t.call<{ error: { code: string; details: { errors: { message: string }[] } } }>(
      'POST',
      '/api/graphs/validate',
      {
        graph: withPolicy('export default () => 1', { network: 'sometimes', env: { PATH: '/evil' }, memoryMb: 1 }),
      },
    );
    const messages = (res.body as unknown as { errors: { message: string }[] }).errors.map((e) => e.message).join('\n');
    expect(messages).toMatch(/config\.network/);
    expect(messages).toMatch(/config\.env/);
    expect(messages).toMatch(/config\.memoryMb/);
  });
});

describe("a code node's input and output JSON Schemas", () => {
  const schemas = {
    inputSchema: {
      type: 'object',
      properties: { input: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] } },
    },
    outputSchema: { type: 'object', properties: { doubled: { type: 'number' } }, required: ['doubled'] },
  };

  it('lets matching values through', async () => {
    const wf = await t.createWorkflow(withPolicy('export default ({ input }) => ({ doubled: input.n * 2 })', schemas));
    const run = await t.waitForRun(await t.startRun(wf.id, { n: 21 }));
    expect(run).toMatchObject({ status: 'succeeded', output: { doubled: 42 } });
  });

  it('refuses inputs that do not match before the code runs, naming the path', async () => {
    const wf = await t.createWorkflow(withPolicy('export default () => { console.log("ran"); return { doubled: 0 } }', schemas));
    const runId = await t.startRun(wf.id, { n: 'twenty-one' });
    const run = await t.waitForRun(runId);
    const node = run.nodes.find((n) => n.nodeId === 'probe');
    expect(node?.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('`input.n`') });
    expect((await t.readEvents(runId)).some((e) => e.type === 'node.log')).toBe(false);
  });

  it('refuses a returned value that does not match, naming the path', async () => {
    const wf = await t.createWorkflow(withPolicy('export default () => ({ doubled: "lots" })', schemas));
    const run = await t.waitForRun(await t.startRun(wf.id, { n: 1 }));
    expect(run.nodes.find((n) => n.nodeId === 'probe')?.error).toMatchObject({
      code: 'invalid_output',
      message: expect.stringContaining('`doubled`'),
    });
  });
});
