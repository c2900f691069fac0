import { trigger } from '@switchyard/shared/fixtures';
import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configOf, renderInspector } from '../../../testing/render-inspector.tsx';
import { stubFetch } from '../../../testing/stub-fetch.ts';
import type { EditorDocument } from '../../store/editor-store.ts';

//   trigger   call (an http node, on its own)
const doc = (config: Record<string, unknown>): EditorDocument => ({
  workflowId: 'wf_1',
  name: 'Call',
  version: 1,
  graph: {
    nodes: [trigger(), { id: 'call', type: 'http', position: { x: 0, y: 0 }, config: { url: 'https://example.com', ...config } }],
    edges: [],
  },
});

function open(config: Record<string, unknown> = {}) {
  const store = renderInspector(doc(config));
  act(() => store.getState().selectOnly(['call']));
  return { store, headers: screen.getByRole('group', { name: 'Headers' }) };
}

// The node's auth secret field lists the workspace's secrets.
beforeEach(() => stubFetch({ 'GET /api/secrets': { status: 200, body: { secrets: [] } } }));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('key-value widget', () => {
  it('adds rows and writes name → value, values with templates as typed', async () => {
    const user = userEvent.setup();
    const { store, headers } = open();
    await user.click(within(headers).getByRole('button', { name: '+ Add' }));
    const value = within(headers).getByLabelText('Headers row 1 value') as HTMLInputElement;
    expect(value.placeholder).toContain('{{ input.id }}');
    await user.type(within(headers).getByLabelText('Headers row 1 name'), 'X-User');
    await user.type(value, '{{{{ input.id }}');
    expect(configOf(store, 'call')?.headers).toEqual({ 'X-User': '{{ input.id }}' });

    await user.click(within(headers).getByRole('button', { name: '+ Add' }));
    await user.type(within(headers).getByLabelText('Headers row 2 name'), 'Accept');
    await user.type(within(headers).getByLabelText('Headers row 2 value'), 'application/json');
    expect(configOf(store, 'call')?.headers).toEqual({ 'X-User': '{{ input.id }}', Accept: 'application/json' });
  });

  it('keeps a duplicate name on screen, flagged, and out of the map', async () => {
    const user = userEvent.setup();
    const { store, headers } = open({ headers: { Accept: 'text/plain' } });
    await user.click(within(headers).getByRole('button', { name: '+ Add' }));
    await user.type(within(headers).getByLabelText('Headers row 2 name'), 'Accept');
    await user.type(within(headers).getByLabelText('Headers row 2 value'), 'x');
    expect(within(headers).getByText('"Accept" is already set above')).toBeTruthy();
    expect(configOf(store, 'call')?.headers).toEqual({ Accept: 'text/plain' });
  });

  it('removes a row, and the last one removes the key', async () => {
    const user = userEvent.setup();
    const { store, headers } = open({ headers: { A: '1', B: '2' } });
    await user.click(within(headers).getByRole('button', { name: 'Remove Headers row 1' }));
    expect(configOf(store, 'call')?.headers).toEqual({ B: '2' });
    await user.click(within(headers).getByRole('button', { name: 'Remove Headers row 1' }));
    expect(configOf(store, 'call')).not.toHaveProperty('headers');
  });
});
