import { readdirSync, readFileSync } from 'node:fs';
import { createNodeProcessRuntime } from '../server/src/runtimes/node-process.runtime.ts';
import type { ExecuteRequest, Runtime } from '../server/src/runtimes/runtime.ts';
import { probeSandbox } from '../server/src/runtimes/sandbox.ts';
import { runOn } from '../server/src/runtimes/test-support.ts';
import { createWasmRuntime, type WasmRuntime } from '../server/src/runtimes/wasm/wasm.runtime.ts';
import { watToBase64 } from '../server/src/runtimes/wasm/wat.ts';
import { engineOverhead } from './engine-overhead.bench.ts';
import { stats } from './lib.ts';

/**
 * Each runtime and backend alone (no engine, no database): latency of a trivial function when the call pays
 * for a process start (cold), takes a pre-started process (warm), or reuses its workflow's process (reused);
 * memory of an idle warm process; executions per second at 1–8 concurrent callers; and the 40-node fib(10)
 * chain through the whole stack per runtime. Durations are the runtime's own, in ms.
 */
const JS = 'export default ({ n }) => n + 1';
const PY = 'def main(inputs, ctx):\n    return inputs["n"] + 1';
const SH = 'echo $(( $(tr -dc 0-9 < "$INPUTS") + 1 ))';

type Make = (warm: number, reuse: boolean) => Runtime & { whenWarm?: () => Promise<void> };

async function latency(make: Make, request: Partial<ExecuteRequest>, code: string, counts = { cold: 20, warm: 30, reused: 50 }) {
  const call = (rt: Runtime, i: number, reuseKey?: string) =>
    runOn(rt, code, { ...request, inputs: { n: i }, ...(reuseKey ? { reuseKey } : {}) }).then((r) => {
      if (r.status !== 'succeeded') throw new Error(`bench call failed: ${JSON.stringify(r.error)}`);
      return r.durationMs;
    });
  const out: Record<string, ReturnType<typeof stats>> = {};
  if (counts.cold > 0) {
    const cold = make(0, false);
    const ms: number[] = [];
    for (let i = 0; i < counts.cold; i++) ms.push(await call(cold, i));
    await cold.close();
    out.coldMs = stats(ms);
  }
  if (counts.warm > 0) {
    const warm = make(1, false);
    const ms: number[] = [];
    for (let i = 0; i < counts.warm; i++) {
      await warm.whenWarm?.();
      ms.push(await call(warm, i));
    }
    await warm.close();
    out.warmMs = stats(ms);
  }
  if (counts.reused > 0) {
    const reuse = make(1, true);
    await reuse.whenWarm?.();
    const ms: number[] = [];
    for (let i = 0; i < counts.reused + 1; i++) ms.push(await call(reuse, i, 'wf'));
    await reuse.close();
    out.reusedMs = stats(ms.slice(1));
  }
  return out;
}

/** Resident memory of idle warm runner processes whose command line names `runner` (MiB each). */
async function warmRss(make: Make, runner: string, count = 2) {
  const rt = make(count, true);
  await rt.whenWarm?.();
  await new Promise((r) => setTimeout(r, 500));
  const rss: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!cmd.includes(runner) || cmd.includes('bwrap') || cmd.includes('prlimit')) continue;
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      if (kb) rss.push(Math.round(Number(kb) / 1024));
    } catch {}
  }
  await rt.close();
  return { processes: rss.length, rssMiBEach: rss };
}

/** Executions per second with `concurrency` callers, each reusing its own process (one workflow each). */
async function concurrency(make: Make, code: string, request: Partial<ExecuteRequest> = {}, seconds = 3) {
  const results: { concurrency: number; perSecond: number; p50Ms: number }[] = [];
  for (const n of [1, 2, 4, 8]) {
    const rt = make(n, true);
    await rt.whenWarm?.();
    const durations: number[] = [];
    let done = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: n }, async (_, k) => {
        while (performance.now() < until) {
          const r = await runOn(rt, code, { ...request, inputs: { n: k }, reuseKey: `wf${k}` });
          if (r.status === 'succeeded') done += 1;
          durations.push(r.durationMs);
        }
      }),
    );
    await rt.close();
    results.push({ concurrency: n, perSecond: Math.round(done / seconds), p50Ms: stats(durations).p50 });
  }
  return results;
}

export async function runtimesBench() {
  const sandboxed = probeSandbox().ok;
  const sandbox = sandboxed ? 'required' : 'off';
  const node: Make = (warm, reuse) => createNodeProcessRuntime({ sandbox, warmPoolSize: warm, reuseMaxIdle: reuse ? 8 : 0 });
  const wasm =
    (engine: 'quickjs' | 'pyodide' | 'wasi'): Make =>
    (warm, reuse) =>
      createWasmRuntime({
        sandbox,
        warmPoolSize: { quickjs: 0, pyodide: 0, wasi: 0, [engine]: warm },
        reuseMaxIdle: reuse ? 8 : 0,
      }) as WasmRuntime;
  const wasi = await watToBase64(`(module
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "42\\n")
    (func (export "_start")
      (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 3))
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`);

  console.error('[runtimes] latency…');
  const latencyResults = {
    isolation: sandboxed ? 'sandbox (bubblewrap)' : 'process',
    node: {
      javascript: await latency(node, {}, JS),
      // Python and Bash on node: a fresh sandboxed interpreter per call (no pool), so every call is cold.
      ...(sandboxed
        ? {
            python: await latency(node, { language: 'python' }, PY, { cold: 20, warm: 0, reused: 0 }),
            bash: await latency(node, { language: 'bash' }, SH, { cold: 20, warm: 0, reused: 0 }),
          }
        : {}),
    },
    wasm: {
      quickjs: await latency(wasm('quickjs'), {}, JS),
      pyodide: await latency(wasm('pyodide'), { language: 'python', timeoutMs: 30_000 }, PY, { cold: 3, warm: 5, reused: 30 }),
      wasi: await latency(wasm('wasi'), { language: 'wasi' }, wasi, { cold: 10, warm: 10, reused: 30 }),
    },
  };
  console.error('[runtimes] memory of warm workers…');
  const memory = {
    node: await warmRss(node, 'node-runner.mjs'),
    quickjs: await warmRss(wasm('quickjs'), 'quickjs-runner.mjs'),
    pyodide: await warmRss(wasm('pyodide'), 'pyodide-runner.mjs', 1),
  };
  console.error('[runtimes] concurrency…');
  const parallel = { node: await concurrency(node, JS), quickjs: await concurrency(wasm('quickjs'), JS) };
  console.error('[runtimes] 40-node fib(10) chain per runtime (Postgres)…');
  const chain = [await engineOverhead('postgres', 5, 40, 'node'), await engineOverhead('postgres', 5, 40, 'wasm')];
  return { latency: latencyResults, memory, concurrency: parallel, fibChain: chain };
}
