import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../runtimes/sandbox.ts';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

// Sandbox Studio's drafts: content that is not saved yet, decided and run exactly as a saved version would be.
const sandboxed = probeSandbox().ok;

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

type Result = { status: string; output?: unknown; error?: { code: string; message: string }; logs: { line: string }[] };
type Decision = { runtime: string | null; reason: string };

const helperDraft = {
  language: 'typescript',
  entry: 'main.ts',
  files: [
    {
      path: 'main.ts',
      content: 'import { shout } from "./lib/shout";\nexport default ({ name }: { name: string }) => ({ greeting: shout(name) })',
    },
    {
      path: 'lib/shout.ts',
      content: 'export const shout = (s: string) => { console.log("shouting"); return s.toUpperCase() + "!" };',
    },
  ],
  inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  outputSchema: { type: 'object', properties: { greeting: { type: 'string' } }, required: ['greeting'] },
};

describe('POST /api/code-agents/drafts/run', () => {
  it('runs unsaved files with their helpers, checks the input schema, and reports files that do not build', async () => {
    const ok = await t.call<Result>('POST', '/api/code-agents/drafts/run', {
      content: helperDraft,
      inputs: { name: 'ada' },
      trusted: !sandboxed,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'succeeded', output: { greeting: 'ADA!' } });
    expect(ok.body.logs.map((l) => l.line)).toEqual(['shouting']);

    const bad = await t.call<Result>('POST', '/api/code-agents/drafts/run', { content: helperDraft, inputs: { name: 7 } });
    expect(bad.body).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_input', message: expect.stringContaining('name') },
    });

    const broken = { ...helperDraft, files: [helperDraft.files[0]] };
    const missing = await t.call<Result>('POST', '/api/code-agents/drafts/run', { content: broken, inputs: { name: 'x' } });
    expect(missing.body).toMatchObject({
      status: 'failed',
      error: { code: 'assembly_failed', message: expect.stringContaining('./lib/shout') },
    });
  });

  it('refuses content whose entry is not one of its files, saying which field', async () => {
    const res = await t.call('POST', '/api/code-agents/drafts/run', { content: { ...helperDraft, entry: 'nope.ts' } });
    const error = expectApiError(res, 400, 'validation_failed');
    expect(JSON.stringify(error.details)).toContain('entry');
  });
});

describe('POST /api/code-agents/drafts/decide', () => {
  it('routes the assembled files: helpers are bundled, Python helper modules are not packages', async () => {
    const js = await t.call<Decision>('POST', '/api/code-agents/drafts/decide', { content: helperDraft, trusted: !sandboxed });
    expect(js.status).toBe(200);
    // The bundled helper import is gone, so nothing pushes this pure code off the lightest runtime.
    expect(js.body.runtime).not.toBeNull();
    expect(js.body.reason).not.toMatch(/import/);

    const python = {
      language: 'python',
      entry: 'main.py',
      files: [
        { path: 'main.py', content: 'import textkit\n\ndef main(inputs, ctx):\n    return textkit.clean(inputs["s"])' },
        { path: 'textkit.py', content: 'def clean(s):\n    return s.strip()' },
      ],
    };
    const py = await t.call<Decision>('POST', '/api/code-agents/drafts/decide', { content: python, trusted: !sandboxed });
    // A local module runs where the standard library does; a third-party package needs E2B (absent here or not).
    expect(py.body.runtime).toMatch(/^(wasm|node)$/);
    const withPackage = {
      ...python,
      files: [{ ...python.files[0], content: 'import numpy\n\ndef main(inputs, ctx):\n    return 1' }, python.files[1]],
    };
    const pkg = await t.call<Decision>('POST', '/api/code-agents/drafts/decide', { content: withPackage, trusted: !sandboxed });
    expect(pkg.body.runtime ?? 'e2b').toBe('e2b');
    expect(pkg.body.reason).toMatch(/e2b/i);
  });

  it('says when the files do not build instead of deciding', async () => {
    const res = await t.call<Decision>('POST', '/api/code-agents/drafts/decide', {
      content: { ...helperDraft, files: [helperDraft.files[0]] },
    });
    expect(res.body).toMatchObject({ runtime: null, reason: expect.stringContaining('do not build') });
  });
});
