import { describe, expect, it } from 'vitest';
import { webhookCurl } from './webhook-curl.ts';

const url = 'https://h.example/webhooks/orders';

describe('webhookCurl', () => {
  it('sends a JSON body with POST, PUT and PATCH only, quoted for the shell', () => {
    expect(webhookCurl({ url, method: 'POST', auth: 'none', body: { note: "it's" } })).toBe(
      `curl -X POST '${url}' \\\n  -H 'content-type: application/json' \\\n  --data '{"note":"it'\\''s"}'`,
    );
    expect(webhookCurl({ url, method: 'GET', auth: 'none' })).toBe(`curl -X GET '${url}'`);
  });

  it('signs the exact body with HMAC-SHA256 of $TOKEN and names the secret, never its value', () => {
    const text = webhookCurl({ url, method: 'POST', auth: 'hmac', secret: 'HOOK_KEY', body: { id: 1 } });
    expect(text.split('\n')).toEqual([
      '# TOKEN: the value of the secret HOOK_KEY',
      `BODY='{"id":1}'`,
      `SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$TOKEN" -r | cut -d' ' -f1)`,
      `curl -X POST '${url}' \\`,
      `  -H "X-Switchyard-Signature: sha256=$SIG" \\`,
      `  -H 'content-type: application/json' \\`,
      `  --data "$BODY"`,
    ]);
  });
});
