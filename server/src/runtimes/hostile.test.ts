import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeProcessRuntime, type NodeProcessRuntime } from './node-process.runtime.ts';
import { probeSandbox } from './sandbox.ts';
import { hostLagDuring, runOn } from './test-support.ts';

/**
 * Hostile code against the node runtime as the server runs it (sandboxed where bubblewrap works).
 * Each attack must be denied, or contained to its own process, and the host must keep serving.
 * The sandbox-specific attacks (network, host files, /proc, descendants) are in sandbox.test.ts.
 */
const sandboxed = probeSandbox().ok;
let rt: NodeProcessRuntime;
beforeAll(async () => {
  rt = createNodeProcessRuntime({ sandbox: sandboxed ? 'required' : 'off', warmPoolSize: 2 });
  await rt.whenWarm();
});
afterAll(async () => rt?.close());

const stillServing = async () => expect((await runOn(rt, 'export default () => "ok"')).output).toBe('ok');

describe('hostile code on the node runtime', () => {
  it('ends sync, microtask and ReDoS loops at the deadline while the host stays responsive', { timeout: 30_000 }, async () => {
    for (const code of [
      'export default () => { while (true) {} }',
      'export default () => new Promise(() => { const spin = () => Promise.resolve().then(spin); spin(); })',
      'export default () => /^(a+)+$/.test("a".repeat(40) + "!")',
    ]) {
      const run = runOn(rt, code, { timeoutMs: 2_000 });
      const lag = await hostLagDuring(run);
      expect((await run).status).toBe('timeout');
      // A host blocked by the attack would lag ~2 s; a busy CI machine stays far below 1 s.
      expect(lag).toBeLessThan(1_000);
    }
    await stillServing();
  });

  it('reports runaway recursion as an error of the code, not a crash of anything else', async () => {
    const r = await runOn(rt, 'export default function f(n = 0) { return f(n + 1) + 1 }');
    expect(r).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('call stack') } });
    await stillServing();
  });

  it('turns getters, toJSON and Proxies on returned values into plain JSON inside the runner, never on the host', async () => {
    const r = await runOn(
      rt,
      `export default () => ({
        viaGetter: { get secret() { return 'computed in the runner' } },
        viaToJSON: { toJSON() { return 'serialized in the runner' } },
        viaProxy: new Proxy({}, { ownKeys: () => ['a'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true, value: 1 }), get: () => 'trapped' }),
      })`,
    );
    expect(r.output).toEqual({
      viaGetter: { secret: 'computed in the runner' },
      viaToJSON: 'serialized in the runner',
      viaProxy: { a: 'trapped' },
    });
    const throwing = await runOn(rt, 'export default () => ({ get boom() { throw new Error("getter bomb") } })');
    expect(throwing.status).toBe('failed');
    await stillServing();
  });

  it('keeps a returned __proto__ key as data: no prototype on the host is polluted', async () => {
    const r = await runOn(
      rt,
      'export default () => JSON.parse(\'{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}\')',
    );
    expect(r.status).toBe('succeeded');
    expect(Object.hasOwn(r.output as object, '__proto__')).toBe(true);
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keeps Error.prepareStackTrace and other global tampering inside its own process', async () => {
    const r = await runOn(
      rt,
      `export default () => {
        Error.prepareStackTrace = () => 'forged';
        Object.prototype.injected = 'yes';
        throw new Error('tampered');
      }`,
    );
    expect(r.status).toBe('failed');
    expect(({} as { injected?: string }).injected).toBeUndefined();
    // The next execution starts clean: no reuse after a failure.
    const next = await runOn(rt, "export default () => [new Error('fresh').stack === 'forged', ({}).injected ?? null]");
    expect(next.output).toEqual([false, null]);
  });

  it('cannot climb out of its temp dir with .. or a symlink', async () => {
    const r = await runOn(
      rt,
      `import fs from 'node:fs';
      const attempt = (f) => { try { return String(f()).slice(0, 20); } catch (e) { return e.code ?? e.message; } };
      export default () => [
        attempt(() => fs.readFileSync('../../../../etc/passwd', 'utf8')),
        attempt(() => { fs.symlinkSync('/etc/passwd', './link'); return fs.readFileSync('./link', 'utf8'); }),
        attempt(() => fs.readdirSync('..')),
      ];`,
    );
    expect(r.status).toBe('succeeded');
    for (const outcome of r.output as string[]) expect(outcome).toMatch(/^(ERR_ACCESS_DENIED|ENOENT|EACCES|EPERM)$/);
  });

  it('caps a stdout flood and a huge return value without slowing the host', async () => {
    const flood = runOn(
      rt,
      'export default () => { for (let i = 0; i < 200000; i++) console.log("flood " + i); return "done"; }',
      {
        maxLogBytes: 64 * 1024,
        timeoutMs: 10_000,
      },
    );
    const lag = await hostLagDuring(flood);
    expect(await flood).toMatchObject({ status: 'succeeded', logsTruncated: true, output: 'done' });
    expect(lag).toBeLessThan(1_000);
    const huge = await runOn(rt, 'export default () => "x".repeat(50 * 1024 * 1024)', {
      maxOutputBytes: 1024 * 1024,
      timeoutMs: 10_000,
    });
    expect(huge.status).toBe('output_too_large');
    await stillServing();
  });
});
