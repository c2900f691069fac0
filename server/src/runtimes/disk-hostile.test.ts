import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeProcessRuntime, type NodeProcessRuntime } from './node-process.runtime.ts';
import { probeSandbox } from './sandbox.ts';
import { hostLagDuring, runOn } from './test-support.ts';
import { createWasmRuntime, type WasmRuntime } from './wasm/wasm.runtime.ts';
import { WASI_PRELUDE, watToBase64 } from './wasm/wat.ts';

/**
 * Disk floods from JavaScript (node:fs) and WASI: every place sandboxed code can write is a tmpfs of the
 * policy's `diskMb` (host RAM, bounded), so a flood ends at the limit (`disk_limit` where the runtime can tell,
 * ENOSPC inside the code otherwise) and the host keeps serving. Python and Bash: native-hostile.test.ts.
 */
const probe = probeSandbox();
if (!probe.ok) console.warn(`disk flood tests skipped: ${probe.reason}`);

let rt: NodeProcessRuntime;
/** Node's permission model off: /tmp and /dev/shm are writable too, and only the sandbox bounds them. */
let osOnly: NodeProcessRuntime;
let wasm: WasmRuntime;
beforeAll(() => {
  rt = createNodeProcessRuntime({ warmPoolSize: 1 });
  osOnly = createNodeProcessRuntime({ warmPoolSize: 0, fsPermissions: false });
  wasm = createWasmRuntime({ sandbox: 'required', warmPoolSize: { quickjs: 0, pyodide: 0, wasi: 0 }, wasiEngine: 'node' });
});
afterAll(async () => {
  await Promise.all([rt?.close(), osOnly?.close(), wasm?.close()]);
});

const LIMITS = { diskMb: 16, memoryMb: 64, timeoutMs: 20_000 };
/** Appends 64 MiB, 1 MiB at a time, to `file`. */
const flood = (file: string) => `import fs from 'node:fs';
export default () => {
  const chunk = Buffer.alloc(1024 * 1024, 120);
  for (let i = 0; i < 64; i++) fs.appendFileSync(${JSON.stringify(file)}, chunk);
  return 'wrote 64 MiB';
}`;

describe.skipIf(!probe.ok)('disk floods are bounded by diskMb', () => {
  it('JavaScript: a work-dir flood ends disk_limit, the host stays responsive, the next call succeeds', async () => {
    const run = runOn(rt, flood('flood.bin'), LIMITS);
    const lag = await hostLagDuring(run);
    expect(await run).toMatchObject({ status: 'disk_limit', error: { code: 'disk_limit' } });
    expect((await run).error?.message).toMatch(/16 MiB.*ENOSPC/);
    expect(lag).toBeLessThan(1_000);
    expect((await runOn(rt, 'export default () => "ok"')).output).toBe('ok');
  });

  it('JavaScript without the permission model: /tmp and /dev/shm floods end disk_limit too', async () => {
    for (const file of ['/tmp/flood.bin', '/dev/shm/flood.bin']) {
      const run = runOn(osOnly, flood(file), LIMITS);
      const lag = await hostLagDuring(run);
      expect(await run).toMatchObject({ status: 'disk_limit', error: { code: 'disk_limit' } });
      expect(lag).toBeLessThan(1_000);
    }
    const fits = await runOn(osOnly, flood('/tmp/fits.bin').replace('i < 64', 'i < 4'), LIMITS);
    expect(fits.output).toBe('wrote 64 MiB');
    expect((await runOn(osOnly, 'export default () => "ok"')).output).toBe('ok');
  });

  it('WASI: writes into its /tmp preopen stop with ENOSPC at the call’s diskMb, not on the host disk', async () => {
    // path_open(/tmp, "flood", O_CREAT, rights fd_write), then 64 KiB writes until an error (at most 64 MiB, more
    // than diskMb 16 and less than the default 256, so the call's own limit is what stops it):
    // prints "full" for ENOSPC (51), "other" for another error, "unbounded" when every write succeeded.
    const module = await watToBase64(`(module ${WASI_PRELUDE} (memory (export "memory") 2)
      (data (i32.const 100) "full\\n") (data (i32.const 120) "other\\n") (data (i32.const 140) "unbounded\\n")
      (data (i32.const 200) "flood")
      (func (export "_start") (local $i i32) (local $e i32)
        (if (call $open (i32.const 3) (i32.const 0) (i32.const 200) (i32.const 5) (i32.const 1)
              (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 48))
          (then (call $out (i32.const 1) (i32.const 120) (i32.const 6)) (return)))
        (block $done
          (loop $more
            (i32.store (i32.const 16) (i32.const 65536))
            (i32.store (i32.const 20) (i32.const 65536))
            (local.set $e (call $write (i32.load (i32.const 48)) (i32.const 16) (i32.const 1) (i32.const 24)))
            (br_if $done (local.get $e))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $more (i32.lt_u (local.get $i) (i32.const 1024)))))
        (if (i32.eq (local.get $e) (i32.const 51)) (then (call $out (i32.const 1) (i32.const 100) (i32.const 5)) (return)))
        (if (local.get $e) (then (call $out (i32.const 1) (i32.const 120) (i32.const 6)) (return)))
        (call $out (i32.const 1) (i32.const 140) (i32.const 10))))`);
    const run = runOn(wasm, module, { language: 'wasi', ...LIMITS, timeoutMs: 30_000 });
    const lag = await hostLagDuring(run);
    expect(await run).toMatchObject({ status: 'succeeded', output: 'full' });
    expect(lag).toBeLessThan(1_000);
  });
});
