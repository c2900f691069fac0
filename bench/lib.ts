import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchDatabase } from '../server/src/testing/test-context.ts';
import type { RunEvent } from '../shared/src/index.ts';

export type DbKind = 'pglite' | 'postgres';

const MAIN = fileURLToPath(new URL('../server/src/main.ts', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The production stack, as `pnpm start` runs it (API + in-process worker), in its own process, so the
 * benchmark's clients do not share its event loop. Postgres gets a scratch database; PGlite a temp dir.
 */
export async function startStack(
  kind: DbKind,
  options: { warm?: number; concurrency?: number; reuseMaxIdle?: number; webDist?: string } = {},
) {
  const scratch = kind === 'postgres' ? await createScratchDatabase() : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'sy-bench-'));
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WORKER_CONCURRENCY: String(options.concurrency ?? 16),
    RUNTIME_WARM_PROCESSES: String(options.warm ?? 2),
    RUNTIME_REUSE_MAX_IDLE: String(options.reuseMaxIdle ?? 16),
    ...(process.env.RUNTIME_WARM_PYTHON ? { RUNTIME_WARM_PYTHON: process.env.RUNTIME_WARM_PYTHON } : {}),
    WEB_DIST: options.webDist ?? join(dataDir, 'no-web'),
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
  };
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      '--import',
      'tsx',
      MAIN,
    ],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {}
    if (i > 600) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { token } = await signUp(baseUrl);
  // The warm Python runner loads Pyodide (~3 s of CPU) right after start; measure the steady state after it.
  if (process.env.RUNTIME_WARM_PYTHON !== '0') await new Promise((r) => setTimeout(r, 4_000));
  return {
    baseUrl,
    /** The owner's API token (the stack is set up with an owner, as a user's first visit would). */
    token,
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The owner's API token per server, made by `signUp`; `api` and `follow` send it. */
const tokens = new Map<string, string>();
const authHeader = (baseUrl: string): Record<string, string> => {
  const token = tokens.get(baseUrl);
  return token ? { authorization: `Bearer ${token}` } : {};
};

/**
 * Creates the owner of a fresh server and, in their session, an API token and an MCP token (a token cannot
 * mint tokens), as a user would; `api` and `follow` send the API token from then on.
 */
export async function signUp(baseUrl: string): Promise<{ token: string; mcpToken: string }> {
  const setup = await fetch(`${baseUrl}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', email: 'bench@example.test', password: `bench ${Math.random()}` }),
  });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  const cookies = setup.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = (cookies.find((c) => c?.startsWith('sy_csrf=')) ?? '').slice('sy_csrf='.length);
  const create = async (body: Record<string, unknown>) => {
    const res = await fetch(`${baseUrl}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  const token = await create({ name: 'bench' });
  const mcpToken = await create({ name: 'bench mcp', access: 'mcp' });
  tokens.set(baseUrl, token);
  return { token, mcpToken };
}

export async function api<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? authHeader(baseUrl) : { 'content-type': 'application/json', ...authHeader(baseUrl) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Follows a run's SSE stream to its end, calling `onEvent` as each event arrives. */
export async function follow(
  baseUrl: string,
  runId: string,
  onEvent: (e: RunEvent, receivedAt: number) => void = () => {},
): Promise<RunEvent[]> {
  const res = await fetch(`${baseUrl}/api/runs/${runId}/events`, { headers: authHeader(baseUrl) });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: RunEvent[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += decoder.decode(value, { stream: true });
    let cut = buffer.indexOf('\n\n');
    while (cut >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) {
        const event = JSON.parse(data) as RunEvent;
        events.push(event);
        onEvent(event, performance.timeOrigin + performance.now());
        if (event.type === 'run.finished') {
          await reader.cancel();
          return events;
        }
      }
      cut = buffer.indexOf('\n\n');
    }
  }
}

export function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    n: sorted.length,
    p50: round(q(0.5)),
    p95: round(q(0.95)),
    min: round(sorted[0] ?? 0),
    max: round(sorted.at(-1) ?? 0),
  };
}

export const median = (values: number[]) => stats(values).p50;
