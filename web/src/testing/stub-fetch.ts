import { vi } from 'vitest';

/** One canned reply of the stub server. */
export interface StubReply {
  status: number;
  body: unknown;
}

/** A request the stub server saw, with its JSON body parsed. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
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
      };
      seen.push(req);
      const found = replies[`${req.method} ${req.path}`];
      const reply = (typeof found === 'function' ? found(req) : found) ?? {
        status: 404,
        body: { error: { code: 'not_found', message: `${req.method} ${req.path} is not stubbed` } },
      };
      return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
    }),
  );
  return seen;
}
