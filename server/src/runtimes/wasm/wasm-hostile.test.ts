import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../sandbox.ts';
import { hostLagDuring, runOn } from '../test-support.ts';
import { createWasmRuntime, type WasmRuntime } from './wasm.runtime.ts';
import { WASI_PRELUDE, watToBase64 } from './wat.ts';

/**
 * Hostile code against the wasm runtime as the server runs it (sandboxed where bubblewrap works). The engines
 * are the first wall (QuickJS has no host objects at all); Pyodide's FFI lets Python reach the runner's
 * JavaScript, so there the runner process (Node's permission model, then the OS sandbox) is what holds.
 * Each attack must be denied and the host must keep serving.
 */
process.env.SWITCHYARD_WASM_HOSTILE_CANARY = 'hostile-canary-4242';
const probe = probeSandbox();
if (!probe.ok) console.warn(`wasm sandbox assertions skipped: ${probe.reason}`);
const APP_FILE = fileURLToPath(import.meta.url);

let rt: WasmRuntime;
/** Node's permission model off: what still holds is the OS sandbox alone. */
let osOnly: WasmRuntime | undefined;
let listener: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  rt = createWasmRuntime({
    sandbox: probe.ok ? 'required' : 'off',
    warmPoolSize: { quickjs: 1, pyodide: 2, wasi: 1 },
    wasiEngine: 'node',
  });
  if (probe.ok)
    osOnly = createWasmRuntime({
      sandbox: 'required',
      fsPermissions: false,
      warmPoolSize: { quickjs: 0, pyodide: 1, wasi: 1 },
      wasiEngine: 'node',
    });
  listener = createServer((socket) => {
    connections += 1;
    socket.end('hello from the host\n');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
  await Promise.all([rt.whenWarm(), osOnly?.whenWarm()]);
});
afterAll(async () => {
  await Promise.all([rt?.close(), osOnly?.close()]);
  listener?.close();
});

const stillServing = async () => expect((await runOn(rt, 'export default () => "ok"')).output).toBe('ok');

/**
 * Python that climbs from Pyodide's FFI to the runner's JavaScript `process` (through `pyodide_js`'s constructor
 * chain), then tries the host: files, environ, processes, the network. Every attempt's outcome is returned.
 */
const PYTHON_ESCAPE = `
import js, pyodide_js

async def main(inputs, ctx):
    JSFunction = pyodide_js.constructor.constructor
    proc = JSFunction('return globalThis.process')()
    # Each attack runs as JavaScript in the runner, with the runner's process object in hand.
    attack = JSFunction('code', '''try {
        return 'GOT ' + String(new Function('process', 'get', code)(process, process.getBuiltinModule)).slice(0, 60);
    } catch (e) { return 'DENIED ' + (e.code || e.name) + ' ' + String(e.message).slice(0, 120); }''')
    connect = JSFunction('port', '''return new Promise((resolve) => {
        const s = process.getBuiltinModule('net').connect(port, '127.0.0.1');
        s.on('connect', () => { s.destroy(); resolve('GOT connected'); });
        s.on('error', (e) => resolve('DENIED ' + e.code));
        setTimeout(() => resolve('DENIED no answer'), 2000);
    })''')
    read = lambda path: attack("return get('fs').readFileSync(%r, 'utf8')" % path)
    return {
        'js_sees_process': hasattr(js, 'process'),
        'reached_process': proc.pid > 0,
        'passwd': read('/etc/passwd'),
        'environ': read('/proc/self/environ'),
        'parent_environ': read('/proc/%d/environ' % proc.ppid),
        'init_environ': read('/proc/1/environ'),
        'app': read(${JSON.stringify(APP_FILE)}),
        'spawn': attack("return get('child_process').execSync('cat /etc/passwd; id')"),
        'kill_parent': attack("return process.kill(process.ppid, 'SIGKILL')"),
        'env': 'GOT ' + JSFunction('return JSON.stringify(process.env)')(),
        'socket': await connect(inputs['port']),
    }
`;

describe('hostile code on the wasm runtime', () => {
  it('QuickJS: constructor chains and globals find no host (no process, require, fs, network, wasm)', async () => {
    const r = await runOn(
      rt,
      `export default async () => {
        const g = (function () {}).constructor('return this')();
        const viaError = (() => { try { null.x } catch (e) { return e.constructor.constructor('return this')() } })();
        const names = Object.getOwnPropertyNames(g);
        let dynamicImport;
        try { await import('node:fs'); dynamicImport = 'loaded'; } catch (e) { dynamicImport = String(e.message || e); }
        return {
          same: g === globalThis && viaError === globalThis,
          host: ['require', 'Buffer', 'fetch', 'WebAssembly', 'XMLHttpRequest', 'std', 'os', 'module', 'Deno', 'Bun'].filter((n) => n in g),
          processKeys: Object.keys(g.process),
          env: JSON.stringify(g.process.env),
          dynamicImport,
          names: names.length,
        };
      }`,
    );
    expect(r.status).toBe('succeeded');
    const out = r.output as Record<string, unknown>;
    expect(out).toMatchObject({ same: true, host: [], processKeys: ['env'], env: '{}' });
    expect(out.dynamicImport).toMatch(/imports are not available/);
  });

  it('QuickJS and WASI: loops and memory bombs end while the host stays responsive', { timeout: 60_000 }, async () => {
    const spin = await watToBase64('(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))');
    for (const [language, code, status] of [
      ['javascript', 'export default () => { while (true) {} }', 'timeout'],
      [
        'javascript',
        'export default () => new Promise(() => { const spin = () => Promise.resolve().then(spin); spin(); })',
        'timeout',
      ],
      [
        'javascript',
        'export default () => { const k = []; while (true) k.push(JSON.stringify({ s: "x".repeat(1 << 20) })) }',
        'out_of_memory',
      ],
      ['wasi', spin, 'timeout'],
    ] as const) {
      // Loops meet a short deadline; a bomb gets a long one, so a slow machine still sees it run out of memory.
      const run = runOn(rt, code, { language, timeoutMs: status === 'timeout' ? 2_000 : 30_000, memoryMb: 64 });
      const lag = await hostLagDuring(run);
      expect((await run).status, code.slice(0, 60)).toBe(status);
      // A host blocked by the attack would lag ~2 s; a busy CI machine stays far below 1 s.
      expect(lag).toBeLessThan(1_000);
    }
    await stillServing();
  });

  it('QuickJS: getters and proxies on a thrown value run under the memory limit', { timeout: 60_000 }, async () => {
    // Each fills ~24 M array slots (hundreds of MiB) while the runner reads the thrown value: escaping the
    // limit shows as the getter's own message (a user_error) or as a process that grew past it.
    const fill = 'const bag = []; for (let i = 0; i < 24e6; i++) bag.push(i); return "filled " + bag.length;';
    for (const thrown of [
      `{ get message() { ${fill} } }`,
      `Object.defineProperty(new Error("x"), "stack", { get() { ${fill} } })`,
      `new Proxy({}, { get() { ${fill} } })`,
    ]) {
      const run = runOn(rt, `export default () => { throw ${thrown} }`, { memoryMb: 32, timeoutMs: 20_000 });
      const lag = await hostLagDuring(run);
      const r = await run;
      expect(r, thrown).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
      // QuickJS's own limit ended it, not a backstop outside the engine.
      expect(r.error?.message, thrown).toMatch(/QuickJS memory limit 32 MiB/);
      expect(lag).toBeLessThan(1_000);
    }
    await stillServing();
  });

  it('Python: a busy loop and a memory bomb end while the host stays responsive', { timeout: 40_000 }, async () => {
    const runs = Promise.all(
      ['def main(i, c):\n    while True: pass', 'def main(i, c):\n    k = []\n    while True: k.append(bytearray(10**6))'].map(
        (code) => runOn(rt, code, { language: 'python', timeoutMs: 2_000, memoryMb: 64 }),
      ),
    );
    const lag = await hostLagDuring(runs);
    expect((await runs).map((r) => r.status)).toEqual(['timeout', 'out_of_memory']);
    expect(lag).toBeLessThan(1_000);
  });

  it('Python: JavaScript memory allocated through the FFI counts against memoryMb', { timeout: 90_000 }, async () => {
    // Outside the wasm heap, so the heap's cap does not see it: 768 MiB of ArrayBuffers at memoryMb 32, kept.
    for (const code of [
      `from pyodide.ffi import to_js
keep = []
def main(inputs, ctx):
    chunk = bytes(16 * 1024 * 1024)
    for _ in range(48):
        keep.append(to_js(chunk))
    return len(keep)`,
      `import pyodide_js
def main(inputs, ctx):
    fill = pyodide_js.constructor.constructor('return (n) => new Uint8Array(n).fill(1)')()
    keep = [fill(16 * 1024 * 1024) for _ in range(48)]
    return len(keep)`,
    ]) {
      const run = runOn(rt, code, { language: 'python', memoryMb: 32, timeoutMs: 30_000 });
      const lag = await hostLagDuring(run);
      const r = await run;
      expect(r, code).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
      expect(lag).toBeLessThan(1_000);
    }
    const next = await runOn(rt, 'def main(i, c):\n    return sum(range(10))', { language: 'python', memoryMb: 32 });
    expect(next).toMatchObject({ status: 'succeeded', output: 45 });
  });

  it('Python reaching JavaScript through pyodide_js still cannot read host files, environ, spawn, signal or connect', {
    timeout: 40_000,
  }, async () => {
    const runtimes = osOnly ? [rt, osOnly] : [rt];
    for (const target of runtimes) {
      const r = await runOn(target, PYTHON_ESCAPE, { language: 'python', inputs: { port }, env: { MINE: 'ok' } });
      expect(r.status, JSON.stringify(r.error)).toBe('succeeded');
      const out = r.output as Record<string, unknown>;
      // `import js` is an empty object, but the FFI reaches the runner's process: the walls below are what hold.
      expect(out.js_sees_process).toBe(false);
      expect(out.reached_process).toBe(true);
      const text = JSON.stringify(out);
      expect(text).not.toContain('canary');
      expect(text).not.toContain('root:');
      for (const key of ['passwd', 'app', 'kill_parent']) {
        if (target === rt || probe.ok) expect(out[key], key).toMatch(/^DENIED/);
      }
      // The permission model refuses processes; without it they start, but inside the sandbox, as nobody.
      if (target === rt) expect(out.spawn).toMatch(/^DENIED/);
      else expect(out.spawn).toMatch(/^DENIED|^GOT uid=65534/);
      if (probe.ok) {
        expect(out.socket).toMatch(/^DENIED (ECONNREFUSED|ERR_ACCESS_DENIED)/);
        // The runner's own environment: PATH, and the PWD bubblewrap sets; nothing of the host's.
        expect(Object.keys(JSON.parse(String(out.env).slice(4)) as object).sort()).toEqual(['PATH', 'PWD']);
      }
      if (target === rt)
        for (const key of ['environ', 'parent_environ', 'init_environ']) expect(out[key], key).toMatch(/^DENIED/);
    }
    expect(connections).toBe(0);
    await stillServing();
  });

  it('Python: __subclasses__ walks and os/subprocess calls stay inside the wasm sandbox', async () => {
    const r = await runOn(
      rt,
      `import os
def attempt(f):
    try:
        return 'GOT ' + str(f())[:60]
    except BaseException as e:
        return 'DENIED ' + type(e).__name__

def main(inputs, ctx):
    names = sorted({c.__name__ for c in object.__subclasses__()})
    return {
        'walk': len(names) > 10,
        'passwd': attempt(lambda: open('/etc/passwd').read()),
        'app': attempt(lambda: open(${JSON.stringify(APP_FILE)}).read()),
        'socket': attempt(lambda: __import__('socket').create_connection(('127.0.0.1', inputs['port']), timeout=1)),
        'environ': dict(os.environ),
    }`,
      { language: 'python', inputs: { port } },
    );
    expect(r.status, JSON.stringify(r.error)).toBe('succeeded');
    const out = r.output as Record<string, string>;
    expect(out.walk).toBe(true);
    for (const key of ['passwd', 'app', 'socket']) expect(out[key], key).toMatch(/^DENIED/);
    expect(out.environ).toEqual({});
    expect(connections).toBe(0);
    // Emscripten runs os.system through Node's child_process: the permission model refuses it and Pyodide
    // treats that as fatal, so the call fails (its process dies) instead of spawning anything.
    const spawned = await runOn(rt, 'import os\ndef main(i, c):\n    return os.system("id")', { language: 'python' });
    expect(
      spawned.status === 'failed' || [-1, 127, 32512].includes(spawned.output as number),
      JSON.stringify(spawned.output),
    ).toBe(true);
    await stillServing();
  });

  it('WASI: cannot leave its /tmp preopen, and each call gets a fresh /tmp', async () => {
    // path_open(fd 3 = /tmp, path at 200, oflags) → "opened" or "denied" on stdout.
    const open = (path: string, oflags: number) =>
      watToBase64(`(module ${WASI_PRELUDE} (memory (export "memory") 1)
        (data (i32.const 100) "opened\\n") (data (i32.const 120) "denied\\n") (data (i32.const 200) ${JSON.stringify(path)})
        (func (export "_start")
          (if (i32.eqz (call $open (i32.const 3) (i32.const 0) (i32.const 200) (i32.const ${path.length}) (i32.const ${oflags})
                (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 48)))
            (then (call $out (i32.const 1) (i32.const 100) (i32.const 7)))
            (else (call $out (i32.const 1) (i32.const 120) (i32.const 7))))))`);
    const wasi = async (code: string) => (await runOn(rt, code, { language: 'wasi' })).output;
    expect(await wasi(await open('../../../../etc/passwd', 0))).toBe('denied');
    expect(await wasi(await open('/etc/passwd', 0))).toBe('denied');
    expect(await wasi(await open(APP_FILE.slice(1), 0))).toBe('denied');
    expect(await wasi(await open('left-behind', 1))).toBe('opened'); // O_CREAT in its own /tmp
    expect(await wasi(await open('left-behind', 0))).toBe('denied'); // ENOENT: gone for the next call
  });
});
