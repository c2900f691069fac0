import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configOf, renderInspector } from '../../../testing/render-inspector.tsx';
import { type SeenRequest, type StubReply, stubFetch } from '../../../testing/stub-fetch.ts';
import type { EditorDocument } from '../../store/editor-store.ts';

//   hook (a webhook trigger, on its own)
const doc = (config: Record<string, unknown>): EditorDocument => ({
  workflowId: 'wf_1',
  name: 'Hook',
  version: 1,
  graph: { nodes: [{ id: 'hook', type: 'webhook', position: { x: 0, y: 0 }, config: { path: 'orders', ...config } }], edges: [] },
});

const secret = (name: string) => ({ name, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' });

function open(
  config: Record<string, unknown>,
  names: string[],
  extra: Record<string, StubReply | ((r: SeenRequest) => StubReply)> = {},
) {
  const seen = stubFetch({
    'GET /api/secrets': { status: 200, body: { secrets: names.map(secret) } },
    'GET /api/workflows/wf_1/webhooks': { status: 200, body: { webhooks: [] } },
    ...extra,
  });
  const store = renderInspector(doc(config));
  act(() => store.getState().selectOnly(['hook']));
  return { store, seen, select: screen.getByLabelText('Secret') as HTMLSelectElement };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('secret widget', () => {
  it("offers the workspace's secret names and writes the one chosen", async () => {
    const user = userEvent.setup();
    const { store, select } = open({ auth: 'token' }, ['HOOK_TOKEN', 'OTHER']);
    await screen.findByRole('option', { name: 'HOOK_TOKEN' });
    await user.selectOptions(select, 'HOOK_TOKEN');
    expect(configOf(store, 'hook')?.secret).toBe('HOOK_TOKEN');
    await user.selectOptions(select, 'Choose a secret…');
    expect(configOf(store, 'hook')).not.toHaveProperty('secret');
  });

  it('keeps a name that is not stored selected, marked missing', async () => {
    open({ auth: 'hmac', secret: 'GONE' }, ['OTHER']);
    const missing = (await screen.findByRole('option', { name: 'GONE (missing)' })) as HTMLOptionElement;
    expect(missing.selected).toBe(true);
    expect(screen.getByText(/No secret named GONE is stored/)).toBeTruthy();
    expect((screen.getByLabelText('Secret') as HTMLSelectElement).getAttribute('aria-invalid')).toBe('true');
  });

  it('says when there are none and stores one on the spot, then selects it', async () => {
    const user = userEvent.setup();
    const { store, seen } = open({ auth: 'token' }, [], {
      'PUT /api/secrets/HOOK_TOKEN': { status: 200, body: secret('HOOK_TOKEN') },
    });
    expect(await screen.findByText('No secrets are stored in this workspace yet.')).toBeTruthy();
    const form = screen.getByText('Store a new secret').closest('details') as HTMLElement;
    await user.type(within(form).getByLabelText('New secret name'), 'HOOK_TOKEN');
    await user.type(within(form).getByLabelText('New secret value'), 's3cret');
    await user.click(within(form).getByRole('button', { name: 'Store' }));
    await vi.waitFor(() => expect(configOf(store, 'hook')?.secret).toBe('HOOK_TOKEN'));
    expect(seen.find((r) => r.method === 'PUT')?.body).toEqual({ value: 's3cret' });
  });
});
