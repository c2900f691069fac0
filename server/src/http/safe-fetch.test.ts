import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeError } from '../executors/executor.ts';
import type { Resolver } from './address-policy.ts';
import { type SafeFetchOptions, type SafeRequest, safeFetch } from './safe-fetch.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const allowed = () => [`127.0.0.1:${server.port}`];

function request(url: string, extra: Partial<SafeRequest> = {}): SafeRequest {
  return {
    method: 'GET',
    url: new URL(url),
    headers: {},
    followRedirects: true,
    maxResponseBytes: 1 << 20,
    timeoutMs: 5_000,
    ...extra,
  };
}

/** The NodeError a call fails with (or a test failure if it succeeds). */
async function failure(req: SafeRequest, options: SafeFetchOptions): Promise<NodeError> {
  const err = await safeFetch(req, options).then(
    () => new Error('expected the request to fail'),
    (e: unknown) => e,
  );
  if (!(err instanceof NodeError)) throw err;
  return err;
}

/** A resolver that answers every name with `addresses` and counts its calls. */
function fakeDns(...answers: string[][]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)] ?? [];
    return answer.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolve, { calls });
}

describe('safeFetch refuses what is not public, before connecting', () => {
  it('a name that resolves to loopback (evil.test → 127.0.0.1), naming the name and the address', async () => {
    const before = server.connections;
    const err = await failure(request(`http://evil.test:${server.port}/echo`), {
      allowPrivateHosts: [],
      resolve: fakeDns(['127.0.0.1']),
    });
    expect(err.code).toBe('network_denied');
    expect(err.message).toContain('evil.test (resolved to 127.0.0.1): loopback');
    expect(server.connections).toBe(before);
  });

  it('a name with one public and one private address: every address is checked', async () => {
    const err = await failure(request('http://mixed.test/'), {
      allowPrivateHosts: [],
      resolve: fakeDns(['93.184.216.34', '10.1.2.3']),
    });
    expect(err).toMatchObject({ code: 'network_denied', message: expect.stringContaining('10.1.2.3') });
  });

  // Every spelling WHATWG URL normalises (decimal, octal, hex, short IPv4), IPv6 forms that embed IPv4, and
  // the metadata, CGNAT, multicast and broadcast ranges.
  it.each([
    ['http://127.0.0.1:PORT/', '127.0.0.1'],
    ['http://2130706433:PORT/', '127.0.0.1'],
    ['http://0x7f.1:PORT/', '127.0.0.1'],
    ['http://017700000001:PORT/', '127.0.0.1'],
    ['http://127.1:PORT/', '127.0.0.1'],
    ['http://[::1]:PORT/', '::1'],
    ['http://[::ffff:127.0.0.1]:PORT/', '::ffff:7f00:1'],
    ['http://[::127.0.0.1]:PORT/', 'IPv4-compatible form of 127.0.0.1'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'NAT64 form of 169.254.169.254'],
    ['http://[2002:a00:1::]/', '6to4 form of 10.0.0.1'],
    ['http://0.0.0.0:PORT/', 'unspecified'],
    ['http://0:PORT/', 'unspecified'],
    ['http://[::]:PORT/', 'unspecified'],
    ['http://10.0.0.1/', '10.0.0.1'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://100.64.0.1/', 'CGNAT'],
    ['http://100.100.100.200/', 'CGNAT'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://[fd00:ec2::254]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
  ])('%s is network_denied (%s)', async (url, named) => {
    const before = server.connections;
    const err = await failure(request(url.replace('PORT', String(server.port))), { allowPrivateHosts: [] });
    expect(err.code).toBe('network_denied');
    expect(err.message).toContain(named);
    expect(server.connections).toBe(before);
  });

  it('the allow-list opens one host (and port) only; the unspecified address never', async () => {
    const other = await startTestServer();
    try {
      const ok = await safeFetch(request(`${server.origin}/text`), { allowPrivateHosts: allowed() });
      expect(ok.status).toBe(200);
      // The same host on another port, and the same port under another name, are not listed.
      for (const url of [`${other.origin}/text`, `http://127.0.0.2:${server.port}/text`]) {
        expect((await failure(request(url), { allowPrivateHosts: allowed() })).code).toBe('network_denied');
      }
      expect(other.connections).toBe(0);
      const zero = await failure(request(`http://0.0.0.0:${server.port}/`), { allowPrivateHosts: [`0.0.0.0:${server.port}`] });
      expect(zero.code).toBe('network_denied');
      // A host without a port allows every port; bracketed IPv6 entries work.
      expect((await safeFetch(request(`${other.origin}/text`), { allowPrivateHosts: ['127.0.0.1'] })).status).toBe(200);
      expect((await safeFetch(request(`http://[::1]:${server.port}/text`), { allowPrivateHosts: ['[::1]'] })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('connects to the address it checked: DNS is asked once, a later answer is never used', async () => {
    // rebind.test is allow-listed; its first answer is this server, later answers an address nothing listens on.
    const dns = fakeDns(['127.0.0.1'], ['10.255.255.1']);
    const res = await safeFetch(request(`http://rebind.test:${server.port}/echo`), {
      allowPrivateHosts: ['rebind.test'],
      resolve: dns,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toMatchObject({ headers: { host: `rebind.test:${server.port}` } });
    expect(dns.calls).toEqual(['rebind.test']);
  });

  it('a name that does not resolve is a network_error', async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' });
    };
    const err = await failure(request('http://nowhere.test/'), { allowPrivateHosts: [], resolve: failing });
    expect(err).toMatchObject({ code: 'network_error', message: expect.stringContaining('could not resolve nowhere.test') });
  });
});

describe('safeFetch redirects', () => {
  const to = (target: string, status = 302) => `${server.origin}/redirect?to=${encodeURIComponent(target)}&status=${status}`;

  it.each([
    ['127.0.0.2 on the same port', () => `http://127.0.0.2:${server.port}/echo`],
    ['10.0.0.1', () => 'http://10.0.0.1/'],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('a redirect from an allowed host to %s is refused, and never requested', async (_, target) => {
    const before = server.seen.length;
    const err = await failure(request(to(target())), { allowPrivateHosts: allowed() });
    expect(err.code).toBe('network_denied');
    expect(err.message).toContain(new URL(target()).hostname);
    expect(server.seen.slice(before).map((r) => r.url)).toEqual([new URL(to(target())).pathname + new URL(to(target())).search]);
  });

  it('keeps authorization on the same origin and drops it across origins', async () => {
    const options = { allowPrivateHosts: [...allowed(), `localhost:${server.port}`] };
    const headers = { authorization: 'Bearer abc', cookie: 'a=b', 'x-kept': '1' };
    const same = await safeFetch(request(to('/echo'), { headers }), options);
    expect(JSON.parse(same.body.toString()).headers).toMatchObject({ authorization: 'Bearer abc', 'x-kept': '1' });
    const cross = await safeFetch(request(to(`http://localhost:${server.port}/echo`), { headers }), options);
    const seen = JSON.parse(cross.body.toString()).headers;
    expect(seen).toMatchObject({ 'x-kept': '1' });
    expect(seen).not.toHaveProperty('authorization');
    expect(seen).not.toHaveProperty('cookie');
    expect(cross.url.host).toBe(`localhost:${server.port}`);
  });

  it('303 after a POST becomes a GET without body; 307 keeps the method and body', async () => {
    const post = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: Buffer.from('payload') };
    const see = JSON.parse((await safeFetch(request(to('/echo', 303), post), { allowPrivateHosts: allowed() })).body.toString());
    expect(see).toMatchObject({ method: 'GET', body: '' });
    expect(see.headers).not.toHaveProperty('content-type');
    const keep = JSON.parse((await safeFetch(request(to('/echo', 307), post), { allowPrivateHosts: allowed() })).body.toString());
    expect(keep).toMatchObject({ method: 'POST', body: 'payload' });
  });

  it('at most 5 redirects; not followed when off; only http(s)', async () => {
    const before = server.seen.length;
    const loop = await failure(request(`${server.origin}/loop/0`), { allowPrivateHosts: allowed() });
    expect(loop.code).toBe('too_many_redirects');
    expect(server.seen.length - before).toBe(6);
    const off = await safeFetch(request(to('/echo'), { followRedirects: false }), { allowPrivateHosts: allowed() });
    expect(off).toMatchObject({ status: 302, headers: { location: '/echo' } });
    const ftp = await failure(request(to('ftp://example.com/file')), { allowPrivateHosts: allowed() });
    expect(ftp.code).toBe('invalid_redirect');
  });
});

describe('safeFetch limits', () => {
  const options = () => ({ allowPrivateHosts: allowed() });

  it('stops a body past maxResponseBytes: streamed, declared, or decompressed from a small gzip', async () => {
    for (const path of ['/bytes/3000000', '/declared/2000', '/bomb/50000000']) {
      const err = await failure(request(`${server.origin}${path}`, { maxResponseBytes: 1000 }), options());
      expect(err.code, path).toBe('response_too_large');
    }
    const exact = await safeFetch(request(`${server.origin}/bytes/1000`, { maxResponseBytes: 1000 }), options());
    expect(exact.body.length).toBe(1000);
  });

  it('decompresses gzip', async () => {
    const res = await safeFetch(request(`${server.origin}/gzip`), options());
    expect(JSON.parse(res.body.toString())).toEqual({ zipped: true });
  });

  it('the timeout bounds the body too; the caller signal stops it', async () => {
    const slow = await failure(request(`${server.origin}/slow`, { timeoutMs: 300 }), options());
    expect(slow.code).toBe('timeout');
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const aborted = await failure(request(`${server.origin}/slow`, { signal: stop.signal }), options());
    expect(aborted.code).toBe('aborted');
  });

  it('a refused connection is a network_error', async () => {
    const gone = await startTestServer();
    await gone.close();
    const err = await failure(request(`${gone.origin}/`), { allowPrivateHosts: [`127.0.0.1:${gone.port}`] });
    expect(err).toMatchObject({ code: 'network_error', message: expect.stringContaining('ECONNREFUSED') });
  });
});
