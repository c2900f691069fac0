import type { CodeAgent } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../runtimes/sandbox.ts';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

// Running pinned versions of code agents through the router (the real runtimes, sandboxed where possible).
const sandboxed = probeSandbox().ok;
if (!sandboxed) console.warn('code-agent execution tests run with trusted execution: no OS sandbox here');

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

type Result = {
  status: string;
  output?: unknown;
  error?: { code: string; message: string };
  runtime: string | null;
  version: number;
  hash: string;
  logs: { line: string }[];
};
let seq = 0;
async function agent(content: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const res = await t.call<CodeAgent>('POST', '/api/code-agents', {
    slug: `exec-${Date.now().toString(36)}-${++seq}`,
    name: 'Exec',
    description: 'Runs in tests',
    content,
    ...extra,
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body;
}
const run = (a: CodeAgent, inputs: unknown, version = a.latestVersion) =>
  t.call<Result>('POST', `/api/code-agents/${a.id}/versions/${version}/execute`, { inputs, trusted: !sandboxed });

describe('executing a pinned version', () => {
  it('bundles a multi-file TypeScript agent and runs it, checking inputs and output against its schemas', async () => {
    const a = await agent({
      language: 'typescript',
      entry: 'src/main.ts',
      files: [
        {
          path: 'src/main.ts',
          content:
            'import { words } from "./text/words";\nexport default ({ text }: { text: string }, ctx: { log: (...a: unknown[]) => void }) => { ctx.log("counting"); return { count: words(text).length } }',
        },
        { path: 'src/text/words.ts', content: 'export const words = (s: string): string[] => s.split(/\\s+/).filter(Boolean);' },
      ],
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      outputSchema: { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] },
    });
    const ok = await run(a, { text: 'one two  three' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'succeeded', output: { count: 3 }, version: 1, hash: a.latest.hash });
    expect(ok.body.logs.map((l) => l.line)).toEqual(['counting']);
    const bad = await run(a, { text: 42 });
    expect(bad.body).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_input', message: expect.stringContaining('text') },
    });
  });

  it('reports an output that breaks the schema, an import that is not a file, and runs old versions as they were', async () => {
    const a = await agent({
      language: 'javascript',
      entry: 'main.js',
      files: [{ path: 'main.js', content: 'export default () => ({ count: "many" })' }],
      outputSchema: { type: 'object', properties: { count: { type: 'integer' } } },
    });
    expect((await run(a, {})).body).toMatchObject({ status: 'failed', error: { code: 'invalid_output' } });
    const v2 = await t.call('POST', `/api/code-agents/${a.id}/versions`, {
      content: {
        language: 'javascript',
        entry: 'main.js',
        files: [{ path: 'main.js', content: 'import { x } from "./missing.js";\nexport default () => x' }],
      },
    });
    expect(v2.status).toBe(201);
    expect((await run(a, {}, 2)).body).toMatchObject({
      status: 'failed',
      error: { code: 'assembly_failed', message: expect.stringContaining('./missing.js') },
    });
    expect((await run(a, {}, 1)).body).toMatchObject({ status: 'failed', error: { code: 'invalid_output' }, version: 1 });
    expectApiError(await run(a, {}, 9), 404, 'not_found');
  });

  it.skipIf(!sandboxed)('imports Python helper modules, packages included', async () => {
    const a = await agent({
      language: 'python',
      entry: 'main.py',
      files: [
        {
          path: 'main.py',
          content:
            'from helpers.fmt import shout\nimport tally\ndef main(inputs, ctx):\n    return shout(inputs["name"]) + tally.mark()',
        },
        { path: 'helpers/fmt.py', content: 'def shout(s):\n    return s.upper()' },
        { path: 'tally.py', content: 'def mark():\n    return "!"' },
      ],
    });
    expect((await run(a, { name: 'ada' })).body).toMatchObject({ status: 'succeeded', output: 'ADA!' });
  });

  it('describes a version as a tool: name, description, input schema, and what it pins', async () => {
    const inputSchema = { type: 'object', properties: { q: { type: 'string' } } };
    const a = await agent(
      { language: 'javascript', entry: 'main.js', files: [{ path: 'main.js', content: 'export default () => 1' }], inputSchema },
      { description: 'Answers questions' },
    );
    const tool = await t.call('GET', `/api/code-agents/${a.id}/versions/1/tool`);
    expect(tool.body).toEqual({
      name: a.slug,
      description: 'Answers questions',
      inputSchema,
      agentId: a.id,
      version: 1,
      hash: a.latest.hash,
    });
    expectApiError(await t.call('GET', `/api/code-agents/${a.id}/versions/2/tool`), 404, 'not_found');
  });
});
