import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOn } from '../test-support.ts';
import { createE2bRuntime, type E2bRuntime, type E2bRuntimeOptions } from './e2b.runtime.ts';
import { type FakeE2b, startFakeE2b } from './fake/fake-e2b.ts';

// Configuration of the e2b runtime: the key, the template, a wrong key (the real SDK against the local fake).
let fake: FakeE2b;
const opened: E2bRuntime[] = [];
const connect = (overrides: E2bRuntimeOptions = {}): E2bRuntime => {
  const rt = createE2bRuntime({
    apiKey: fake.apiKey,
    apiUrl: fake.url,
    sandboxUrl: fake.url,
    instanceTag: `test-${randomBytes(4).toString('hex')}`,
    ...overrides,
  });
  opened.push(rt);
  return rt;
};
beforeAll(async () => {
  fake = await startFakeE2b();
});
afterAll(async () => {
  await Promise.all(opened.map((rt) => rt.close()));
  await fake.close();
});

describe('e2b runtime: configuration', () => {
  it('is unavailable without an API key, saying what to configure', async () => {
    const rt = createE2bRuntime({});
    expect(rt.availability()).toEqual({
      available: false,
      isolation: 'sandbox',
      backend: 'e2b',
      reason: 'set E2B_API_KEY to use E2B cloud sandboxes',
    });
    const r = await runOn(rt, 'export default async function main() { return 1 }');
    expect(r).toMatchObject({ status: 'unavailable', error: { code: 'runtime_unavailable', message: /E2B_API_KEY/ } });
  });

  it('reports the template in the backend and sends it to E2B', async () => {
    const rt = connect({ template: 'python-data' });
    expect(rt.availability()).toEqual({ available: true, isolation: 'sandbox', backend: 'e2b:python-data' });
    const r = await runOn(rt, 'export default async function main() { return 1 }');
    expect(r).toMatchObject({ status: 'succeeded', backend: 'e2b:python-data' });
    expect(fake.createBodies.at(-1)).toMatchObject({ templateID: 'python-data' });
  });

  it('reports a wrong API key as a sandbox error without echoing the key', async () => {
    const rt = connect({ apiKey: 'e2b_wrong_key_value' });
    const r = await runOn(rt, 'export default async function main() { return 1 }');
    expect(r).toMatchObject({ status: 'failed', error: { code: 'sandbox_error' } });
    expect(JSON.stringify(r)).not.toContain('e2b_wrong_key_value');
  });
});
