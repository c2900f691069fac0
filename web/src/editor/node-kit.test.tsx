import { defaultRegistry, defineNode, type IconNode } from '@switchyard/shared';
import { trigger } from '@switchyard/shared/fixtures';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withNodeTypes } from '../node-registry/definitions.ts';
import { renderEditor } from '../testing/render-editor.tsx';
import type { EditorDocument } from './store/editor-store.ts';

/**
 * The node kit's promise on the web: a node type is data. This one exists only in this test, in a category of
 * its own; no web file knows it, yet the palette lists it, the canvas draws its card and the inspector its form.
 */
const Megaphone: IconNode = [
  [
    'path',
    { d: 'M11 6a13 13 0 0 0 8.4-2.8A1 1 0 0 1 21 4v12a1 1 0 0 1-1.6.8A13 13 0 0 0 11 14H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z' },
  ],
  ['path', { d: 'M6 14a12 12 0 0 0 2.4 7.2 2 2 0 0 0 3.2-2.4A8 8 0 0 1 10 14' }],
  ['path', { d: 'M8 6v8' }],
];
const announceNode = defineNode({
  type: 'test_announce',
  version: 1,
  title: 'Announce',
  description: 'Says its input out loud (test only)',
  category: { id: 'test-kit', label: 'Test kit', order: 5 },
  icon: Megaphone,
  subtitle: (config) => `${config.volume}: ${config.greeting}`,
  config: z.object({ greeting: z.string().default('hello'), volume: z.enum(['quiet', 'loud']).default('quiet') }),
  ports: () => ({ inputs: [{ name: 'input', type: 'any', required: true }], outputs: [{ name: 'output', type: 'any' }] }),
  editor: { greeting: { widget: 'text', label: 'Greeting', order: 1 }, volume: { widget: 'select', label: 'Volume', order: 2 } },
});
const registry = withNodeTypes(defaultRegistry, announceNode);

//   trigger ──► (nothing yet)
const doc = (): EditorDocument => ({
  workflowId: 'wf_1',
  name: 'Kit',
  version: 1,
  graph: { nodes: [trigger()], edges: [] },
});

const card = (id: string) =>
  document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"] [data-testid="workflow-node"]`);
const iconPaths = (root: Element | null) =>
  [...(root?.querySelectorAll('svg.node-icon path') ?? [])].map((p) => p.getAttribute('d'));

afterEach(cleanup);

describe('a node type defined only in a test', () => {
  it('is listed in the palette under its own category, in the category order the definitions declare', () => {
    renderEditor(doc(), { registry });
    const palette = screen.getByRole('navigation', { name: 'Node palette' });
    const sections = [...palette.querySelectorAll('section')].map((s) => s.getAttribute('aria-label'));
    // Its category declares order 5: before Triggers (10).
    expect(sections[0]).toBe('Test kit');
    expect(sections).toContain('Triggers');
    const entry = within(within(palette).getByRole('region', { name: 'Test kit' })).getByRole('button', { name: 'Announce' });
    expect(iconPaths(entry)).toEqual(Megaphone.map(([, attrs]) => attrs.d));
  });

  it('is not in the editor of the shared registry alone', () => {
    renderEditor(doc());
    expect(screen.queryByRole('region', { name: 'Test kit' })).toBeNull();
  });

  it('adds from the palette as a card with its title, icon and subtitle, and edits in its generated form', async () => {
    const user = userEvent.setup();
    const store = renderEditor(doc(), { registry });
    await user.click(screen.getByRole('button', { name: 'Announce' }));

    const node = store.getState().nodes.find((n) => n.data.type === 'test_announce');
    expect(node?.data).toMatchObject({ version: 1, config: { greeting: 'hello', volume: 'quiet' } });
    const id = node?.id as string;
    await waitFor(() => expect(card(id)).not.toBeNull());
    const view = card(id) as HTMLElement;
    expect(view.querySelector('.wf-node-title')?.textContent).toBe('Announce');
    expect(iconPaths(view)).toEqual(Megaphone.map(([, attrs]) => attrs.d));
    expect(within(view).getByTestId('node-subtitle').textContent).toBe('quiet: hello');

    // The new node is selected: the inspector shows its definition's header and form.
    const inspector = screen.getByRole('region', { name: 'Inspector' });
    expect(within(inspector).getByRole('heading', { name: 'Announce' })).toBeTruthy();
    expect(iconPaths(inspector.querySelector('.inspector-icon'))).toEqual(Megaphone.map(([, attrs]) => attrs.d));
    const greeting = within(inspector).getByLabelText('Greeting') as HTMLInputElement;
    const volume = within(inspector).getByLabelText('Volume') as HTMLSelectElement;
    expect(greeting.value).toBe('hello');
    expect([...volume.options].map((o) => o.textContent)).toEqual(expect.arrayContaining(['quiet', 'loud']));

    await user.selectOptions(volume, 'loud');
    await user.clear(greeting);
    await user.type(greeting, 'hi');
    expect(store.getState().nodes.find((n) => n.id === id)?.data.config).toEqual({ greeting: 'hi', volume: 'loud' });
    expect(within(card(id) as HTMLElement).getByTestId('node-subtitle').textContent).toBe('loud: hi');
  });

  it('connects to the built-in nodes by its declared ports', () => {
    const store = renderEditor(doc(), { registry });
    let id: string | null = null;
    act(() => {
      id = store.getState().addNode('test_announce', { x: 300, y: 0 });
    });
    act(() => {
      store
        .getState()
        .connect({ source: 'trigger', sourceHandle: 'output', target: id as unknown as string, targetHandle: 'input' });
    });
    expect(store.getState().edges).toEqual([
      expect.objectContaining({ source: 'trigger', sourceHandle: 'output', target: id, targetHandle: 'input' }),
    ]);
  });
});
