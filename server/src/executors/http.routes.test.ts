import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../http/test-server.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { runHttpNode } from './http-run.test-support.ts';

// trigger → http → output, the HTTP node calling a server this test starts on 127.0.0.1, which the
// server's HTTP_ALLOW_PRIVATE_HOSTS lets it reach (that host and port only).
let t: TestContext;
let server: TestServer;
const TOKEN = 'tok-7Hq2+sV/9xZ=';
const PASSWORD = 'pa55:wörd-Kq81';
beforeAll(async () => {
  server = await startTestServer();
  t = await createTestContext({ httpAllowPrivateHosts: [`127.0.0.1:${server.port}`] });
  expect((await t.call('PUT', '/api/secrets/API_TOKEN', { value: TOKEN })).status).toBeLessThan(300);
  expect((await t.call('PUT', '/api/secrets/API_PASSWORD', { value: PASSWORD })).status).toBeLessThan(300);
});
afterAll(async () => {
  await t?.close();
  await server?.close();
});

const url = (path: string) => `${server.origin}${path}`;
/** The request the test server saw last. */
const last = () => server.seen.at(-1);

describe('HTTP request node', () => {
  it.each(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'])('sends %s', async (method) => {
    const { run, node } = await runHttpNode(t, { method, url: url('/echo') });
    expect(run.status).toBe('succeeded');
    expect(last()?.method).toBe(method);
    expect(node.output).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
    if (method !== 'HEAD') expect((node.output as { body: { method: string } }).body.method).toBe(method);
    else expect((node.output as { body: unknown }).body).toBeNull();
  });

  it('fills URL, query, headers and a JSON body from the input and the run, keeping JSON types', async () => {
    const input = { user: { id: 42, name: 'Ann & Bob' }, tags: ['a', 'b'], flag: true };
    const { node } = await runHttpNode(
      t,
      {
        method: 'POST',
        url: `${server.origin}/echo/users/{{ input.user.id }}`,
        query: { q: '{{ input.user.name }}', fixed: 'yes' },
        headers: { 'X-User': 'user-{{ input.user.id }}', 'X-Run': '{{ run.flag }}' },
        bodyType: 'json',
        jsonBody: {
          id: '{{ input.user.id }}',
          tags: '{{ input.tags }}',
          flag: '{{ input.flag }}',
          label: 'id {{ input.user.id }}',
        },
      },
      input,
    );
    expect(last()).toMatchObject({
      url: '/echo/users/42?q=Ann+%26+Bob&fixed=yes',
      headers: { 'x-user': 'user-42', 'x-run': 'true', 'content-type': 'application/json' },
    });
    expect(JSON.parse(last()?.body ?? '')).toEqual({ id: 42, tags: ['a', 'b'], flag: true, label: 'id 42' });
    expect(node.output).toMatchObject({ status: 200, body: { url: '/echo/users/42?q=Ann+%26+Bob&fixed=yes' } });
  });

  it('sends form and text bodies', async () => {
    await runHttpNode(
      t,
      { method: 'POST', url: url('/echo'), bodyType: 'form', formBody: { a: '{{ input.a }}', b: 'x y' } },
      { a: 1 },
    );
    expect(last()).toMatchObject({ body: 'a=1&b=x+y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await runHttpNode(
      t,
      {
        method: 'PUT',
        url: url('/echo'),
        bodyType: 'text',
        textBody: 'hi {{ input.a }}',
        headers: { 'Content-Type': 'text/csv' },
      },
      { a: 2 },
    );
    expect(last()).toMatchObject({ body: 'hi 2', headers: { 'content-type': 'text/csv' } });
  });

  it('a missing template value fails template_error before any request', async () => {
    const before = server.seen.length;
    const { run, node } = await runHttpNode(t, { url: `${server.origin}/echo/{{ input.missing }}` }, {});
    expect(run.status).toBe('failed');
    expect(node.error).toMatchObject({ code: 'template_error', message: expect.stringContaining('input.missing') });
    expect(server.seen.length).toBe(before);
  });

  it('parses JSON, keeps text as a string, returns binary as { base64 }, decompresses gzip', async () => {
    const body = async (path: string) => ((await runHttpNode(t, { url: url(path) })).node.output as { body: unknown }).body;
    expect(await body('/json')).toEqual({ ok: true, n: 1 });
    expect(await body('/text')).toBe('hello');
    expect(await body('/binary')).toEqual({ base64: Buffer.from([0, 1, 2, 255]).toString('base64') });
    expect(await body('/gzip')).toEqual({ zipped: true });
  });

  it('fails on 4xx/5xx by default (http_error with the status and the start of the body), or outputs it', async () => {
    const failed = await runHttpNode(t, { url: url('/status/404') });
    expect(failed.run.status).toBe('failed');
    expect(failed.node.error?.code).toBe('http_error');
    expect(failed.node.error?.message).toMatch(
      /^GET 127\.0\.0\.1:\d+\/status\/404 answered 404 Not Found: \{"error":"status 404"/,
    );
    expect(failed.node.error?.message.length).toBeLessThan(400);
    const kept = await runHttpNode(t, { url: url('/status/503'), failOnHttpError: false });
    expect(kept.run.status).toBe('succeeded');
    expect(kept.node.output).toMatchObject({ status: 503, body: { error: 'status 503' } });
  });

  it('a failed attempt is retried by the node settings', async () => {
    const before = server.seen.length;
    const { node } = await runHttpNode(t, { url: url('/status/500') }, {}, { retries: 1, retryBackoffMs: 0 });
    expect(node).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'http_error' } });
    expect(server.seen.length - before).toBe(2);
  });

  it('caps the response size and bounds the time', async () => {
    const big = await runHttpNode(t, { url: url('/bytes/200000'), maxResponseBytes: 1000 });
    expect(big.node.error).toMatchObject({ code: 'response_too_large', message: expect.stringContaining('1000 bytes') });
    const slow = await runHttpNode(t, { url: url('/slow'), timeoutMs: 300 });
    expect(slow.node.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('300 ms') });
  });

  it('follows redirects on the allowed host and logs each hop without the query', async () => {
    const { node, events } = await runHttpNode(t, { url: url(`/redirect?to=${encodeURIComponent('/json?secret-ish=1')}`) });
    expect(node.output).toMatchObject({ status: 200, body: { ok: true } });
    const logs = events.flatMap((e) => (e.type === 'node.log' ? [(e.payload as { line: string }).line] : []));
    expect(logs).toEqual([
      expect.stringMatching(/^302: following the redirect to 127\.0\.0\.1:\d+\/json$/),
      expect.stringMatching(/: 200 \(/),
    ]);
  });
});

describe('HTTP request node auth', () => {
  /** Every text of the run a user can read: the run JSON (outputs, errors) and its events. */
  const readable = async (runId: string) =>
    JSON.stringify((await t.call('GET', `/api/runs/${runId}`)).body) + JSON.stringify(await t.readEvents(runId));

  it('sends a bearer token from the secret store; the echoed token is redacted everywhere', async () => {
    const { run, node } = await runHttpNode(t, { url: url('/echo'), authType: 'bearer', authSecret: 'API_TOKEN' });
    expect(last()?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(node.output).toMatchObject({ body: { headers: { authorization: 'Bearer [secret]' } } });
    const text = await readable(run.id);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(Buffer.from(TOKEN).toString('base64'));
  });

  it('sends basic auth (user name and the secret as password); the password never shows', async () => {
    const { run } = await runHttpNode(t, { url: url('/echo'), authType: 'basic', username: 'ann', authSecret: 'API_PASSWORD' });
    const credentials = Buffer.from(`ann:${PASSWORD}`).toString('base64');
    expect(last()?.headers.authorization).toBe(`Basic ${credentials}`);
    const text = await readable(run.id);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(credentials);
    expect(text).not.toContain(credentials.slice(8, 20));
  });

  it('a secret in an error message (a 401 that echoes the URL holding it) is redacted too', async () => {
    const { run, node } = await runHttpNode(
      t,
      { url: `${server.origin}/echo-status/401/{{ input.t }}`, authType: 'bearer', authSecret: 'API_TOKEN' },
      { t: TOKEN },
    );
    expect(last()?.url).toContain(TOKEN);
    expect(node.error?.code).toBe('http_error');
    expect(node.error?.message).toContain('/echo-status/401/[secret]');
    // The run's input holds the token (this test put it there); what the HTTP node wrote does not.
    const events = (await t.readEvents(run.id)).filter((e) => e.nodeId === 'http' || e.type === 'run.finished');
    expect(JSON.stringify([node, run.error, events])).not.toContain(TOKEN);
  });

  it('a missing secret fails secret_missing and sends nothing', async () => {
    const before = server.seen.length;
    const { node } = await runHttpNode(t, { url: url('/echo'), authType: 'bearer', authSecret: 'NOT_THERE' });
    expect(node.error).toMatchObject({ code: 'secret_missing', message: expect.stringContaining('NOT_THERE') });
    expect(server.seen.length).toBe(before);
  });
});
