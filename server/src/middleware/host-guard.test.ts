import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { startHttpServer } from '../http-server.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

/**
 * The Host and Origin checks through a real listening server, as a browser page or a rebinding attack would hit
 * it: raw HTTP requests with the headers a browser sends (fetch cannot forge Host).
 */
let t: TestContext;
let server: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
  const app = createApp(t.deps, {
    hostGuard: { allowedHosts: ['switchyard.example.com', '*.corp.example'], allowedOrigins: ['http://localhost:5173'] },
  });
  server = await startHttpServer(app, { port: 0, hostname: '127.0.0.1' });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

interface Reply {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const own = () => `127.0.0.1:${server.port}`;
const secret = JSON.stringify({ value: 'hunter2-guarded' });
const secretCount = async () => ((await t.call<{ secrets: unknown[] }>('GET', '/api/secrets')).body.secrets ?? []).length;

describe('Host header (DNS rebinding)', () => {
  it('answers loopback names, IP literals and the names it was told', async () => {
    for (const host of [own(), `localhost:${server.port}`, `[::1]:${server.port}`, 'switchyard.example.com', 'ci.corp.example'])
      expect((await send('GET', '/api/health', { host })).status).toBe(200);
  });

  it('refuses any other name with 421 before a route runs, reads and writes alike', async () => {
    const read = await send('GET', '/api/secrets', { host: `attacker.example:${server.port}` });
    expect(read.status).toBe(421);
    expect(read.body.error).toMatchObject({ code: 'host_not_allowed', message: expect.stringContaining('ALLOWED_HOSTS') });
    const before = await secretCount();
    const write = await send(
      'PUT',
      '/api/secrets/REBOUND',
      { host: 'rebind.attacker.example', 'content-type': 'application/json' },
      secret,
    );
    expect(write.status).toBe(421);
    expect(await secretCount()).toBe(before);
    // A look-alike of an allowed name is not that name.
    expect((await send('GET', '/api/health', { host: 'switchyard.example.com.attacker.example' })).status).toBe(421);
    expect((await send('GET', '/api/health', { host: 'corp.example.attacker' })).status).toBe(421);
  });
});

describe('Origin (cross-site pages)', () => {
  it('lets the server’s own pages and listed origins call the API (signed in)', async () => {
    const put = (origin: string) =>
      send('PUT', '/api/secrets/GUARD_OK', { host: own(), origin, 'content-type': 'application/json', ...t.owner }, secret);
    expect((await put(`http://${own()}`)).status).toBe(200);
    // Behind a TLS proxy the page is https while the server sees http: the host and port decide.
    expect((await put(`https://${own()}`)).status).toBe(200);
    expect((await put('http://localhost:5173')).status).toBe(200);
  });

  it('refuses a write from another site, a null origin, and a cross-site request without Origin', async () => {
    const before = await secretCount();
    for (const origin of ['http://attacker.example', 'null', `http://127.0.0.1:${server.port + 1}`]) {
      const res = await send('PUT', '/api/secrets/CSRF', { host: own(), origin, 'content-type': 'application/json' }, secret);
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('origin_not_allowed');
    }
    const form = await send(
      'POST',
      '/api/code/execute',
      { host: own(), 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      '{"language":"javascript","code":"export default () => 1"}',
    );
    expect(form.status).toBe(403);
    expect(await secretCount()).toBe(before);
  });

  it('serves programs that send no Origin at all (curl, SDKs, MCP clients)', async () => {
    expect((await send('GET', '/api/health', { host: own() })).status).toBe(200);
  });
});
