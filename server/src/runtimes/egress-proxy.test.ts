import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EgressLimits, type EgressPolicy, EgressProxy } from './egress-proxy.ts';
import { nonPublicReason } from './ip-ranges.ts';
import { waitUntil } from './test-support.ts';

// The proxy on its own, driven through its Unix socket the way sandboxed clients drive it: what it admits,
// and what one call can hold in the server through it (connections, idle tunnels, slow or huge heads).

let server: Server;
let port = 0;
let hits = 0;
const proxies: EgressProxy[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    res.end(`pong ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});
afterAll(() => server.close());

async function start(policy: EgressPolicy, limits: EgressLimits = {}): Promise<EgressProxy> {
  const proxy = await EgressProxy.start(tmpdir(), policy, limits);
  proxies.push(proxy);
  return proxy;
}

/** Connects to the proxy, sends `text`, and collects everything until the proxy closes (or `ms` pass). */
function exchange(proxy: EgressProxy, text: string, ms = 10_000): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(proxy.socketPath);
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply, closed: false });
    }, ms);
    socket.on('data', (d) => {
      reply += d.toString('latin1');
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply, closed: true });
    });
    socket.on('error', () => {});
    if (text) socket.write(text);
  });
}

/** Opens a socket to the proxy and resolves once it is connected. */
function open(proxy: EgressProxy): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(proxy.socketPath, () => resolve(socket));
    socket.on('error', () => {});
    socket.resume(); // Reads (and drops) what arrives, so the proxy's close is seen.
  });
}

describe('egress proxy: what it admits', () => {
  it('forwards absolute-form plain HTTP to an allowed host in origin form, one request per connection', async () => {
    const proxy = await start({ kind: 'allowlist', hosts: [`127.0.0.1:${port}`] });
    const { reply, closed } = await exchange(
      proxy,
      `GET http://127.0.0.1:${port}/a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nProxy-Connection: keep-alive\r\n\r\n`,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(reply).toContain('pong /a?b=1');
    expect(closed).toBe(true);
  });

  it('refuses absolute-form requests to hosts outside the list, and https:// absolute forms', async () => {
    const proxy = await start({ kind: 'allowlist', hosts: ['example.com'] });
    const before = hits;
    const denied = await exchange(proxy, `GET http://127.0.0.1:${port}/ HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(denied.reply).toMatch(/^HTTP\/1\.1 403 /);
    const https = await exchange(proxy, 'GET https://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n');
    expect(https.reply).toMatch(/^HTTP\/1\.1 405 /);
    expect(hits).toBe(before);
    expect(proxy.denials[0]).toBe(`127.0.0.1:${port}: not in the allow-list`);
  });

  it('never connects to the unspecified address, even when the allow-list names it', async () => {
    const proxy = await start({ kind: 'allowlist', hosts: ['0.0.0.0', '0', 'localhost'] });
    const before = hits;
    for (const target of [`0.0.0.0:${port}`, `0:${port}`]) {
      const { reply } = await exchange(proxy, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
      expect(reply, target).toMatch(/^HTTP\/1\.1 403 /);
    }
    expect(hits).toBe(before);
    expect(proxy.describeDenials()).toContain('unspecified address');
  });

  it('public policy: refuses loopback, private, metadata and IPv6 local addresses after resolving', async () => {
    const proxy = await start({ kind: 'public' });
    for (const target of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      '10.0.0.1:80',
      '169.254.169.254:80',
      '[fd00:ec2::254]:80',
      '[::1]:80',
      '[::ffff:127.0.0.1]:80',
      '100.64.0.1:80',
    ]) {
      const { reply } = await exchange(proxy, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
      expect(reply, target).toMatch(/^HTTP\/1\.1 403 /);
    }
    expect(proxy.denials).toHaveLength(8);
    expect(proxy.denials[0]).toContain('not a public address (loopback)');
  });

  it('classifies addresses: only global unicast is public', () => {
    for (const a of ['224.0.0.1', '255.255.255.255', '198.18.0.1', 'ff02::1', 'fe80::1%eth0', '2001:db8::1', '64:ff9b::a00:1'])
      expect(nonPublicReason(a), a).toBeDefined();
    for (const a of ['1.1.1.1', '2a00:1450:4001::1']) expect(nonPublicReason(a), a).toBeUndefined();
  });
});

describe('egress proxy: bounds on what one call holds in the server', () => {
  it('caps connections open at once and refuses the rest with 503, recording one denial', async () => {
    const proxy = await start({ kind: 'public' }, { maxConnections: 8 });
    const sockets = await Promise.all(Array.from({ length: 40 }, () => open(proxy)));
    const closed = sockets.map((s) => new Promise<boolean>((resolve) => s.on('close', () => resolve(true))));
    expect(await waitUntil(() => sockets.filter((s) => s.destroyed).length >= 32, 10_000)).toBe(true);
    expect(proxy.openConnections).toBeLessThanOrEqual(8);
    expect(proxy.denials).toEqual(['more than 8 connections open at once']);
    for (const s of sockets) s.destroy();
    await Promise.all(closed);
  });

  it('closes an idle tunnel after the idle timeout', async () => {
    const target = `127.0.0.1:${port}`;
    const proxy = await start({ kind: 'public' }, { idleMs: 300, testOnlyPublicEndpoints: [target] });
    const { reply, closed } = await exchange(proxy, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`, 15_000);
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(closed).toBe(true);
    expect(await waitUntil(() => proxy.openConnections === 0, 5_000)).toBe(true);
  });

  it('closes a connection whose request head does not arrive in time, or is too large', async () => {
    const proxy = await start({ kind: 'public' }, { handshakeMs: 300 });
    const slow = await exchange(proxy, 'CONNECT exa', 15_000);
    expect(slow.closed).toBe(true);
    expect(proxy.describeDenials()).toContain('within 300 ms');
    const huge = await exchange(proxy, `GET http://example.com/ HTTP/1.1\r\nX: ${'a'.repeat(20_000)}`);
    expect(huge.reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge.closed).toBe(true);
  });
});
