import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runOn } from '../test-support.ts';
import { createE2bRuntime, type E2bRuntime } from './e2b.runtime.ts';

// Against real E2B: runs only with E2B_API_KEY set (optionally E2B_TEMPLATE, E2B_DOMAIN). Costs a few
// sandbox-seconds. e2b.runtime.test.ts covers the same paths offline against the fake.
const apiKey = process.env.E2B_API_KEY;

describe.skipIf(!apiKey)('e2b runtime against E2B (live)', () => {
  let runtime: E2bRuntime | undefined;
  const rt = (): E2bRuntime => {
    runtime ??= createE2bRuntime({
      apiKey,
      ...(process.env.E2B_TEMPLATE ? { template: process.env.E2B_TEMPLATE } : {}),
      ...(process.env.E2B_DOMAIN ? { domain: process.env.E2B_DOMAIN } : {}),
      instanceTag: `switchyard-live-test-${randomBytes(4).toString('hex')}`,
    });
    return runtime;
  };
  const runId = `live-${randomBytes(4).toString('hex')}`;
  const meta = { source: 'run' as const, runId };
  afterAll(async () => {
    await runtime?.release(runId);
    await runtime?.close();
  });

  it('runs JavaScript and TypeScript', { timeout: 120_000 }, async () => {
    const js = await runOn(rt(), 'export default async function main(inputs, ctx) { ctx.log("hi"); return inputs.n + 1 }', {
      inputs: { n: 1 },
      timeoutMs: 30_000,
      meta,
    });
    expect(js).toMatchObject({ status: 'succeeded', output: 2, runtime: 'e2b', cold: true });
    expect(js.logs.map((l) => l.line)).toEqual(['hi']);
    const ts = await runOn(rt(), 'export default async function main(i: { s: string }): Promise<number> { return i.s.length }', {
      language: 'typescript',
      inputs: { s: 'four' },
      timeoutMs: 30_000,
      meta,
    });
    expect(ts).toMatchObject({ status: 'succeeded', output: 4, cold: false, reused: true });
  });

  it('runs Python and Bash in the same sandbox of the run', { timeout: 120_000 }, async () => {
    const py = await runOn(
      rt(),
      'import sys\ndef main(inputs, ctx):\n    print(sys.version_info[0])\n    return {"x": inputs["x"] * 2}',
      {
        language: 'python',
        inputs: { x: 21 },
        timeoutMs: 30_000,
        meta,
      },
    );
    expect(py).toMatchObject({ status: 'succeeded', output: { x: 42 } });
    expect(py.logs.map((l) => l.line)).toEqual(['3']);
    const sh = await runOn(rt(), 'read -r line\necho "$line" >&2\necho "{\\"env\\": \\"$GREETING\\"}" > "$OUTPUT"', {
      language: 'bash',
      env: { GREETING: 'hello' },
      timeoutMs: 30_000,
      meta,
    });
    expect(sh).toMatchObject({ status: 'succeeded', output: { env: 'hello' }, reused: true });
    const exit = await runOn(rt(), 'exit 4', { language: 'bash', timeoutMs: 30_000, meta });
    expect(exit).toMatchObject({ status: 'failed', error: { code: 'exit_code' } });
  });

  it('times out and reports it', { timeout: 120_000 }, async () => {
    const r = await runOn(rt(), 'sleep 60', { language: 'bash', timeoutMs: 2000 });
    expect(r).toMatchObject({ status: 'timeout', error: { code: 'timeout' } });
  });
});
