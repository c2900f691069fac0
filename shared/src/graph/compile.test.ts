import { Clock } from 'lucide';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { code, diamondGraph, edge, output, trigger } from '../fixtures/workflows.ts';
import { CATEGORIES } from '../nodes/categories.ts';
import { defineNode } from '../nodes/define-node.ts';
import { nodeDefinitions } from '../nodes/registry.ts';
import { compile } from './compile.ts';

const ok = (src = 'export default (i) => i.input') => src;

describe('compile', () => {
  it('plans the diamond with a and b on one level and c after both', () => {
    const result = compile(diamondGraph());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { plan } = result;
    expect(plan.levels).toEqual([['trigger'], ['a', 'b'], ['c'], ['output']]);
    expect(plan.nodes.c?.inputs).toEqual({
      left: [{ edgeId: 'a.output--c.left', nodeId: 'a', port: 'output' }],
      right: [{ edgeId: 'b.output--c.right', nodeId: 'b', port: 'output' }],
    });
    expect(plan.order.indexOf('c')).toBeGreaterThan(plan.order.indexOf('b'));
    expect(plan.nodes.a?.config).toMatchObject({ language: 'javascript', runtime: 'auto', timeoutMs: 30_000 });
  });

  /** trigger → a → b → c → a  (cycle a, b, c) */
  it('names every node on a cycle, in order', () => {
    const result = compile({
      nodes: [trigger(), code('a', ok()), code('b', ok()), code('c', ok(), { inputs: [{ name: 'input', required: false }] })],
      edges: [edge('trigger', 'c'), edge('a', 'b'), edge('b', 'c'), edge('c', 'a')],
    });
    expect(result.ok).toBe(false);
    const cycle = result.errors.find((e) => e.code === 'cycle');
    expect(cycle?.nodeIds).toHaveLength(3);
    expect(new Set(cycle?.nodeIds)).toEqual(new Set(['a', 'b', 'c']));
    expect(cycle?.message).toMatch(/cycle: (a|b|c) → (a|b|c) → (a|b|c) → \1/);
  });

  it('reports a self-loop as a cycle', () => {
    const result = compile({
      nodes: [code('a', ok(), { inputs: ['input', { name: 'again', required: false }] }), trigger()],
      edges: [edge('trigger', 'a'), edge('a', 'a', 'output', 'again')],
    });
    expect(result.errors).toEqual([expect.objectContaining({ code: 'cycle', nodeIds: ['a'], message: 'cycle: a → a' })]);
  });

  it('names node and port of an unconnected required input', () => {
    const result = compile({
      nodes: [trigger(), code('merge', ok(), { inputs: ['items', 'extra'] }), output()],
      edges: [edge('trigger', 'merge', 'output', 'extra'), edge('merge', 'output')],
    });
    expect(result.errors).toEqual([
      {
        code: 'required_input_unconnected',
        message: 'node "merge": input port `items` is not connected',
        nodeId: 'merge',
        path: ['inputs', 'items'],
      },
    ]);
  });

  it('reports invalid config with the zod path', () => {
    const result = compile({
      nodes: [trigger(), code('a', ok(), { timeoutMs: 5, language: 'cobol' }), output()],
      edges: [edge('trigger', 'a'), edge('a', 'output')],
    });
    const paths = result.errors.filter((e) => e.code === 'invalid_config').map((e) => e.path?.join('.'));
    expect(paths.sort()).toEqual(['config.language', 'config.timeoutMs']);
    expect(result.errors.every((e) => e.nodeId === 'a')).toBe(true);
  });

  it('rejects duplicate port names inside a code config', () => {
    const result = compile({ nodes: [code('a', ok(), { inputs: [], outputs: ['x', 'x'] })], edges: [] });
    expect(result.errors).toEqual([expect.objectContaining({ code: 'invalid_config', path: ['config', 'outputs', 1] })]);
  });

  it('reports unknown types, duplicate ids and edges to missing nodes or ports', () => {
    const result = compile({
      nodes: [trigger(), { id: 'x', type: 'teleport', position: { x: 0, y: 0 }, config: {} }, output(), output()],
      edges: [edge('trigger', 'ghost'), edge('trigger', 'output', 'nope', 'input')],
    });
    const codes = result.errors.map((e) => e.code).sort();
    expect(codes).toEqual(['duplicate_id', 'edge_missing_node', 'edge_missing_port', 'unknown_node_type']);
    expect(result.errors.find((e) => e.code === 'edge_missing_port')?.message).toContain('has no output port `nope`');
  });

  it('refuses mismatched port types and allows any', () => {
    const graph = {
      nodes: [
        code('num', ok(), { inputs: [], outputs: [{ name: 'n', type: 'number' }] }),
        code('str', ok(), { inputs: [{ name: 's', type: 'string' }] }),
        code('anything', ok()),
      ],
      edges: [edge('num', 'str', 'n', 's'), edge('num', 'anything', 'n', 'input')],
    };
    const result = compile(graph);
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'port_type_mismatch', edgeId: 'num.n--str.s', nodeId: 'str' }),
    ]);
    expect(result.errors[0]?.message).toContain('is number but input `s` of "str" expects string');
  });

  it('refuses two edges into a single-value port but merges into a multiple one', () => {
    const single = compile({
      nodes: [trigger(), code('a', ok()), code('b', ok())],
      edges: [edge('trigger', 'a'), edge('trigger', 'b'), edge('a', 'b', 'output', 'input')],
    });
    expect(single.errors.map((e) => e.code)).toEqual(['multiple_edges_into_port']);
    const multiple = compile({
      nodes: [trigger(), code('a', ok()), code('b', ok(), { inputs: [{ name: 'input', multiple: true }] })],
      edges: [edge('trigger', 'a'), edge('trigger', 'b'), edge('a', 'b')],
    });
    expect(multiple.ok).toBe(true);
  });

  it('allows one manual trigger only', () => {
    const result = compile({ nodes: [trigger('t1'), trigger('t2')], edges: [] });
    expect(result.errors).toEqual([expect.objectContaining({ code: 'too_many_instances', nodeId: 't2' })]);
  });

  it('reports a malformed document with its path instead of throwing', () => {
    const result = compile({ nodes: [{ id: 'a', type: 'code' }], edges: 'nope' });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.path?.join('.'))).toEqual(expect.arrayContaining(['nodes.0.position', 'edges']));
  });

  it('upgrades old configs through the definition migrations', () => {
    const delay = defineNode({
      type: 'delay',
      version: 3,
      title: 'Delay',
      description: 'waits',
      category: CATEGORIES.flow,
      icon: Clock,
      config: z.object({ ms: z.number().int() }),
      ports: () => ({ inputs: [], outputs: [] }),
      migrations: {
        1: (c) => ({ seconds: Number(c.secs) }),
        2: (c) => ({ ms: (c.seconds as number) * 1000 }),
      },
    });
    const registry = { ...nodeDefinitions, delay } as never;
    const result = compile(
      { nodes: [{ id: 'd', type: 'delay', version: 1, position: { x: 0, y: 0 }, config: { secs: '2' } }], edges: [] },
      { registry },
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.plan.nodes.d?.config).toEqual({ ms: 2000 });
    const future = compile(
      { nodes: [{ id: 'd', type: 'delay', version: 4, position: { x: 0, y: 0 }, config: {} }], edges: [] },
      { registry },
    );
    expect(future.errors.map((e) => e.code)).toEqual(['unsupported_node_version']);
  });

  it('compiles a 2,000-node chain without recursion limits', () => {
    const nodes = [trigger(), ...Array.from({ length: 2000 }, (_, i) => code(`n${i}`, ok())), output()];
    const edges = [
      edge('trigger', 'n0'),
      ...Array.from({ length: 1999 }, (_, i) => edge(`n${i}`, `n${i + 1}`)),
      edge('n1999', 'output'),
    ];
    const result = compile({ nodes, edges });
    expect(result.ok && result.plan.levels.length).toBe(2002);
  });
});
