import { createHmac } from 'node:crypto';
import type { AuditEntry, Run } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { callHook, echoGraph, runsOf, webhooksOf } from './webhook-test-kit.ts';

/**
 *   webhook(auth) ──→ echo ──→ output
 * Runs are only created here, not executed (no worker): what matters is whether a request makes one, and its input.
 */

const TOKEN = 'tok-3f9a-very-secret-value';
const HMAC_KEY = 'hmac-key-77c1-very-secret';
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
  expect((await t.call('PUT', '/api/secrets/HOOK_TOKEN', { value: TOKEN })).status).toBe(200);
  expect((await t.call('PUT', '/api/secrets/HOOK_HMAC', { value: HMAC_KEY })).status).toBe(200);
});
afterAll(async () => t?.close());

let hooks = 0;
async function hooked(config: Record<string, unknown>) {
  const path = `auth-${++hooks}`;
  const wf = await t.createWorkflow(echoGraph({ path, ...config }));
  return { id: wf.id, path };
}

const json = (headers: Record<string, string> = {}, body = '{"n":1}') => ({
  body,
  headers: { 'content-type': 'application/json', ...headers },
});
const sign = (body: string, key = HMAC_KEY) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

/** The run a 202 answer names, with its input. */
async function runOf(res: { status: number; body: unknown }): Promise<Run> {
  expect(res.status).toBe(202);
  return (await t.call<Run>('GET', `/api/runs/${(res.body as { runId: string }).runId}`)).body;
}

describe('auth: token', () => {
  it('accepts the bearer token; the run sees no Authorization header', async () => {
    const { path } = await hooked({ auth: 'token', secret: 'HOOK_TOKEN' });
    const run = await runOf(await callHook(t, path, json({ authorization: `Bearer ${TOKEN}` })));
    expect(run.input).toMatchObject({ body: { n: 1 }, method: 'POST' });
    expect((run.input as { headers: Record<string, string> }).headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(run)).not.toContain(TOKEN);
  });

  it('accepts ?token=, which the run does not see in its query', async () => {
    const { path } = await hooked({ auth: 'token', secret: 'HOOK_TOKEN' });
    const run = await runOf(await callHook(t, `${path}?token=${TOKEN}&keep=1`, json()));
    expect((run.input as { query: unknown }).query).toEqual({ keep: '1' });
    expect(JSON.stringify(run)).not.toContain(TOKEN);
  });

  it.each([
    ['a wrong token', { authorization: 'Bearer nope' }, ''],
    ['a wrong ?token=', {}, '?token=nope'],
    ['no token', {}, ''],
    ['another scheme', { authorization: `Basic ${TOKEN}` }, ''],
    ['the token with a suffix', { authorization: `Bearer ${TOKEN}x` }, ''],
  ])('refuses %s: 401 and no run', async (_case, headers, query) => {
    const { id, path } = await hooked({ auth: 'token', secret: 'HOOK_TOKEN' });
    const res = await callHook(t, `${path}${query}`, json(headers));
    expectApiError(res, 401, 'webhook_unauthorized');
    expect(await runsOf(t, id)).toEqual([]);
    expect((await webhooksOf(t, id))[0]?.requests).toMatchObject([{ status: 401, runId: null }]);
  });
});

describe('auth: hmac', () => {
  it('accepts a signature of the raw body; the run sees no signature header', async () => {
    const { path } = await hooked({ auth: 'hmac', secret: 'HOOK_HMAC' });
    const body = '{ "n" : 2 }';
    const run = await runOf(await callHook(t, path, json({ 'x-switchyard-signature': sign(body) }, body)));
    expect(run.input).toMatchObject({ body: { n: 2 } });
    expect((run.input as { headers: Record<string, string> }).headers).not.toHaveProperty('x-switchyard-signature');
  });

  it.each([
    ['a signature with another key', sign('{"n":1}', 'other key')],
    ['a signature of another body', sign('{"n":2}')],
    ['a signature without its sha256= prefix', sign('{"n":1}').slice('sha256='.length)],
    ['no signature', ''],
  ])('refuses %s: 401 and no run', async (_case, signature) => {
    const { id, path } = await hooked({ auth: 'hmac', secret: 'HOOK_HMAC' });
    const res = await callHook(t, path, json(signature ? { 'x-switchyard-signature': signature } : {}));
    expectApiError(res, 401, 'webhook_unauthorized');
    expect(await runsOf(t, id)).toEqual([]);
  });

  it('checks the signature before the body is parsed: an unsigned bad body is 401, not 400', async () => {
    const { path } = await hooked({ auth: 'hmac', secret: 'HOOK_HMAC' });
    expectApiError(await callHook(t, path, json({}, '{broken')), 401, 'webhook_unauthorized');
    expectApiError(await callHook(t, path, json({ 'x-switchyard-signature': sign('{broken') }, '{broken')), 400, 'invalid_json');
  });
});

describe('the secret', () => {
  it('not stored: 503 webhook_secret_missing (the owner’s fix), no run; the owner sees which secret', async () => {
    const { id, path } = await hooked({ auth: 'token', secret: 'NOT_STORED' });
    const error = expectApiError(await callHook(t, path, json({ authorization: 'Bearer x' })), 503, 'webhook_secret_missing');
    expect(error.message).not.toContain('NOT_STORED');
    expect(await runsOf(t, id)).toEqual([]);
    expect((await webhooksOf(t, id))[0]?.requests).toMatchObject([{ status: 503, error: expect.stringContaining('NOT_STORED') }]);
  });

  it('is read from the workflow’s own workspace', async () => {
    const other = await t.workspace('webhook elsewhere');
    expect((await t.as(other).call('PUT', '/api/secrets/HOOK_TOKEN', { value: 'other-workspace-token' })).status).toBe(200);
    const wf = await t.as(other).call<{ id: string }>('POST', '/api/workflows', {
      name: 'elsewhere',
      graph: echoGraph({ path: 'auth-elsewhere', auth: 'token', secret: 'HOOK_TOKEN' }),
    });
    expect(wf.status).toBe(201);
    expectApiError(await callHook(t, 'auth-elsewhere', json({ authorization: `Bearer ${TOKEN}` })), 401, 'webhook_unauthorized');
    expect((await callHook(t, 'auth-elsewhere', json({ authorization: 'Bearer other-workspace-token' }))).status).toBe(202);
  });

  it('each use is audited as the webhook, by name only', async () => {
    const { path } = await hooked({ auth: 'token', secret: 'HOOK_TOKEN' });
    await callHook(t, path, json({ authorization: `Bearer ${TOKEN}` }));
    const page = await t.call<{ entries: AuditEntry[] }>('GET', '/api/audit?action=secret.use&limit=200');
    const uses = page.body.entries.filter((e) => e.details.webhook === path);
    expect(uses).toMatchObject([{ resourceId: 'HOOK_TOKEN', actor: { label: `webhook /webhooks/${path}`, userId: null } }]);
    expect(JSON.stringify(page.body)).not.toContain(TOKEN);
  });

  it('a saved webhook with token or hmac auth must name its secret', async () => {
    const res = await t.call('POST', '/api/workflows', {
      name: 'no secret',
      graph: echoGraph({ path: 'auth-nosecret', auth: 'hmac' }),
    });
    // The save itself succeeds (drafts may be incomplete); the node is not live and the compiler names the field.
    expect(res.status).toBe(201);
    expectApiError(await callHook(t, 'auth-nosecret', json()), 404, 'webhook_not_found');
    const check = await t.call<{ ok: boolean; errors: { nodeId?: string; message: string }[] }>('POST', '/api/graphs/validate', {
      graph: echoGraph({ path: 'auth-nosecret', auth: 'hmac' }),
    });
    expect(check.body.ok).toBe(false);
    expect(check.body.errors).toMatchObject([{ nodeId: 'hook', message: expect.stringContaining('secret') }]);
  });
});
