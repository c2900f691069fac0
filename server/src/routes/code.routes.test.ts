import type { ExecuteCodeResult } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { MAX_CONCURRENT_EXECUTIONS } from './code.routes.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

const execute = (body: unknown) => t.call<ExecuteCodeResult>('POST', '/api/code/execute', body);

describe('POST /api/code/execute', () => {
  it('runs JavaScript with inputs and returns the output, the logs apart by stream, the runtime and why', async () => {
    const res = await execute({
      language: 'javascript',
      code: 'export default ({ a, b }) => { console.log("adding", a, b); console.error("careful"); return a + b; }',
      inputs: { a: 2, b: 40 },
    });
    expect(res.status).toBe(200);
    // Pure JavaScript without network: the router picks wasm (QuickJS in a sandboxed process).
    expect(res.body).toMatchObject({ status: 'succeeded', output: 42, runtime: 'wasm', decision: { runtime: 'wasm' } });
    expect(res.body.decision.reason).toMatch(/^wasm: pure JavaScript, no network/);
    expect(res.body.backend).toMatch(/^quickjs/);
    expect(res.body.logs.map((l) => [l.stream, l.line])).toEqual([
      ['stdout', 'adding 2 40'],
      ['stderr', 'careful'],
    ]);
    expect(res.body.durationMs).toBeGreaterThan(0);
  });

  it('passes the declared environment and nothing of the host', async () => {
    const res = await execute({
      language: 'javascript',
      code: 'export default () => Object.keys(process.env).sort().map((k) => k + "=" + (k === "PATH" ? "…" : process.env[k]))',
      policy: { env: { GREETING: 'hello' } },
    });
    // node adds its PATH; QuickJS has no PATH at all. Nothing else of the host, on either.
    expect((res.body.output as string[]).filter((k) => k !== 'PATH=…')).toEqual(['GREETING=hello']);
  });

  it('runs TypeScript', async () => {
    const res = await execute({
      language: 'typescript',
      code: 'export default (i: { s: string }): number => i.s.length',
      inputs: { s: 'four' },
    });
    expect(res.body).toMatchObject({ status: 'succeeded', output: 4 });
  });

  it('answers 200 with the outcome when the code fails, times out or returns too much', async () => {
    const thrown = await execute({ language: 'javascript', code: 'export default () => { throw new Error("nope") }' });
    expect(thrown.status).toBe(200);
    expect(thrown.body).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('nope') } });

    const slow = await execute({
      language: 'javascript',
      code: 'export default () => new Promise(() => {})',
      policy: { timeoutMs: 300 },
    });
    expect(slow.body).toMatchObject({ status: 'timeout', error: { code: 'timeout' } });

    const big = await execute({
      language: 'javascript',
      code: 'export default () => "x".repeat(5000)',
      policy: { maxOutputBytes: 1000 },
    });
    expect(big.body).toMatchObject({ status: 'output_too_large' });
    expect(big.body.output).toBeUndefined();
  });

  it('says which runtime is missing for a language, instead of running it anywhere weaker', async () => {
    const res = await execute({ language: 'python', code: 'import numpy\ndef main(inputs): return 1' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'unavailable',
      runtime: null,
      error: { code: 'runtime_unavailable', message: expect.stringContaining('E2B_API_KEY') },
      decision: { runtime: null },
    });
  });

  it('refuses unknown fields, an unknown language and out-of-range limits with 400', async () => {
    for (const body of [
      { language: 'javascript', code: 'x', shell: true },
      { language: 'cobol', code: 'x' },
      { language: 'javascript', code: 'x', policy: { timeoutMs: 10 } },
      { language: 'javascript', code: 'x', policy: { memoryMb: 1_000_000 } },
      { language: 'javascript', code: 'x', policy: { network: 'sometimes' } },
      { language: 'javascript', code: 'x', policy: { env: { 'NOT A NAME': 'x' } } },
      { language: 'javascript', code: 'x', policy: { env: { PATH: '/evil' } } },
    ])
      expectApiError(await execute(body), 400, 'validation_failed');
  });

  it(`runs at most ${MAX_CONCURRENT_EXECUTIONS} at once and answers 429 beyond, then accepts again`, async () => {
    const wait = { language: 'javascript', code: 'export default () => new Promise((r) => setTimeout(() => r("done"), 1500))' };
    const busy = Array.from({ length: MAX_CONCURRENT_EXECUTIONS }, () => execute(wait));
    await new Promise((r) => setTimeout(r, 300));
    expectApiError(await execute({ language: 'javascript', code: 'export default () => 1' }), 429, 'too_many_executions');
    expect((await Promise.all(busy)).map((r) => r.body.output)).toEqual(Array(MAX_CONCURRENT_EXECUTIONS).fill('done'));
    expect((await execute({ language: 'javascript', code: 'export default () => 1' })).body.output).toBe(1);
  });
});
