import { spawn } from 'node:child_process';
import { existsSync, readlinkSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeProcessRuntime, type NodeProcessRuntime } from './node-process.runtime.ts';
import type { ExecuteRequest, LogLine } from './runtime.ts';
import { alive, type Run, readdirChildren, request, runOn, waitUntil } from './test-support.ts';

// These tests watch the runner processes from the host (pids, process groups, /proc), so they run them
// without the OS sandbox, whose pid namespace hides them; sandbox.test.ts covers the sandboxed runtime.

// A host secret that must never reach user code (set before any runner is spawned).
process.env.SWITCHYARD_TEST_CANARY = 'hunter2-host-secret';

const HAS_PRLIMIT = existsSync('/usr/bin/prlimit');
let runtime: NodeProcessRuntime;

beforeAll(async () => {
  runtime = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 2 });
  await runtime.whenWarm();
});
afterAll(async () => {
  await runtime.close();
});

function run(code: string, overrides: Partial<ExecuteRequest> = {}, signal = new AbortController().signal, rt = runtime) {
  return runOn(rt, code, overrides, signal);
}

const lines = (r: Run, stream: LogLine['stream']) => r.logs.filter((l) => l.stream === stream).map((l) => l.line);

describe('node-process runtime: results and errors', () => {
  it('runs main with inputs and returns its value', async () => {
    const r = await run('export default async function main(inputs) { return { sum: inputs.a + inputs.b } }', {
      inputs: { a: 2, b: 3 },
    });
    expect(r).toMatchObject({ status: 'succeeded', output: { sum: 5 }, runtime: 'node', backend: 'node-process' });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('accepts sync functions and maps undefined to null', async () => {
    expect((await run('export default function main() {}')).output).toBeNull();
    expect((await run('export default (i) => [i.x, "é"]', { inputs: { x: 1 } })).output).toEqual([1, 'é']);
  });

  it('transpiles TypeScript without type checking and maps stacks to the .ts source', async () => {
    const code =
      'interface In { n: number }\nconst wrong: string = 5 as any;\nexport default function main(i: In): number {\n  if (i.n < 0) throw new Error("negative");\n  return i.n * 2;\n}\n';
    const ok = await run(code, { language: 'typescript', inputs: { n: 21 } });
    expect(ok).toMatchObject({ status: 'succeeded', output: 42 });
    const bad = await run(code, { language: 'typescript', inputs: { n: -1 } });
    expect(bad.error).toMatchObject({ code: 'user_error', message: 'negative' });
    expect(bad.error?.stack).toContain('main.ts:4:');
  });

  it('reports a thrown error with a trimmed stack', async () => {
    const r = await run('function inner() { throw new TypeError("bad thing") }\nexport default () => inner()');
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'user_error', message: 'bad thing' });
    expect(r.error?.stack).toContain('inner (main.js:1:');
    expect(r.error?.stack).not.toMatch(/node:internal|node-runner|switchyard-run-/);
  });

  it('reports errors escaping main (a throwing timer) as user errors', async () => {
    const r = await run('export default () => new Promise(() => { setTimeout(() => { throw new Error("late") }, 10) })');
    expect(r.error).toMatchObject({ code: 'user_error', message: 'late' });
  });

  it('reports syntax errors with line and column, for JS and TS', async () => {
    const js = await run('export default function main() {\n  let x = ;\n}');
    expect(js).toMatchObject({ status: 'failed', error: { code: 'syntax_error' } });
    expect(js.error?.message).toContain('main.js:2:');
    const ts = await run('export default function main(): number {\n  return (1 + ;\n}', { language: 'typescript' });
    expect(ts.error?.code).toBe('syntax_error');
    expect(ts.error?.message).toContain('main.ts:2:');
  });

  it('rejects a module without a default export function', async () => {
    for (const code of ['export const main = () => 1', 'export default 42']) {
      const r = await run(code);
      expect(r.error?.code).toBe('invalid_module');
      expect(r.error?.message).toContain('the module must export default function main(inputs, ctx)');
    }
  });

  it('rejects return values that are not JSON-serializable', async () => {
    for (const code of ['export default () => 10n', 'export default () => { const a = {}; a.self = a; return a }']) {
      const r = await run(code);
      expect(r).toMatchObject({ status: 'failed', error: { code: 'output_not_serializable' } });
    }
  });

  it('reports an exit without result with the exit code and last stderr lines', async () => {
    const r = await run('export default () => { console.error("about to quit"); process.exit(3) }');
    expect(r.error?.code).toBe('process_exited');
    expect(r.error?.message).toContain('code 3');
    expect(r.error?.message).toContain('about to quit');
  });

  it('refuses languages it does not run', async () => {
    const r = await run('print(1)', { language: 'python' });
    expect(r.status).toBe('unavailable');
    expect(runtime.supports('python')).toBe(false);
    expect(runtime.supports('typescript')).toBe(true);
  });
});

describe('node-process runtime: logs', () => {
  it('streams console and ctx.log lines in order, telling stdout from stderr', async () => {
    const code = `export default function main(inputs, ctx) {
      console.log('one', 1); ctx.log('two %d', 2); console.info('three'); console.debug({ four: 4 });
      console.error('e1'); console.warn('e2');
      process.stdout.write('five\\nsix'); process.stdout.write(' seven');
      return 'done';
    }`;
    const r = await run(code);
    expect(r.status).toBe('succeeded');
    expect(lines(r, 'stdout')).toEqual(['one 1', 'two 2', 'three', '{ four: 4 }', 'five', 'six seven']);
    expect(lines(r, 'stderr')).toEqual(['e1', 'e2']);
  });

  it('delivers a line as it is written, not at the end', async () => {
    let firstLineAt = 0;
    const result = await runtime.execute(
      request('export default async (i, ctx) => { ctx.log("early"); await new Promise((r) => setTimeout(r, 500)); return 1 }', {
        onLog: () => {
          firstLineAt ||= performance.now();
        },
      }),
      new AbortController().signal,
    );
    const doneAt = performance.now();
    expect(result.status).toBe('succeeded');
    expect(firstLineAt).toBeGreaterThan(0);
    expect(doneAt - firstLineAt).toBeGreaterThan(350);
  });

  it('truncates logs over maxLogBytes with one notice, and still returns', async () => {
    const r = await run(
      'export default () => { for (let i = 0; i < 200; i++) console.log("line " + i + " " + "x".repeat(40)); return "ok" }',
      { maxLogBytes: 1000 },
    );
    expect(r).toMatchObject({ status: 'succeeded', output: 'ok', logsTruncated: true });
    const last = r.logs.at(-1);
    expect(last?.line).toMatch(/^\[switchyard\] log output truncated after \d+ bytes$/);
    const kept = r.logs.slice(0, -1).reduce((n, l) => n + Buffer.byteLength(l.line) + 1, 0);
    expect(kept).toBeLessThanOrEqual(1000);
    expect(r.logs.length).toBeLessThan(30);
  });

  it('cuts a single over-long line at 16 KiB and marks it', async () => {
    const r = await run('export default () => { console.log("y".repeat(40000)); console.log("after") }');
    const [long, after] = lines(r, 'stdout');
    expect(long?.endsWith('…[truncated]')).toBe(true);
    expect(Buffer.byteLength(long ?? '')).toBeLessThanOrEqual(16 * 1024 + 20);
    expect(after).toBe('after');
  });
});

describe('node-process runtime: limits', () => {
  it('kills an infinite loop at the timeout while the host stays responsive', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const r = await run('export default () => { while (true) {} }', { timeoutMs: 1000 });
    clearInterval(timer);
    expect(r).toMatchObject({ status: 'timeout', error: { code: 'timeout', message: 'timed out after 1000 ms' } });
    expect(r.durationMs).toBeGreaterThanOrEqual(950);
    expect(r.durationMs).toBeLessThan(2500);
    expect(ticks).toBeGreaterThan(30);
  });

  it('rejects a return value over maxOutputBytes', async () => {
    const r = await run('export default () => "x".repeat(200000)', { maxOutputBytes: 1000 });
    expect(r).toMatchObject({ status: 'output_too_large', error: { code: 'output_too_large' } });
  });

  it('counts result bytes as they stream and kills early, even if the child lies about its size', async () => {
    const code = `import fs from 'node:fs';
      export default () => { fs.writeSync(3, '{"kind":"result","bytes":5}\\n'); fs.writeSync(3, 'x'.repeat(3000000)); return new Promise(() => {}) }`;
    const r = await run(code, { maxOutputBytes: 10_000, timeoutMs: 4000 });
    expect(r.status).toBe('output_too_large');
    expect(r.durationMs).toBeLessThan(3000);
  });

  it('reports heap exhaustion as out_of_memory', async () => {
    const r = await run('export default () => { const a = []; while (true) a.push({ n: a.length, s: "s" + a.length }) }', {
      memoryMb: 64,
      timeoutMs: 15_000,
    });
    expect(r).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
  }, 20_000);

  it('stops memory bombs outside the heap (ArrayBuffers, wasm memory growth) as out_of_memory', async () => {
    const buffers = await run(
      'export default () => { const keep = []; while (true) keep.push(new ArrayBuffer(64 * 1024 * 1024)); }',
      {
        memoryMb: 128,
        timeoutMs: 15_000,
      },
    );
    expect(buffers).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
    const wasm = await run(
      'export default () => { const m = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); while (true) m.grow(1024); }',
      { memoryMb: 128, timeoutMs: 15_000 },
    );
    expect(wasm).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
    // Legitimate buffer use within the budget still works, and the runtime keeps serving.
    const fine = await run('export default () => new ArrayBuffer(64 * 1024 * 1024).byteLength', { memoryMb: 128 });
    expect(fine).toMatchObject({ status: 'succeeded', output: 64 * 1024 * 1024 });
  }, 40_000);

  it('kills the process at once on abort and reports cancelled', async () => {
    const controller = new AbortController();
    let pid = 0;
    const pending = runtime.execute(
      request('export default async (i, ctx) => { ctx.log(process.pid); await new Promise(() => setInterval(() => {}, 1000)) }', {
        onLog: (l) => {
          pid = Number(l.line);
          controller.abort();
        },
      }),
      controller.signal,
    );
    const r = await pending;
    expect(r).toMatchObject({ status: 'cancelled' });
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('returns cancelled without running when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await run('export default () => { throw new Error("must not run") }', {}, controller.signal);
    expect(r.status).toBe('cancelled');
    expect(r.logs).toEqual([]);
  });
});

describe('node-process runtime: isolation', () => {
  const envCode = 'export default (i, ctx) => ({ env: { ...process.env }, ctxEnv: ctx.env })';

  it('shows only the request env (plus PATH), never the host env, warm or cold', async () => {
    for (const memoryMb of [256, 128]) {
      const r = await run(envCode, { env: { API_URL: 'https://example.test' }, memoryMb });
      const out = r.output as { env: Record<string, string>; ctxEnv: Record<string, string> };
      expect(Object.keys(out.env).sort()).toEqual(['API_URL', 'PATH']);
      expect(out.ctxEnv).toEqual({ API_URL: 'https://example.test' });
      expect(JSON.stringify(out)).not.toContain('hunter2');
    }
  });

  it('denies reads outside its temp dir and process spawning (permission model)', async () => {
    const passwd = await run('import fs from "node:fs"; export default () => fs.readFileSync("/etc/passwd", "utf8")');
    expect(passwd.error?.code).toBe('user_error');
    expect(passwd.error?.message).toContain('FileSystemRead');
    const here = fileURLToPath(import.meta.url);
    const source = await run(`import fs from "node:fs"; export default () => fs.readFileSync(${JSON.stringify(here)}, "utf8")`);
    expect(source.status).toBe('failed');
    const spawnRun = await run(
      'import cp from "node:child_process"; export default () => cp.spawnSync("/bin/echo", ["hi"]).stdout?.toString()',
    );
    expect(spawnRun.error?.message).toContain('ChildProcess');
    const scratch = await run(
      'import fs from "node:fs"; export default () => { fs.writeFileSync("scratch.txt", "ok"); return fs.readFileSync("scratch.txt", "utf8") }',
    );
    expect(scratch.output).toBe('ok');
  });

  it('cannot signal, debug or renice other processes (the server included)', async () => {
    const attempts = [
      'process.kill(process.ppid, 0)',
      'process._debugProcess(process.ppid)',
      '(await import("node:process")).kill(process.ppid, "SIGTERM")',
      '(await import("node:os")).setPriority(process.ppid, 10)',
    ];
    for (const attempt of attempts) {
      const r = await run(`export default async () => { ${attempt}; return "escaped" }`);
      expect(r.status, attempt).toBe('failed');
      expect(r.error?.message, attempt).toContain('not allowed in the node runtime');
    }
    expect((await run('export default () => { process.kill(process.pid, 0); return "self ok" }')).output).toBe('self ok');
  });

  it('kills grandchildren with the process group (permission model off)', async () => {
    const open = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 0, fsPermissions: false });
    try {
      const code = `import cp from 'node:child_process';
        export default (i, ctx) => { const c = cp.spawn('sleep', ['30'], { stdio: 'ignore' }); ctx.log(c.pid); while (true) {} }`;
      const r = await run(code, { timeoutMs: 1000 }, undefined, open);
      expect(r.status).toBe('timeout');
      const grandchild = Number(lines(r, 'stdout')[0]);
      expect(grandchild).toBeGreaterThan(0);
      expect(await waitUntil(() => !alive(grandchild), 1000)).toBe(true);
    } finally {
      await open.close();
    }
  });
});

describe('node-process runtime: warm pool', () => {
  const serverDir = fileURLToPath(new URL('../..', import.meta.url));
  const entry = fileURLToPath(new URL('./node-process.runtime.ts', import.meta.url));

  it('uses a warm process when one is ready and the memory matches, else spawns cold', async () => {
    const rt = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 1 });
    try {
      await rt.whenWarm();
      const warm = await run('export default (i) => i.x + 1', { inputs: { x: 1 } }, undefined, rt);
      expect(warm).toMatchObject({ status: 'succeeded', output: 2, cold: false });
      const other = await run('export default (i) => i.x + 1', { inputs: { x: 1 }, memoryMb: 128 }, undefined, rt);
      expect(other).toMatchObject({ status: 'succeeded', output: 2, cold: true });
    } finally {
      await rt.close();
    }
    const none = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 0 });
    expect((await run('export default () => 1', {}, undefined, none)).cold).toBe(true);
    await none.close();
  });

  it('lets the host exit on its own after close()', async () => {
    const script = `
      const { createNodeProcessRuntime } = await import(${JSON.stringify(entry)});
      const rt = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 2 });
      await rt.whenWarm();
      const r = await rt.execute({ language: 'javascript', code: 'export default () => 7', inputs: {}, timeoutMs: 5000, maxOutputBytes: 1e6, maxLogBytes: 1e5, memoryMb: 256, env: {}, onLog() {} }, new AbortController().signal);
      await rt.whenWarm(); // Only idle (unref'd) processes are left when close() runs.
      const t = performance.now();
      await rt.close();
      console.log('closed', r.output, performance.now() - t < 1000 ? 'promptly' : 'slowly');
    `;
    const host = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: serverDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    host.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => host.on('exit', resolve));
    expect({ code, out: out.trim() }).toEqual({ code: 0, out: 'closed 7 promptly' });
  });

  it('leaves no runner behind when the server process dies', async () => {
    // The host starts one sleeping run, one busy-looping run (only the kernel CPU limit can stop it), and keeps a warm pool.
    const script = `
      const { createNodeProcessRuntime } = await import(${JSON.stringify(entry)});
      const rt = createNodeProcessRuntime({ sandbox: 'off', warmPoolSize: 2 });
      await rt.whenWarm();
      const base = { language: 'javascript', inputs: {}, timeoutMs: 1000, maxOutputBytes: 1e6, maxLogBytes: 1e5, memoryMb: 256, env: {} };
      const pids = {};
      const started = (line) => {
        const [kind, pid] = line.line.split(' ');
        pids[kind] = Number(pid);
        if (pids.sleep && pids.busy) setTimeout(() => console.log(JSON.stringify([pids.sleep, pids.busy])), 100);
      };
      rt.execute({ ...base, timeoutMs: 60000, code: 'export default async (i, ctx) => { ctx.log("sleep", process.pid); await new Promise((r) => setTimeout(r, 60000)) }', onLog: started }, new AbortController().signal);
      // memoryMb 128 makes it a cold spawn, whose CPU limit follows its own 1 s timeout (3 CPU seconds).
      rt.execute({ ...base, memoryMb: 128, code: 'export default (i, ctx) => { ctx.log("busy", process.pid); while (true) {} }', onLog: started }, new AbortController().signal);
    `;
    const host = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: serverDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const running = await new Promise<number[]>((resolve, reject) => {
        let out = '';
        host.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(JSON.parse(out) as number[]);
        });
        host.on('exit', () => reject(new Error('host exited early')));
      });
      const children = readdirChildren(host.pid ?? 0);
      const [sleeping = 0, busy = 0] = running;
      const busyDir = readlinkSync(`/proc/${busy}/cwd`); // Only the kernel limit ends this one; nobody cleans its dir.
      expect(children.length).toBeGreaterThanOrEqual(4); // two runs + two warm
      for (const pid of running) expect(children).toContain(pid);
      host.kill('SIGKILL');
      const idle = children.filter((p) => !running.includes(p));
      await waitUntil(() => !alive(sleeping) && idle.every((p) => !alive(p)), 3000);
      expect([sleeping, ...idle].filter(alive)).toEqual([]);
      if (HAS_PRLIMIT) expect(await waitUntil(() => !alive(busy), 8000)).toBe(true);
      else process.kill(busy, 'SIGKILL');
      rmSync(busyDir, { recursive: true, force: true });
    } finally {
      host.kill('SIGKILL');
    }
  }, 20_000);
});
