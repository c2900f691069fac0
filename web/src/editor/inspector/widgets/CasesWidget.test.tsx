import { edge, output, trigger } from '@switchyard/shared/fixtures';
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { configOf, renderInspector } from '../../../testing/render-inspector.tsx';
import type { EditorDocument } from '../../store/editor-store.ts';

//   trigger ──► route ─default─► output
const doc = (cases: unknown[]): EditorDocument => ({
  workflowId: 'wf_1',
  name: 'Route',
  version: 1,
  graph: {
    nodes: [trigger(), { id: 'route', type: 'switch', position: { x: 0, y: 0 }, config: { cases } }, output()],
    edges: [edge('trigger', 'route', 'output', 'input'), edge('route', 'output', 'default', 'input')],
  },
});

const small = { name: 'small', combine: 'all', conditions: [{ path: 'n', op: 'less', value: 10 }] };
const big = { name: 'big', combine: 'any', conditions: [] };

function open(cases: unknown[]) {
  const store = renderInspector(doc(cases));
  act(() => store.getState().selectOnly(['route']));
  return { store, group: screen.getByRole('group', { name: 'Cases' }) };
}

const casesOf = (store: ReturnType<typeof open>['store']) => configOf(store, 'route')?.cases;

afterEach(cleanup);

describe('cases widget', () => {
  it('adds a case with an unused name and edits its combine and conditions', async () => {
    const user = userEvent.setup();
    const { store, group } = open([small]);
    await user.click(within(group).getByRole('button', { name: '+ Add case' }));
    expect(casesOf(store)).toEqual([small, { name: 'case2', combine: 'all', conditions: [] }]);

    await user.selectOptions(within(group).getByLabelText('Case 2 combine'), 'any');
    const [, addToSecond] = within(group).getAllByRole('button', { name: '+ Add condition' });
    if (!addToSecond) throw new Error('two cases expected');
    await user.click(addToSecond);
    await user.type(within(group).getByLabelText('Case 2 condition 1 path'), 'n');
    await user.type(within(group).getByLabelText('Case 2 condition 1 value'), '100');
    expect(casesOf(store)).toEqual([
      small,
      { name: 'case2', combine: 'any', conditions: [{ path: 'n', op: 'equals', value: 100 }] },
    ]);
  });

  it('renames on Enter, and keeps an invalid or taken name on the row only', async () => {
    const user = userEvent.setup();
    const { store, group } = open([small, big]);
    const name = within(group).getByLabelText('Case 2 name') as HTMLInputElement;
    await user.clear(name);
    await user.type(name, 'small{Enter}');
    expect(within(group).getByText('another case is named "small"')).toBeTruthy();
    await user.clear(name);
    await user.type(name, 'default');
    await user.tab();
    expect(within(group).getByText(/"default" is the port taken when no case matches/)).toBeTruthy();
    expect(casesOf(store)).toEqual([small, big]);

    await user.clear(name);
    await user.type(name, 'large{Enter}');
    expect(casesOf(store)).toEqual([small, { ...big, name: 'large' }]);
  });

  it('keeps a renamed case connected: its edges follow the port to the new name', async () => {
    const user = userEvent.setup();
    const base = doc([small, big]);
    //   route ─big─► loud
    base.graph.nodes.push(output('loud'));
    base.graph.edges.push(edge('route', 'loud', 'big', 'input'));
    const store = renderInspector(base);
    act(() => store.getState().selectOnly(['route']));
    const group = screen.getByRole('group', { name: 'Cases' });
    const fromBig = () =>
      store
        .getState()
        .edges.filter((e) => e.source === 'route')
        .map((e) => e.sourceHandle);
    expect(fromBig()).toContain('big');
    const name = within(group).getByLabelText('Case 2 name') as HTMLInputElement;
    await user.clear(name);
    await user.type(name, 'large{Enter}');
    expect(fromBig()).toContain('large');
    expect(fromBig()).not.toContain('big');
    act(() => store.getState().undo());
    expect(casesOf(store)).toEqual([small, big]);
    expect(fromBig()).toContain('big');
  });

  it('moves cases up and down, and removes one (never the last)', async () => {
    const user = userEvent.setup();
    const { store, group } = open([small, big]);
    expect((within(group).getByRole('button', { name: 'Move case 1 up' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(group).getByRole('button', { name: 'Move case 2 up' }));
    expect(casesOf(store)).toEqual([big, small]);
    expect((within(group).getByLabelText('Case 1 name') as HTMLInputElement).value).toBe('big');
    await user.click(within(group).getByRole('button', { name: 'Move case 1 down' }));
    expect(casesOf(store)).toEqual([small, big]);

    await user.click(within(group).getByRole('button', { name: 'Remove case 1' }));
    expect(casesOf(store)).toEqual([big]);
    expect((within(group).getByRole('button', { name: 'Remove case 1' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
