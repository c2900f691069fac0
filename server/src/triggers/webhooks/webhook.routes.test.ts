import type { Run, WebhookInfo } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { expectApiError } from '../../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { callHook, echoGraph, postJson, runsOf, webhooksOf } from './webhook-test-kit.ts';

/**
 *   webhook ──→ echo ──→ output
 * echo returns its input: the run's output is the request as the run saw it, { body, query, headers, method }.
 */

const MAX_BODY = 64 * 1024;
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ maxBodyBytes: MAX_BODY });
});
afterAll(async () => t?.close());

let hooks = 0;
/** A saved workflow with one webhook at a fresh path; its id and path. */
async function hooked(config: Record<string, unknown> = {}, source?: string) {
  const path = `wh-${++hooks}`;
  const wf = await t.createWorkflow(echoGraph({ path, ...config }, source));
  return { id: wf.id, path };
}

describe('respond: accepted', () => {
  it('answers 202 { runId } at once; the run gets the request and records the webhook that started it', async () => {
    // ARRANGE
    const { id, path } = await hooked();
    // ACT
    const res = await postJson(t, `${path}?a=1&a=2&b=x`, { n: 1 }, { 'x-custom': 'yes', cookie: 'sid=1' });
    // ASSERT
    expect(res.status).toBe(202);
    const { runId } = res.body as { runId: string };
    const run = await t.waitForRun(runId);
    expect(run).toMatchObject({ status: 'succeeded', trigger: { type: 'webhook', nodeId: 'hook' }, startedVia: 'webhook' });
    expect(run.output).toMatchObject({ body: { n: 1 }, query: { a: ['1', '2'], b: 'x' }, method: 'POST' });
    const headers = (run.output as { headers: Record<string, string> }).headers;
    expect(headers).toMatchObject({ 'x-custom': 'yes', 'content-type': 'application/json' });
    expect(headers).not.toHaveProperty('cookie');
    const listed = await runsOf(t, id);
    expect(listed.map((r) => [r.id, r.trigger, r.startedVia])).toEqual([[runId, { type: 'webhook', nodeId: 'hook' }, 'webhook']]);
  });

  it('runs the latest saved version', async () => {
    const { id, path } = await hooked({}, 'export default () => "v1"');
    const v2 = echoGraph({ path }, 'export default () => "v2"');
    expect((await t.call('PUT', `/api/workflows/${id}`, { graph: v2 })).status).toBe(200);
    const { runId } = (await postJson(t, path, {})).body as { runId: string };
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'succeeded', output: 'v2', workflowVersion: 2 });
  });
});

describe('respond: result', () => {
  it("answers 200 with the run's output as JSON, naming the run in X-Switchyard-Run-Id", async () => {
    const { id, path } = await hooked({ respond: 'result' }, 'export default ({ input }) => ({ doubled: input.body.n * 2 })');
    const res = await postJson(t, path, { n: 21 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ doubled: 42 });
    const runs = await runsOf(t, id);
    expect(runs.map((r) => [r.id, r.status])).toEqual([[res.headers.get('x-switchyard-run-id'), 'succeeded']]);
  });

  it('answers 500 run_failed with the run id and the failing node, not its message', async () => {
    const { path } = await hooked({ respond: 'result' }, 'export default () => { throw new Error("internal detail") }');
    const res = await postJson(t, path, {});
    const error = expectApiError(res, 500, 'run_failed');
    const details = error.details as { runId: string; status: string; error: { code: string; nodeId: string } };
    expect(details).toMatchObject({ status: 'failed', error: { nodeId: 'echo' } });
    expect(JSON.stringify(res.body)).not.toContain('internal detail');
    expect((await t.waitForRun(details.runId)).status).toBe('failed');
  });

  it('answers 202 { runId } when the run outlasts timeoutMs, and the run goes on', async () => {
    const slow = 'export default async () => { await new Promise((r) => setTimeout(r, 1500)); return "late"; }';
    const { path } = await hooked({ respond: 'result', timeoutMs: 100 }, slow);
    const res = await postJson(t, path, {});
    expect(res.status).toBe(202);
    const { runId } = res.body as { runId: string };
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'succeeded', output: 'late' });
  });
});

describe('bodies', () => {
  const cases: [string, string, string, unknown][] = [
    ['JSON', 'application/json; charset=utf-8', '{"a":[1,{"b":null}]}', { a: [1, { b: null }] }],
    ['JSON (+json)', 'application/vnd.api+json', '{"x":1}', { x: 1 }],
    ['form', 'application/x-www-form-urlencoded', 'a=1&b=two+words&a=3', { a: ['1', '3'], b: 'two words' }],
    ['text', 'text/plain', 'héllo\nworld', 'héllo\nworld'],
    ['XML', 'application/xml', '<a>1</a>', '<a>1</a>'],
    ['empty', 'application/json', '', null],
  ];
  it.each(cases)('%s: the run gets it parsed', async (_kind, type, raw, parsed) => {
    const { path } = await hooked({ respond: 'result' });
    const res = await callHook(t, path, { body: raw, headers: { 'content-type': type } });
    expect(res.status).toBe(200);
    expect((res.body as Run['input'] & { body: unknown }).body).toEqual(parsed);
  });

  it.each([
    ['invalid JSON', 'application/json', '{"a":', 400, 'invalid_json'],
    ['binary', 'application/octet-stream', 'AAAA', 415, 'unsupported_media_type'],
    ['no content type', '', 'hello', 415, 'unsupported_media_type'],
    ['a NUL character', 'text/plain', 'a\u0000b', 400, 'validation_failed'],
  ])('%s: refused (%i %s) and no run', async (_kind, type, raw, status, code) => {
    const { id, path } = await hooked();
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    const res = await callHook(t, path, { body: new TextEncoder().encode(raw), headers });
    expectApiError(res, status as number, code as string);
    expect(await runsOf(t, id)).toEqual([]);
  });
});

describe('refusals', () => {
  it('an unknown path: 404 webhook_not_found, nothing recorded', async () => {
    expectApiError(await postJson(t, 'no-such-hook', {}), 404, 'webhook_not_found');
    expectApiError(await postJson(t, 'bad//path', {}), 404, 'webhook_not_found');
  });

  it('a name the server does not answer to: 421 before anything else (the host guard stands before webhooks too)', async () => {
    const { id, path } = await hooked();
    const res = await t.app.request(`http://evil.example/webhooks/${path}`, { method: 'POST' });
    expect(res.status).toBe(421);
    expect(await runsOf(t, id)).toEqual([]);
    expect((await webhooksOf(t, id))[0]?.requests).toEqual([]);
  });

  it('a wrong method: 405 with Allow, recorded, no run', async () => {
    const { id, path } = await hooked({ method: 'PUT' });
    const res = await callHook(t, path, { method: 'POST' });
    expectApiError(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('PUT');
    expectApiError(await callHook(t, path, { method: 'GET' }), 405, 'method_not_allowed');
    expect(await runsOf(t, id)).toEqual([]);
    const [info] = await webhooksOf(t, id);
    expect(info?.requests.map((r) => [r.method, r.status, r.runId])).toEqual([
      ['GET', 405, null],
      ['POST', 405, null],
    ]);
  });

  it('a GET webhook: the query is the input; HEAD is another method (405), not a GET without a body', async () => {
    const { id, path } = await hooked({ method: 'GET', respond: 'result' });
    const res = await callHook(t, `${path}?q=1`, { method: 'GET' });
    expect(res).toMatchObject({ status: 200, body: { body: null, query: { q: '1' }, method: 'GET' } });
    const head = await t.app.request(`/webhooks/${path}`, { method: 'HEAD' });
    expect([head.status, head.headers.get('allow')]).toEqual([405, 'GET']);
    expect(await runsOf(t, id)).toHaveLength(1);
  });

  it('a body over the server limit: 413 payload_too_large, with or without Content-Length, no run', async () => {
    const { id, path } = await hooked();
    const big = 'x'.repeat(MAX_BODY + 1);
    expectApiError(await callHook(t, path, { body: big, headers: { 'content-type': 'text/plain' } }), 413, 'payload_too_large');
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(MAX_BODY / 2)));
        controller.close();
      },
    });
    const streamed = await callHook(t, path, {
      body: stream,
      headers: { 'content-type': 'text/plain' },
      duplex: 'half',
    } as RequestInit);
    expectApiError(streamed, 413, 'payload_too_large');
    expect(await runsOf(t, id)).toEqual([]);
    expect((await webhooksOf(t, id))[0]?.requests.map((r) => r.status)).toEqual([413, 413]);
  });

  it('a disabled trigger: 404, and the editor shows it not live', async () => {
    const { id, path } = await hooked({ enabled: false });
    expectApiError(await postJson(t, path, {}), 404, 'webhook_not_found');
    expect(await webhooksOf(t, id)).toMatchObject([{ nodeId: 'hook', path, live: false, requests: [] }]);
    expect(await runsOf(t, id)).toEqual([]);
  });

  it('a deleted workflow: 404', async () => {
    const { id, path } = await hooked();
    expect((await postJson(t, path, {})).status).toBe(202);
    expect((await t.call('DELETE', `/api/workflows/${id}`)).status).toBe(204);
    expectApiError(await postJson(t, path, {}), 404, 'webhook_not_found');
  });

  it('a saved version that does not compile: 422 compile_failed without its errors, recorded with them', async () => {
    const path = `wh-${++hooks}`;
    const graph = echoGraph({ path });
    graph.edges.push({ id: 'dangling', source: 'echo', sourceHandle: 'output', target: 'nowhere', targetHandle: 'input' });
    const wf = await t.createWorkflow(graph);
    const error = expectApiError(await postJson(t, path, {}), 422, 'compile_failed');
    expect(error.details).toBeUndefined();
    expect(await runsOf(t, wf.id)).toEqual([]);
    const [info] = await webhooksOf(t, wf.id);
    expect(info?.requests).toMatchObject([{ status: 422, runId: null, error: expect.stringContaining('nowhere') }]);
  });
});

describe('GET /api/workflows/:id/webhooks', () => {
  it('lists each webhook with its absolute URL and its requests, newest first', async () => {
    const { id, path } = await hooked({ method: 'PUT' });
    await callHook(t, path, { method: 'PUT', body: 'one', headers: { 'content-type': 'text/plain' } });
    await callHook(t, path, { method: 'DELETE' });
    const [info, ...rest] = await webhooksOf(t, id);
    expect(rest).toEqual([]);
    expect(info).toMatchObject({ nodeId: 'hook', path, method: 'PUT', url: `http://localhost/webhooks/${path}`, live: true });
    expect(info?.requests).toMatchObject([
      { method: 'DELETE', status: 405, runId: null, error: expect.stringContaining('PUT') },
      { method: 'PUT', status: 202, runId: expect.stringMatching(/^run_/), error: null, contentType: 'text/plain', bodyBytes: 3 },
    ]);
  });

  it('builds the URL on PUBLIC_URL when the server has one', async () => {
    const { id, path } = await hooked();
    const app = createApp({ ...t.deps, publicUrl: 'https://hooks.example.com/base/' });
    const res = await app.request(`/api/workflows/${id}/webhooks`, { headers: t.owner });
    const body = (await res.json()) as { webhooks: WebhookInfo[] };
    expect(body.webhooks.map((w) => w.url)).toEqual([`https://hooks.example.com/base/webhooks/${path}`]);
  });

  it('keeps the latest 20 requests of a node', async () => {
    const { id, path } = await hooked({ method: 'PUT' });
    for (let i = 0; i < 23; i++) await callHook(t, path, { method: 'POST' });
    const [info] = await webhooksOf(t, id);
    expect(info?.requests).toHaveLength(20);
    const rows = await t.deps.database.executeSql('select count(*)::int as n from webhook_requests where workflow_id = $1', [id]);
    expect(rows.rows[0]?.n).toBe(20);
  });

  it('answers 404 for an unknown workflow', async () => {
    expectApiError(await t.call('GET', '/api/workflows/wf_nope/webhooks'), 404, 'not_found');
  });
});
