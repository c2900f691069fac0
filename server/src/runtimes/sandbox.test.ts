import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeProcessRuntime, type NodeProcessRuntime } from './node-process.runtime.ts';
import { probeSandbox, sandboxArgs } from './sandbox.ts';
import { runOn, waitUntil } from './test-support.ts';

// A host secret that must never reach user code.
process.env.SWITCHYARD_SANDBOX_CANARY = 'canary-7f3a';

const probe = probeSandbox();
if (!probe.ok) console.warn(`sandbox tests skipped: ${probe.reason}`);
const APP_FILE = fileURLToPath(import.meta.url);

/** Host processes whose command line contains `marker` (the sandbox must leave none behind). */
function hostProcessesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(Number(entry));
    } catch {}
  }
  return found;
}

describe('sandboxArgs', () => {
  it('mounts the empty /tmp before anything bound under it (a checkout or temp dir in /tmp stays visible)', () => {
    const args = sandboxArgs({
      nodePath: process.execPath,
      readOnlyFiles: ['/tmp/checkout/server/src/runtimes/node-runner.mjs'],
      workDir: '/tmp/switchyard-run-abc',
      env: { PATH: '/usr/bin' },
      network: false,
    });
    const tmpfs = args.indexOf('--tmpfs');
    expect(args[tmpfs + 1]).toBe('/tmp');
    expect(args.indexOf('/tmp/checkout/server/src/runtimes/node-runner.mjs')).toBeGreaterThan(tmpfs);
    expect(args.indexOf('/tmp/switchyard-run-abc')).toBeGreaterThan(tmpfs);
    expect(args).not.toContain('--share-net');
  });
});

describe.skipIf(!probe.ok)('node runtime inside the OS sandbox (bubblewrap)', () => {
  let strict: NodeProcessRuntime;
  /** The permission model off, so each check below is the sandbox's doing alone. */
  let osOnly: NodeProcessRuntime;
  let listener: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    strict = createNodeProcessRuntime({ sandbox: 'required', warmPoolSize: 1 });
    osOnly = createNodeProcessRuntime({ sandbox: 'required', warmPoolSize: 1, fsPermissions: false });
    listener = createServer((socket) => {
      connections += 1;
      socket.end('hello from the host\n');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
    await Promise.all([strict.whenWarm(), osOnly.whenWarm()]);
  });
  afterAll(async () => {
    await Promise.all([strict?.close(), osOnly?.close()]);
    listener?.close();
  });

  it('reports sandbox isolation and still runs ordinary code, TypeScript included', async () => {
    expect(strict.availability()).toMatchObject({ available: true, isolation: 'sandbox', backend: 'node-process+bwrap' });
    const r = await runOn(strict, 'export default (i: { n: number }, ctx) => { ctx.log("n is", i.n); return i.n * 2 }', {
      language: 'typescript',
      inputs: { n: 21 },
    });
    expect(r).toMatchObject({ status: 'succeeded', output: 42, backend: 'node-process+bwrap' });
    expect(r.logs.map((l) => l.line)).toEqual(['n is 21']);
  });

  it('has no network by default: a server on the host loopback, Postgres and the outside are unreachable', async () => {
    const connect = (host: string, p: number) => `new Promise((resolve) => {
      const s = net.connect(${p}, '${host}');
      s.on('connect', () => { s.destroy(); resolve('connected'); });
      s.on('error', (e) => resolve(e.code));
    })`;
    const code = `import net from 'node:net';
      export default async () => [await ${connect('127.0.0.1', port)}, await ${connect('127.0.0.1', 5432)}, await ${connect('1.1.1.1', 443)}];`;
    for (const rt of [strict, osOnly]) {
      const r = await runOn(rt, code);
      expect(r.status).toBe('succeeded');
      const [host, postgres, outside] = r.output as string[];
      expect(host).toBe('ECONNREFUSED');
      expect(postgres).toBe('ECONNREFUSED');
      expect(outside).toMatch(/ENETUNREACH|EHOSTUNREACH|EAI_AGAIN/);
    }
    expect(connections).toBe(0);
  });

  it('never shares the host network, not even with network: on (that goes through the egress proxy)', async () => {
    const code = `import net from 'node:net';
      export default () => new Promise((resolve) => {
        const s = net.connect(${port}, '127.0.0.1');
        s.on('data', (d) => { s.destroy(); resolve(String(d).trim()); });
        s.on('error', (e) => resolve(e.code));
      });`;
    const before = connections;
    expect((await runOn(strict, code, { network: 'on' })).output).toBe('ECONNREFUSED');
    expect((await runOn(strict, code, { network: 'off' })).output).toBe('ECONNREFUSED');
    expect(connections).toBe(before);
  });

  it("sees none of the host's files: no /etc, no app files, a read-only /usr", async () => {
    const r = await runOn(
      osOnly,
      `import fs from 'node:fs';
      const tryRead = (p) => { try { fs.readFileSync(p); return 'read'; } catch (e) { return e.code; } };
      const tryWrite = (p) => { try { fs.writeFileSync(p, 'x'); return 'written'; } catch (e) { return e.code; } };
      export default () => ({
        passwd: tryRead('/etc/passwd'),
        app: tryRead(${JSON.stringify(APP_FILE)}),
        usr: tryWrite('/usr/pwned'),
        own: tryWrite('./scratch.txt'),
      });`,
    );
    expect(r.output).toEqual({ passwd: 'ENOENT', app: 'ENOENT', usr: 'EROFS', own: 'written' });
  });

  it('runs as an unprivileged user in its own pid namespace, and no environ it can read holds host secrets', async () => {
    const r = await runOn(
      osOnly,
      `import fs from 'node:fs';
      export default () => {
        const pids = fs.readdirSync('/proc').filter((e) => /^\\d+$/.test(e));
        const environs = pids.map((p) => { try { return fs.readFileSync('/proc/' + p + '/environ', 'utf8'); } catch { return ''; } });
        return { uid: process.getuid(), pids: pids.length, leaked: environs.some((e) => e.includes('canary')) || JSON.stringify(process.env).includes('canary') };
      };`,
    );
    expect(r.output).toMatchObject({ uid: 65534, leaked: false });
    expect((r.output as { pids: number }).pids).toBeLessThanOrEqual(3);
  });

  it('takes every descendant along at the deadline, even one that left the process group', async () => {
    const marker = `sleep 86$Math.floor(Math.random() * 1e4)`;
    const r = await runOn(
      osOnly,
      `import { spawn } from 'node:child_process';
      export default async () => {
        spawn('setsid', ['sh', '-c', '${marker}'], { detached: true, stdio: 'ignore' }).unref();
        await new Promise(() => {});
      };`,
      { timeoutMs: 1_000 },
    );
    expect(r.status).toBe('timeout');
    expect(await waitUntil(() => hostProcessesWith(marker).length === 0, 3_000)).toBe(true);
  });

  it('holds the memory limit outside the heap too (ArrayBuffer bomb)', async () => {
    const r = await runOn(
      strict,
      'export default () => { const keep = []; while (true) keep.push(new ArrayBuffer(32 * 1024 * 1024)); }',
      {
        memoryMb: 128,
        timeoutMs: 15_000,
      },
    );
    expect(r).toMatchObject({ status: 'out_of_memory' });
    expect((await runOn(strict, 'export default () => "still serving"')).output).toBe('still serving');
  });

  it('gives each execution a fresh /tmp: nothing one leaves is visible to the next', async () => {
    const write = await runOn(
      osOnly,
      `import fs from 'node:fs'; export default () => { fs.writeFileSync('/tmp/left-behind', 'x'); return fs.existsSync('/tmp/left-behind'); }`,
    );
    expect(write.output).toBe(true);
    const read = await runOn(osOnly, `import fs from 'node:fs'; export default () => fs.existsSync('/tmp/left-behind')`);
    expect(read.output).toBe(false);
  });

  it('runs JavaScript under the seccomp filter, without user namespaces, with a bounded file table', async () => {
    const r = await runOn(
      osOnly,
      `import fs from 'node:fs';
      import { spawnSync } from 'node:child_process';
      export default () => {
        const seccomp = /^Seccomp:\\s+(\\d)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
        const fds = [];
        let error = null;
        try { for (let i = 0; i < 5000; i++) fds.push(fs.openSync('/dev/null', 'r')); } catch (e) { error = e.code; }
        for (const fd of fds) fs.closeSync(fd);
        return { seccomp, opened: fds.length, error, unshare: spawnSync('unshare', ['-U', 'true']).status };
      };`,
    );
    expect(r.status, r.error?.message).toBe('succeeded');
    const out = r.output as { seccomp: string; opened: number; error: string; unshare: number };
    if (probe.ok && probe.sandbox.seccomp) expect(out.seccomp).toBe('2');
    expect(out.error).toBe('EMFILE');
    expect(out.opened).toBeLessThan(1024);
    expect(out.unshare).not.toBe(0);
    expect((await runOn(strict, 'export default () => "still serving"')).output).toBe('still serving');
  });
});
