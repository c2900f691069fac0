import type { Run, RunEvent, WorkflowGraph } from '@switchyard/shared';
import { code, edge, trigger } from '@switchyard/shared/fixtures';
import { act, cleanup, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderEditor } from '../../testing/render-editor.tsx';
import type { EditorStore } from '../store/editor-store.ts';

//   trigger ──► check (if) ─┬─true──► yes
//                           └─false─► no
const graph: WorkflowGraph = {
  nodes: [
    { ...trigger(), position: { x: 0, y: 100 } },
    { id: 'check', type: 'if', position: { x: 300, y: 100 }, config: {} },
    { ...code('yes', ''), position: { x: 600, y: 0 } },
    { ...code('no', ''), position: { x: 600, y: 200 } },
  ],
  edges: [edge('trigger', 'check'), edge('check', 'yes', 'true'), edge('check', 'no', 'false')],
};

const RUN = 'run_1';
const ev = (seq: number, type: RunEvent['type'], nodeId: string | null, payload: unknown): RunEvent =>
  ({ runId: RUN, seq, type, nodeId, payload, time: new Date(1_700_000_000_000 + seq).toISOString() }) as RunEvent;
const notTakenReason = 'its only input, check.false, was not taken';

/** The events of the run in which `check` chose `true`. */
const events = [
  ev(1, 'run.started', null, { attempt: 1, resumed: false }),
  ...['trigger', 'check', 'yes'].flatMap((id, i) => [
    ev(2 + i * 2, 'node.started', id, { attempt: 1, runtime: null }),
    ev(3 + i * 2, 'node.succeeded', id, { attempt: 1, durationMs: 1 }),
  ]),
  ev(8, 'node.skipped', 'no', { reason: notTakenReason, code: 'branch_not_taken' }),
  ev(9, 'run.finished', null, { status: 'succeeded', durationMs: 9, error: null }),
];

// React Flow sizes its pane from the DOM, which happy-dom does not lay out: give it a screen's size.
const sizes = { offsetWidth: 1200, offsetHeight: 700 };
const original = Object.fromEntries(
  Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]),
);
beforeAll(() => {
  for (const [k, v] of Object.entries(sizes))
    Object.defineProperty(HTMLElement.prototype, k, { configurable: true, get: () => v });
});
afterAll(() => {
  for (const [k, d] of Object.entries(original)) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
});
afterEach(cleanup);

const card = (id: string) => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"] .wf-node`);
const edgeClass = (id: string) => document.querySelector(`[data-testid="rf__edge-${id}"]`)?.getAttribute('class') ?? '';

function show(store: EditorStore, batch: RunEvent[]) {
  act(() => {
    if (!store.getState().run) store.getState().beginRun(RUN, 1);
    store.getState().applyRunEvents(batch);
  });
}

describe('the run view shows which branch was taken', () => {
  it('greys the untaken node with its reason, lights the taken edges and dims the untaken one', async () => {
    const store = renderEditor({ workflowId: 'wf_1', name: 'Branch', version: 1, graph });
    await waitFor(() => expect(card('no')).not.toBeNull());
    show(store, events);

    const no = card('no') as HTMLElement;
    expect(no.dataset.status).toBe('skipped');
    expect(no.dataset.skip).toBe('branch_not_taken');
    const note = within(no).getByTestId('node-skip');
    expect(note.textContent).toBe('not taken');
    expect(note.getAttribute('title')).toBe(notTakenReason);
    expect(card('yes')?.dataset.status).toBe('succeeded');
    expect(card('yes')?.dataset.skip).toBeUndefined();

    // Live, the branch is told by its targets (events carry no outputs).
    expect(edgeClass('trigger.output--check.input')).toContain('edge-taken');
    expect(edgeClass('check.true--yes.input')).toContain('edge-taken');
    expect(edgeClass('check.false--no.input')).toContain('edge-untaken');
  });

  it('reads the branch from the run snapshot once it is loaded', async () => {
    const store = renderEditor({ workflowId: 'wf_1', name: 'Branch', version: 1, graph });
    await waitFor(() => expect(card('no')).not.toBeNull());
    show(store, events.slice(0, 3));
    expect(edgeClass('check.true--yes.input')).not.toMatch(/edge-(un)?taken/);
    const node = (nodeId: string, status: Run['nodes'][number]['status'], output: unknown = null) => ({
      nodeId,
      status,
      attempts: status === 'skipped' ? 0 : 1,
      runtime: null,
      output,
      error: status === 'skipped' ? { code: 'branch_not_taken', message: notTakenReason } : null,
      startedAt: null,
      finishedAt: null,
    });
    act(() =>
      store.getState().applyRunSnapshot({
        id: RUN,
        workflowId: 'wf_1',
        workflowVersion: 1,
        status: 'succeeded',
        error: null,
        createdAt: '2025-01-01T00:00:00Z',
        startedAt: null,
        finishedAt: null,
        input: {},
        output: null,
        nodes: [
          node('trigger', 'succeeded'),
          node('check', 'succeeded', { true: {} }),
          node('yes', 'succeeded'),
          node('no', 'skipped'),
        ],
      } as Run),
    );
    expect(edgeClass('check.true--yes.input')).toContain('edge-taken');
    expect(edgeClass('check.false--no.input')).toContain('edge-untaken');
    expect(card('no')?.dataset.skip).toBe('branch_not_taken');
  });

  it('marks a node skipped after a failure differently from one not taken', async () => {
    const store = renderEditor({ workflowId: 'wf_1', name: 'Branch', version: 1, graph });
    await waitFor(() => expect(card('no')).not.toBeNull());
    show(store, [ev(1, 'node.skipped', 'no', { reason: 'upstream "check" failed', code: 'upstream_failed' })]);
    expect(card('no')?.dataset.skip).toBe('upstream_failed');
    expect(within(card('no') as HTMLElement).getByTestId('node-skip').textContent).toBe('upstream failed');
  });
});
