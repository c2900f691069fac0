import type { WebhookInfo } from '@switchyard/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WEBHOOKS_POLL_MS } from '../api/webhooks.queries.ts';
import { stubFetch } from '../testing/stub-fetch.ts';
import { WebhookPanel } from './WebhookPanel.tsx';

const hook = (over: Partial<WebhookInfo> = {}): WebhookInfo => ({
  nodeId: 'hook',
  path: 'orders',
  method: 'POST',
  url: 'https://hooks.example.com/webhooks/orders',
  live: true,
  requests: [],
  ...over,
});

const request = (id: string, status: number, runId: string | null) => ({
  id,
  receivedAt: new Date().toISOString(),
  method: 'POST',
  status,
  runId,
  error: status === 401 ? 'wrong token' : null,
  contentType: 'application/json',
  bodyBytes: 12,
});

function show(config: Record<string, unknown>, workflowId: string | null = 'wf_1') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <WebhookPanel
        nodeId="hook"
        data={{ type: 'webhook', version: 1, config }}
        readOnly={false}
        config={config}
        workflowId={workflowId}
      />
    </QueryClientProvider>,
  );
}

const url = () => screen.getByTestId('webhook-url').textContent;

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('WebhookPanel', () => {
  it("shows the server's URL of a live webhook and copies it", async () => {
    stubFetch({ 'GET /api/workflows/wf_1/webhooks': { status: 200, body: { webhooks: [hook()] } } });
    const user = userEvent.setup(); // gives the page a clipboard to read back
    show({ path: 'orders', method: 'POST' });
    expect(await screen.findByText('https://hooks.example.com/webhooks/orders')).toBeTruthy();
    expect(screen.getByText(/Live: each request starts a run/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy webhook URL' }));
    expect(await navigator.clipboard.readText()).toBe('https://hooks.example.com/webhooks/orders');
    expect(screen.getByText('Copied')).toBeTruthy();
  });

  it('shows the URL a new or renamed path will have, to be activated by saving', async () => {
    stubFetch({ 'GET /api/workflows/wf_1/webhooks': { status: 200, body: { webhooks: [hook()] } } });
    show({ path: 'orders-v2', method: 'PUT' });
    expect(await screen.findByText('None yet. Call the URL and requests show up here.')).toBeTruthy();
    expect(url()).toBe(`${location.origin}/webhooks/orders-v2`);
    expect(screen.getByText('Save the workflow to activate this URL.')).toBeTruthy();
    cleanup();

    stubFetch({ 'GET /api/workflows/wf_1/webhooks': { status: 200, body: { webhooks: [hook({ live: false })] } } });
    show({ path: 'orders', enabled: false });
    expect(await screen.findByText(/Disabled: the URL answers 404/)).toBeTruthy();
    expect(url()).toBe('https://hooks.example.com/webhooks/orders');
    cleanup();

    show({ path: 'fresh' }, null);
    expect(url()).toBe(`${location.origin}/webhooks/fresh`);
    expect(screen.getByText('POST')).toBeTruthy();
  });

  it('gives a curl example with the auth header, never the secret value', () => {
    stubFetch({});
    show({ path: 'orders', method: 'POST', auth: 'token', secret: 'HOOK_TOKEN', sampleInput: { body: { id: 7 } } }, null);
    const example = screen.getByText(/curl -X POST/).textContent ?? '';
    expect(example).toContain('-H "Authorization: Bearer $TOKEN"');
    expect(example).toContain(`--data '{"id":7}'`);
    expect(example).toContain('# TOKEN: the value of the secret HOOK_TOKEN');
  });

  it('lists the last requests with a link to each run, and a new one appears while open', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let calls = 0;
    stubFetch({
      'GET /api/workflows/wf_1/webhooks': () => {
        calls++;
        const requests = [request('req_1', 202, 'run_1'), request('req_0', 401, null)];
        return {
          status: 200,
          body: { webhooks: [hook({ requests: calls > 1 ? [request('req_2', 202, 'run_2'), ...requests] : requests })] },
        };
      },
    });
    show({ path: 'orders', method: 'POST' });
    const list = await screen.findByRole('list', { name: 'Last requests' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(within(list).getByRole('link', { name: 'Open run run_1' }).getAttribute('href')).toBe('/workflows/wf_1/runs/run_1');
    expect(within(list).getByText('wrong token')).toBeTruthy();
    expect(within(list).getByText('no run')).toBeTruthy();

    await act(() => vi.advanceTimersByTimeAsync(WEBHOOKS_POLL_MS));
    expect(await within(list).findByRole('link', { name: 'Open run run_2' })).toBeTruthy();
  });
});
