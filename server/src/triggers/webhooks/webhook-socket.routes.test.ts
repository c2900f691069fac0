import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../http-server.ts';
import { createScratchDatabase, createTestContext, type TestContext, testDbKind } from '../../testing/test-context.ts';
import { killHard, startWorkerProcess } from '../../testing/worker-process.ts';
import { echoGraph, runsOf } from './webhook-test-kit.ts';

/**
 *   webhook ──→ double ──→ output        double answers { doubled: body.n * 2 }
 * Through a real listening socket (@hono/node-server), many callers at once: each request is one run.
 */

const DOUBLE = 'export default ({ input }) => ({ doubled: input.body.n * 2 })';
const CALLERS = 12;

/** POSTs `{ n }` to the webhook at `path` on `base`. */
async function post(base: string, path: string, n: number) {
  const res = await fetch(`${base}/webhooks/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ n }),
  });
  return {
    status: res.status,
    runId: res.headers.get('x-switchyard-run-id'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

describe('over a real socket', () => {
  let t: TestContext;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  let base = '';
  beforeAll(async () => {
    t = await createTestContext({ maxBodyBytes: 16 * 1024 });
    server = await startHttpServer(t.app, { port: 0, hostname: '127.0.0.1' });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it(`${CALLERS} concurrent respond: result calls: each gets its own run's output, one run per request`, async () => {
    const wf = await t.createWorkflow(echoGraph({ path: 'socket/result', respond: 'result' }, DOUBLE));
    const answers = await Promise.all(Array.from({ length: CALLERS }, (_, n) => post(base, 'socket/result', n)));
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array.from({ length: CALLERS }, (_, n) => [200, { doubled: n * 2 }]));
    const ids = answers.map((a) => a.runId);
    expect(new Set(ids).size).toBe(CALLERS);
    expect((await runsOf(t, wf.id)).map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it(`${CALLERS} concurrent respond: accepted calls: ${CALLERS} distinct run ids, ${CALLERS} runs`, async () => {
    const wf = await t.createWorkflow(echoGraph({ path: 'socket/accepted' }, DOUBLE));
    const answers = await Promise.all(Array.from({ length: CALLERS }, (_, n) => post(base, 'socket/accepted', n)));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const ids = answers.map((a) => a.body.runId as string);
    expect(new Set(ids).size).toBe(CALLERS);
    const runs = await Promise.all(ids.map((id) => t.waitForRun(id)));
    expect(runs.map((r) => r.output)).toEqual(Array.from({ length: CALLERS }, (_, n) => ({ doubled: n * 2 })));
    expect((await runsOf(t, wf.id)).length).toBe(CALLERS);
  });

  it('refuses a streamed body over the limit with 413 and starts nothing', async () => {
    const wf = await t.createWorkflow(echoGraph({ path: 'socket/big' }));
    const chunk = new TextEncoder().encode('z'.repeat(8 * 1024));
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${base}/webhooks/socket/big`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect(await runsOf(t, wf.id)).toEqual([]);
  });
});

describe.skipIf(testDbKind !== 'postgres')('with the run executed by a worker in another process', () => {
  let t: TestContext;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let worker: ChildProcess | undefined;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestContext({ databaseUrl: scratch.url, worker: false });
    worker = await startWorkerProcess(scratch.url);
  });
  afterAll(async () => {
    if (worker) await killHard(worker);
    await t?.close();
    await scratch?.drop();
  });

  it("respond: result still answers the run's output (the run's end arrives through LISTEN)", async () => {
    await t.createWorkflow(echoGraph({ path: 'elsewhere', respond: 'result' }, DOUBLE));
    const res = await t.app.request('/webhooks/elsewhere', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 50 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ doubled: 100 });
  });
});
