import { compile } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { configOf, offlineQueryClient, renderInspector as render } from '../../testing/render-inspector.tsx';
import type { EditorDocument, EditorStore } from '../store/editor-store.ts';
import { toGraph } from '../store/flow-types.ts';

//   trigger ──► a ──► output
const doc = (): EditorDocument => ({
  workflowId: 'wf_1',
  name: 'Chain',
  version: 1,
  graph: {
    nodes: [trigger(), code('a', 'export default async function main(inputs) { return inputs.input; }'), output()],
    edges: [edge('trigger', 'a'), edge('a', 'output')],
  },
});

const renderInspector = (initial: EditorDocument = doc(), queryClient = offlineQueryClient()) => render(initial, queryClient);

/** What `useLiveValidation` does a moment after an edit. */
function validate(store: EditorStore) {
  const s = store.getState();
  act(() => s.setProblems(compile(toGraph(s.nodes, s.edges)).errors, s.structureRevision));
}

afterEach(cleanup);

describe('Inspector', () => {
  it('guides the user when nothing or several nodes are selected', () => {
    const store = renderInspector();
    expect(screen.getByText('Select a node to configure it')).toBeTruthy();
    act(() => store.getState().selectOnly(['a', 'output']));
    expect(screen.getByText('2 nodes selected')).toBeTruthy();
  });

  it('does not point a read-only user at a palette they do not have', () => {
    renderInspector({ ...doc(), readOnly: true });
    expect(screen.getByText('Select a node to see its settings')).toBeTruthy();
    expect(screen.queryByText(/palette/)).toBeNull();
  });

  it('renders the generated form of the selected node with its header', () => {
    const store = renderInspector();
    act(() => store.getState().selectOnly(['a']));
    expect(screen.getByRole('heading', { name: 'Code' })).toBeTruthy();
    expect(screen.getByText(/Runs your code in an isolated runtime/)).toBeTruthy();
    const labels = [...document.querySelectorAll('[aria-label="Configuration"] > .inspector-field')].map((f) =>
      f.getAttribute('data-field'),
    );
    expect(labels).toEqual([
      'language',
      'runtime',
      'code',
      'agent',
      'inputs',
      'outputs',
      'timeoutMs',
      'memoryMb',
      'network',
      'allowedHosts',
      'filesystem',
      'diskMb',
      'env',
      'maxOutputBytes',
      'maxLogBytes',
      'inputSchema',
      'outputSchema',
    ]);
    // Without Web Workers (happy-dom) the code widget is the plain editor, still named "Code".
    expect((screen.getByRole('textbox', { name: 'Code' }) as HTMLTextAreaElement).value).toContain('return inputs.input');
  });

  it('writes typed numbers to the store, keeps non-numbers local, and shows compile errors under the field', async () => {
    const user = userEvent.setup();
    const store = renderInspector();
    act(() => store.getState().selectOnly(['a']));
    const timeout = screen.getByLabelText('Timeout (ms)') as HTMLInputElement;

    await user.clear(timeout);
    await user.type(timeout, '5000');
    expect(configOf(store, 'a')?.timeoutMs).toBe(5000);

    await user.type(timeout, 'x');
    expect(timeout.value).toBe('5000x');
    expect(screen.getByText('Enter a number')).toBeTruthy();
    expect(configOf(store, 'a')?.timeoutMs).toBe(5000);

    await user.clear(timeout);
    await user.type(timeout, '5');
    validate(store);
    const field = timeout.closest('.inspector-field') as HTMLElement;
    expect(within(field).getByTestId('field-error').textContent).toMatch(/>=\s*100/);
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a store undo in the field', async () => {
    const user = userEvent.setup();
    const store = renderInspector();
    act(() => store.getState().selectOnly(['a']));
    const timeout = screen.getByLabelText('Timeout (ms)') as HTMLInputElement;
    await user.clear(timeout);
    await user.type(timeout, '777');
    act(() => store.getState().undo());
    expect(configOf(store, 'a')?.timeoutMs).toBeUndefined();
    expect(timeout.value).toBe('');
  });

  it('edits the label, the language and the settings', async () => {
    const user = userEvent.setup();
    const store = renderInspector();
    act(() => store.getState().selectOnly(['a']));
    await user.type(screen.getByLabelText('Label'), 'Double');
    await user.selectOptions(screen.getByLabelText('Language'), 'python');
    await user.click(screen.getByText('Settings'));
    await user.clear(screen.getByLabelText('Retries'));
    await user.type(screen.getByLabelText('Retries'), '3');
    await user.click(screen.getByLabelText('Continue on error'));
    const data = store.getState().nodes.find((n) => n.id === 'a')?.data;
    expect(data?.label).toBe('Double');
    expect(data?.config.language).toBe('python');
    expect(data?.settings).toMatchObject({ retries: 3, continueOnError: true });
    // Settings outside the schema's range would invalidate the whole graph: they are refused locally.
    await user.type(screen.getByLabelText('Retries'), '0');
    expect(screen.getByText(/<=\s*10/)).toBeTruthy();
    expect(store.getState().nodes.find((n) => n.id === 'a')?.data.settings?.retries).toBe(3);
  });

  it('keeps invalid JSON local and writes valid JSON', async () => {
    const user = userEvent.setup();
    const store = renderInspector();
    act(() => store.getState().selectOnly(['trigger']));
    const sample = screen.getByLabelText('Sample input');
    await user.type(sample, '{{"n": 1');
    expect(screen.getByText(/Invalid JSON/)).toBeTruthy();
    expect(configOf(store, 'trigger')?.sampleInput).toBeUndefined();
    await user.type(sample, '}');
    expect(configOf(store, 'trigger')?.sampleInput).toEqual({ n: 1 });
  });

  it('renders read-only documents disabled', () => {
    const store = renderInspector({ ...doc(), readOnly: true });
    act(() => store.getState().selectOnly(['a']));
    expect((screen.getByRole('group', { name: 'Configuration' }) as HTMLFieldSetElement).disabled).toBe(true);
    expect((screen.getByLabelText('Label') as HTMLInputElement).readOnly).toBe(true);
  });
});

describe('Inspector: port list editor', () => {
  it('renames a port on Enter and the edge follows', async () => {
    const user = userEvent.setup();
    const store = renderInspector();
    act(() => store.getState().selectOnly(['a']));
    const inputs = screen.getByRole('group', { name: 'Input ports' });
    const name = within(inputs).getByLabelText('Port name');
    await user.clear(name);
    await user.type(name, 'payload{Enter}');
    expect(configOf(store, 'a')?.inputs).toEqual(['payload']);
    expect(store.getState().edges.find((e) => e.target === 'a')?.targetHandle).toBe('payload');
  });

  it('shows invalid and duplicate names on the row and commits nothing', async () => {
    const user = userEvent.setup();
    const store = renderInspector();
    act(() => store.getState().selectOnly(['a']));
    const inputs = screen.getByRole('group', { name: 'Input ports' });
    await user.click(within(inputs).getByRole('button', { name: '+ Add input' }));
    expect(configOf(store, 'a')?.inputs).toEqual(['input', 'input2']);
    const [, second] = within(inputs).getAllByLabelText('Port name');
    if (!second) throw new Error('two rows expected');
    await user.clear(second);
    await user.type(second, 'input');
    await user.tab();
    // Both rows are flagged: either could be the one to rename.
    expect(within(inputs).getAllByText('another port is named "input"')).toHaveLength(2);
    await user.clear(second);
    await user.type(second, '2x');
    await user.tab();
    expect(within(inputs).getByText(/identifier/)).toBeTruthy();
    expect(configOf(store, 'a')?.inputs).toEqual(['input', 'input2']);
    expect(store.getState().edges.find((e) => e.target === 'a')?.targetHandle).toBe('input');
  });

  it('sets type, required and many on an input as one declaration', async () => {
    const user = userEvent.setup();
    const store = renderInspector();
    act(() => store.getState().selectOnly(['a']));
    const inputs = screen.getByRole('group', { name: 'Input ports' });
    await user.selectOptions(within(inputs).getByLabelText('Type of input'), 'number');
    await user.click(within(inputs).getByLabelText('Many'));
    expect(configOf(store, 'a')?.inputs).toEqual([{ name: 'input', type: 'number', required: true, multiple: true }]);
  });
});

describe('Inspector: where a code node runs', () => {
  it("shows the router's decision for the node's language and runtime choice, before running", async () => {
    const queryClient = offlineQueryClient();
    // The panel asks with everything auto routing reads: language, choice, network, trusted execution, code.
    const key = [
      'runtime-decision',
      'javascript',
      'auto',
      'off',
      false,
      'export default async function main(inputs) { return inputs.input; }',
    ];
    queryClient.setQueryData(key, {
      runtime: 'node',
      reason: 'node: JavaScript in a sandboxed child process (no network, no host files)',
      fallbacks: [],
      isolation: 'sandbox',
      backend: 'node-process+bwrap',
    });
    const store = renderInspector(doc(), queryClient);
    act(() => store.getState().selectOnly(['a']));
    const panel = await screen.findByTestId('runtime-decision');
    expect(panel.textContent).toContain('Runs on node');
    expect(panel.textContent).toContain('sandbox');
    expect(panel.textContent).toContain('no network, no host files');
  });
});
