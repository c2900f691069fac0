import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeProcessRuntime, type NodeProcessRuntime, type NodeProcessRuntimeOptions } from './node-process.runtime.ts';
import type { ExecuteRequest } from './runtime.ts';
import { alive, readdirChildren, runOn, waitUntil } from './test-support.ts';

// These tests watch the runner processes from the host (pids, process groups, /proc), so they run them
// without the OS sandbox, whose pid namespace hides them; sandbox.test.ts covers the sandboxed runtime.

/** Counts calls per process: 1 in a fresh process, n in one that ran n - 1 earlier calls of this code. */
const COUNTER = 'export default () => { globalThis.counter = (globalThis.counter ?? 0) + 1; return globalThis.counter }';
/** Like COUNTER, and says which process ran it. */
const COUNTER_PID =
  'export default () => { globalThis.counter = (globalThis.counter ?? 0) + 1; return [globalThis.counter, process.pid] }';

/** The runtime shared by the tests that only need default options (each uses its own keys). */
let runtime: NodeProcessRuntime;
/** A reuse key no other test uses. */
const freshKey = () => `workflow-${randomUUID()}`;
const run = (code: string, overrides: Partial<ExecuteRequest> = {}) => runOn(runtime, code, overrides);

/** Runs `body` against a runtime made with `options`, closing it afterwards. */
async function withRuntime(options: NodeProcessRuntimeOptions, body: (rt: NodeProcessRuntime) => Promise<void>): Promise<void> {
  const rt = createNodeProcessRuntime({ sandbox: 'off', ...options });
  try {
    await body(rt);
  } finally {
    await rt.close();
  }
}

describe('process reuse', () => {
  beforeAll(async () => {
    runtime = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 2 });
    await runtime.whenWarm();
  });
  afterAll(async () => {
    await runtime.close();
  });

  describe('who shares a process', () => {
    it('runs a second call with the same key in the same process', async () => {
      const key = freshKey();
      expect(await run(COUNTER, { reuseKey: key })).toMatchObject({ status: 'succeeded', output: 1, reused: false });
      expect(await run(COUNTER, { reuseKey: key })).toMatchObject({ status: 'succeeded', output: 2, reused: true, cold: false });
    });

    it('never shares a process across keys, or without a key', async () => {
      const key = freshKey();
      await run(COUNTER, { reuseKey: key });
      expect(await run(COUNTER, { reuseKey: freshKey() })).toMatchObject({ output: 1, reused: false });
      for (let i = 0; i < 2; i++) expect(await run(COUNTER)).toMatchObject({ output: 1, reused: false });
    });

    it('starts fresh after a call that threw', async () => {
      const key = freshKey();
      await run(COUNTER, { reuseKey: key });
      const failed = await run('export default () => { throw new Error("boom") }', { reuseKey: key });
      expect(failed.status).toBe('failed');
      expect(await run(COUNTER, { reuseKey: key })).toMatchObject({ output: 1, reused: false });
    });

    it('starts fresh after a call that timed out', async () => {
      const key = freshKey();
      await run(COUNTER, { reuseKey: key });
      const looped = await run('export default () => { while (true) {} }', { reuseKey: key, timeoutMs: 500 });
      expect(looped.status).toBe('timeout');
      expect(await run(COUNTER, { reuseKey: key })).toMatchObject({ output: 1, reused: false });
    });

    it('starts fresh after a call that left a timer running', async () => {
      const key = freshKey();
      await run('export default (i, ctx) => { setTimeout(() => ctx.log("late"), 200); return 1 }', { reuseKey: key });
      expect(await run(COUNTER, { reuseKey: key })).toMatchObject({ output: 1, reused: false });
    });

    it('starts fresh after a call whose logs were truncated', async () => {
      const key = freshKey();
      await run(COUNTER, { reuseKey: key });
      const noisy = await run('export default () => { for (let n = 0; n < 100; n++) console.log("x".repeat(50)); return 1 }', {
        reuseKey: key,
        maxLogBytes: 500,
      });
      expect(noisy).toMatchObject({ status: 'succeeded', logsTruncated: true, reused: true });
      expect(await run(COUNTER, { reuseKey: key })).toMatchObject({ output: 1, reused: false });
    });

    it('runs concurrent calls with one key in separate processes, and parks both afterwards', async () => {
      const key = freshKey();
      const pair = async () => {
        const runs = await Promise.all([run(COUNTER_PID, { reuseKey: key }), run(COUNTER_PID, { reuseKey: key })]);
        return {
          counts: runs.map((r) => (r.output as number[])[0]),
          pids: new Set(runs.map((r) => (r.output as number[])[1])),
          reused: runs.map((r) => r.reused),
        };
      };
      const first = await pair();
      expect(first).toMatchObject({ counts: [1, 1], reused: [false, false] });
      expect(first.pids.size).toBe(2);
      expect(await pair()).toEqual({ counts: [2, 2], pids: first.pids, reused: [true, true] });
    });
  });

  describe('what a reused call sees', () => {
    it('shows only its own env', async () => {
      const key = freshKey();
      const code = 'export default (i, ctx) => ({ env: { ...process.env }, ctxEnv: ctx.env })';
      await run(code, { reuseKey: key, env: { FIRST_SECRET: 'one' } });
      const second = await run(code, { reuseKey: key, env: { SECOND: 'two' } });
      expect(second.reused).toBe(true);
      expect(second.output).toEqual({ env: { PATH: expect.any(String), SECOND: 'two' }, ctxEnv: { SECOND: 'two' } });
    });

    it('delivers exactly its own log lines, all of them, before resolving', async () => {
      const key = freshKey();
      const first = await run(
        'export default (i, ctx) => { ctx.log("from call 1"); console.error("err 1"); process.stdout.write("partial 1"); return 1 }',
        { reuseKey: key },
      );
      expect(first.logs.map((l) => `${l.stream}:${l.line}`)).toEqual(['stdout:from call 1', 'stderr:err 1', 'stdout:partial 1']);
      const second = await run(
        'export default (i, ctx) => { for (let n = 0; n < 1000; n++) ctx.log("line " + n); return "done" }',
        {
          reuseKey: key,
        },
      );
      expect(second).toMatchObject({ status: 'succeeded', output: 'done', reused: true, logsTruncated: false });
      expect(second.logs.map((l) => l.line)).toEqual(Array.from({ length: 1000 }, (_, n) => `line ${n}`));
    });

    it('reports stacks of a reused process against main.js', async () => {
      const key = freshKey();
      await run(COUNTER, { reuseKey: key });
      const thrown = await run('function inner() { throw new TypeError("bad") }\nexport default () => inner()', {
        reuseKey: key,
      });
      expect(thrown.reused).toBe(true);
      expect(thrown.error?.stack).toContain('inner (main.js:1:');
      expect(thrown.error?.stack).not.toMatch(/node-runner|switchyard-run-|\.mjs/);
    });
  });
});

describe('process reuse: retirement', () => {
  it('kills a process parked longer than reuseIdleMs', async () => {
    await withRuntime({ warmPoolSize: 0, reuseIdleMs: 200 }, async (rt) => {
      const parked = await runOn(rt, 'export default () => process.pid', { reuseKey: 'wf' });
      const pid = parked.output as number;
      expect(alive(pid)).toBe(true);
      expect(await waitUntil(() => gone(pid), 3000)).toBe(true);
      expect(await runOn(rt, COUNTER, { reuseKey: 'wf' })).toMatchObject({ output: 1, reused: false });
    });
  });

  it('retires a process after reuseMaxCalls calls', async () => {
    await withRuntime({ warmPoolSize: 0, reuseMaxCalls: 2 }, async (rt) => {
      const outputs = [];
      for (let i = 0; i < 3; i++) outputs.push((await runOn(rt, COUNTER, { reuseKey: 'wf' })).output);
      expect(outputs).toEqual([1, 2, 1]);
    });
  });

  it('keeps at most reuseMaxIdle parked, evicting the least recently used', async () => {
    await withRuntime({ warmPoolSize: 0, reuseMaxIdle: 1 }, async (rt) => {
      const a = await runOn(rt, 'export default () => process.pid', { reuseKey: 'a' });
      await runOn(rt, COUNTER, { reuseKey: 'b' });
      expect(await waitUntil(() => gone(a.output as number), 2000)).toBe(true);
      expect(await runOn(rt, COUNTER, { reuseKey: 'b' })).toMatchObject({ output: 2, reused: true });
    });
  });

  it('retires a process whose heap use passed half its limit', async () => {
    await withRuntime({ warmPoolSize: 0 }, async (rt) => {
      // About 40 MiB kept alive: over half of a 64 MiB heap, well under half of 256 MiB.
      const hog = 'export default () => { globalThis.keep = Array.from({ length: 1000000 }, (_, n) => ({ n })); return 1 }';
      const kept = 'export default () => globalThis.keep?.length ?? 0';
      for (const [memoryMb, reused] of [
        [64, false],
        [256, true],
      ] as const) {
        expect(await runOn(rt, hog, { reuseKey: 'wf', memoryMb })).toMatchObject({ status: 'succeeded' });
        expect(await runOn(rt, kept, { reuseKey: 'wf', memoryMb })).toMatchObject({ output: reused ? 1_000_000 : 0, reused });
      }
    });
  });

  it('does not start a call on a process whose CPU budget left is below its timeout + 2 s', async () => {
    // warmMaxTimeoutMs 1000: reusable processes get 2 × (1 + 2) = 6 CPU seconds; a 5 s call needs 7.
    await withRuntime({ warmPoolSize: 0, warmMaxTimeoutMs: 1000 }, async (rt) => {
      await runOn(rt, COUNTER, { reuseKey: 'wf', timeoutMs: 1000 });
      expect(await runOn(rt, COUNTER, { reuseKey: 'wf', timeoutMs: 1000 })).toMatchObject({ output: 2, reused: true });
      expect(await runOn(rt, COUNTER, { reuseKey: 'wf', timeoutMs: 5000 })).toMatchObject({ output: 1, reused: false });
    });
  });

  it('leaves no process behind after close()', async () => {
    const before = new Set(runnerChildren());
    const rt = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 2 });
    await rt.whenWarm();
    const pids = await Promise.all(
      ['a', 'a', 'b'].map(
        async (key) => (await runOn(rt, 'export default () => process.pid', { reuseKey: key })).output as number,
      ),
    );
    await rt.whenWarm();
    const runners = runnerChildren().filter((pid) => !before.has(pid));
    expect(runners.length).toBeGreaterThanOrEqual(4); // two parked (a, b) + two warm; a's second may be parked too
    for (const pid of pids) expect(runners).toContain(pid);
    await rt.close();
    expect(runners.filter((pid) => !gone(pid))).toEqual([]);
  });
});

/** Runner processes that are children of this (test) process. */
function runnerChildren(): number[] {
  return readdirChildren(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node-runner.mjs');
    } catch {
      return false;
    }
  });
}

/** True once `pid` no longer exists at all (killed and reaped): `process.kill(pid, 0)` throws. */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('process reuse: server death', () => {
  it('parked processes exit when the server dies', async () => {
    const entry = fileURLToPath(new URL('./node-process.runtime.ts', import.meta.url));
    const script = `
      const { createNodeProcessRuntime } = await import(${JSON.stringify(entry)});
      const rt = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 0 });
      const call = { language: 'javascript', code: 'export default () => process.pid', inputs: {}, timeoutMs: 5000, maxOutputBytes: 1e6, maxLogBytes: 1e5, memoryMb: 256, env: {}, onLog() {}, reuseKey: 'wf' };
      const r = await rt.execute(call, new AbortController().signal);
      console.log(r.output);
      setInterval(() => {}, 1000); // Stay up with the process parked until killed.
    `;
    const host = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const pid = await new Promise<number>((resolve, reject) => {
        host.stdout.on('data', (d: Buffer) => resolve(Number(d.toString())));
        host.on('exit', () => reject(new Error('host exited early')));
      });
      expect(alive(pid)).toBe(true);
      host.kill('SIGKILL');
      expect(await waitUntil(() => !alive(pid), 3000)).toBe(true);
    } finally {
      host.kill('SIGKILL');
    }
  });
});
