import type { Member } from '@switchyard/shared';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { stubFetch } from '../testing/stub-fetch.ts';
import { SettingsRoute } from './SettingsLayout.tsx';

const member = (name: string): Member => ({
  userId: `usr_${name.toLowerCase()}`,
  name,
  email: `${name.toLowerCase()}@example.com`,
  role: 'owner',
  joinedAt: '2026-01-01T00:00:00.000Z',
});

/** A server whose member list grows by one (Vera joins in another browser) after the first time it is asked. */
function serverWhereVeraJoins() {
  let asked = 0;
  return stubFetch({
    'GET /api/members': () => ({
      status: 200,
      body: { members: asked++ === 0 ? [member('Ada')] : [member('Ada'), member('Vera')] },
    }),
    'GET /api/invites': { status: 200, body: { invites: [] } },
    'GET /api/tokens': { status: 200, body: { tokens: [] } },
  });
}

function renderSettings(path: string) {
  const location = memoryLocation({ path, record: true });
  // A long staleTime: only the pages' own "ask again when shown" can bring Vera in.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 } } });
  render(
    <QueryClientProvider client={queryClient}>
      <Router hook={location.hook}>
        <Route path="/settings/:page">{({ page }) => <SettingsRoute page={page} />}</Route>
      </Router>
    </QueryClientProvider>,
  );
}

const nav = () => screen.getByRole('navigation', { name: 'Settings' });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings pages', () => {
  it('show fresh members when the page is opened again from another settings page', async () => {
    serverWhereVeraJoins();
    const user = userEvent.setup();
    renderSettings('/settings/members');
    await screen.findByText('ada@example.com');
    await user.click(within(nav()).getByRole('link', { name: 'API tokens' }));
    await screen.findByText('No tokens yet.');
    await user.click(within(nav()).getByRole('link', { name: 'Members' }));
    expect(await screen.findByText('vera@example.com')).toBeTruthy();
  });

  it('ask again when the link of the page already shown is clicked', async () => {
    serverWhereVeraJoins();
    const user = userEvent.setup();
    renderSettings('/settings/members');
    await screen.findByText('ada@example.com');
    await user.click(within(nav()).getByRole('link', { name: 'Members' }));
    expect(await screen.findByText('vera@example.com')).toBeTruthy();
  });
});
