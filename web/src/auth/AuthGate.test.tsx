import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call } from '../api/client.ts';
import { setCurrentWorkspaceId } from '../api/session.ts';
import { meFixture } from '../testing/auth-fixtures.ts';
import { type StubReply, stubFetch } from '../testing/stub-fetch.ts';
import { AuthGate } from './AuthGate.tsx';

const refused = (code: string): StubReply => ({ status: 401, body: { error: { code, message: `refused: ${code}` } } });
const status = (setupRequired: boolean): StubReply => ({ status: 200, body: { setupRequired } });

function renderGate() {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <AuthGate>
        <p>App content</p>
      </AuthGate>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setCurrentWorkspaceId(null);
});

describe('AuthGate', () => {
  it('asks status and me together: a signed-in caller gets the app without waiting for the status reply', async () => {
    const asked: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        const path = new URL(url, 'http://stub').pathname;
        asked.push(path);
        if (path === '/api/auth/status') return new Promise<Response>(() => {}); // never answers
        return new Response(JSON.stringify(meFixture('viewer')), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
    renderGate();
    expect(await screen.findByText('App content')).toBeTruthy();
    expect(asked.sort()).toEqual(['/api/auth/me', '/api/auth/status']);
  });

  it('shows the owner setup on a fresh server, then the app once the owner exists', async () => {
    const seen = stubFetch({
      'GET /api/auth/status': status(true),
      'POST /api/auth/setup': { status: 201, body: meFixture('owner') },
    });
    const user = userEvent.setup();
    renderGate();

    await user.type(await screen.findByLabelText('Name'), 'Ada');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Create owner account' }));

    expect(await screen.findByText('App content')).toBeTruthy();
    expect(seen.find((r) => r.path === '/api/auth/setup')?.body).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
  });

  it('asks a visitor without a session to sign in, and says how long to wait when rate limited', async () => {
    let attempts = 0;
    stubFetch({
      'GET /api/auth/status': status(false),
      'GET /api/auth/me': refused('unauthorized'),
      'POST /api/auth/login': () =>
        ++attempts === 1
          ? {
              status: 429,
              body: { error: { code: 'rate_limited', message: 'too many attempts' } },
              headers: { 'retry-after': '30' },
            }
          : { status: 200, body: meFixture('viewer') },
    });
    const user = userEvent.setup();
    renderGate();

    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/try again in (30|29) s/);
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByText('App content')).toBeNull();
  });

  it('opens the app for a signed-in caller, and returns to sign-in when a later request finds the session gone', async () => {
    let signedIn = true;
    stubFetch({
      'GET /api/auth/status': status(false),
      'GET /api/auth/me': () => (signedIn ? { status: 200, body: meFixture('editor') } : refused('session_expired')),
      'GET /api/workflows': refused('session_expired'),
      'POST /api/auth/login': { status: 200, body: meFixture('editor') },
    });
    const user = userEvent.setup();
    renderGate();
    expect(await screen.findByText('App content')).toBeTruthy();

    signedIn = false;
    await act(() => call('listWorkflows', { query: {} }).catch(() => null));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();

    signedIn = true;
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByText('App content')).toBeTruthy());
  });
});
