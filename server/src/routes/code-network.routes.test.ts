import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

// An allow-list entry 0.0.0.0 would open the host's own loopback: the API refuses it before any runtime sees it.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

describe('POST /api/code/execute: allowedHosts', () => {
  it('refuses the unspecified address with 400', async () => {
    for (const host of ['0.0.0.0', '0.0.0.0:5432', '0']) {
      const res = await t.call('POST', '/api/code/execute', {
        language: 'javascript',
        runtime: 'node',
        code: 'export default () => 1',
        policy: { network: 'allowlist', allowedHosts: [host] },
      });
      expectApiError(res, 400, 'validation_failed');
      expect(JSON.stringify(res.body), host).toContain('unspecified address');
    }
  });
});
