import { defaultRegistry, type WorkflowGraph } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { describe, expect, it } from 'vitest';
import { toFlow } from '../store/flow-types.ts';
import { emptyRun, type NodeRunState, type RunView } from '../store/run-state.ts';
import { nodeInput } from './node-input.ts';

const done = (output: unknown): NodeRunState => ({
  status: 'succeeded',
  attempts: 1,
  runtime: 'node',
  startedAt: null,
  durationMs: 1,
  error: null,
  output,
});

/** A finished run with a snapshot: the given node states, everything else succeeded with null. */
function finished(graph: WorkflowGraph, states: Record<string, NodeRunState>, input: unknown = null): RunView {
  const run = emptyRun(
    'run_1',
    graph.nodes.map((n) => n.id),
  );
  for (const id of Object.keys(run.nodes)) run.nodes[id] = states[id] ?? done(null);
  return { ...run, status: 'succeeded', input, hasSnapshot: true };
}

describe('nodeInput: what a node received, rebuilt from upstream outputs', () => {
  //   trigger ──► a (one output port) ──► output
  it('passes a single output port as the value itself', () => {
    const graph = { nodes: [trigger(), code('a', ''), output()], edges: [edge('trigger', 'a'), edge('a', 'output')] };
    const run = finished(graph, { trigger: done({ n: 1 }), a: done(2) }, { n: 1 });
    expect(nodeInput('output', toFlow(graph, defaultRegistry), run, defaultRegistry)).toEqual({
      known: true,
      value: { input: 2 },
    });
    expect(nodeInput('a', toFlow(graph, defaultRegistry), run, defaultRegistry)).toEqual({
      known: true,
      value: { input: { n: 1 } },
    });
  });

  //   trigger ──► split (outputs: even, odd) ─┬─even─► left
  //                                           └─odd──► right (its `input` port)
  it('picks one port out of a node with several output ports (missing port → null)', () => {
    const graph = {
      nodes: [trigger(), code('split', '', { outputs: ['even', 'odd'] }), code('left', ''), code('right', '')],
      edges: [edge('trigger', 'split'), edge('split', 'left', 'even'), edge('split', 'right', 'odd')],
    };
    const run = finished(graph, { split: done({ even: [2, 4] }) });
    expect(nodeInput('left', toFlow(graph, defaultRegistry), run, defaultRegistry)).toEqual({
      known: true,
      value: { input: [2, 4] },
    });
    expect(nodeInput('right', toFlow(graph, defaultRegistry), run, defaultRegistry)).toEqual({
      known: true,
      value: { input: null },
    });
  });

  //   a ─┐
  //   b ─┼─► merge.items (multiple)     c ──► merge.extra (optional, unconnected here: omitted)
  it('collects every edge into a `multiple` port as an array, in edge order', () => {
    const graph = {
      nodes: [
        trigger(),
        code('a', ''),
        code('b', ''),
        code('merge', '', {
          inputs: [
            { name: 'items', multiple: true },
            { name: 'extra', required: false },
          ],
        }),
      ],
      edges: [
        edge('trigger', 'a'),
        edge('trigger', 'b'),
        edge('b', 'merge', 'output', 'items'),
        edge('a', 'merge', 'output', 'items'),
      ],
    };
    const run = finished(graph, { a: done('from a'), b: done('from b') });
    expect(nodeInput('merge', toFlow(graph, defaultRegistry), run, defaultRegistry)).toEqual({
      known: true,
      value: { items: ['from b', 'from a'] },
    });
  });

  //   trigger ──► flaky (continueOnError, failed) ──► after
  it('gives `{ error }` from a node that failed with continueOnError', () => {
    const graph = {
      nodes: [trigger(), code('flaky', '', {}, { continueOnError: true }), code('after', '')],
      edges: [edge('trigger', 'flaky'), edge('flaky', 'after')],
    };
    const error = { code: 'code_threw', message: 'boom' };
    const run = finished(graph, { flaky: { ...done(undefined), status: 'failed', error } });
    expect(nodeInput('after', toFlow(graph, defaultRegistry), run, defaultRegistry)).toEqual({
      known: true,
      value: { input: { error } },
    });
  });

  it('says why when the input cannot be shown yet', () => {
    const graph = { nodes: [trigger(), code('a', '')], edges: [edge('trigger', 'a')] };
    const live = { ...finished(graph, {}), hasSnapshot: false };
    expect(nodeInput('a', toFlow(graph, defaultRegistry), live, defaultRegistry)).toMatchObject({ known: false });
    const notRun = finished(graph, { a: { ...done(null), status: 'skipped', attempts: 0 } });
    expect(nodeInput('a', toFlow(graph, defaultRegistry), notRun, defaultRegistry)).toEqual({
      known: false,
      reason: 'This node did not run.',
    });
  });
});
