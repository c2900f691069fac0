import { compile } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editor-store.ts';

//   trigger ──► a ──► output
const doc = () => ({
  workflowId: 'wf_1',
  name: 'Chain',
  version: 1,
  graph: {
    nodes: [trigger(), code('a', 'export default () => 1'), output()],
    edges: [edge('trigger', 'a'), edge('a', 'output')],
  },
});
const ids = (s: ReturnType<typeof createEditorStore>) => s.getState().nodes.map((n) => n.id);

describe('editor store: undo and redo', () => {
  it('undoes and redoes adding a node, and tracks dirtiness', () => {
    const store = createEditorStore(doc());
    expect(store.getState().revision).toBe(store.getState().savedRevision);
    const id = store.getState().addNode('code', { x: 10, y: 20 });
    expect(id).toBe('code_1');
    expect(ids(store)).toEqual(['trigger', 'a', 'output', 'code_1']);
    expect(store.getState().revision).not.toBe(store.getState().savedRevision);
    store.getState().undo();
    expect(ids(store)).toEqual(['trigger', 'a', 'output']);
    store.getState().redo();
    expect(ids(store)).toEqual(['trigger', 'a', 'output', 'code_1']);
  });

  it('makes a burst of typing in one field a single undo step', () => {
    const store = createEditorStore(doc());
    for (const text of ['r', 're', 'ret', 'retu', 'return 2']) store.getState().updateConfig('a', { code: text });
    store.getState().setLabel('a', 'Adder');
    store.getState().undo();
    expect(store.getState().nodes[1]?.data.label).toBeUndefined();
    expect(store.getState().nodes[1]?.data.config.code).toBe('return 2');
    store.getState().undo();
    expect(store.getState().nodes[1]?.data.config.code).toBe('export default () => 1');
  });

  it('records a whole node drag as one step and clears redo on a new edit', () => {
    const store = createEditorStore(doc());
    const before = store.getState().nodes[1]?.position;
    const move = (x: number, dragging: boolean) =>
      store.getState().onNodesChange([{ type: 'position', id: 'a', position: { x, y: 0 }, dragging }]);
    move(10, true);
    move(20, true);
    move(30, false);
    expect(store.getState().nodes[1]?.position.x).toBe(30);
    store.getState().undo();
    expect(store.getState().nodes[1]?.position).toEqual(before);
    store.getState().addNode('output', { x: 0, y: 0 });
    expect(store.getState().history.future).toHaveLength(0);
  });

  it('refuses edits in read-only mode', () => {
    const store = createEditorStore({ ...doc(), readOnly: true });
    expect(store.getState().addNode('code', { x: 0, y: 0 })).toBeNull();
    store.getState().updateConfig('a', { code: 'x' });
    expect(store.getState().nodes[1]?.data.config.code).toBe('export default () => 1');
  });
});

describe('editor store: connections', () => {
  it('refuses a cycle and says why', () => {
    const store = createEditorStore(doc());
    const id = store.getState().addNode('code', { x: 0, y: 0 }) as string;
    store.getState().connect({ source: 'a', sourceHandle: 'output', target: id, targetHandle: 'input' });
    expect(store.getState().canConnect({ source: id, sourceHandle: 'output', target: 'a', targetHandle: 'input' })).toBe(false);
    expect(store.getState().connect({ source: id, sourceHandle: 'output', target: 'a', targetHandle: 'input' })).toBe(false);
    expect(store.getState().notice?.message).toMatch(/cycle/);
  });

  it('replaces the edge into an occupied single input', () => {
    const store = createEditorStore(doc());
    store.getState().connect({ source: 'trigger', sourceHandle: 'output', target: 'output', targetHandle: 'input' });
    const into = store.getState().edges.filter((e) => e.target === 'output');
    expect(into.map((e) => e.source)).toEqual(['trigger']);
  });
});

describe('editor store: copy, paste, duplicate, delete', () => {
  it('pastes the selection with fresh ids and its inner edges, leaving the singleton trigger out', () => {
    const store = createEditorStore(doc());
    store.getState().selectAll();
    store.getState().copySelection();
    store.getState().paste();
    const s = store.getState();
    expect(ids(store)).toEqual(['trigger', 'a', 'output', 'code_1', 'output_1']);
    expect(s.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['code_1', 'output_1']);
    const pasted = s.edges.filter((e) => e.source === 'code_1');
    expect(pasted.map((e) => `${e.source}->${e.target}`)).toEqual(['code_1->output_1']);
    expect(s.notice?.message).toMatch(/only one/);
    const original = s.nodes.find((n) => n.id === 'a');
    const copy = s.nodes.find((n) => n.id === 'code_1');
    expect(copy?.position.x).toBe((original?.position.x ?? 0) + 40);
    expect(copy?.data.config).toEqual(original?.data.config);
    expect(copy?.data.config).not.toBe(original?.data.config);
  });

  it('deletes selected nodes with their edges as one undo step', () => {
    const store = createEditorStore(doc());
    store.getState().selectOnly(['a']);
    store.getState().deleteSelection();
    expect(ids(store)).toEqual(['trigger', 'output']);
    expect(store.getState().edges).toHaveLength(0);
    store.getState().undo();
    expect(ids(store)).toEqual(['trigger', 'a', 'output']);
    expect(store.getState().edges).toHaveLength(2);
  });

  it('deletes a selected edge alone, keeping both nodes', () => {
    const store = createEditorStore(doc());
    const target = store.getState().edges[1]?.id as string;
    store.getState().onEdgesChange([{ type: 'select', id: target, selected: true }]);
    store.getState().deleteSelection();
    expect(store.getState().edges.map((e) => e.id)).not.toContain(target);
    expect(store.getState().edges).toHaveLength(1);
    expect(ids(store)).toEqual(['trigger', 'a', 'output']);
  });

  it('duplicates the selection next to it', () => {
    const store = createEditorStore(doc());
    store.getState().selectOnly(['a']);
    store.getState().duplicateSelection();
    expect(ids(store)).toEqual(['trigger', 'a', 'output', 'code_1']);
    expect(store.getState().clipboard).toBeNull();
  });
});

describe('editor store: port edits', () => {
  it('renaming a port carries its edge over; removing one drops its edge', () => {
    const store = createEditorStore(doc());
    store.getState().setPorts('a', 'inputs', ['payload'], { input: 'payload' });
    expect(store.getState().edges.find((e) => e.target === 'a')?.targetHandle).toBe('payload');
    expect(compile(store.getState().graph()).ok).toBe(true);
    store.getState().setPorts('a', 'outputs', ['result']);
    expect(store.getState().edges.filter((e) => e.source === 'a')).toHaveLength(0);
    store.getState().undo();
    expect(store.getState().edges.find((e) => e.source === 'a')?.sourceHandle).toBe('output');
  });
});

describe('editor store: auto-layout', () => {
  it('puts each dependency level in a column further right', () => {
    const store = createEditorStore(doc());
    store.getState().autoLayout();
    const x = Object.fromEntries(store.getState().nodes.map((n) => [n.id, n.position.x]));
    expect(x.trigger).toBeLessThan(x.a as number);
    expect(x.a).toBeLessThan(x.output as number);
  });
});

describe('editor store: workflow settings', () => {
  it('keeps the loaded settings in the saved graph, and a change makes the workflow dirty', () => {
    const store = createEditorStore({ ...doc(), graph: { ...doc().graph, settings: { trustedExecution: true } } });
    expect(store.getState().graph().settings).toEqual({ trustedExecution: true });
    store.getState().updateWorkflowSettings({ trustedExecution: false });
    expect(store.getState().graph().settings).toEqual({ trustedExecution: false });
    expect(store.getState().revision).not.toBe(store.getState().savedRevision);
    const plain = createEditorStore(doc());
    expect(plain.getState().graph()).not.toHaveProperty('settings');
    const readOnly = createEditorStore({ ...doc(), readOnly: true });
    readOnly.getState().updateWorkflowSettings({ trustedExecution: true });
    expect(readOnly.getState().graph()).not.toHaveProperty('settings');
  });
});
