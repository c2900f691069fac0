import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Sandbox } from 'e2b';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecuteRequest, LogLine } from '../runtime.ts';
import { type Run, runOn, waitUntil } from '../test-support.ts';
import { createE2bRuntime, type E2bRuntime, type E2bRuntimeOptions } from './e2b.runtime.ts';
import { type FakeE2b, startFakeE2b } from './fake/fake-e2b.ts';

// The real `e2b` SDK against a local fake of E2B's control plane and envd (./fake): commands really run, in
// bubblewrap, so these tests cover the runtime end to end. e2b.live.test.ts runs the same kinds of code on E2B.

// A host secret that must never reach the sandbox.
process.env.SWITCHYARD_TEST_CANARY = 'hunter2-host-secret';

let fake: FakeE2b;
let runtime: E2bRuntime;
const opened: E2bRuntime[] = [];

function connect(overrides: E2bRuntimeOptions = {}): E2bRuntime {
  const rt = createE2bRuntime({
    apiKey: fake.apiKey,
    apiUrl: fake.url,
    sandboxUrl: fake.url,
    instanceTag: `test-${randomBytes(4).toString('hex')}`,
    ...overrides,
  });
  opened.push(rt);
  return rt;
}

beforeAll(async () => {
  fake = await startFakeE2b();
  runtime = connect();
  await runtime.initialSweep;
});
afterAll(async () => {
  await Promise.all(opened.map((rt) => rt.close()));
  await fake.close();
});

function run(code: string, overrides: Partial<ExecuteRequest> = {}, signal?: AbortSignal, rt = runtime): Promise<Run> {
  return runOn(rt, code, overrides, signal);
}
const py = (code: string, overrides: Partial<ExecuteRequest> = {}) => run(code, { language: 'python', ...overrides });
const sh = (code: string, overrides: Partial<ExecuteRequest> = {}) => run(code, { language: 'bash', ...overrides });
const lines = (r: Run, stream?: LogLine['stream']) => r.logs.filter((l) => !stream || l.stream === stream).map((l) => l.line);
const runMeta = (runId: string) => ({ meta: { source: 'run' as const, runId } });

describe('e2b runtime: languages', () => {
  it('runs JavaScript main with inputs and ctx.log', async () => {
    const r = await run(
      'export default async function main(inputs, ctx) { ctx.log("sum", inputs.a + inputs.b); console.error("warn"); return { sum: inputs.a + inputs.b } }',
      { inputs: { a: 2, b: 3 } },
    );
    expect(r).toMatchObject({ status: 'succeeded', output: { sum: 5 }, runtime: 'e2b', backend: 'e2b', cold: true });
    expect(lines(r, 'stdout')).toEqual(['sum 5']);
    expect(lines(r, 'stderr')).toEqual(['warn']);
  });

  it('transpiles TypeScript on the server and runs it', async () => {
    const r = await run(
      'interface In { name: string }\nexport default async function main(inputs: In): Promise<string> { return "hi " + inputs.name }',
      { language: 'typescript', inputs: { name: 'ts' } },
    );
    expect(r).toMatchObject({ status: 'succeeded', output: 'hi ts' });
  });

  it('runs Python main (sync and async) with print and ctx.log as logs', async () => {
    const sync = await py(
      'def main(inputs, ctx):\n    print("hello", inputs["n"])\n    ctx.log("via ctx")\n    return {"double": inputs["n"] * 2}',
      {
        inputs: { n: 21 },
      },
    );
    expect(sync).toMatchObject({ status: 'succeeded', output: { double: 42 } });
    expect(lines(sync, 'stdout')).toEqual(['hello 21', 'via ctx']);
    const async_ = await py(
      'import asyncio\nasync def main(inputs, ctx):\n    await asyncio.sleep(0.01)\n    return [1, None, "x"]',
    );
    expect(async_).toMatchObject({ status: 'succeeded', output: [1, null, 'x'] });
    const oneArg = await py('def main(inputs):\n    return None');
    expect(oneArg).toMatchObject({ status: 'succeeded', output: null });
  });

  it('runs Bash with inputs on stdin and in $INPUTS, output from $OUTPUT', async () => {
    const r = await sh('read -r line\necho "stdin: $line"\necho "file: $(cat "$INPUTS")" >&2\necho \'{"ok":true}\' > "$OUTPUT"', {
      inputs: { x: 1 },
    });
    expect(r).toMatchObject({ status: 'succeeded', output: { ok: true } });
    expect(lines(r, 'stdout')).toEqual(['stdin: {"x":1}']);
    expect(lines(r, 'stderr')).toEqual(['file: {"x":1}']);
  });

  it('takes a Bash output from the last non-empty stdout line: JSON, else text, else null', async () => {
    expect((await sh('echo first\necho \'{"n": 3}\'\necho')).output).toEqual({ n: 3 });
    expect((await sh('echo first\necho "just text"')).output).toBe('just text');
    expect((await sh('true')).output).toBeNull();
    expect((await sh('echo plain > "$OUTPUT"\necho ignored')).output).toBe('plain');
  });
});

describe('e2b runtime: logs', () => {
  it('streams log lines while the code runs, in order', async () => {
    // The code waits for a file that the test writes only once the first line has arrived: without
    // streaming, the line would come with the result, after the code gave up waiting.
    const logs: LogLine[] = [];
    const result = await runtime.execute(
      {
        ...baseRequest(),
        language: 'bash',
        code: 'echo one\nfor i in $(seq 100); do [ -e "$HOME/go" ] && break; sleep 0.1; done\n[ -e "$HOME/go" ] && echo two || echo gave-up\necho three',
        onLog: (line) => {
          logs.push(line);
          if (line.line === 'one') {
            for (const sbx of fake.sandboxes.values()) writeFileSync(path.join(sbx.dir, 'go'), '');
          }
        },
      },
      new AbortController().signal,
    );
    expect(result.status).toBe('succeeded');
    expect(logs.map((l) => l.line)).toEqual(['one', 'two', 'three']);
  });

  it('caps logs at maxLogBytes with one notice and logsTruncated', async () => {
    const r = await run(
      'export default async function main() { for (let i = 0; i < 1000; i++) console.log("line " + i); return 1 }',
      {
        maxLogBytes: 100,
      },
    );
    expect(r).toMatchObject({ status: 'succeeded', output: 1, logsTruncated: true });
    expect(r.logs.at(-1)?.line).toMatch(/log output truncated/);
    expect(r.logs.length).toBeLessThan(20);
  });
});

describe('e2b runtime: errors and limits', () => {
  it('reports user errors with the code and a stack in main', async () => {
    const js = await run('export default async function main() {\n  throw new Error("boom")\n}');
    expect(js).toMatchObject({ status: 'failed', error: { code: 'user_error', message: 'boom' } });
    expect(js.error?.stack).toMatch(/main\.js:2/);
    const p = await py('def main(inputs, ctx):\n    raise ValueError("bad value")');
    expect(p).toMatchObject({ status: 'failed', error: { code: 'user_error', message: 'ValueError: bad value' } });
    expect(p.error?.stack).toMatch(/main\.py", line 2/);
    expect(p.error?.stack).not.toMatch(/runner\.py/);
  });

  it('reports syntax errors and modules without main', async () => {
    expect(await run('export default async function main( {')).toMatchObject({
      status: 'failed',
      error: { code: 'syntax_error' },
    });
    expect(await py('def main(:\n  pass')).toMatchObject({ status: 'failed', error: { code: 'syntax_error' } });
    expect(await run('export const x = 1')).toMatchObject({ status: 'failed', error: { code: 'invalid_module' } });
    expect(await py('x = 1')).toMatchObject({ status: 'failed', error: { code: 'invalid_module' } });
  });

  it('fails a Bash script that exits non-zero with exit_code', async () => {
    const r = await sh('echo going\necho "broken pipe" >&2\nexit 3');
    expect(r).toMatchObject({ status: 'failed', error: { code: 'exit_code' } });
    expect(r.error?.message).toMatch(/exited with code 3[\s\S]*broken pipe/);
  });

  it('times out JS, Python and Bash, killing the command', async () => {
    const before = fake.killed.length;
    const results = await Promise.all([
      run('export default async function main() { for (;;) {} }', { timeoutMs: 1000 }),
      py('import time\ndef main(inputs, ctx):\n    time.sleep(30)', { timeoutMs: 1000 }),
      sh('sleep 30', { timeoutMs: 1000 }),
    ]);
    for (const r of results) expect(r).toMatchObject({ status: 'timeout', error: { code: 'timeout' } });
    expect(fake.killed.length - before).toBe(3);
    expect([...fake.sandboxes.values()].every((s) => s.processes.size === 0)).toBe(true);
  });

  it('cancels a running call when the signal aborts', async () => {
    const controller = new AbortController();
    const logs: string[] = [];
    const r = await runtime.execute(
      {
        ...baseRequest(),
        language: 'bash',
        code: 'echo started\nsleep 30',
        timeoutMs: 20_000,
        onLog: (l) => {
          logs.push(l.line);
          if (l.line === 'started') controller.abort();
        },
      },
      controller.signal,
    );
    expect(r).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(logs).toEqual(['started']);
  });

  it('refuses return values over maxOutputBytes (runner check and file-size check)', async () => {
    const js = await run('export default async function main() { return "x".repeat(5000) }', { maxOutputBytes: 1000 });
    expect(js).toMatchObject({ status: 'output_too_large', error: { code: 'output_too_large' } });
    const p = await py('def main(inputs, ctx):\n    return "x" * 5000', { maxOutputBytes: 1000 });
    expect(p).toMatchObject({ status: 'output_too_large' });
    const b = await sh('head -c 5000 /dev/zero | tr "\\0" x > "$OUTPUT"', { maxOutputBytes: 1000 });
    expect(b).toMatchObject({ status: 'output_too_large', error: { message: /5000 bytes/ } });
    const line = await sh('head -c 5000 /dev/zero | tr "\\0" x; echo', { maxOutputBytes: 1000 });
    expect(line).toMatchObject({ status: 'output_too_large' });
  });

  it('limits memory: a full V8 heap and a Python MemoryError are out_of_memory', async () => {
    const js = await run('export default async function main() { const a = []; for (;;) a.push(new Array(100000).fill(1)) }', {
      memoryMb: 32,
    });
    expect(js).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
    const p = await py('def main(inputs, ctx):\n    return len(bytearray(8 * 1024 ** 3))', { memoryMb: 64 });
    expect(p).toMatchObject({ status: 'out_of_memory', error: { code: 'out_of_memory' } });
  });
});

describe('e2b runtime: environment and network', () => {
  it('passes the policy env to the command only, never the host env, never in the command line', async () => {
    const secret = 's3cret-value-123';
    const env = { API_TOKEN: secret };
    const js = await run(
      'export default async function main(i, ctx) { return [ctx.env, process.env.API_TOKEN, process.env.SWITCHYARD_TEST_CANARY ?? null] }',
      {
        env,
      },
    );
    expect(js.output).toEqual([{ API_TOKEN: secret }, secret, null]);
    const p = await py('import os\ndef main(inputs, ctx):\n    return [ctx.env, os.environ.get("SWITCHYARD_TEST_CANARY")]', {
      env,
    });
    expect(p.output).toEqual([{ API_TOKEN: secret }, null]);
    const b = await sh('echo "$API_TOKEN|$SWITCHYARD_TEST_CANARY|"', { env });
    expect(b.output).toBe(`${secret}||`);
    const commands = fake.commands.slice(-3);
    for (const c of commands) {
      expect(c.envs.API_TOKEN).toBe(secret);
      expect(JSON.stringify(c.args)).not.toContain(secret);
    }
    for (const body of fake.createBodies) expect(JSON.stringify(body)).not.toContain(secret);
  });

  it('keeps the env of one node from the next node of the same run, and out of errors', async () => {
    const runId = `run-${randomBytes(4).toString('hex')}`;
    const first = await sh('echo "$API_TOKEN" > "$HOME/leak"; echo ok', {
      env: { API_TOKEN: 'first-node-token' },
      ...runMeta(runId),
    });
    expect(first.output).toBe('ok');
    const second = await sh('echo "<$API_TOKEN>"', runMeta(runId));
    expect(second).toMatchObject({ output: '<>', reused: true });
    const failed = await run('export default async function main(i, ctx) { throw new Error("token " + ctx.env.T) }', {
      env: { T: 'do-not-show-me' },
    });
    expect(failed.error?.message).toBe('token [redacted]');
    expect(JSON.stringify(failed)).not.toContain('do-not-show-me');
    await runtime.release(runId);
  });

  it('gives calls of one run with another reuse key (other secrets, another agent) their own sandbox', async () => {
    const runId = `run-${randomBytes(4).toString('hex')}`;
    const holder = await sh('echo "$API_TOKEN" > "$HOME/leak"; echo "$E2B_SANDBOX_ID"', {
      env: { API_TOKEN: 'holder-node-token' },
      reuseKey: 'wf\u0000inline\u0000env-a',
      ...runMeta(runId),
    });
    const other = await sh('cat "$HOME/leak" 2>/dev/null || echo none; echo "$E2B_SANDBOX_ID"', {
      reuseKey: 'wf\u0000inline\u0000env-b',
      ...runMeta(runId),
    });
    expect(other).toMatchObject({ status: 'succeeded', cold: true, reused: false });
    expect(lines(other)).toContain('none');
    expect(other.output).not.toBe(holder.output);
    await runtime.release(runId);
  });

  it('turns internet off unless the policy allows network, in the create request and in the sandbox', async () => {
    const port = new URL(fake.url).port;
    const probe = `import socket\ndef main(inputs, ctx):\n    try:\n        socket.create_connection(("127.0.0.1", ${port}), timeout=2).close()\n        return "reached"\n    except OSError:\n        return "unreachable"`;
    const off = await py(probe);
    expect(fake.createBodies.at(-1)).toMatchObject({ allow_internet_access: false });
    expect(off.output).toBe('unreachable');
    const on = await py(probe, { network: 'on' });
    expect(fake.createBodies.at(-1)).toMatchObject({ allow_internet_access: true });
    expect(on.output).toBe('reached');
  });
});

describe('e2b runtime: sandbox lifecycle', () => {
  it('reuses one sandbox across the calls of a run, and not across runs or network policies', async () => {
    const a = `run-${randomBytes(4).toString('hex')}`;
    const b = `run-${randomBytes(4).toString('hex')}`;
    const created = fake.createBodies.length;
    const first = await sh('echo from-first > "$HOME/mark"; echo "$E2B_SANDBOX_ID"', runMeta(a));
    const second = await sh('cat "$HOME/mark"; echo "$E2B_SANDBOX_ID"', runMeta(a));
    expect(first).toMatchObject({ status: 'succeeded', cold: true, reused: false });
    expect(second).toMatchObject({ status: 'succeeded', cold: false, reused: true, output: first.output });
    expect(lines(second)).toContain('from-first');
    const other = await sh('cat "$HOME/mark" 2>/dev/null || echo none', runMeta(b));
    expect(other).toMatchObject({ output: 'none', cold: true });
    const withNet = await sh('echo "$E2B_SANDBOX_ID"', { ...runMeta(a), network: 'on' });
    expect(withNet.cold).toBe(true);
    expect(withNet.output).not.toBe(first.output);
    expect(fake.createBodies.length - created).toBe(3);
    const sandboxA = String(first.output);
    expect(fake.createBodies.at(created)).toMatchObject({ metadata: { runId: a } });

    await runtime.release(a);
    expect(fake.killed).toContain(sandboxA);
    expect(fake.killed).toContain(String(withNet.output));
    expect(runtime.sandboxCount()).toBe(1);
    await runtime.release(b);
    expect(runtime.sandboxCount()).toBe(0);
  });

  it('creates one sandbox for parallel calls of a run and extends its E2B lifetime when a call needs it', async () => {
    const rt = connect({ sandboxLifetimeMs: 5000 });
    const created = fake.createBodies.length;
    const code = 'export default async function main() { return process.env.E2B_SANDBOX_ID }';
    const [a, b] = await Promise.all([
      run(code, runMeta('parallel'), undefined, rt),
      run(code, runMeta('parallel'), undefined, rt),
    ]);
    expect(a.output).toBe(b.output);
    expect(fake.createBodies.length - created).toBe(1);
    expect(fake.createBodies.at(-1)).toMatchObject({ timeout: 5 });
    await run(code, { ...runMeta('parallel'), timeoutMs: 20_000 }, undefined, rt);
    const endAt = fake.sandboxes.get(String(a.output))?.endAt.getTime() ?? 0;
    expect(endAt - Date.now()).toBeGreaterThan(60_000);
    await rt.release('parallel');
    expect(fake.sandboxes.has(String(a.output))).toBe(false);
  });

  it('kills the sandbox of an ad-hoc call right after it, whatever the outcome', async () => {
    const ok = await sh('echo "$E2B_SANDBOX_ID"');
    const bad = await sh('echo "$E2B_SANDBOX_ID"; exit 1');
    expect(ok.cold).toBe(true);
    expect(fake.killed).toContain(String(ok.output));
    expect(bad.status).toBe('failed');
    expect(fake.killed).toContain(lines(bad)[0]);
    expect(runtime.sandboxCount()).toBe(0);
  });

  it('kills a run sandbox after the idle timeout', async () => {
    const rt = connect({ idleTimeoutMs: 200 });
    const r = await run(
      'export default async function main() { return process.env.E2B_SANDBOX_ID }',
      runMeta('idle-run'),
      undefined,
      rt,
    );
    expect(r.status).toBe('succeeded');
    expect(fake.sandboxes.has(String(r.output))).toBe(true);
    expect(await waitUntil(() => !fake.sandboxes.has(String(r.output)), 5000)).toBe(true);
    expect(rt.sandboxCount()).toBe(0);
  });

  it('kills every sandbox on close() and refuses calls afterwards', async () => {
    const rt = connect();
    const ids = [];
    for (const runId of ['close-1', 'close-2']) {
      ids.push(
        String(
          (await run('export default async function main() { return process.env.E2B_SANDBOX_ID }', runMeta(runId), undefined, rt))
            .output,
        ),
      );
    }
    expect(ids.every((id) => fake.sandboxes.has(id))).toBe(true);
    expect(rt.sandboxCount()).toBe(2);
    await rt.close();
    expect(ids.some((id) => fake.sandboxes.has(id))).toBe(false);
    expect(rt.sandboxCount()).toBe(0);
    const after = await run('export default async function main() { return 1 }', {}, undefined, rt);
    expect(after).toMatchObject({ status: 'unavailable', error: { code: 'runtime_unavailable' } });
  });

  it('sweeps orphans a previous process with the same instance tag left, and only those', async () => {
    const tag = `sweep-${randomBytes(4).toString('hex')}`;
    const conn = { apiKey: fake.apiKey, apiUrl: fake.url, sandboxUrl: fake.url, debug: false };
    const orphan = await Sandbox.create({ ...conn, metadata: { switchyard: tag, owner: 'crashed-process' } });
    const foreign = await Sandbox.create({ ...conn, metadata: { switchyard: 'someone-else' } });
    const rt = connect({ instanceTag: tag });
    expect(await rt.initialSweep).toBe(1);
    expect(fake.sandboxes.has(orphan.sandboxId)).toBe(false);
    expect(fake.sandboxes.has(foreign.sandboxId)).toBe(true);
    await foreign.kill();
  });
});

function baseRequest(): ExecuteRequest {
  return {
    language: 'javascript',
    code: '',
    inputs: {},
    timeoutMs: 10_000,
    maxOutputBytes: 1_000_000,
    maxLogBytes: 100_000,
    memoryMb: 256,
    env: {},
    onLog: () => {},
  };
}
