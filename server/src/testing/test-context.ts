import type { Run, RunEvent } from '@switchyard/shared';
import pg from 'pg';
import { createApp } from '../app.ts';
import { createDeps } from '../deps.ts';
import { Worker } from '../engine/worker.ts';
import { createLogger } from '../logger.ts';

export type TestDb = 'pglite' | 'postgres';

/** Which database this test project runs on (set per vitest project). */
export const testDbKind = (process.env.SWITCHYARD_TEST_DB ?? 'pglite') as TestDb;

/** A throwaway Postgres database on the local server, dropped by `drop()`. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sy_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestContextOptions {
  worker?: boolean;
  leaseMs?: number;
  heartbeatMs?: number;
  maxBodyBytes?: number;
  /** Reuse an existing database (e.g. one shared with a worker process). */
  databaseUrl?: string;
}

/** The real app on a real database with a real worker and runtime, for tests through `app.request()`. */
export async function createTestContext(options: TestContextOptions = {}) {
  const scratch = options.databaseUrl || testDbKind !== 'postgres' ? null : await createScratchDatabase();
  const databaseUrl = options.databaseUrl ?? scratch?.url;
  const deps = await createDeps({
    databaseUrl,
    warmProcesses: 1,
    // A warm Pyodide costs ~2.5 s of CPU per context; Python tests pay the load when they need it.
    wasmWarm: { quickjs: 1, pyodide: 0 },
    logger: createLogger('silent'),
    maxBodyBytes: options.maxBodyBytes,
  });
  const worker =
    options.worker === false
      ? null
      : Worker.create(deps, {
          concurrency: 8,
          pollMs: 200,
          sweepMs: 500,
          leaseMs: options.leaseMs,
          heartbeatMs: options.heartbeatMs,
        });
  await worker?.start();
  const app = createApp(deps);

  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await app.request(path, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: T;
    try {
      json = (text ? JSON.parse(text) : null) as T;
    } catch {
      json = text as T;
    }
    return { status: res.status, body: json, headers: res.headers };
  }

  /** Polls until the run reaches a terminal status. */
  async function waitForRun(runId: string, timeoutMs = 20_000): Promise<Run> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await call<Run>('GET', `/api/runs/${runId}`);
      if (['succeeded', 'failed', 'cancelled'].includes(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Reads the SSE stream until it ends; returns the parsed events with their SSE ids. */
  async function readEvents(
    runId: string,
    headers: Record<string, string> = {},
    query = '',
  ): Promise<(RunEvent & { sseId: string })[]> {
    const res = await app.request(`/api/runs/${runId}/events${query}`, { headers });
    const text = await res.text();
    return parseSse(text);
  }

  async function createWorkflow(graph: unknown, name = 'test workflow') {
    const res = await call<{ id: string; version: number }>('POST', '/api/workflows', { name, graph });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function startRun(workflowId: string, input?: unknown) {
    const res = await call<{ runId: string }>('POST', `/api/workflows/${workflowId}/runs`, { input });
    if (res.status !== 202) throw new Error(`run failed to start: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.runId;
  }

  return {
    app,
    deps,
    worker,
    databaseUrl,
    call,
    waitForRun,
    readEvents,
    createWorkflow,
    startRun,
    async close() {
      await worker?.stop();
      await deps.close();
      await scratch?.drop();
    },
  };
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

export function parseSse(text: string): (RunEvent & { sseId: string })[] {
  const events: (RunEvent & { sseId: string })[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n');
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
    if (data.length === 0) continue;
    const id =
      lines
        .find((l) => l.startsWith('id:'))
        ?.slice(3)
        .trim() ?? '';
    events.push({ ...(JSON.parse(data.join('\n')) as RunEvent), sseId: id });
  }
  return events;
}
