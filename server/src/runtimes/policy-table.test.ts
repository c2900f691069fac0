import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createE2bRuntime } from './e2b/e2b.runtime.ts';
import { type FakeE2b, startFakeE2b } from './e2b/fake/fake-e2b.ts';
import { createNodeProcessRuntime } from './node-process.runtime.ts';
import type { ExecStatus, ExecuteRequest, Language, Runtime } from './runtime.ts';
import { probeSandbox } from './sandbox.ts';
import { type Run, runOn } from './test-support.ts';
import { createWasmRuntime } from './wasm/wasm.runtime.ts';

// One policy, one meaning, on every runtime: the same table of cases runs on each runtime and language
// that claims isolation here. A case says what the code does in each language and what must come out.

process.env.SWITCHYARD_POLICY_CANARY = 'host-only-value';
const probe = probeSandbox();
if (!probe.ok)
  console.warn(`policy table: the OS sandbox is unavailable (${probe.reason}); only runtimes that isolate without it run`);

type Lang = Extract<Language, 'javascript' | 'python' | 'bash'>;
interface Case {
  name: string;
  /** The code per language; a missing language means the case does not apply (the reason is in `skip`). */
  code: Partial<Record<Lang, string>>;
  policy?: Partial<ExecuteRequest>;
  inputs?: Record<string, unknown>;
  expect: (run: Run) => void;
}

let server: Server;
let port = 0;
let connections = 0;

const status = (expected: ExecStatus) => (run: Run) => expect(run.status, JSON.stringify(run.error)).toBe(expected);

const CASES = (): Case[] => [
  {
    name: 'inputs in, JSON out',
    inputs: { n: 21 },
    code: {
      javascript: 'export default (inputs) => ({ doubled: inputs.n * 2 })',
      python: 'def main(inputs, ctx):\n    return {"doubled": inputs["n"] * 2}',
      bash: 'n=$(tr -dc 0-9 < "$INPUTS"); echo "{\\"doubled\\": $((n * 2))}"',
    },
    expect: (run) => expect(run).toMatchObject({ status: 'succeeded', output: { doubled: 42 } }),
  },
  {
    name: 'env: the declared variables, nothing of the host',
    policy: { env: { GREETING: 'hi' } },
    code: {
      javascript: 'export default () => [process.env.GREETING ?? null, process.env.SWITCHYARD_POLICY_CANARY ?? null]',
      python:
        'import os\ndef main(inputs, ctx):\n    return [os.environ.get("GREETING"), os.environ.get("SWITCHYARD_POLICY_CANARY")]',
      bash: 'c=null; [ -n "$SWITCHYARD_POLICY_CANARY" ] && c=\'"leak"\'; printf \'["%s", %s]\\n\' "$GREETING" "$c"',
    },
    expect: (run) => expect(run).toMatchObject({ status: 'succeeded', output: ['hi', null] }),
  },
  {
    name: 'timeoutMs: a busy loop ends as timeout',
    policy: { timeoutMs: 1_000 },
    code: {
      javascript: 'export default () => { for (;;) {} }',
      python: 'def main(inputs, ctx):\n    while True:\n        pass',
      bash: 'while :; do :; done',
    },
    expect: status('timeout'),
  },
  {
    name: 'maxOutputBytes: a larger result ends as output_too_large',
    policy: { maxOutputBytes: 1_000 },
    code: {
      javascript: 'export default () => "x".repeat(5000)',
      python: 'def main(inputs, ctx):\n    return "x" * 5000',
      bash: 'head -c 5000 /dev/zero | tr "\\0" x; echo',
    },
    expect: status('output_too_large'),
  },
  {
    name: 'maxLogBytes: later lines are dropped with one notice; the call still succeeds',
    policy: { maxLogBytes: 200 },
    code: {
      javascript: 'export default () => { for (let i = 0; i < 100; i++) console.log("line " + i); return 1 }',
      python: 'def main(inputs, ctx):\n    for i in range(100):\n        print("line", i)\n    return 1',
      bash: 'for i in $(seq 100); do echo "line $i"; done; echo 1 > "$OUTPUT"',
    },
    expect: (run) => {
      expect(run).toMatchObject({ status: 'succeeded', output: 1, logsTruncated: true });
      expect(run.logs.length).toBeLessThan(30);
      expect(run.logs.at(-1)?.line).toMatch(/truncated/);
    },
  },
  {
    name: 'memoryMb: allocating far more ends as out_of_memory',
    policy: { memoryMb: 64, timeoutMs: 20_000 },
    code: {
      javascript: 'export default () => { const keep = []; for (;;) keep.push(new Array(1e6).fill(keep.length)) }',
      python: 'def main(inputs, ctx):\n    keep = []\n    while True:\n        keep.append(bytearray(64 * 1024 * 1024))',
    },
    expect: status('out_of_memory'),
  },
  {
    name: 'network off: a server on the host loopback is unreachable',
    code: {
      javascript: `export default async () => { try { await fetch("http://127.0.0.1:PORT/"); return "connected" } catch { return "blocked" } }`,
      python:
        'import socket\ndef main(inputs, ctx):\n    try:\n        socket.create_connection(("127.0.0.1", PORT), timeout=2)\n        return "connected"\n    except Exception:\n        return "blocked"',
      bash: '(exec 3<>/dev/tcp/127.0.0.1/PORT) 2>/dev/null && echo connected || echo blocked',
    },
    expect: (run) => expect(run).toMatchObject({ status: 'succeeded', output: 'blocked' }),
  },
  {
    name: 'filesystem tmp: a private writable working directory',
    code: {
      python:
        'def main(inputs, ctx):\n    with open("note.txt", "w") as f:\n        f.write("kept")\n    return open("note.txt").read()',
      bash: 'echo kept > note.txt; cat note.txt',
    },
    expect: (run) => expect(run).toMatchObject({ status: 'succeeded', output: 'kept' }),
  },
];

interface Target {
  name: string;
  language: Lang;
  runtime: () => Runtime;
  /** Runs here only when the OS sandbox works (the runtime refuses the language otherwise). */
  needsSandbox?: boolean;
}

let node: Runtime;
let wasm: Runtime;
let e2b: Runtime;
let fake: FakeE2b | undefined;

const TARGETS: Target[] = [
  { name: 'node', language: 'javascript', runtime: () => node },
  { name: 'node', language: 'python', runtime: () => node, needsSandbox: true },
  { name: 'node', language: 'bash', runtime: () => node, needsSandbox: true },
  { name: 'wasm (QuickJS)', language: 'javascript', runtime: () => wasm },
  { name: 'wasm (Pyodide)', language: 'python', runtime: () => wasm },
  // The real e2b SDK against the local fake (its commands run in bubblewrap).
  { name: 'e2b', language: 'javascript', runtime: () => e2b, needsSandbox: true },
  { name: 'e2b', language: 'python', runtime: () => e2b, needsSandbox: true },
  { name: 'e2b', language: 'bash', runtime: () => e2b, needsSandbox: true },
];

beforeAll(async () => {
  server = createServer((socket) => {
    connections += 1;
    socket.end('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  node = createNodeProcessRuntime({ warmPoolSize: 1 });
  wasm = createWasmRuntime({});
  if (probe.ok) {
    fake = await startFakeE2b();
    e2b = createE2bRuntime({
      apiKey: fake.apiKey,
      apiUrl: fake.url,
      sandboxUrl: fake.url,
      instanceTag: `policy-${randomBytes(4).toString('hex')}`,
    });
  }
}, 60_000);
afterAll(async () => {
  await Promise.all([node?.close(), wasm?.close(), e2b?.close()]);
  await fake?.close();
  server?.close();
});

// Fixed order of targets and cases so a failure names both.
for (const target of TARGETS) {
  describe.skipIf(target.needsSandbox && !probe.ok)(`policy on ${target.name} / ${target.language}`, () => {
    for (const c of CASES()) {
      const code = c.code[target.language];
      it.skipIf(code === undefined)(
        c.name,
        async () => {
          const before = connections;
          const run = await runOn(target.runtime(), (code as string).replaceAll('PORT', String(port)), {
            language: target.language,
            timeoutMs: 10_000,
            inputs: c.inputs ?? {},
            ...c.policy,
          });
          c.expect(run);
          expect(connections, 'the host server must never be reached').toBe(before);
        },
        60_000,
      );
    }
  });
}
