import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteRequest, LogLine } from '../runtime.ts';
import { probeSandbox } from '../sandbox.ts';
import { type Run, request, runOn } from '../test-support.ts';
import { createWasmRuntime, type WasmRuntime } from './wasm.runtime.ts';
import { WASI_PRELUDE, watToBase64 } from './wat.ts';

// A host secret that must never reach user code (set before any runner is spawned).
process.env.SWITCHYARD_WASM_CANARY = 'wasm-canary-31337';

const sandboxed = probeSandbox().ok;
const suffix = sandboxed ? '+bwrap' : '';
let rt: WasmRuntime;
beforeAll(async () => {
  rt = createWasmRuntime({ warmPoolSize: { quickjs: 1, pyodide: 3, wasi: 1 }, wasiEngine: 'node' });
  await rt.whenWarm();
});
afterAll(async () => rt?.close());

const run = (code: string, overrides: Partial<ExecuteRequest> = {}) => runOn(rt, code, overrides);
const py = (code: string, overrides: Partial<ExecuteRequest> = {}) => run(code, { language: 'python', ...overrides });
const lines = (r: Run, stream: LogLine['stream']) => r.logs.filter((l) => l.stream === stream).map((l) => l.line);
let keys = 0;
const freshKey = () => `wf-${process.pid}-${++keys}`;

/** Resolves with the call's result and how long before the result its first log line arrived, in ms. */
async function firstLineLead(code: string, overrides: Partial<ExecuteRequest>): Promise<{ status: string; lead: number }> {
  let firstAt = 0;
  const r = await rt.execute(
    request(code, {
      ...overrides,
      onLog: () => {
        firstAt ||= performance.now();
      },
    }),
    new AbortController().signal,
  );
  return { status: r.status, lead: firstAt ? performance.now() - firstAt : -1 };
}

describe('wasm runtime: shape', () => {
  it('reports its engines, isolation and backend', () => {
    expect(rt.id).toBe('wasm');
    expect(rt.availability()).toMatchObject({
      available: true,
      isolation: sandboxed ? 'sandbox' : 'process',
      backend: `quickjs+pyodide+wasi${suffix}`,
    });
    expect(rt.engines().pyodide).toEqual({ available: true, backend: `pyodide${suffix}` });
    for (const language of ['javascript', 'typescript', 'python', 'wasi'] as const) expect(rt.supports(language)).toBe(true);
    expect(rt.supports('bash')).toBe(false);
  });

  it('refuses network: on (no engine has sockets) and languages it does not run', async () => {
    for (const language of ['javascript', 'python'] as const) {
      const r = await run('export default () => 1', { language, network: 'on' });
      expect(r).toMatchObject({ status: 'unavailable', runtime: 'wasm', error: { code: 'network_unsupported' } });
      expect(r.error?.message).toMatch(/node/);
    }
    expect((await run('echo hi', { language: 'bash' })).error?.code).toBe('unsupported_language');
  });
});

describe('wasm runtime: QuickJS (javascript, typescript)', () => {
  it('runs main with inputs, awaits it, and serializes its value inside QuickJS', async () => {
    const r = await run(
      'export default async function main(inputs) { await null; return { sum: inputs.a + inputs.b, at: new Date(0), u: undefined } }',
      { inputs: { a: 2, b: 3 } },
    );
    expect(r).toMatchObject({
      status: 'succeeded',
      output: { sum: 5, at: '1970-01-01T00:00:00.000Z' },
      runtime: 'wasm',
      backend: `quickjs${suffix}`,
    });
    expect((await run('export default function main() {}')).output).toBeNull();
  });

  it('provides setTimeout/clearTimeout/setInterval driven by host timers', async () => {
    const r = await run(`export default async () => {
      const seen = [];
      const t = setTimeout(() => seen.push('cancelled'), 5); clearTimeout(t);
      await new Promise((r) => setTimeout(r, 20));
      let n = 0;
      await new Promise((r) => { const i = setInterval(() => { seen.push('tick' + ++n); if (n === 3) { clearInterval(i); r(); } }, 5); });
      await new Promise((r) => setTimeout(r, 10, 'arg'));
      return seen;
    }`);
    expect(r).toMatchObject({ status: 'succeeded', output: ['tick1', 'tick2', 'tick3'] });
  });

  it('streams console and ctx.log lines in order, stdout apart from stderr, and live', async () => {
    const r = await run(`export default function main(inputs, ctx) {
      console.log('one', 1); ctx.log('two %d', 2); console.info({ three: 3 }); console.error('e1'); console.warn('e2', [1]);
      return 'done';
    }`);
    expect(r.status).toBe('succeeded');
    expect(lines(r, 'stdout')).toEqual(['one 1', 'two 2', '{"three":3}']);
    expect(lines(r, 'stderr')).toEqual(['e1', 'e2 [1]']);
    const timer = await firstLineLead(
      'export default async (i, ctx) => { ctx.log("early"); await new Promise((r) => setTimeout(r, 500)); return 1 }',
      {},
    );
    expect(timer.status).toBe('succeeded');
    expect(timer.lead).toBeGreaterThan(350);
    const busy = await firstLineLead(
      'export default () => { console.log("early"); const end = Date.now() + 500; while (Date.now() < end) {} return 1 }',
      {},
    );
    expect(busy.lead).toBeGreaterThan(350);
  });

  it('gives process.env and ctx.env the policy env only', async () => {
    const r = await run(
      'export default (i, ctx) => ({ env: process.env, ctx: ctx.env, leak: JSON.stringify(globalThis).includes("canary") })',
      {
        env: { API_URL: 'https://example.test' },
      },
    );
    expect(r.output).toEqual({ env: { API_URL: 'https://example.test' }, ctx: { API_URL: 'https://example.test' }, leak: false });
  });

  it('runs TypeScript transpiled on the server', async () => {
    const r = await run(
      'interface In { n: number }\nexport default async function main(i: In): Promise<number> { return i.n * 2 }',
      {
        language: 'typescript',
        inputs: { n: 21 },
      },
    );
    expect(r).toMatchObject({ status: 'succeeded', output: 42 });
  });

  it('reports thrown errors with a stack, syntax errors, and modules without a default function', async () => {
    const thrown = await run('function inner() { throw new TypeError("bad thing") }\nexport default () => inner()');
    expect(thrown).toMatchObject({ status: 'failed', error: { code: 'user_error', message: 'bad thing' } });
    expect(thrown.error?.stack).toMatch(/^TypeError: bad thing\n\s+at inner \(main\.js:1/);
    const rejected = await run('export default async () => { await null; throw new Error("later") }');
    expect(rejected.error).toMatchObject({ code: 'user_error', message: 'later' });
    const thrownString = await run('export default () => { throw "plain" }');
    expect(thrownString.error).toMatchObject({ code: 'user_error', message: 'plain' });
    const syntax = await run('export default function main() {\n  let x = ;\n}');
    expect(syntax).toMatchObject({ status: 'failed', error: { code: 'syntax_error' } });
    expect(syntax.error?.message).toContain('main.js:2:');
    for (const code of ['export const main = () => 1', 'export default 42']) {
      expect((await run(code)).error?.code).toBe('invalid_module');
    }
    const imports = await run('import fs from "node:fs"; export default () => 1');
    expect(imports).toMatchObject({ status: 'failed' });
    expect(imports.error?.message).toMatch(/imports are not available/);
    const unserializable = await run('export default () => { const a = {}; a.a = a; return a }');
    expect(unserializable.error?.code).toBe('output_not_serializable');
  });

  it('ends sync and microtask loops at the deadline', async () => {
    for (const code of [
      'export default () => { while (true) {} }',
      'export default () => new Promise(() => { const spin = () => Promise.resolve().then(spin); spin(); })',
    ]) {
      expect(await run(code, { timeoutMs: 1_000 })).toMatchObject({ status: 'timeout', error: { code: 'timeout' } });
    }
  });

  it('caps the output and the logs', async () => {
    const big = await run('export default () => "x".repeat(200000)', { maxOutputBytes: 1000 });
    expect(big).toMatchObject({ status: 'output_too_large', error: { code: 'output_too_large' } });
    const noisy = await run(
      'export default () => { for (let i = 0; i < 300; i++) console.log("line " + i + " " + "x".repeat(40)); return "ok" }',
      {
        maxLogBytes: 1000,
      },
    );
    expect(noisy).toMatchObject({ status: 'succeeded', output: 'ok', logsTruncated: true });
    expect(noisy.logs.length).toBeLessThan(30);
  });

  it('ends memory bombs (arrays, strings, ArrayBuffers) as out_of_memory within the QuickJS limit', async () => {
    for (const code of [
      'export default () => { const keep = []; while (true) keep.push(new ArrayBuffer(1 << 20)); }',
      'export default () => { const keep = []; while (true) keep.push("x".repeat(1 << 20)); }',
      // JSON.stringify's buffers escape QuickJS's own accounting; the cap on its wasm heap catches them.
      'export default () => { const keep = []; while (true) keep.push(JSON.stringify({ s: "x".repeat(1 << 20) })); }',
      'export default () => { const keep = []; while (true) keep.push([1, 2, 3, 4, 5, 6, 7, 8].map((x) => ({ x }))); }',
    ]) {
      const r = await run(code, { memoryMb: 32, timeoutMs: 10_000 });
      expect(r, code).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
    }
    // Doubling a string builds a rope, not a copy: it ends at QuickJS's string length limit, as the code's error.
    const rope = await run('export default () => { let s = "xy"; while (true) s = s + s; }', { memoryMb: 32 });
    expect(rope).toMatchObject({ status: 'failed', error: { code: 'user_error', message: 'string too long' } });
    expect((await run('export default () => "still serving"')).output).toBe('still serving');
  });

  it('reports runaway recursion as the code own error', async () => {
    for (const code of [
      'export default function f(n = 0) { return f(n + 1) + 1 }',
      'export default function g() { return [1].map(() => g()) }',
    ]) {
      const r = await run(code);
      expect(r.status, code).toBe('failed');
      expect(r.error?.message).toMatch(/stack overflow/);
    }
  });

  it('reuses a process within a reuseKey (fresh context each call), never across keys', async () => {
    const key = freshKey();
    const counter = 'globalThis.n = (globalThis.n ?? 0) + 1; export default () => globalThis.n';
    const first = await run(counter, { reuseKey: key });
    const second = await run(counter, { reuseKey: key });
    expect(first).toMatchObject({ status: 'succeeded', output: 1, reused: false });
    // The process is the same, the QuickJS context is not: nothing the first call left is visible.
    expect(second).toMatchObject({ status: 'succeeded', output: 1, reused: true, cold: false });
    expect(await run(counter, { reuseKey: freshKey() })).toMatchObject({ output: 1, reused: false });
  });
});

describe('wasm runtime: Pyodide (python)', () => {
  const PY_KEY = freshKey();
  it('runs main(inputs, ctx) and JSON-dumps its value in Python; async def too', async () => {
    // Successful calls share one process (reuseKey): each fresh one would pay Python's load.
    const r = await py('def main(inputs, ctx):\n    return {"sum": inputs["a"] + inputs["b"], "t": (1, 2), "none": None}', {
      inputs: { a: 2, b: 3 },
      reuseKey: PY_KEY,
    });
    expect(r).toMatchObject({
      status: 'succeeded',
      output: { sum: 5, t: [1, 2], none: null },
      runtime: 'wasm',
      backend: `pyodide${suffix}`,
    });
    const a = await py('import asyncio\nasync def main(inputs, ctx):\n    await asyncio.sleep(0.01)\n    return "awaited"', {
      reuseKey: PY_KEY,
    });
    expect(a).toMatchObject({ status: 'succeeded', output: 'awaited' });
    // stdin is not the runner's: input() sees end of file.
    const eof = await py('def main(inputs, ctx):\n    try:\n        input()\n    except EOFError:\n        return "eof"', {
      reuseKey: PY_KEY,
    });
    expect(eof.output).toBe('eof');
  });

  it('streams print and ctx.log live, in order; os.environ is the policy env only', async () => {
    const r = await py(
      'import os, sys\ndef main(inputs, ctx):\n    print("one", 1)\n    ctx.log("two", {"k": 2})\n    print("err", file=sys.stderr)\n    return dict(os.environ)',
      { env: { ONLY: 'this' }, reuseKey: PY_KEY },
    );
    expect(r).toMatchObject({ status: 'succeeded', output: { ONLY: 'this' } });
    expect(lines(r, 'stdout')).toEqual(['one 1', "two {'k': 2}"]);
    expect(lines(r, 'stderr')).toEqual(['err']);
    const live = await firstLineLead(
      'import time\ndef main(inputs, ctx):\n    print("early")\n    time.sleep(0.5)\n    return 1',
      {
        language: 'python',
        reuseKey: PY_KEY,
      },
    );
    expect(live).toMatchObject({ status: 'succeeded' });
    expect(live.lead).toBeGreaterThan(350);
  });

  // Failed calls never reuse their process, so each takes a fresh (warm) one: they run concurrently.
  it('reports exceptions with a traceback of the user frames, syntax errors and a missing main', async () => {
    const [r, syntax, missing, unserializable] = await Promise.all([
      py('def inner():\n    raise ValueError("nope")\n\ndef main(inputs, ctx):\n    return inner()'),
      py('def main(inputs, ctx)\n    return 1'),
      py('x = 1'),
      py('def main(i, c):\n    return object()'),
    ]);
    expect(r).toMatchObject({ status: 'failed', error: { code: 'user_error', message: 'ValueError: nope' } });
    expect(r.error?.stack).toContain('File "main.py", line 2, in inner');
    expect(r.error?.stack).not.toContain('switchyard');
    expect(syntax).toMatchObject({ status: 'failed', error: { code: 'syntax_error' } });
    expect(syntax.error?.message).toContain('main.py:1');
    expect(missing.error?.code).toBe('invalid_module');
    expect(unserializable.error?.code).toBe('output_not_serializable');
  });

  it('ends busy loops at the deadline and caps output and logs', async () => {
    const [loop, big, noisy] = await Promise.all([
      py('def main(i, c):\n    while True: pass', { timeoutMs: 1_000 }),
      py('def main(i, c):\n    return "x" * 200000', { maxOutputBytes: 1000 }),
      py('def main(i, c):\n    for n in range(300): print("line", n, "x" * 40)\n    return "ok"', { maxLogBytes: 1000 }),
    ]);
    expect(loop).toMatchObject({ status: 'timeout' });
    expect(big).toMatchObject({ status: 'output_too_large' });
    expect(noisy).toMatchObject({ status: 'succeeded', output: 'ok', logsTruncated: true });
  });

  it('ends memory bombs as out_of_memory: bytearray(10**10), "x"*10**10, growing lists; deep recursion is an error', async () => {
    const bombs = [
      'def main(i, c):\n    return len(bytearray(10**10))',
      'def main(i, c):\n    return len("x" * 10**10)',
      'def main(i, c):\n    keep = []\n    while True: keep.append(bytearray(10**6))',
    ];
    const [deep, ...results] = await Promise.all([
      py('def main(i, c):\n    def f(n): return f(n + 1) + 1\n    return f(0)'),
      ...bombs.map((code) => py(code, { memoryMb: 64, timeoutMs: 15_000 })),
    ]);
    for (const [n, r] of results.entries()) {
      expect(r, bombs[n]).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
    }
    expect(deep).toMatchObject({ status: 'failed', error: { code: 'user_error' } });
    expect(deep?.error?.message).toMatch(/RecursionError/);
  });

  it('reuses the loaded interpreter within a reuseKey (fresh globals each call), never across keys', async () => {
    const key = freshKey();
    const code =
      'import sys\nseen = globals().get("seen", 0) + 1\ndef main(i, c):\n    sys.modules.setdefault("_count", []).append(1)\n    return [seen, len(sys.modules["_count"])]';
    const first = await py(code, { reuseKey: key });
    const second = await py(code, { reuseKey: key });
    expect(first).toMatchObject({ status: 'succeeded', output: [1, 1], reused: false });
    // Same process and interpreter (modules persist within the workflow), fresh globals.
    expect(second).toMatchObject({ status: 'succeeded', output: [1, 2], reused: true, cold: false });
    expect(second.durationMs).toBeLessThan(2_000); // No Python load: that alone takes ~2.5 s.
    expect(await py(code, { reuseKey: freshKey() })).toMatchObject({ output: [1, 1], reused: false });
  });
});

describe('wasm runtime: WASI modules (node:wasi)', () => {
  let echo: string;
  beforeAll(async () => {
    // stderr "log line"; the environment, one variable per line; then stdin (the inputs) as the last line.
    echo = await watToBase64(`(module ${WASI_PRELUDE}
      (memory (export "memory") 2)
      (data (i32.const 100) "log line\\n")
      (func (export "_start") (local $n i32) (local $i i32)
        (call $out (i32.const 2) (i32.const 100) (i32.const 9))
        (drop (call $esz (i32.const 16) (i32.const 20)))
        (drop (call $eget (i32.const 1024) (i32.const 2048)))
        (local.set $n (i32.load (i32.const 20)))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (if (i32.eqz (i32.load8_u (i32.add (i32.const 2048) (local.get $i))))
            (then (i32.store8 (i32.add (i32.const 2048) (local.get $i)) (i32.const 10))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (call $out (i32.const 1) (i32.const 2048) (local.get $n))
        (i32.store (i32.const 32) (i32.const 8192))
        (i32.store (i32.const 36) (i32.const 4096))
        (drop (call $read (i32.const 0) (i32.const 32) (i32.const 1) (i32.const 40)))
        (call $out (i32.const 1) (i32.const 8192) (i32.load (i32.const 40)))))`);
  });
  const wasi = (code: string, overrides: Partial<ExecuteRequest> = {}) => run(code, { language: 'wasi', ...overrides });

  it('passes inputs on stdin and env, streams stdout/stderr, and returns the last stdout line as JSON', async () => {
    const r = await wasi(echo, { inputs: { a: [1, 2] }, env: { GREETING: 'hi' } });
    expect(r).toMatchObject({ status: 'succeeded', output: { a: [1, 2] }, runtime: 'wasm', backend: `wasi${suffix}` });
    expect(lines(r, 'stderr')).toEqual(['log line']);
    expect(lines(r, 'stdout')).toEqual(['GREETING=hi', '{"a":[1,2]}']);
  });

  it('returns a last line that is not JSON as text, and a non-zero exit as exit_code', async () => {
    const text =
      await watToBase64(`(module ${WASI_PRELUDE} (memory (export "memory") 1) (data (i32.const 100) "plain words\\n\\n")
      (func (export "_start") (call $out (i32.const 1) (i32.const 100) (i32.const 13))))`);
    expect(await wasi(text)).toMatchObject({ status: 'succeeded', output: 'plain words' });
    const exit = await watToBase64(
      `(module ${WASI_PRELUDE} (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 3))))`,
    );
    expect(await wasi(exit)).toMatchObject({
      status: 'failed',
      error: { code: 'exit_code', message: expect.stringContaining('code 3') },
    });
    const trap = await watToBase64('(module (memory (export "memory") 1) (func (export "_start") unreachable))');
    expect(await wasi(trap)).toMatchObject({ status: 'failed', error: { code: 'wasm_trap' } });
    expect(await wasi('bm90IHdhc20=')).toMatchObject({ status: 'failed', error: { code: 'invalid_module' } });
    const lib = await watToBase64('(module (memory (export "memory") 1) (func (export "f")))');
    expect((await wasi(lib)).error?.message).toMatch(/_start/);
  });

  it('ends an infinite loop at the deadline and caps the output', async () => {
    const spin = await watToBase64('(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))');
    expect(await wasi(spin, { timeoutMs: 1_000 })).toMatchObject({ status: 'timeout' });
    // 70000 bytes of "x" then a newline: one line over the 1000-byte output limit.
    const long = await watToBase64(`(module ${WASI_PRELUDE} (memory (export "memory") 2)
      (func (export "_start") (memory.fill (i32.const 100) (i32.const 120) (i32.const 70000))
        (i32.store8 (i32.const 70100) (i32.const 10))
        (call $out (i32.const 1) (i32.const 100) (i32.const 70001))))`);
    expect(await wasi(long, { maxOutputBytes: 1000, maxLogBytes: 200_000 })).toMatchObject({ status: 'output_too_large' });
  });

  it('caps the module memory at memoryMb: growth fails at the cap, a larger initial memory is refused', async () => {
    const grow = await watToBase64(`(module (memory (export "memory") 1)
      (func (export "_start") (block $full (loop $more
        (br_if $full (i32.eq (memory.grow (i32.const 16)) (i32.const -1))) (br $more))) unreachable))`);
    const grown = await wasi(grow, { memoryMb: 64 });
    expect(grown).toMatchObject({ status: 'out_of_memory' });
    expect(grown.memoryBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    const huge = await watToBase64('(module (memory (export "memory") 5000) (func (export "_start")))');
    expect(await wasi(huge, { memoryMb: 64 })).toMatchObject({ status: 'out_of_memory' });
  });
});
