import { describe, expect, it } from 'vitest';
import { isWebhookPath, webhookNode } from './webhook.node.ts';

describe('webhook node config', () => {
  it.each(['a', 'orders', 'orders/new', 'A-1/b-2/C3', 'x'.repeat(200)])('accepts the path %s', (path) => {
    expect(isWebhookPath(path)).toBe(true);
    expect(webhookNode.config.safeParse({ path }).success).toBe(true);
  });

  it.each(['', '/a', 'a/', 'a//b', 'a b', 'a_b', 'a.b', 'a%2Fb', 'ü', 'x'.repeat(201)])('refuses the path %j', (path) => {
    expect(isWebhookPath(path)).toBe(false);
    expect(webhookNode.config.safeParse({ path }).success).toBe(false);
  });

  it('gives each new node its own random hook-… path', () => {
    const paths = Array.from({ length: 50 }, () => webhookNode.config.parse({}).path);
    for (const path of paths) expect(path).toMatch(/^hook-[a-z0-9]{8}$/);
    expect(new Set(paths).size).toBe(50);
  });

  it('defaults to POST, answered at once, no auth, enabled', () => {
    expect(webhookNode.config.parse({ path: 'p' })).toEqual({
      path: 'p',
      method: 'POST',
      respond: 'accepted',
      timeoutMs: 30_000,
      auth: 'none',
      enabled: true,
    });
  });

  it('needs a secret for token and hmac auth', () => {
    for (const auth of ['token', 'hmac']) {
      const parsed = webhookNode.config.safeParse({ auth });
      expect(parsed.error?.issues).toMatchObject([{ path: ['secret'] }]);
      expect(webhookNode.config.safeParse({ auth, secret: 'HOOK_KEY' }).success).toBe(true);
    }
  });
});
