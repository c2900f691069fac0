import { code, edge, output, trigger } from '../shared/src/fixtures/workflows.ts';
import { api, type DbKind, follow, startStack, stats } from './lib.ts';

/** From `console.log` in user code (the line carries the wall-clock time it was logged) to the line at an SSE client. */
export async function eventLatency(kind: DbKind, lines = 100) {
  const stack = await startStack(kind);
  try {
    const source = `export default async function main({ input }) {
      for (let i = 0; i < input; i++) {
        console.log(String(performance.timeOrigin + performance.now()));
        await new Promise((r) => setTimeout(r, 15));
      }
      return input;
    }`;
    const wf = await api<{ id: string }>(stack.baseUrl, 'POST', '/api/workflows', {
      name: 'chatty',
      graph: {
        nodes: [trigger(), code('chatty', source), output()],
        edges: [edge('trigger', 'chatty'), edge('chatty', 'output')],
      },
    });
    const latencies: number[] = [];
    for (let round = 0; round < 2; round++) {
      const { runId } = await api<{ runId: string }>(stack.baseUrl, 'POST', `/api/workflows/${wf.id}/runs`, { input: lines });
      await follow(stack.baseUrl, runId, (event, receivedAt) => {
        if (round === 1 && event.type === 'node.log') latencies.push(receivedAt - Number(event.payload.line));
      });
    }
    return { database: kind, lines: latencies.length, latencyMs: stats(latencies) };
  } finally {
    await stack.close();
  }
}
