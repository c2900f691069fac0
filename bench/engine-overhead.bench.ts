import { fibChainGraph } from '../shared/src/fixtures/workflows.ts';
import { api, type DbKind, follow, median, startStack } from './lib.ts';

/**
 * Windmill's benchmark shape: 40 sequential code nodes, each adding fib(10) to its input.
 * Per node: runtime time (the node's own executor duration: user process included) and engine
 * overhead (the rest of the time between run.started and run.finished: scheduling, checkpoints,
 * events). Fixed per run: POST, queue pickup and the SSE client (the rest of the client's wall time).
 */
export async function engineOverhead(kind: DbKind, runs = 5, length = 40, runtime: 'auto' | 'node' | 'wasm' = 'auto') {
  const stack = await startStack(kind);
  try {
    const wf = await api<{ id: string }>(stack.baseUrl, 'POST', '/api/workflows', {
      name: 'fib chain',
      graph: fibChainGraph(length, runtime),
    });
    const samples: { totalMs: number; engineMs: number; runtimeMs: number; fixedMs: number }[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const started = performance.now();
      const { runId } = await api<{ runId: string }>(stack.baseUrl, 'POST', `/api/workflows/${wf.id}/runs`, { input: 0 });
      const events = await follow(stack.baseUrl, runId);
      const totalMs = performance.now() - started;
      const finished = events.at(-1);
      if (finished?.type !== 'run.finished' || finished.payload.status !== 'succeeded')
        throw new Error(`run failed: ${JSON.stringify(finished)}`);
      const runtimeMs = events.reduce(
        (sum, e) => sum + (e.type === 'node.succeeded' && e.nodeId?.startsWith('n') ? e.payload.durationMs : 0),
        0,
      );
      const span = Date.parse(finished.time) - Date.parse(events[0]?.time ?? finished.time);
      if (i === 0) continue; // warm-up: first run pays the JIT and the pool's first spawns
      samples.push({ totalMs, engineMs: span - runtimeMs, runtimeMs, fixedMs: totalMs - span });
    }
    const perNode = (k: 'totalMs' | 'engineMs' | 'runtimeMs') =>
      Math.round((median(samples.map((s) => s[k])) / length) * 100) / 100;
    return {
      database: kind,
      runtime,
      nodes: length,
      runs,
      totalMsPerNode: perNode('totalMs'),
      engineOverheadMsPerNode: perNode('engineMs'),
      runtimeMsPerNode: perNode('runtimeMs'),
      fixedMsPerRun: Math.round(median(samples.map((s) => s.fixedMs))),
      chainMs: Math.round(median(samples.map((s) => s.totalMs))),
    };
  } finally {
    await stack.close();
  }
}
