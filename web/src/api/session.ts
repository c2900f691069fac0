/**
 * What every request carries besides its body: the workspace it acts in (`X-Switchyard-Workspace`, chosen in the
 * topbar and kept in this browser) and, on writes, the CSRF token (`X-CSRF-Token`, the readable `sy_csrf` cookie).
 * Also the one place a lost session is announced, so the auth gate can show sign-in or owner setup.
 */

/** localStorage key of the selected workspace id. */
export const WORKSPACE_STORAGE_KEY = 'switchyard.workspace';
const CSRF_COOKIE = 'sy_csrf';

let csrfFallback: string | null = null;

/** The selected workspace id, or null (the server then uses the caller's first workspace). */
export function currentWorkspaceId(): string | null {
  try {
    return localStorage.getItem(WORKSPACE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Selects a workspace for every later request (null: the server's default). */
export function setCurrentWorkspaceId(id: string | null): void {
  try {
    if (id === null) localStorage.removeItem(WORKSPACE_STORAGE_KEY);
    else localStorage.setItem(WORKSPACE_STORAGE_KEY, id);
  } catch {
    // Storage disabled: requests go to the server's default workspace.
  }
}

/** The CSRF token: the `sy_csrf` cookie, else the last `csrfToken` a sign-in or `me` returned. */
export function csrfToken(): string | null {
  const cookie = typeof document === 'undefined' ? '' : document.cookie;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE && rest.length > 0) return decodeURIComponent(rest.join('='));
  }
  return csrfFallback;
}

/** Remembers the `csrfToken` of a `Me` reply (used when the cookie cannot be read). */
export function rememberCsrfToken(token: string | null): void {
  csrfFallback = token;
}

/**
 * The headers a request to `/api` needs for `method`: the workspace always, the CSRF token on anything but
 * GET/HEAD. Raw `fetch` calls (streams) use it too; pair it with `credentials: 'same-origin'`.
 */
export function sessionHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const workspace = currentWorkspaceId();
  if (workspace) headers['x-switchyard-workspace'] = workspace;
  const safe = method === 'GET' || method === 'HEAD';
  const csrf = safe ? null : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  return headers;
}

/** Why the app must leave the page it shows: the session ended, or the server has no owner yet. */
export type AuthLoss = 'signed-out' | 'setup-required';
type Listener = (loss: AuthLoss) => void;
const listeners = new Set<Listener>();

/** Calls `listener` whenever a request is refused for lack of a session; returns the unsubscribe. */
export function onAuthLost(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The error codes of a 401 that mean "sign in again" or "set up first". */
const LOSSES: Record<string, AuthLoss> = {
  unauthorized: 'signed-out',
  session_expired: 'signed-out',
  setup_required: 'setup-required',
};

/** Announces a 401 with one of the session codes; other codes (a wrong password) are the caller's business. */
export function reportUnauthorized(status: number, code: string): void {
  const loss = status === 401 ? LOSSES[code] : undefined;
  if (loss) for (const listener of listeners) listener(loss);
}
