import { code, edge, output, trigger } from '../shared/src/fixtures/workflows.ts';
import { api, type DbKind, follow, startStack, stats } from './lib.ts';

/** 20 clients, each: POST a run of trigger → code → output, follow its SSE stream to run.finished, repeat. */
export async function throughput(kind: DbKind, clients = 20, runsPerClient = 10) {
  const stack = await startStack(kind, { concurrency: 32, warm: 4, reuseMaxIdle: 24 });
  try {
    const graph = {
      nodes: [trigger(), code('double', 'export default ({ input }) => input * 2'), output()],
      edges: [edge('trigger', 'double'), edge('double', 'output')],
    };
    const wf = await api<{ id: string }>(stack.baseUrl, 'POST', '/api/workflows', { name: 'tiny', graph });
    const oneRun = async () => {
      const started = performance.now();
      const { runId } = await api<{ runId: string }>(stack.baseUrl, 'POST', `/api/workflows/${wf.id}/runs`, { input: 21 });
      const events = await follow(stack.baseUrl, runId);
      const last = events.at(-1);
      if (last?.type !== 'run.finished' || last.payload.status !== 'succeeded') throw new Error('run failed');
      return performance.now() - started;
    };
    await Promise.all(Array.from({ length: 4 }, oneRun)); // warm-up
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let i = 0; i < runsPerClient; i++) latencies.push(await oneRun());
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    // Where a run's time goes: waiting for a worker vs executing (from the run rows' timestamps).
    const listed = await api<{ runs: { id: string }[] }>(stack.baseUrl, 'GET', `/api/runs?workflowId=${wf.id}&limit=100`);
    const rows = await Promise.all(
      listed.runs.map((r) =>
        api<{ createdAt: string; startedAt: string; finishedAt: string }>(stack.baseUrl, 'GET', `/api/runs/${r.id}`),
      ),
    );
    const span = (a: string, b: string) => Date.parse(b) - Date.parse(a);
    const phases = {
      queueWaitMs: stats(rows.map((r) => span(r.createdAt, r.startedAt))),
      executionMs: stats(rows.map((r) => span(r.startedAt, r.finishedAt))),
    };
    return {
      database: kind,
      clients,
      runs: latencies.length,
      runsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
      latencyMs: stats(latencies),
      ...phases,
    };
  } finally {
    await stack.close();
  }
}
