import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { authKey, switchWorkspace, useAuthStatus, useMeQuery } from '../api/auth.queries.ts';
import { ApiRequestError } from '../api/client.ts';
import { onAuthLost, WORKSPACE_STORAGE_KEY } from '../api/session.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { SetupPage } from './SetupPage.tsx';
import { SignInPage } from './SignInPage.tsx';
import './auth.css';

/**
 * Shows the app only to a signed-in caller.
 * 1. `GET /auth/status` and `GET /auth/me`, sent together: a signed-in caller sees the page the URL names as
 *    soon as `me` answers; a server without an owner shows the owner setup; otherwise sign-in.
 * 2. Any later request refused for a lost session (`onAuthLost`) asks both again, which lands on setup or sign-in.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // Both at once: the app waits for one round trip, not two (a server without an owner answers `me` with
  // 401 setup_required, so `me` alone decides as soon as it arrives).
  const status = useAuthStatus();
  const me = useMeQuery(true);

  useEffect(() => onAuthLost(() => void queryClient.invalidateQueries({ queryKey: authKey })), [queryClient]);
  // Another tab chose another workspace: this tab's requests now go there too, so its caches start over.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === WORKSPACE_STORAGE_KEY && e.newValue) switchWorkspace(queryClient, e.newValue);
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [queryClient]);

  if (me.data && !me.error && !status.data?.setupRequired) return children;
  if (status.error) return <Failed error={status.error} onRetry={() => void status.refetch()} />;
  if (!status.data) return <Loading />;
  if (status.data.setupRequired) return <SetupPage />;
  if (me.error) {
    const code = me.error instanceof ApiRequestError ? me.error.code : '';
    if (code === 'setup_required') return <SetupPage />;
    if (me.error instanceof ApiRequestError && me.error.status === 401) return <SignInPage />;
    return <Failed error={me.error} onRetry={() => void me.refetch()} />;
  }
  if (!me.data) return <Loading />;
  return children;
}

function Loading() {
  return (
    <main className="auth-loading" aria-busy="true">
      <p className="muted">Loading Switchyard…</p>
    </main>
  );
}

function Failed({ error, onRetry }: { error: Error; onRetry(): void }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <ErrorNotice error={error} onRetry={onRetry} />
      </div>
    </main>
  );
}
