import type { Role, WorkflowSummary } from '@switchyard/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { meKey } from '../api/auth.queries.ts';
import { meFixture } from '../testing/auth-fixtures.ts';
import { stubFetch } from '../testing/stub-fetch.ts';
import { WorkflowList } from './WorkflowList.tsx';

const summary: WorkflowSummary = {
  id: 'wf_1',
  name: 'Enrich signups',
  description: '',
  version: 3,
  nodeCount: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};

/** The list as a member with `role` sees it (the auth gate has loaded `me`). */
function renderAs(role: Role) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(meKey, meFixture(role));
  render(
    <QueryClientProvider client={queryClient}>
      <WorkflowList />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('WorkflowList: what each role is offered', () => {
  it('offers a viewer no way to create, rename, duplicate or delete', async () => {
    stubFetch({ 'GET /api/workflows': { status: 200, body: { workflows: [summary] } } });
    renderAs('viewer');
    expect(await screen.findByRole('link', { name: 'Enrich signups' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'New workflow' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Rename Enrich signups' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete Enrich signups' })).toBeNull();
  });

  it('offers an editor all of it', async () => {
    stubFetch({ 'GET /api/workflows': { status: 200, body: { workflows: [summary] } } });
    renderAs('editor');
    expect(await screen.findByRole('link', { name: 'Enrich signups' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New workflow' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete Enrich signups' })).toBeTruthy();
  });
});
