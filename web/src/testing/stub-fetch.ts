import { vi } from 'vitest';

/** One canned reply of the stub server. */
export interface StubReply {
  status: number;
  body: unknown;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
}

/** A request the stub server saw, with its JSON body parsed. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The request's headers (names lower-cased), e.g. `x-csrf-token`, `x-switchyard-workspace`. */
  headers: Headers;
  credentials: RequestCredentials | undefined;
}

/**
 * Replaces `fetch` with a server answering `"METHOD /api/path"` from `replies` (a function may look at the request),
 * 404 otherwise; returns the requests it saw. Pair with `vi.unstubAllGlobals()` after each test.
 */
export function stubFetch(replies: Record<string, StubReply | ((req: SeenRequest) => StubReply)>): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const parsed = new URL(url, 'http://stub');
      const req: SeenRequest = {
        method: init.method ?? 'GET',
        path: parsed.pathname,
        query: parsed.searchParams,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
        headers: new Headers(init.headers),
        credentials: init.credentials,
      };
      seen.push(req);
      const found = replies[`${req.method} ${req.path}`];
      const reply = (typeof found === 'function' ? found(req) : found) ?? {
        status: 404,
        body: { error: { code: 'not_found', message: `${req.method} ${req.path} is not stubbed` } },
      };
      const headers = { 'content-type': 'application/json', ...reply.headers };
      return new Response(reply.status === 204 ? null : JSON.stringify(reply.body), { status: reply.status, headers });
    }),
  );
  return seen;
}
