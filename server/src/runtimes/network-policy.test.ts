import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeProcessRuntime, type NodeProcessRuntime } from './node-process.runtime.ts';
import type { LogLine } from './runtime.ts';
import { probeSandbox } from './sandbox.ts';
import { request, runOn } from './test-support.ts';

// `network: on` and `allowlist` on the node runtime, for every language it runs: the sandbox's network
// namespace stays empty and the egress proxy is the only way out, so "on" means public addresses only. This
// machine has no internet: one loopback test server is declared public through the runtime's test-only option,
// a second one on loopback stays what it is (the host's own network, like Postgres on 5432 and the metadata
// address), and must never be reached.
const probe = probeSandbox();
if (!probe.ok) console.warn(`network policy tests skipped: ${probe.reason}`);
const hasCurl = existsSync('/usr/bin/curl');

let runtime: NodeProcessRuntime;
let publicServer: Server;
let hostServer: Server;
let publicUrl = '';
let hostUrl = '';
let hostHits = 0;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  publicServer = createServer((_req, res) => res.end('public'));
  hostServer = createServer((_req, res) => {
    hostHits += 1;
    res.end('host secret');
  });
  publicUrl = await listen(publicServer);
  hostUrl = await listen(hostServer);
  runtime = createNodeProcessRuntime({
    warmPoolSize: 0,
    egress: { testOnlyPublicEndpoints: [new URL(publicUrl).host] },
  });
});
afterAll(async () => {
  await runtime.close();
  publicServer.close();
  hostServer.close();
});

const METADATA = 'http://169.254.169.254/latest/meta-data/';
const POSTGRES = 'http://127.0.0.1:5432/';

describe.skipIf(!probe.ok)('network on: the internet, never the host', () => {
  it('JavaScript: fetch and node:http reach a public host, not loopback, Postgres, metadata or raw sockets', async () => {
    const code = `import http from 'node:http'; import net from 'node:net';
      const viaFetch = async (url) => { try { return await (await fetch(url)).text() } catch (e) { return 'refused' } };
      const viaHttp = (url) => new Promise((resolve) => {
        http.get(url, (res) => { let body = ''; res.on('data', (d) => { body += d }); res.on('end', () => resolve(body)) })
          .on('error', () => resolve('refused'));
      });
      const raw = () => new Promise((resolve) => {
        const s = net.connect(5432, '127.0.0.1', () => { s.destroy(); resolve('connected') });
        s.on('error', (e) => resolve(e.code));
      });
      export default async () => [
        await viaFetch(${JSON.stringify(publicUrl)}), await viaHttp(${JSON.stringify(publicUrl)}),
        await viaFetch(${JSON.stringify(hostUrl)}), await viaHttp(${JSON.stringify(hostUrl)}),
        await viaFetch(${JSON.stringify(POSTGRES)}), await viaHttp(${JSON.stringify(METADATA)}),
        await viaFetch('http://[fd00:ec2::254]/'), await raw(),
      ];`;
    const before = hostHits;
    const run = await runOn(runtime, code, { network: 'on', timeoutMs: 20_000 });
    expect(run.status).toBe('succeeded');
    const [fetchPublic, httpPublic, ...denied] = run.output as string[];
    expect([fetchPublic, httpPublic]).toEqual(['public', 'public']);
    expect(denied.slice(0, 5)).toEqual(Array(5).fill('refused'));
    expect(denied[5]).not.toBe('connected');
    expect(hostHits).toBe(before);
  });

  it('JavaScript: an uncaught refusal ends network_denied, naming the address and why', async () => {
    const run = await runOn(runtime, `export default async () => (await fetch(${JSON.stringify(hostUrl)})).text()`, {
      network: 'on',
      timeoutMs: 20_000,
    });
    expect(run.status).toBe('network_denied');
    expect(run.error?.message).toContain('not a public address (loopback)');
    expect(run.error?.message).toContain('public internet addresses only');
  });

  it('Python: urllib goes through the proxy (HTTP_PROXY) to a public host; loopback, Postgres and metadata stay shut', async () => {
    const code = `import socket, urllib.request
def get(url):
    try:
        return urllib.request.urlopen(url, timeout=10).read().decode()
    except Exception:
        return 'refused'
def raw():
    try:
        socket.create_connection(('127.0.0.1', 5432), timeout=2)
        return 'connected'
    except OSError as e:
        return type(e).__name__
def main(inputs, ctx):
    return [get(${JSON.stringify(publicUrl)}), get(${JSON.stringify(hostUrl)}), get(${JSON.stringify(POSTGRES)}), get(${JSON.stringify(METADATA)}), raw()]`;
    const before = hostHits;
    const run = await runOn(runtime, code, { language: 'python', network: 'on', timeoutMs: 30_000 });
    expect(run.status).toBe('succeeded');
    const [pub, ...denied] = run.output as string[];
    expect(pub).toBe('public');
    expect(denied.slice(0, 3)).toEqual(['refused', 'refused', 'refused']);
    expect(denied[3]).not.toBe('connected');
    expect(hostHits).toBe(before);
  });

  it.skipIf(!hasCurl)('Bash: curl (plain and CONNECT) reaches a public host, not loopback, Postgres or metadata', async () => {
    const code = `get() { curl -sf -m 10 "$@" || echo refused; }
echo "$(get ${publicUrl})|$(get -p ${publicUrl})|$(get ${hostUrl})|$(get ${POSTGRES})|$(get ${METADATA})"`;
    const before = hostHits;
    const run = await runOn(runtime, code, { language: 'bash', network: 'on', timeoutMs: 30_000 });
    expect(run.status).toBe('succeeded');
    expect(String(run.output).split('|')).toEqual(['public', 'public', 'refused', 'refused', 'refused']);
    expect(hostHits).toBe(before);
  });

  it.skipIf(!hasCurl)('Bash: a refused request ends network_denied naming it; raw TCP is told it has no route', async () => {
    const denied = await runOn(runtime, `curl -sf -m 10 ${METADATA}`, { language: 'bash', network: 'on', timeoutMs: 30_000 });
    expect(denied.status).toBe('network_denied');
    expect(denied.error?.message).toContain('169.254.169.254:80: resolves to 169.254.169.254, not a public address');
    // What psql to a public database does: a raw TCP connection, which only e2b can offer.
    const raw = await runOn(runtime, 'exec 3<>/dev/tcp/93.184.216.34/5432', { language: 'bash', network: 'on' });
    expect(raw.status).toBe('network_denied');
    expect(raw.error?.message).toContain('raw TCP/UDP and DNS');
  });
});

describe.skipIf(!probe.ok)('network allowlist for Python and Bash', () => {
  it('Python reaches an allowed host through the proxy and is refused others', async () => {
    const code = `import urllib.request
def main(inputs, ctx):
    ok = urllib.request.urlopen(${JSON.stringify(hostUrl)}, timeout=10).read().decode()
    try:
        urllib.request.urlopen(${JSON.stringify(publicUrl)}, timeout=10)
        return [ok, 'reached']
    except Exception:
        return [ok, 'refused']`;
    const before = hostHits;
    const run = await runOn(runtime, code, {
      language: 'python',
      network: 'allowlist',
      allowedHosts: [new URL(hostUrl).host],
      timeoutMs: 30_000,
    });
    expect(run).toMatchObject({ status: 'succeeded', output: ['host secret', 'refused'] });
    expect(hostHits).toBe(before + 1);
  });

  it.skipIf(!hasCurl)('Bash: curl reaches an allowed host; a refused one ends network_denied naming it', async () => {
    const allowedHosts = [new URL(publicUrl).host];
    const ok = await runOn(runtime, `curl -sf -m 10 ${publicUrl}`, { language: 'bash', network: 'allowlist', allowedHosts });
    expect(ok).toMatchObject({ status: 'succeeded', output: 'public' });
    const denied = await runOn(runtime, `curl -sf -m 10 ${hostUrl}`, { language: 'bash', network: 'allowlist', allowedHosts });
    expect(denied.status).toBe('network_denied');
    expect(denied.error?.message).toContain(`${new URL(hostUrl).host}: not in the allow-list`);
  });
});

describe.skipIf(!probe.ok)('a connection flood from one call', () => {
  it('is capped at the proxy, and the server keeps accepting connections while it runs', async () => {
    const code = `import net from 'node:net';
      export default async (inputs, ctx) => {
        const sockets = [];
        let refused = 0;
        for (let i = 0; i < 5000; i++) {
          const s = net.connect('/run/switchyard/egress.sock');
          s.on('error', () => {});
          s.on('data', (d) => { if (String(d).includes(' 503 ')) refused += 1 });
          sockets.push(s);
        }
        await new Promise((r) => setTimeout(r, 2000));
        ctx.log('flooding');
        await new Promise((r) => setTimeout(r, 3000));
        return { open: sockets.filter((s) => !s.destroyed).length, refused };
      };`;
    const fds = () => readdirSync('/proc/self/fd').length;
    const baseline = fds();
    let peak = 0;
    let reached = false;
    const onLog = (line: LogLine) => {
      if (line.line !== 'flooding') return;
      peak = fds();
      const probeSocket = connect((publicServer.address() as AddressInfo).port, '127.0.0.1', () => {
        reached = true;
        probeSocket.destroy();
      });
      probeSocket.on('error', () => {});
    };
    const result = await runtime.execute(
      request(code, { network: 'on', timeoutMs: 30_000, onLog }),
      new AbortController().signal,
    );
    expect(result.status).toBe('succeeded');
    const { open, refused } = result.output as { open: number; refused: number };
    expect(open).toBeLessThanOrEqual(64);
    expect(refused).toBeGreaterThan(0);
    expect(peak).toBeGreaterThan(0);
    expect(peak - baseline).toBeLessThan(200); // 64 clients + their upstreams at most, plus the call's own pipes.
    expect(reached).toBe(true);
  });
});
