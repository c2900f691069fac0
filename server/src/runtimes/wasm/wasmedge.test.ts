import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../sandbox.ts';
import { runOn } from '../test-support.ts';
import { findWasmedge } from './engines.ts';
import { createWasmRuntime, type WasmRuntime } from './wasm.runtime.ts';
import { WASI_PRELUDE, watToBase64 } from './wat.ts';

// The wasmedge CLI backend runs only where wasmedge is installed; elsewhere these tests are skipped, visibly.
const wasmedge = findWasmedge();
const hasWasmedge = wasmedge !== undefined;
if (!hasWasmedge) console.warn('wasmedge tests skipped: wasmedge is not on PATH (https://wasmedge.org to install it)');
const suffix = probeSandbox().ok ? '+bwrap' : '';

describe('wasm runtime: WASI modules on the wasmedge CLI', () => {
  let rt: WasmRuntime;
  beforeAll(() => {
    rt = createWasmRuntime({ warmPoolSize: { quickjs: 0, pyodide: 0, wasi: 0 }, wasiEngine: hasWasmedge ? 'wasmedge' : 'node' });
  });
  afterAll(async () => rt?.close());

  it('says which WASI engine it uses', () => {
    expect(rt.engines().wasi.backend).toBe(`${hasWasmedge ? 'wasmedge' : 'wasi'}${suffix}`);
    const forced = createWasmRuntime({
      warmPoolSize: { quickjs: 0, pyodide: 0 },
      wasiEngine: 'wasmedge',
      wasmedgePath: hasWasmedge ? wasmedge : undefined,
    });
    expect(forced.engines().wasi.available).toBe(hasWasmedge);
    void forced.close();
  });

  it.skipIf(!hasWasmedge)('runs a module: stdin, env, streamed output, last line as JSON, exit codes', async () => {
    const echo = await watToBase64(`(module ${WASI_PRELUDE} (memory (export "memory") 1)
      (data (i32.const 100) "log line\\n")
      (func (export "_start")
        (call $out (i32.const 2) (i32.const 100) (i32.const 9))
        (i32.store (i32.const 32) (i32.const 1024))
        (i32.store (i32.const 36) (i32.const 4096))
        (drop (call $read (i32.const 0) (i32.const 32) (i32.const 1) (i32.const 40)))
        (call $out (i32.const 1) (i32.const 1024) (i32.load (i32.const 40)))))`);
    const r = await runOn(rt, echo, { language: 'wasi', inputs: { a: 1 } });
    expect(r).toMatchObject({ status: 'succeeded', output: { a: 1 }, backend: `wasmedge${suffix}` });
    expect(r.logs.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(['log line']);
    const exit = await watToBase64(
      `(module ${WASI_PRELUDE} (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 3))))`,
    );
    expect(await runOn(rt, exit, { language: 'wasi' })).toMatchObject({ status: 'failed', error: { code: 'exit_code' } });
  });

  it.skipIf(!hasWasmedge)('ends an infinite loop at the deadline', async () => {
    const spin = await watToBase64('(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))');
    expect(await runOn(rt, spin, { language: 'wasi', timeoutMs: 1_000 })).toMatchObject({ status: 'timeout' });
  });
});
