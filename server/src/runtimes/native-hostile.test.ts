import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeProcessRuntime, type NodeProcessRuntime } from './node-process.runtime.ts';
import { probeSandbox } from './sandbox.ts';
import { hostLagDuring, runOn, waitUntil } from './test-support.ts';

/**
 * Hostile Python and Bash on the node runtime: they run only inside bubblewrap, as real interpreters with
 * the whole OS interface, so every attack here is a real attempt. Each must be denied or contained, and the
 * host must keep serving. (JavaScript's attacks are in hostile.test.ts and sandbox.test.ts.)
 */
process.env.SWITCHYARD_NATIVE_CANARY = 'canary-native-91b2';
const probe = probeSandbox();
if (!probe.ok) console.warn(`native hostile tests skipped: ${probe.reason}`);
const APP_FILE = fileURLToPath(import.meta.url);

/** A file on the host only the server can read: its random text must never come back. */
const CANARY = `host-canary-${randomBytes(8).toString('hex')}`;
const canaryDir = mkdtempSync(path.join(tmpdir(), 'native-canary-'));
const CANARY_FILE = path.join(canaryDir, 'secret.txt');
writeFileSync(CANARY_FILE, CANARY);

let rt: NodeProcessRuntime;
let server: Server;
let port = 0;
let connections = 0;
beforeAll(async () => {
  rt = createNodeProcessRuntime({ warmPoolSize: 0 });
  server = createServer((s) => {
    connections += 1;
    s.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await rt?.close();
  server?.close();
  rmSync(canaryDir, { recursive: true, force: true });
});

const py = (code: string, extra = {}) => runOn(rt, code, { language: 'python', ...extra });
const sh = (code: string, extra = {}) => runOn(rt, code, { language: 'bash', ...extra });
const stillServing = async () => expect((await sh('echo ok')).output).toBe('ok');

describe.skipIf(!probe.ok)('hostile Python and Bash on the node runtime', () => {
  it('cannot read the host: /etc/passwd, the app’s files, the server’s environ', async () => {
    const files = await sh(
      `for f in /etc/passwd /etc/shadow ${APP_FILE} /proc/1/environ /proc/self/environ; do if cat "$f" 2>/dev/null | grep -q -e root: -e canary-native -e hostile; then echo "read:$f"; fi; done; echo done`,
    );
    expect(files).toMatchObject({ status: 'succeeded', output: 'done' });
    expect(files.logs.map((l) => l.line)).toEqual(['done']);
    const walk = await py(
      'import os\ndef main(i, c):\n    seen = []\n    for pid in os.listdir("/proc"):\n        if pid.isdigit():\n            try:\n                seen.append(open(f"/proc/{pid}/environ", "rb").read().decode(errors="ignore"))\n            except OSError:\n                pass\n    return [e for e in seen if "canary-native" in e]',
    );
    expect(walk).toMatchObject({ status: 'succeeded', output: [] });
  });

  it('cannot escape its temp dir through .. or symlinks', async () => {
    const run = await sh(
      `ln -s / root 2>/dev/null; ln -s ${APP_FILE} app 2>/dev/null; for p in ../../../../etc/passwd root/etc/passwd app root${APP_FILE}; do [ -r "$p" ] && grep -q -e root: -e hostile "$p" && echo "escaped:$p"; done; echo done`,
    );
    expect(run.logs.map((l) => l.line)).toEqual(['done']);
  });

  it('cannot reach the host’s loopback: a server on 127.0.0.1, the API port, Postgres', async () => {
    const before = connections;
    const run = await py(
      `import socket\ndef main(i, c):\n    out = {}\n    for p in (${port}, 3000, 5432):\n        try:\n            socket.create_connection(("127.0.0.1", p), timeout=1).close()\n            out[p] = "open"\n        except OSError as e:\n            out[p] = type(e).__name__\n    return out`,
    );
    expect(run.status).toBe('succeeded');
    expect(Object.values(run.output as Record<string, string>)).not.toContain('open');
    expect(connections).toBe(before);
  });

  it('Python’s object graph (__subclasses__ walks, ctypes) finds nothing of the host to use', async () => {
    const run = await py(
      'def main(i, c):\n    found = []\n    for cls in object.__subclasses__():\n        g = getattr(getattr(cls, "__init__", None), "__globals__", {})\n        if "os" in g:\n            found.append(g["os"].environ.get("SWITCHYARD_NATIVE_CANARY"))\n    import ctypes\n    libc = ctypes.CDLL(None)\n    return {"canaries": [f for f in found if f], "uid": libc.getuid()}',
    );
    expect(run).toMatchObject({ status: 'succeeded', output: { canaries: [], uid: 65534 } });
  });

  it('stdout floods and huge return values are cut, and the host stays up', async () => {
    const flood = await sh('yes "flooding the host log" | head -c 50000000; echo end', {
      maxLogBytes: 10_000,
      timeoutMs: 10_000,
    });
    expect(flood.logsTruncated).toBe(true);
    expect(flood.logs.length).toBeLessThan(600);
    const huge = await py('def main(i, c):\n    return "x" * 50_000_000', { maxOutputBytes: 1_000_000, memoryMb: 512 });
    expect(huge.status).toBe('output_too_large');
    await stillServing();
  });

  it('grandchildren that detach do not survive the call', async () => {
    const processes = () =>
      readdirSync('/proc').filter((e) => {
        try {
          return /^\d+$/.test(e) && readFileSync(`/proc/${e}/cmdline`, 'utf8').includes('switchyard-orphan-marker');
        } catch {
          return false;
        }
      }).length;
    const run = await sh('setsid bash -c "exec -a switchyard-orphan-marker sleep 60" & disown; sleep 60', { timeoutMs: 500 });
    expect(run.status).toBe('timeout');
    expect(await waitUntil(() => processes() === 0, 3_000)).toBe(true);
  });

  it('leaves nothing for the next execution: a fresh directory and process every call', async () => {
    await sh('echo secret-state > state.txt; echo planted > /tmp/planted 2>/dev/null; echo ok');
    const next = await sh('cat state.txt /tmp/planted 2>/dev/null || echo clean');
    expect(next.output).toBe('clean');
  });

  it('$OUTPUT is never read on the host: links to a host file or the server’s environ give an error, not the file', async () => {
    for (const target of [CANARY_FILE, '/proc/self/environ', '/proc/1/environ', '/etc/shadow']) {
      const run = await sh(`ln -sf ${target} "$OUTPUT"; echo fallback`);
      const seen = JSON.stringify(run);
      expect(seen).not.toContain(CANARY);
      expect(seen).not.toContain('canary-native');
      expect(seen).not.toContain('root:');
      expect(run).toMatchObject({ status: 'failed', error: { code: 'invalid_output' } });
    }
    // A real output file still works, and so does the last stdout line without one.
    expect((await sh('echo \'{"ok":1}\' > "$OUTPUT"')).output).toEqual({ ok: 1 });
    expect((await sh('echo plain')).output).toBe('plain');
  });

  it('a FIFO, directory or device at $OUTPUT gives a clear error at once and never blocks the host', async () => {
    const planted = [
      sh('mkfifo "$OUTPUT"; echo planted'),
      sh('mkfifo "$OUTPUT"; (exec 3<>"$OUTPUT"; sleep 30) & echo planted'),
      sh('mkdir "$OUTPUT"; echo planted'),
      sh('ln -sf /dev/zero "$OUTPUT"; echo planted'),
      sh('mkfifo "$OUTPUT"; ln -sf "$OUTPUT" "$INPUTS" 2>/dev/null; echo planted'),
    ];
    const lag = await hostLagDuring(Promise.all(planted));
    for (const run of await Promise.all(planted)) {
      expect(run.status).not.toBe('succeeded');
      expect(['invalid_output', 'timeout']).toContain(run.error?.code);
    }
    expect(lag).toBeLessThan(1_000);
    // The slots are free again: four more FIFOs, then ordinary calls.
    const again = await Promise.all([1, 2, 3, 4].map(() => sh('mkfifo "$OUTPUT"')));
    for (const run of again) expect(run.error?.code).toBe('invalid_output');
    await stillServing();
    expect((await py('def main(i, c):\n    return 1')).output).toBe(1);
  });

  it('the sandbox’s root and /dev are read-only; /dev/null still takes writes', async () => {
    const run = await sh(
      'for f in /planted /dev/planted /usr/planted; do (echo x > "$f") 2>/dev/null && echo "wrote:$f"; done; echo x > /dev/null && echo null-ok',
    );
    expect(run.logs.map((l) => l.line)).toEqual(['null-ok']);
  });

  it('floods of /tmp, /dev/shm and the work dir beyond diskMb end with disk_limit while the host keeps serving', async () => {
    const limits = { diskMb: 16, memoryMb: 32, timeoutMs: 20_000 };
    for (const where of ['/tmp/flood', '/dev/shm/flood', 'flood']) {
      const run = sh(`head -c 64M /dev/zero > ${where}`, limits);
      const lag = await hostLagDuring(run);
      expect(await run).toMatchObject({ status: 'disk_limit', error: { code: 'disk_limit' } });
      expect((await run).error?.message).toContain('16 MiB');
      expect(lag).toBeLessThan(1_000);
    }
    // A script that ignores the failed write still ends disk_limit (its tmpfs is full when it exits).
    const ignored = await sh('head -c 64M /dev/zero > /tmp/flood 2>/dev/null; echo done', limits);
    expect(ignored.status).toBe('disk_limit');
    const python = await py(
      'def main(i, c):\n    with open("/tmp/flood", "wb") as f:\n        for _ in range(64):\n            f.write(b"x" * 1048576)\n    return "wrote"',
      limits,
    );
    expect(python).toMatchObject({ status: 'disk_limit', error: { code: 'disk_limit' } });
    // Within the limit, files work as before.
    expect((await sh('head -c 4M /dev/zero > /tmp/ok && head -c 4M /dev/zero > ok && echo fits', limits)).output).toBe('fits');
    await stillServing();
  });
});
