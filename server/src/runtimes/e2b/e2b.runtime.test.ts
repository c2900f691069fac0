import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecuteRequest, LogLine } from '../runtime.ts';
import { lines, runMeta, useFakeE2b } from './e2b-test-kit.ts';

// The runtime end to end against the fake E2B (see e2b-test-kit.ts): languages, logs, errors and limits,
// environment and network. Sandbox lifetimes: e2b.lifecycle.test.ts. e2b.live.test.ts runs the same kinds of code on E2B.

// A host secret that must never reach the sandbox.
process.env.SWITCHYARD_TEST_CANARY = 'hunter2-host-secret';

const e2b = useFakeE2b();
const { run, py, sh } = e2b;

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
    const result = await e2b.runtime.execute(
      {
        ...baseRequest(),
        language: 'bash',
        code: 'echo one\nfor i in $(seq 100); do [ -e "$HOME/go" ] && break; sleep 0.1; done\n[ -e "$HOME/go" ] && echo two || echo gave-up\necho three',
        onLog: (line) => {
          logs.push(line);
          if (line.line === 'one') {
            for (const sbx of e2b.fake.sandboxes.values()) writeFileSync(path.join(sbx.dir, 'go'), '');
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
    const before = e2b.fake.killed.length;
    const results = await Promise.all([
      run('export default async function main() { for (;;) {} }', { timeoutMs: 1000 }),
      py('import time\ndef main(inputs, ctx):\n    time.sleep(30)', { timeoutMs: 1000 }),
      sh('sleep 30', { timeoutMs: 1000 }),
    ]);
    for (const r of results) expect(r).toMatchObject({ status: 'timeout', error: { code: 'timeout' } });
    expect(e2b.fake.killed.length - before).toBe(3);
    expect([...e2b.fake.sandboxes.values()].every((s) => s.processes.size === 0)).toBe(true);
  });

  it('cancels a running call when the signal aborts', async () => {
    const controller = new AbortController();
    const logs: string[] = [];
    const r = await e2b.runtime.execute(
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
    const commands = e2b.fake.commands.slice(-3);
    for (const c of commands) {
      expect(c.envs.API_TOKEN).toBe(secret);
      expect(JSON.stringify(c.args)).not.toContain(secret);
    }
    for (const body of e2b.fake.createBodies) expect(JSON.stringify(body)).not.toContain(secret);
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
    await e2b.runtime.release(runId);
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
    await e2b.runtime.release(runId);
  });

  it('turns internet off unless the policy allows network, in the create request and in the sandbox', async () => {
    const port = new URL(e2b.fake.url).port;
    const probe = `import socket\ndef main(inputs, ctx):\n    try:\n        socket.create_connection(("127.0.0.1", ${port}), timeout=2).close()\n        return "reached"\n    except OSError:\n        return "unreachable"`;
    const off = await py(probe);
    expect(e2b.fake.createBodies.at(-1)).toMatchObject({ allow_internet_access: false });
    expect(off.output).toBe('unreachable');
    const on = await py(probe, { network: 'on' });
    expect(e2b.fake.createBodies.at(-1)).toMatchObject({ allow_internet_access: true });
    expect(on.output).toBe('reached');
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
