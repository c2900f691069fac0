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
