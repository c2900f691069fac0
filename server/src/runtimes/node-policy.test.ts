import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivate } from './egress-proxy.ts';
import { createNodeProcessRuntime, type NodeProcessRuntime } from './node-process.runtime.ts';
import { probeSandbox } from './sandbox.ts';
import { runOn, waitUntil } from './test-support.ts';

// The policy fields beyond limits, on the node runtime: files, network allow-lists, Python and Bash in the
// sandbox. They rely on the OS sandbox; without it the runtime refuses them (checked at the end).
const probe = probeSandbox();
if (!probe.ok) console.warn(`node policy tests skipped: ${probe.reason}`);

let runtime: NodeProcessRuntime;
let server: Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  runtime = createNodeProcessRuntime({ warmPoolSize: 0 });
  server = createServer((_req, res) => {
    hits += 1;
    res.end('pong');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await runtime.close();
  server.close();
});

describe.skipIf(!probe.ok)('filesystem policy', () => {
  const write =
    'import fs from "node:fs"; export default () => { fs.writeFileSync("x.txt", "1"); return fs.readFileSync("x.txt", "utf8") }';
  it('tmp (default): a private writable working directory', async () => {
    expect(await runOn(runtime, write)).toMatchObject({ status: 'succeeded', output: '1' });
  });
  it('none: nothing is writable, and code still runs with readable stacks', async () => {
    const denied = await runOn(runtime, write, { filesystem: 'none' });
    expect(denied).toMatchObject({ status: 'failed', error: { code: 'user_error' } });
    expect(denied.error?.message).toMatch(/ERR_ACCESS_DENIED|not allowed|FileSystemWrite/i);
    const tmp = await runOn(
      runtime,
      'import fs from "node:fs"; export default () => { try { fs.writeFileSync("/tmp/y", "1"); return "wrote" } catch (e) { return e.code } }',
      { filesystem: 'none' },
    );
    expect(tmp.output).not.toBe('wrote');
    const thrown = await runOn(runtime, 'export default () => { throw new Error("boom") }', { filesystem: 'none' });
    expect(thrown.error).toMatchObject({ message: 'boom', stack: expect.stringContaining('main.js:1') });
    expect(thrown.error?.stack).not.toContain('base64');
  });
  it('none for Bash: the script cannot write, and returns through stdout', async () => {
    const run = await runOn(runtime, 'echo hi > x.txt 2>/dev/null || echo refused', { language: 'bash', filesystem: 'none' });
    expect(run).toMatchObject({ status: 'succeeded', output: 'refused' });
  });
});

describe.skipIf(!probe.ok)('network allow-list', () => {
  const fetchCode = (url: string) => `export default async () => (await fetch(${JSON.stringify(url)})).text()`;
  it('reaches an allowed host through the egress proxy', async () => {
    const before = hits;
    const run = await runOn(runtime, fetchCode(`http://127.0.0.1:${port}/`), {
      network: 'allowlist',
      timeoutMs: 20_000,
      allowedHosts: [`127.0.0.1:${port}`],
    });
    expect(run).toMatchObject({ status: 'succeeded', output: 'pong' });
    expect(hits).toBe(before + 1);
  });
  it('refuses a host that is not listed, with network_denied naming it', async () => {
    const before = hits;
    const run = await runOn(runtime, fetchCode(`http://localhost:${port}/`), {
      network: 'allowlist',
      timeoutMs: 20_000,
      allowedHosts: ['example.com'],
    });
    expect(run.status).toBe('network_denied');
    expect(run.error?.message).toContain(`localhost:${port}: not in the allow-list`);
    expect(run.error?.stack ?? '').not.toContain('node_modules');
    expect(hits).toBe(before);
  });
  it('refuses an allowed wildcard whose name resolves to a private address', async () => {
    const run = await runOn(runtime, fetchCode(`http://localhost:${port}/`), {
      network: 'allowlist',
      timeoutMs: 20_000,
      allowedHosts: ['*.localhost', 'localhost:1'],
    });
    expect(run.status).toBe('network_denied');
  });
  it('leaves raw sockets without any route (the proxy is the only way out)', async () => {
    const run = await runOn(
      runtime,
      `import net from "node:net"; export default () => new Promise((resolve) => { const s = net.connect(${port}, "127.0.0.1", () => resolve("connected")); s.on("error", (e) => resolve(e.code)); })`,
      { network: 'allowlist', allowedHosts: [`127.0.0.1:${port}`], timeoutMs: 20_000 },
    );
    expect(run.output).not.toBe('connected');
  });
  it('network off: a fetch fails as network_denied, saying the policy', async () => {
    const run = await runOn(runtime, fetchCode(`http://127.0.0.1:${port}/`));
    expect(run.status).toBe('network_denied');
    expect(run.error?.message).toContain('policy network: "off"');
  });
  it('knows which addresses are the server’s own', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '::',
      '100.64.0.1',
      'fd00:ec2::254',
      '224.0.0.1',
    ])
      expect(isPrivate(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '172.32.0.1']) expect(isPrivate(a), a).toBe(false);
  });
});

describe.skipIf(!probe.ok)('Python and Bash in the node sandbox', () => {
  it('Python: main(inputs, ctx) with logs, async, env, errors with the user’s frames', async () => {
    const ok = await runOn(
      runtime,
      'def main(inputs, ctx):\n    print("hello")\n    ctx.log("n =", inputs["n"])\n    return {"double": inputs["n"] * 2}',
      {
        language: 'python',
        inputs: { n: 21 },
      },
    );
    expect(ok).toMatchObject({ status: 'succeeded', output: { double: 42 }, runtime: 'node', backend: 'python3+bwrap' });
    expect(ok.logs.map((l) => l.line)).toEqual(['hello', 'n = 21']);
    const env = await runOn(
      runtime,
      'import os\nasync def main(inputs):\n    return os.environ.get("TOKEN"), os.environ.get("SWITCHYARD_SANDBOX_CANARY")',
      {
        language: 'python',
        env: { TOKEN: 't-1' },
      },
    );
    expect(env.output).toEqual(['t-1', null]);
    const err = await runOn(runtime, 'def main(i, c):\n    raise ValueError("bad input")', { language: 'python' });
    expect(err.error).toMatchObject({
      code: 'user_error',
      message: 'ValueError: bad input',
      stack: expect.stringContaining('File "main.py", line 2'),
    });
    expect((await runOn(runtime, 'def main(:', { language: 'python' })).error?.code).toBe('syntax_error');
  });
  it('Python limits: memory, time, output size', async () => {
    expect(
      (await runOn(runtime, 'def main(i, c):\n    return len(bytearray(10**10))', { language: 'python', memoryMb: 64 })).status,
    ).toBe('out_of_memory');
    expect((await runOn(runtime, 'def main(i, c):\n    while True: pass', { language: 'python', timeoutMs: 300 })).status).toBe(
      'timeout',
    );
    expect(
      (await runOn(runtime, 'def main(i, c):\n    return "x" * 5000', { language: 'python', maxOutputBytes: 1000 })).status,
    ).toBe('output_too_large');
  });
  it('Python cannot read the host or reach its network', async () => {
    const run = await runOn(
      runtime,
      `import socket, os\ndef main(i, c):\n    out = [os.path.exists("/etc/passwd"), os.path.exists("/home")]\n    try:\n        socket.create_connection(("127.0.0.1", ${port}), timeout=1)\n        out.append("connected")\n    except OSError as e:\n        out.append(type(e).__name__)\n    return out`,
      { language: 'python' },
    );
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual([false, false, expect.not.stringMatching(/^connected$/)]);
  });
  it('Bash: inputs on stdin and in $INPUTS, output in $OUTPUT or the last stdout line', async () => {
    const viaFile = await runOn(
      runtime,
      'read -r json; echo "stdin: $json"; cat "$INPUTS" > /dev/null; echo "{\\"ok\\": true}" > "$OUTPUT"',
      {
        language: 'bash',
        inputs: { a: 1 },
      },
    );
    expect(viaFile).toMatchObject({ status: 'succeeded', output: { ok: true }, backend: 'bash+bwrap' });
    expect(viaFile.logs[0]?.line).toBe('stdin: {"a":1}');
    expect((await runOn(runtime, 'echo working; echo 42', { language: 'bash' })).output).toBe(42);
    expect((await runOn(runtime, 'echo done', { language: 'bash' })).output).toBe('done');
    const failed = await runOn(runtime, 'echo oops >&2; exit 3', { language: 'bash' });
    expect(failed.error).toMatchObject({ code: 'exit_code', message: expect.stringContaining('code 3') });
  });
  it('Bash: a fork bomb and a sleeping grandchild end with the call; the host stays up', async () => {
    const processes = () => readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
    const before = processes();
    const bomb = await runOn(runtime, 'for i in $(seq 300); do sleep 30 & done; wait', { language: 'bash', timeoutMs: 1500 });
    expect(bomb.status).toBe('timeout');
    expect(await waitUntil(() => processes() < before + 20, 3000)).toBe(true);
    const sleeper = await runOn(runtime, '(sleep 30 &) ; sleep 30', { language: 'bash', timeoutMs: 300 });
    expect(sleeper.status).toBe('timeout');
    expect((await runOn(runtime, 'echo alive', { language: 'bash' })).output).toBe('alive');
  });
});

describe.skipIf(probe.ok)('without an OS sandbox', () => {
  it('refuses Python, Bash and allow-lists instead of running them weaker', async () => {
    expect(runtime.supports('python')).toBe(false);
    expect((await runOn(runtime, 'echo hi', { language: 'bash' })).status).toBe('unavailable');
    expect((await runOn(runtime, 'export default () => 1', { network: 'allowlist', allowedHosts: ['x.com'] })).status).toBe(
      'unavailable',
    );
  });
});
