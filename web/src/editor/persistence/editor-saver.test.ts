import { type Workflow, type WorkflowGraph, WorkflowGraphSchema } from '@switchyard/shared';
import { edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../store/editor-store.ts';
import { selectDirty } from '../store/selectors.ts';
import { createEditorSaver, saverOf } from './editor-saver.ts';

//   trigger ──► output
const doc = () => ({
  workflowId: 'wf_1',
  name: 'Pipe',
  version: 4,
  graph: { nodes: [trigger(), output()], edges: [edge('trigger', 'output')] },
});

/** A fake server: each PUT makes the next version; the test decides when each reply arrives. */
function fakeServer() {
  let latest = 4;
  const puts: { graph: WorkflowGraph; reply(): void; fail(e: Error): void }[] = [];
  const put = vi.fn(
    (id: string, graph: WorkflowGraph) =>
      new Promise<Workflow>((resolve, reject) => {
        puts.push({
          graph,
          reply: () => resolve(workflow(id, ++latest, graph)),
          fail: reject,
        });
      }),
  );
  return { put, puts };
}

function workflow(id: string, version: number, graph: WorkflowGraph): Workflow {
  const at = new Date().toISOString();
  return {
    id,
    name: 'Pipe',
    description: '',
    version,
    nodeCount: graph.nodes.length,
    createdAt: at,
    updatedAt: at,
    graph: WorkflowGraphSchema.parse(graph),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('editor saver', () => {
  it('autosaves an edit after the quiet period and marks that revision saved', async () => {
    const store = createEditorStore(doc());
    const { put, puts } = fakeServer();
    const onSaved = vi.fn();
    createEditorSaver(store, { put, onSaved });

    store.getState().addNode('code', { x: 0, y: 300 });
    vi.advanceTimersByTime(2_000);
    expect(put).toHaveBeenCalledTimes(1);
    expect(puts[0]?.graph.nodes.map((n) => n.id)).toEqual(['trigger', 'output', 'code_1']);
    puts[0]?.reply();
    await vi.waitFor(() => expect(selectDirty(store.getState())).toBe(false));
    expect(store.getState().savedVersion).toBe(5);
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ version: 5 }));
  });

  it('keeps edits made during a save dirty and saves them next', async () => {
    const store = createEditorStore(doc());
    const { put, puts } = fakeServer();
    const saver = createEditorSaver(store, { put });

    store.getState().addNode('code', { x: 0, y: 300 });
    void saver.flush();
    store.getState().setLabel('code_1', 'Transform');
    puts[0]?.reply();
    await vi.waitFor(() => expect(store.getState().savedVersion).toBe(5));
    expect(selectDirty(store.getState())).toBe(true);

    vi.advanceTimersByTime(2_000);
    await vi.waitFor(() => expect(put).toHaveBeenCalledTimes(2));
    expect(puts[1]?.graph.nodes.at(-1)?.label).toBe('Transform');
    puts[1]?.reply();
    await vi.waitFor(() => expect(selectDirty(store.getState())).toBe(false));
    expect(store.getState().savedVersion).toBe(6);
  });

  it('creates no version when the graph is back to what was saved', async () => {
    const store = createEditorStore(doc());
    const { put } = fakeServer();
    const saver = createEditorSaver(store, { put });

    store.getState().addNode('code', { x: 0, y: 300 });
    store.getState().undo();
    expect(selectDirty(store.getState())).toBe(true);
    expect(await saver.flush()).toBe(true);
    expect(put).not.toHaveBeenCalled();
    expect(selectDirty(store.getState())).toBe(false);
    expect(store.getState().savedVersion).toBe(4);
  });

  it('keeps the document dirty when a save fails', async () => {
    const store = createEditorStore(doc());
    const { put, puts } = fakeServer();
    const saver = createEditorSaver(store, { put });

    store.getState().addNode('code', { x: 0, y: 300 });
    const result = saver.flush();
    puts[0]?.fail(new Error('graph too large'));
    expect(await result).toBe(false);
    expect(selectDirty(store.getState())).toBe(true);
    expect(store.getState().nodes).toHaveLength(3);
    expect(saver.status().error?.message).toBe('graph too large');
  });

  it('saves pending edits when closed, and unregisters', async () => {
    const store = createEditorStore(doc());
    const { put, puts } = fakeServer();
    const saver = createEditorSaver(store, { put });
    expect(saverOf(store)).toBe(saver);

    store.getState().addNode('code', { x: 0, y: 300 });
    saver.close();
    expect(saverOf(store)).toBeNull();
    expect(put).toHaveBeenCalledTimes(1);
    puts[0]?.reply();
    await vi.waitFor(() => expect(selectDirty(store.getState())).toBe(false));
    // Closed: later edits no longer autosave.
    store.getState().addNode('code', { x: 0, y: 600 });
    vi.advanceTimersByTime(10_000);
    expect(put).toHaveBeenCalledTimes(1);
  });
});
