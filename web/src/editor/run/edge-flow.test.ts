import { defaultRegistry, type WorkflowGraph } from '@switchyard/shared';
import { code, edge, trigger } from '@switchyard/shared/fixtures';
import { describe, expect, it } from 'vitest';
import { indexNodes } from '../store/editor-store.ts';
import { toFlow } from '../store/flow-types.ts';
import type { NodeRunState } from '../store/run-state.ts';
import { createEdgeFlowStyler, edgeFlow } from './edge-flow.ts';

const state = (status: NodeRunState['status'], extra: Partial<NodeRunState> = {}): NodeRunState => ({
  status,
  attempts: status === 'pending' || status === 'skipped' ? 0 : 1,
  runtime: null,
  startedAt: null,
  durationMs: null,
  error: null,
  ...extra,
});
const notTaken = state('skipped', { error: { code: 'branch_not_taken', message: 'its branch was not taken' } });
const ifDef = defaultRegistry.if;
const codeDef = defaultRegistry.code;

describe('edgeFlow: whether an edge carried a value in the shown run', () => {
  it('lights every port of a succeeded node without branches', () => {
    expect(edgeFlow('output', codeDef, state('succeeded'), state('pending'))).toBe('taken');
  });

  it('reads a branching node’s ports from its output once the snapshot has it', () => {
    const done = state('succeeded', { output: { true: { n: 1 } } });
    expect(edgeFlow('true', ifDef, done, state('succeeded'))).toBe('taken');
    expect(edgeFlow('false', ifDef, done, notTaken)).toBe('untaken');
    // Not an object (or an inherited key): nothing taken, as the engine rules.
    expect(edgeFlow('toString', ifDef, done, state('pending'))).toBe('untaken');
    expect(edgeFlow('true', ifDef, state('succeeded', { output: [1] }), state('pending'))).toBe('untaken');
  });

  it('tells a branch from its target while the run is live (events carry no outputs)', () => {
    const live = state('succeeded');
    expect(edgeFlow('true', ifDef, live, state('running'))).toBe('taken');
    expect(edgeFlow('false', ifDef, live, notTaken)).toBe('untaken');
    expect(edgeFlow('false', ifDef, live, state('pending'))).toBeNull();
  });

  it('dims everything out of a skipped node and says nothing of unsettled ones', () => {
    expect(edgeFlow('output', codeDef, notTaken, notTaken)).toBe('untaken');
    expect(edgeFlow('output', codeDef, state('running'), state('pending'))).toBeNull();
    expect(edgeFlow('output', codeDef, undefined, undefined)).toBeNull();
  });

  it('lights the edge out of a node that failed with continue-on-error once its target ran', () => {
    expect(edgeFlow('output', codeDef, state('failed'), state('succeeded'))).toBe('taken');
    expect(edgeFlow('output', codeDef, state('failed'), state('skipped'))).toBeNull();
  });
});

//   trigger ──► check (if) ─┬─true──► yes
//                           └─false─► no
const graph: WorkflowGraph = {
  nodes: [trigger(), { id: 'check', type: 'if', position: { x: 300, y: 0 }, config: {} }, code('yes', ''), code('no', '')],
  edges: [edge('trigger', 'check'), edge('check', 'yes', 'true'), edge('check', 'no', 'false')],
};

describe('createEdgeFlowStyler', () => {
  const flow = toFlow(graph, defaultRegistry);
  const nodes = indexNodes(flow.nodes);
  const run = {
    trigger: state('succeeded'),
    check: state('succeeded', { output: { true: 1 } }),
    yes: state('succeeded'),
    no: notTaken,
  };

  it('classes taken and untaken edges, and keeps objects (and the array) while nothing changes', () => {
    const style = createEdgeFlowStyler();
    const first = style(flow.edges, nodes, run, defaultRegistry);
    expect(first.map((e) => [e.target, e.className])).toEqual([
      ['check', 'edge-taken'],
      ['yes', 'edge-taken'],
      ['no', 'edge-untaken'],
    ]);
    expect(style(flow.edges, nodes, { ...run }, defaultRegistry)).toBe(first);
    // A state change that decides no edge leaves the array as it was; one that does makes only its edges new.
    expect(style(flow.edges, nodes, { ...run, yes: state('running') }, defaultRegistry)).toBe(first);
    const pending = style(flow.edges, nodes, { ...run, check: state('running') }, defaultRegistry);
    expect(pending.map((e) => e.className)).toEqual(['edge-taken', undefined, undefined]);
    expect(pending[1]).toBe(flow.edges[1]);
  });
});
