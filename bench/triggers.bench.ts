import { code, edge, output } from '../shared/src/fixtures/workflows.ts';
import { api, type DbKind, follow, median, startStack, stats } from './lib.ts';

/**
 * What a webhook caller waits for, and what branching costs.
 * 1. `respond: result` webhooks: wall time per request (POST → the run's output as the response) for a 3-node
 *    chain, sequentially (p50/p95) and with 20 concurrent clients (requests/s, p50/p95), as n8n reports its own
 *    webhook throughput. Two chains: webhook → code (doubles its input) → output, and webhook → if → output
 *    (no sandbox: the trigger and engine path alone).
 * 2. Branching: a 40-node chain of 20 code nodes each followed by an `if` (always true) vs the 20 code nodes
 *    alone, back to back; the difference per `if` is the cost of a branch.
 */
export async function triggersBench(kind: DbKind) {
  const stack = await startStack(kind, { concurrency: 16 });
  try {
    return {
      database: kind,
      webhook: [await webhookChain(stack.baseUrl, 'code'), await webhookChain(stack.baseUrl, 'if')],
      branching: await branching(stack.baseUrl),
    };
  } finally {
    await stack.close();
  }
}

const webhookNode = (path: string) => ({
  id: 'hook',
  type: 'webhook',
  position: { x: 0, y: 0 },
  config: { path, method: 'POST', respond: 'result', timeoutMs: 60_000 },
});

const ifNode = (id: string, x: number) => ({
  id,
  type: 'if',
  position: { x, y: 0 },
  config: { combine: 'all', conditions: [{ path: 'n', op: 'exists' }] },
});

async function webhookChain(baseUrl: string, middle: 'code' | 'if') {
  const path = `bench-${middle}`;
  const mid =
    middle === 'code'
      ? code('mid', 'export default function main({ input }) { return { n: input.body.n * 2 }; }')
      : { ...ifNode('mid', 200), config: { combine: 'all', conditions: [{ path: 'body.n', op: 'exists' }] } };
  const graph = {
    nodes: [webhookNode(path), mid, output('output')],
    edges: [edge('hook', 'mid'), edge('mid', 'output', middle === 'if' ? 'true' : 'output')],
  };
  await api(baseUrl, 'POST', '/api/workflows', { name: `webhook ${middle}`, graph });
  const call = async (n: number) => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/webhooks/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n }),
    });
    const body = (await res.json()) as { n?: number; body?: { n: number } };
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${JSON.stringify(body)}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 5; i++) await call(i); // warm-up: JIT, pools
  const sequential: number[] = [];
  for (let i = 0; i < 40; i++) sequential.push(await call(i));
  const clients = 20;
  const perClient = 10;
  const concurrent: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) concurrent.push(await call(c * perClient + i));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const round = (s: ReturnType<typeof stats>) => ({ p50: Math.round(s.p50), p95: Math.round(s.p95) });
  return {
    chain: `webhook → ${middle} → output`,
    sequentialMs: round(stats(sequential)),
    concurrent: {
      clients,
      requests: clients * perClient,
      ...round(stats(concurrent)),
      requestsPerSecond: Math.round(((clients * perClient) / seconds) * 10) / 10,
    },
  };
}

async function branching(baseUrl: string) {
  const codeAt = (i: number) => code(`c${i}`, 'export default function main({ input }) { return { n: input.n + 1 }; }');
  const trigger = { id: 'trigger', type: 'trigger', position: { x: -300, y: 0 }, config: {} };
  const plain = {
    nodes: [trigger, ...Array.from({ length: 20 }, (_, i) => codeAt(i)), output('output')],
    edges: [] as unknown[],
  };
  let prev = 'trigger';
  for (let i = 0; i < 20; i++) {
    plain.edges.push(edge(prev, `c${i}`));
    prev = `c${i}`;
  }
  plain.edges.push(edge(prev, 'output'));
  const branched = { nodes: [trigger, output('output')] as unknown[], edges: [] as unknown[] };
  prev = 'trigger';
  for (let i = 0; i < 20; i++) {
    branched.nodes.push(codeAt(i), ifNode(`if${i}`, i * 300 + 150));
    branched.edges.push(edge(prev, `c${i}`, prev.startsWith('if') ? 'true' : 'output'));
    branched.edges.push(edge(`c${i}`, `if${i}`));
    prev = `if${i}`;
  }
  branched.edges.push(edge(prev, 'output', 'true'));
  const time = async (graph: unknown, name: string) => {
    const wf = await api<{ id: string }>(baseUrl, 'POST', '/api/workflows', { name, graph });
    const samples: number[] = [];
    for (let i = 0; i < 6; i++) {
      const started = performance.now();
      const { runId } = await api<{ runId: string }>(baseUrl, 'POST', `/api/workflows/${wf.id}/runs`, { input: { n: 0 } });
      const events = await follow(baseUrl, runId);
      const end = events.at(-1);
      if (end?.type !== 'run.finished' || end.payload.status !== 'succeeded')
        throw new Error(`${name} run: ${JSON.stringify(end)}`);
      if (i > 0) samples.push(performance.now() - started); // the first run warms the pools
    }
    return Math.round(median(samples));
  };
  const plainMs = await time(plain, 'plain chain');
  const branchedMs = await time(branched, 'chain with ifs');
  return {
    plainChain: { nodes: 22, codeNodes: 20, wallMs: plainMs },
    withIfs: { nodes: 42, codeNodes: 20, ifNodes: 20, wallMs: branchedMs },
    msPerIf: Math.round(((branchedMs - plainMs) / 20) * 10) / 10,
  };
}
