import { createApp } from '../server/src/app.ts';
import { createDeps } from '../server/src/deps.ts';
import { Worker } from '../server/src/engine/worker.ts';
import { startHttpServer } from '../server/src/http-server.ts';
import { createLogger } from '../server/src/logger.ts';
import { createScratchDatabase } from '../server/src/testing/test-context.ts';
import type { RunEvent } from '../shared/src/index.ts';

export type DbKind = 'pglite' | 'postgres';

/** The production stack (`pnpm start`: API + in-process worker) on a real HTTP port. */
export async function startStack(kind: DbKind, options: { warm?: number; concurrency?: number } = {}) {
  const scratch = kind === 'postgres' ? await createScratchDatabase() : null;
  const deps = await createDeps({ databaseUrl: scratch?.url, warmProcesses: options.warm ?? 2, logger: createLogger('silent') });
  const worker = Worker.create(deps, { concurrency: options.concurrency ?? 16 });
  await worker.start();
  const app = createApp(deps);
  const server = await startHttpServer(app, { port: 0, hostname: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    baseUrl,
    async close() {
      await server.close();
      await worker.stop();
      await deps.close();
      await scratch?.drop();
    },
  };
}

export async function api<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
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
  const res = await fetch(`${baseUrl}/api/runs/${runId}/events`);
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
