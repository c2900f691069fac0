import type { CompileError, WorkflowGraph } from '@switchyard/shared';
import { MAX_NODES } from '@switchyard/shared';
import { code, diamondGraph, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

type Verdict = { ok: boolean; errors: CompileError[]; plan?: { levels: string[][]; order: string[] } };

const check = (body: unknown) => t.call<Verdict>('POST', '/api/graphs/validate', body);

/** Validates `graph`, expecting a 200 verdict; checks nothing was written on the way. */
async function verdict(graph: unknown): Promise<Verdict> {
  const before = await countRows(t.deps.database.db);
  const res = await check({ graph });
  expect(res.status).toBe(200);
  expect(await countRows(t.deps.database.db)).toEqual(before);
  return res.body;
}

const passthrough = 'export default async function main(inputs) { return inputs; }';

describe('POST /api/graphs/validate', () => {
  it('accepts the diamond and returns its plan level by level', async () => {
    const result = await verdict(diamondGraph());
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.plan?.levels.map((level) => [...level].sort())).toEqual([['trigger'], ['a', 'b'], ['c'], ['output']]);
    const order = result.plan?.order ?? [];
    expect([...order].sort()).toEqual(['a', 'b', 'c', 'output', 'trigger']);
    expect(order.indexOf('c')).toBeGreaterThan(Math.max(order.indexOf('a'), order.indexOf('b')));
  });

  /**
   * trigger → a.first
   *           a ──→ b
   *           ↑     │
   *           └─────┘ (b → a.second)
   */
  it('reports a cycle naming the nodes on it', async () => {
    const graph: WorkflowGraph = {
      nodes: [trigger(), code('a', passthrough, { inputs: ['first', 'second'] }), code('b', passthrough), output()],
      edges: [edge('trigger', 'a', 'output', 'first'), edge('a', 'b'), edge('b', 'a', 'output', 'second'), edge('b', 'output')],
    };
    const result = await verdict(graph);
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('plan');
    expect(result.errors).toHaveLength(1);
    const [cycle] = result.errors;
    expect(cycle?.code).toBe('cycle');
    expect([...(cycle?.nodeIds ?? [])].sort()).toEqual(['a', 'b']);
    expect(cycle?.message).toMatch(/\ba\b.*\bb\b|\bb\b.*\ba\b/);
  });

  it('locates unconnected inputs and bad edges on their nodes and edges', async () => {
    const graph: WorkflowGraph = {
      nodes: [trigger(), code('idle', passthrough), output()],
      edges: [edge('trigger', 'output'), edge('trigger', 'idle', 'output', 'nope')],
    };
    const result = await verdict(graph);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'edge_missing_port', edgeId: 'trigger.output--idle.nope', nodeId: 'idle' }),
      expect.objectContaining({ code: 'required_input_unconnected', nodeId: 'idle' }),
    ]);
  });

  it.each<[string, unknown]>([
    ['a string', 'trigger -> output'],
    ['a number', 42],
    ['null', null],
    ['an array', [trigger()]],
    ['missing nodes', { edges: [] }],
    ['nodes as an object', { nodes: { trigger: trigger() }, edges: [] }],
    ['a node with only an id', { nodes: [{ id: 'n' }], edges: [] }],
    ['a node without position', { nodes: [{ id: 'n', type: 'trigger', config: {} }], edges: [] }],
  ])('answers a graph that is %s with ok false and invalid_graph errors, not a 500', async (_label, graph) => {
    const result = await verdict(graph);
    expect(result.ok).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(error).toMatchObject({ code: 'invalid_graph', message: expect.stringMatching(/^graph\./), path: expect.any(Array) });
    }
  });

  it('refuses a body without a graph as a malformed request', async () => {
    const error = expectApiError(await check({ grpah: {} }), 400, 'validation_failed');
    expect(JSON.stringify(error.details)).toContain('graph');
  });

  it('answers a graph over the node limit with invalid_graph', async () => {
    const nodes = Array.from({ length: MAX_NODES + 1 }, (_, i) => ({ ...output(`o${i}`), position: { x: 0, y: i } }));
    const result = await verdict({ nodes, edges: [] });
    expect(result).toMatchObject({ ok: false, errors: [{ code: 'invalid_graph', path: ['nodes'] }] });
  });

  it.each<[string, string, Record<string, string>, number, string]>([
    ['malformed JSON', '{"graph": {', {}, 400, 'invalid_json'],
    ['a body that is an array', '[]', {}, 400, 'validation_failed'],
    ['a body that is null', 'null', {}, 400, 'validation_failed'],
    ['a text/plain body', '{"graph": {}}', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
    ['a NUL character', '{"graph": {"nodes": [], "edges": [], "x": "\\u0000"}}', {}, 400, 'validation_failed'],
  ])('refuses %s with a 4xx envelope', async (_label, raw, headers, status, code) => {
    expectApiError(await t.call('POST', '/api/graphs/validate', raw, headers), status, code);
  });

  it('is POST only', async () => {
    expectApiError(await t.call('GET', '/api/graphs/validate'), 404, 'route_not_found');
  });
});
