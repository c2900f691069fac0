import type { Me, OperationInput } from '@switchyard/shared';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, call } from './client.ts';
import { currentWorkspaceId, rememberCsrfToken, setCurrentWorkspaceId } from './session.ts';

/** Every auth query lives under `['auth']`: the setup status and the caller (`me`). */
export const authKey = ['auth'] as const;
export const authStatusKey = ['auth', 'status'] as const;
export const meKey = ['auth', 'me'] as const;

/** Whether the server still needs its owner (first start). */
export function useAuthStatus() {
  return useQuery({
    queryKey: authStatusKey,
    queryFn: ({ signal }) => call('authStatus', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/**
 * `GET /auth/me` in the selected workspace. A stored workspace the caller cannot see (removed, deleted,
 * another account's) is replaced by the caller's default one and the call made once more, so the scopes
 * returned are those of the workspace every later request names.
 */
export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  let me: Me;
  try {
    me = await call('me', { signal });
  } catch (error) {
    const stale = error instanceof ApiRequestError && (error.status === 403 || error.status === 404);
    if (!stale || currentWorkspaceId() === null) throw error;
    setCurrentWorkspaceId(null);
    me = await call('me', { signal });
  }
  if (adoptMe(me)) {
    me = await call('me', { signal });
    adoptMe(me);
  }
  return me;
}

/**
 * Keeps the CSRF token of a `Me` reply and makes its workspace the selected one when none (or one the caller
 * is not a member of) is stored. True when the reply's scopes are for another workspace than the selected one.
 */
function adoptMe(me: Me): boolean {
  rememberCsrfToken(me.csrfToken);
  const stored = currentWorkspaceId();
  if (stored === null || !me.workspaces.some((w) => w.id === stored))
    setCurrentWorkspaceId(me.workspace?.id ?? me.workspaces[0]?.id ?? null);
  return (me.workspace?.id ?? null) !== currentWorkspaceId();
}

/** The auth gate's query of the caller: fetched once signed in, refetched after every session change. */
export function useMeQuery(enabled: boolean) {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => fetchMe(signal),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

/**
 * The caller as last loaded by the auth gate, or undefined outside it (component tests). Never fetches by
 * itself: the gate owns the request, so pages do not each ask.
 */
export function useMe(): Me | undefined {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => fetchMe(signal), enabled: false }).data;
}

const notAuth = { predicate: (q: { queryKey: readonly unknown[] }) => q.queryKey[0] !== authKey[0] };

/**
 * A sign-in (setup, login, invite) returned `me`: nothing cached for a previous account survives, the caller is
 * cached as they are, and `me` is asked again when the reply was for another workspace than the selected one.
 */
export function signedIn(queryClient: QueryClient, me: Me): void {
  const otherWorkspace = adoptMe(me);
  queryClient.removeQueries(notAuth);
  queryClient.setQueryData(authStatusKey, { setupRequired: false });
  queryClient.setQueryData(meKey, me);
  if (otherWorkspace) void queryClient.invalidateQueries({ queryKey: meKey });
}

/**
 * Acts in another workspace (null: the caller's default): every workspace-scoped cache starts over, `me` brings
 * the role there.
 */
export function switchWorkspace(queryClient: QueryClient, workspaceId: string | null): void {
  setCurrentWorkspaceId(workspaceId);
  void queryClient.invalidateQueries({ queryKey: meKey });
  void queryClient.resetQueries(notAuth);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OperationInput<'login'>['body']) => call('login', { body }),
    onSuccess: (me) => signedIn(queryClient, me),
  });
}

export function useSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OperationInput<'setup'>['body']) => call('setup', { body }),
    onSuccess: (me) => signedIn(queryClient, me),
  });
}

/** Ends the session (even when the server is gone, this browser forgets it) and shows sign-in. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('logout').catch(() => null),
    onSettled: () => {
      rememberCsrfToken(null);
      void queryClient.resetQueries();
    },
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: (body: OperationInput<'changePassword'>['body']) => call('changePassword', { body }) });
}

/** Creates a workspace (the caller owns it) and switches to it. */
export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call('createWorkspace', { body: { name } }),
    onSuccess: (ws) => switchWorkspace(queryClient, ws.id),
  });
}
