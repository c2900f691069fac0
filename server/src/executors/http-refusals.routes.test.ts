import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../http/test-server.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { runHttpNode } from './http-run.test-support.ts';

// trigger → http → output on a server with an empty HTTP_ALLOW_PRIVATE_HOSTS (`open`), and on one that allows
// only the test server's 127.0.0.1:<port> (`allowing`). The test server listens on every loopback address, so
// a refused request that connected anyway would show in its connection count.
let open: TestContext;
let allowing: TestContext;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  [open, allowing] = await Promise.all([
    createTestContext(),
    createTestContext({ httpAllowPrivateHosts: [`127.0.0.1:${server.port}`] }),
  ]);
});
afterAll(async () => {
  await Promise.all([open?.close(), allowing?.close()]);
  await server?.close();
});

describe('HTTP request node refusals', () => {
  it.each([
    ['http://127.0.0.1:PORT/echo', 'refused to connect to 127.0.0.1: loopback'],
    ['http://localhost:PORT/echo', 'refused to connect to localhost (resolved to 127.0.0.1): loopback'],
    ['http://[::1]:PORT/echo', 'refused to connect to ::1: loopback'],
    ['http://2130706433:PORT/echo', 'refused to connect to 127.0.0.1: loopback'],
    ['http://10.0.0.1/', 'refused to connect to 10.0.0.1: private'],
    ['http://169.254.169.254/latest/meta-data/', 'refused to connect to 169.254.169.254: link-local (cloud metadata)'],
  ])('%s is network_denied without connecting', async (url, message) => {
    const before = server.connections;
    const { run, node } = await runHttpNode(open, { url: url.replace('PORT', String(server.port)) });
    expect(run.status).toBe('failed');
    expect(node.error).toMatchObject({ code: 'network_denied', message: expect.stringContaining(message) });
    expect(node.error?.message).toContain('HTTP_ALLOW_PRIVATE_HOSTS');
    expect(server.connections).toBe(before);
  });

  it('the allow-list opens the listed host and port, not the same address under another port or name', async () => {
    expect((await runHttpNode(allowing, { url: `${server.origin}/json` })).node.status).toBe('succeeded');
    const other = await runHttpNode(allowing, { url: `http://localhost:${server.port}/json` });
    expect(other.node.error).toMatchObject({ code: 'network_denied', message: expect.stringContaining('localhost') });
  });

  it.each([
    ['127.0.0.2 on the same port', () => `http://127.0.0.2:${server.port}/echo`, '127.0.0.2'],
    ['10.0.0.1', () => 'http://10.0.0.1/', '10.0.0.1'],
  ])('a redirect from the allowed host to %s is refused before it is requested', async (_, target, named) => {
    const before = server.seen.length;
    const { node } = await runHttpNode(allowing, {
      url: `${server.origin}/redirect?to=${encodeURIComponent(target())}`,
    });
    expect(node.error).toMatchObject({ code: 'network_denied', message: expect.stringContaining(named) });
    // Only the redirecting request reached the server, none to the refused target.
    expect(server.seen.slice(before).map((r) => r.url.split('?')[0])).toEqual(['/redirect']);
  });
});

describe('HTTP request node config', () => {
  it('an empty URL, bad template syntax and an inline credential are compile errors', async () => {
    const res = await open.call<{ ok: boolean; errors: { code: string; nodeId?: string; message: string }[] }>(
      'POST',
      '/api/graphs/validate',
      {
        graph: {
          nodes: [
            { id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, config: {} },
            { id: 'empty', type: 'http', position: { x: 0, y: 0 }, config: { url: '' } },
            {
              id: 'syntax',
              type: 'http',
              position: { x: 0, y: 0 },
              config: { url: 'https://x.test/{{ input.a', jsonBody: { a: ['{{ input.b'] } },
            },
            { id: 'inline', type: 'http', position: { x: 0, y: 0 }, config: { url: 'https://user:pw@x.test/' } },
            { id: 'noSecret', type: 'http', position: { x: 0, y: 0 }, config: { url: 'https://x.test/', authType: 'bearer' } },
          ],
          edges: ['empty', 'syntax', 'inline', 'noSecret'].map((id) => ({
            id,
            source: 'trigger',
            sourceHandle: 'output',
            target: id,
            targetHandle: 'input',
          })),
        },
      },
    );
    expect(res.body.ok).toBe(false);
    const problems = (nodeId: string) => res.body.errors.filter((e) => e.nodeId === nodeId).map((e) => [e.code, e.message]);
    expect(problems('empty')).toEqual([['invalid_config', expect.stringContaining('url: enter the URL to call')]]);
    expect(problems('syntax')).toEqual([
      ['invalid_config', expect.stringContaining('url: template: unclosed {{')],
      ['invalid_config', expect.stringContaining('jsonBody.a.0: template: unclosed')],
    ]);
    expect(problems('inline')).toEqual([['invalid_config', expect.stringContaining('credentials')]]);
    expect(problems('noSecret')).toEqual([['invalid_config', expect.stringContaining('authSecret: bearer auth needs')]]);
  });
});
