import { ApiError } from '../errors.ts';

/** The error codes of sign-in and access control (the rest of the catalogue is in errors.ts). */
export const authErrors = {
  setupRequired: () =>
    new ApiError(
      401,
      'setup_required',
      'this server has no account yet: create the owner with POST /api/auth/setup (the web app shows the form)',
    ),
  unauthorized: (why?: string) =>
    new ApiError(401, 'unauthorized', why ?? 'sign in, or send Authorization: Bearer <token> (create one with POST /api/tokens)'),
  forbidden: (scope: string, role: string) =>
    new ApiError(403, 'forbidden', `your role here (${role}) does not allow this (needs ${scope})`, { scope, role }),
  sessionOnly: () =>
    new ApiError(
      403,
      'forbidden',
      'account changes (password, new workspaces, sign-out) need a signed-in session, not an API token',
    ),
  mcpOnly: () => new ApiError(403, 'forbidden', 'this token only works at /mcp'),
  csrf: () =>
    new ApiError(
      403,
      'csrf_failed',
      'a signed-in write must carry the X-CSRF-Token header (the sy_csrf cookie, or csrfToken from /api/auth/me)',
    ),
  invalidCredentials: () => new ApiError(401, 'invalid_credentials', 'wrong email or password'),
  tooManyAttempts: (seconds: number) =>
    new ApiError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${seconds} s`, { retryAfterSeconds: seconds }),
  workspaceNotFound: (id: string) => new ApiError(404, 'not_found', `workspace "${id}" does not exist`),
} as const;
