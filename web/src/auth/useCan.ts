import type { Role, Scope } from '@switchyard/shared';
import { useMe } from '../api/auth.queries.ts';

/**
 * True when the caller holds `scope` in the current workspace (the scopes `me` lists), to hide or disable what it cannot do
 * (the server refuses it anyway). Outside the auth gate (component tests) nothing is known and everything
 * shows: the server decides.
 */
export function useCan(scope: Scope): boolean {
  const me = useMe();
  if (!me) return true;
  return me.scopes.includes(scope);
}

/** The caller's role in the current workspace; null outside the gate or without a workspace. */
export function useRole(): Role | null {
  return useMe()?.workspace?.role ?? null;
}
