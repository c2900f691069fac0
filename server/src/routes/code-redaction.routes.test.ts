import type { ExecuteCodeResult } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

// Hostile code that holds a secret and tries to get it past redaction in /api/code/execute: as a number,
// across the 16 KiB log-line cut, and in the usual encodings. What redaction cannot promise (reversed text,
// a secret split over lines) is not tested here: it is documented as beyond it.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await t.call('PUT', '/api/secrets/PIN', { value: NUMERIC });
  await t.call('PUT', '/api/secrets/TOKEN', { value: TOKEN });
});
afterAll(async () => t?.close());

const NUMERIC = '73519468';
/** Characters that URL encoding, JSON escaping and URL-safe base64 each change. */
const TOKEN = 'sk/live+4242?&"é~~';
const env = { PIN: { secret: 'PIN' }, T: { secret: 'TOKEN' } };

async function execute(body: Record<string, unknown>) {
  const res = await t.call<ExecuteCodeResult>('POST', '/api/code/execute', { ...body, policy: { env, timeoutMs: 20_000 } });
  expect(res.status).toBe(200);
  return res.body;
}

/** Fragments that would give the secret (or most of it) away in `text`. */
function expectNoLeak(text: string) {
  for (const secret of [NUMERIC, TOKEN]) {
    expect(text).not.toContain(secret.slice(0, 6));
    expect(text).not.toContain(secret.slice(-6));
  }
}

describe('redaction in /api/code/execute', () => {
  it.each(['wasm', 'node'])('a secret returned as a number is redacted (%s runtime)', async (runtime) => {
    const res = await execute({
      language: 'javascript',
      runtime,
      code: 'export default () => ({ n: Number(process.env.PIN), times10: Number(process.env.PIN) * 10, [process.env.T]: 1 })',
    });
    expect(res).toMatchObject({ status: 'succeeded', output: { n: '[secret]', times10: '[secret]', '[secret]': 1 } });
  });

  it('a secret straddling the 16 KiB cut of a long log line is not shown in part', async () => {
    const res = await execute({
      language: 'javascript',
      runtime: 'node',
      // The cap is 16384 bytes: the first 6 characters of the secret are kept before the cut.
      code: 'export default () => { console.log("x".repeat(16384 - 6) + process.env.T + "tail"); console.log("x".repeat(16384 - 4) + process.env.PIN); return 1 }',
    });
    expect(res.status).toBe('succeeded');
    expect(res.logs).toHaveLength(2);
    for (const { line } of res.logs) expect(line).toMatch(/x\[secret\]…\[truncated\]$/);
    expectNoLeak(JSON.stringify(res));
  });

  it('base64 (standard, URL-safe, inside longer text), hex, URL and JSON-escaped forms are redacted', async () => {
    const res = await execute({
      language: 'javascript',
      runtime: 'node',
      code: `export default () => {
        const b = Buffer.from(process.env.T);
        const forms = {
          b64: b.toString('base64'),
          b64url: b.toString('base64url'),
          embedded1: Buffer.concat([Buffer.from('a'), b, Buffer.from('zz')]).toString('base64'),
          embedded2: Buffer.concat([Buffer.from('ab'), b, Buffer.from('zz')]).toString('base64'),
          hex: b.toString('hex'),
          HEX: b.toString('hex').toUpperCase(),
          url: encodeURIComponent(process.env.T),
          json: JSON.stringify({ t: process.env.T }),
          pinHex: Buffer.from(process.env.PIN).toString('hex'),
        };
        for (const v of Object.values(forms)) console.log(v);
        throw new Error('leaking ' + forms.b64 + ' ' + forms.url);
      }`,
    });
    expect(res.status).toBe('failed');
    expect(res.logs).toHaveLength(9);
    for (const { line } of res.logs) expect(line).toContain('[secret]');
    expect(res.error?.message).toBe('leaking [secret] [secret]');
    const b = Buffer.from(TOKEN);
    for (const form of [b.toString('base64'), b.toString('hex'), encodeURIComponent(TOKEN)])
      expect(JSON.stringify(res)).not.toContain(form.slice(2, 14));
    expectNoLeak(JSON.stringify(res));
  });

  it('Python’s own encodings are redacted too (json.dumps ensure_ascii, quote, b64encode, hex)', async () => {
    const res = await execute({
      language: 'python',
      code: [
        'import base64, json, os, urllib.parse',
        'def main(inputs, ctx):',
        '    t = os.environ["T"]',
        '    return [json.dumps(t), urllib.parse.quote(t), urllib.parse.quote(t, safe=""),',
        '            base64.b64encode(t.encode()).decode(), t.encode().hex(), int(os.environ["PIN"])]',
      ].join('\n'),
    });
    if (res.status === 'unavailable') return; // No Python runtime on this host: nothing to leak.
    expect(res.status).toBe('succeeded');
    for (const value of res.output as unknown[]) expect(String(value)).toContain('[secret]');
    expectNoLeak(JSON.stringify(res));
  });
});
