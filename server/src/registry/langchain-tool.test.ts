import { toJsonSchema } from '@langchain/core/utils/json_schema';
import type { CodeAgent } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getVersion } from '../db/queries/code-agents.ts';
import { adhocExecutor } from '../runtimes/adhoc.ts';
import { probeSandbox } from '../runtimes/sandbox.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { systemScope } from '../workspace/scope.ts';
import { versionTool } from './langchain-tool.ts';

// A code-agent version as a LangChain tool, invoked through LangChain's own tool interface.
const trusted = !probeSandbox().ok;
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

async function addTool(code: string) {
  const res = await t.call<CodeAgent>('POST', '/api/code-agents', {
    slug: `lc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
    name: 'Add',
    description: 'Adds two numbers',
    content: {
      language: 'javascript',
      entry: 'main.js',
      files: [{ path: 'main.js', content: code }],
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
    },
  });
  const version = await getVersion(t.deps.database.db, res.body.id, 1);
  if (!version) throw new Error('no version');
  return versionTool(adhocExecutor(t.deps), systemScope(), res.body, version, trusted);
}

describe('a code-agent version as a LangChain tool', () => {
  it('shows models the version’s schema and runs valid input in the sandbox', async () => {
    const tool = await addTool('export default ({ a, b }) => ({ sum: a + b })');
    expect(tool.name).toMatch(/^lc-/);
    expect(tool.description).toBe('Adds two numbers');
    expect(toJsonSchema(tool.schema)).toMatchObject({
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
    });
    expect(await tool.invoke({ a: 2, b: 40 })).toBe('{"sum":42}');
  });

  it('answers invalid input with a schema error the model can act on, without throwing', async () => {
    const tool = await addTool('export default ({ a, b }) => a + b');
    const reply = await tool.invoke({ a: 'two', b: 40 });
    expect(reply).toMatch(/^Invalid input for tool "lc-.*": .*expected number/i);
    const missing = await tool.invoke({ a: 1 } as never);
    expect(missing).toMatch(/Invalid input/);
  });

  it('turns the code’s own failure into an error message, not an exception', async () => {
    const tool = await addTool('export default () => { throw new Error("division by zero") }');
    expect(await tool.invoke({ a: 1, b: 0 })).toBe('Error (user_error): division by zero');
    const slow = await addTool('export default () => { for (;;) {} }');
    // The version's own policy (default 30 s) would apply; a cancelled call comes back as text too.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    expect(await slow.invoke({ a: 1, b: 2 }, { signal: controller.signal }).catch((e: Error) => `threw ${e.name}`)).toMatch(
      /cancelled|threw AbortError/,
    );
  });
});
