import type { CodeAgent } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { assembleOnce } from './assemble.ts';
import { cachedVersion } from './version-cache.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

describe('cachedVersion', () => {
  it('reads a version once and hands back the same object, so its assembly is built once too', async () => {
    const res = await t.call<CodeAgent>('POST', '/api/code-agents', {
      slug: `cache-${Date.now().toString(36)}`,
      name: 'Cache',
      content: {
        language: 'typescript',
        entry: 'main.ts',
        files: [
          { path: 'main.ts', content: 'import { one } from "./one";\nexport default () => one' },
          { path: 'one.ts', content: 'export const one = 1;' },
        ],
      },
    });
    const db = t.deps.database.db;
    const first = await cachedVersion(db, res.body.id, 1);
    expect(first).toMatchObject({ version: 1, hash: res.body.latest.hash });
    expect(await cachedVersion(db, res.body.id, 1)).toBe(first);
    expect(await cachedVersion(db, res.body.id, 2)).toBeUndefined();
    if (!first) throw new Error('no version');
    const bundle = assembleOnce(first.content);
    expect(assembleOnce(first.content)).toBe(bundle);
    expect(await bundle).toMatchObject({ ok: true, code: expect.stringContaining('one = 1') });
    // A draft is a new object every time: assembled anew.
    expect(assembleOnce({ ...first.content })).not.toBe(bundle);
  });
});
