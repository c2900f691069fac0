import type { ExecuteCodeResult } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

/**
 * Output nested too deep for the layers after the runtime (replies, redaction, run writes all recurse) is
 * refused where the runtime parses it: status `failed`, code `output_too_deep`, never a 500. Depths are
 * chosen to get past each language's own serializer, so the server's check is what answers.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

const execute = (body: unknown) => t.call<ExecuteCodeResult>('POST', '/api/code/execute', body);
const nestJs = (levels: number) => `export default () => { let v = []; for (let i = 1; i < ${levels}; i++) v = [v]; return v; }`;
const deepText = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('POST /api/code/execute with deeply nested output', () => {
  it.each([
    ['JavaScript on the node runtime', { language: 'javascript', runtime: 'node', code: nestJs(1000) }],
    [
      'JavaScript in QuickJS (wasm)',
      { language: 'javascript', runtime: 'wasm', code: `export default () => JSON.parse('${deepText(5000)}')` },
    ],
    [
      'Python on the node runtime',
      {
        language: 'python',
        runtime: 'node',
        code: 'def main(inputs, ctx):\n    v = []\n    for _ in range(500):\n        v = [v]\n    return v\n',
      },
    ],
    ['Bash, last stdout line', { language: 'bash', runtime: 'node', code: `printf '%s\\n' '${deepText(5000)}'` }],
  ])('%s: answers 200 with a clear failure', async (_label, body) => {
    const res = await execute(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'failed',
      error: { code: 'output_too_deep', message: 'the output nests arrays and objects deeper than 128 levels' },
    });
  });

  it('takes 128 levels, the limit of a request body, and refuses 129', async () => {
    const at = await execute({ language: 'javascript', runtime: 'wasm', code: nestJs(128) });
    expect(at.body.status).toBe('succeeded');
    const past = await execute({ language: 'javascript', runtime: 'wasm', code: nestJs(129) });
    expect(past.body).toMatchObject({ status: 'failed', error: { code: 'output_too_deep' } });
    // The server keeps answering, and the next ordinary call succeeds.
    expect((await t.call('GET', '/api/health')).status).toBe(200);
    expect((await execute({ language: 'javascript', code: 'export default () => 42' })).body).toMatchObject({ output: 42 });
  });
});
