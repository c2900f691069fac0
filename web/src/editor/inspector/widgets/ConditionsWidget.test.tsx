import { edge, output, trigger } from '@switchyard/shared/fixtures';
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { configOf, renderInspector } from '../../../testing/render-inspector.tsx';
import type { EditorDocument } from '../../store/editor-store.ts';

//   trigger ──► check ─true─► output
const doc = (conditions: unknown[] = []): EditorDocument => ({
  workflowId: 'wf_1',
  name: 'Branch',
  version: 1,
  graph: {
    nodes: [trigger(), { id: 'check', type: 'if', position: { x: 0, y: 0 }, config: { combine: 'all', conditions } }, output()],
    edges: [edge('trigger', 'check', 'output', 'input'), edge('check', 'output', 'true', 'input')],
  },
});

function open(conditions: unknown[] = []) {
  const store = renderInspector(doc(conditions));
  act(() => store.getState().selectOnly(['check']));
  return { store, group: screen.getByRole('group', { name: 'Conditions' }) };
}

afterEach(cleanup);

describe('conditions widget', () => {
  it('adds a row, and types its path, operator and value (JSON when it parses, else text)', async () => {
    const user = userEvent.setup();
    const { store, group } = open();
    expect(within(group).getByText('No conditions.')).toBeTruthy();
    await user.click(within(group).getByRole('button', { name: '+ Add condition' }));
    expect(configOf(store, 'check')?.conditions).toEqual([{ path: '', op: 'equals' }]);

    await user.type(within(group).getByLabelText('Condition 1 path'), 'user.age');
    await user.selectOptions(within(group).getByLabelText('Condition 1 operator'), 'greater than');
    const value = within(group).getByLabelText('Condition 1 value') as HTMLInputElement;
    await user.type(value, '18');
    expect(configOf(store, 'check')?.conditions).toEqual([{ path: 'user.age', op: 'greater', value: 18 }]);
    expect(within(group).getByText('number')).toBeTruthy();

    await user.clear(value);
    await user.type(value, '"18"');
    expect(configOf(store, 'check')?.conditions).toEqual([{ path: 'user.age', op: 'greater', value: '18' }]);
    expect(within(group).getByText('string')).toBeTruthy();

    await user.clear(value);
    await user.type(value, 'abc');
    expect(configOf(store, 'check')?.conditions).toEqual([{ path: 'user.age', op: 'greater', value: 'abc' }]);
    expect(value.value).toBe('abc');
  });

  it('hides the value for exists and is empty, and drops it from the condition', async () => {
    const user = userEvent.setup();
    const { store, group } = open([{ path: 'email', op: 'equals', value: 'a@b.c' }]);
    expect((within(group).getByLabelText('Condition 1 value') as HTMLInputElement).value).toBe('a@b.c');
    await user.selectOptions(within(group).getByLabelText('Condition 1 operator'), 'exists');
    expect(within(group).queryByLabelText('Condition 1 value')).toBeNull();
    expect(configOf(store, 'check')?.conditions).toEqual([{ path: 'email', op: 'exists' }]);
    await user.selectOptions(within(group).getByLabelText('Condition 1 operator'), 'is empty');
    expect(configOf(store, 'check')?.conditions).toEqual([{ path: 'email', op: 'is_empty' }]);
  });

  it('removes the row asked for and keeps the others as they were', async () => {
    const user = userEvent.setup();
    const { store, group } = open([
      { path: 'a', op: 'equals', value: 1 },
      { path: 'b', op: 'contains', value: 'x' },
      { path: 'c', op: 'exists' },
    ]);
    await user.click(within(group).getByRole('button', { name: 'Remove condition 2' }));
    expect(configOf(store, 'check')?.conditions).toEqual([
      { path: 'a', op: 'equals', value: 1 },
      { path: 'c', op: 'exists' },
    ]);
    expect((within(group).getByLabelText('Condition 2 path') as HTMLInputElement).value).toBe('c');
  });

  it('shows an undo in the rows', async () => {
    const user = userEvent.setup();
    const { store, group } = open([{ path: 'n', op: 'equals', value: 1 }]);
    const value = within(group).getByLabelText('Condition 1 value') as HTMLInputElement;
    await user.clear(value);
    await user.type(value, '[[1, 2]');
    expect(configOf(store, 'check')?.conditions).toEqual([{ path: 'n', op: 'equals', value: [1, 2] }]);
    expect(value.value).toBe('[1, 2]');
    act(() => store.getState().undo());
    expect(value.value).toBe('1');
  });
});
