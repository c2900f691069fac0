import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { errors } from '../errors.ts';

/** Names and origins a server accepts besides its loopback and IP-literal addresses (`ALLOWED_HOSTS`, `ALLOWED_ORIGINS`). */
export interface HostGuardOptions {
  /** Host names (no port) the server is reached by, e.g. `switchyard.example.com`; `*.example.com` for subdomains. */
  allowedHosts?: readonly string[];
  /** Origins (`scheme://host[:port]`) whose pages may call the API, besides the server's own. */
  allowedOrigins?: readonly string[];
}

/**
 * Keeps web pages in the user's browser from driving the API.
 *
 * 1. DNS rebinding: a page on `evil.example` that re-points its name at 127.0.0.1 sends `Host: evil.example`.
 *    A request is answered only when its Host is an IP literal, `localhost` (or `*.localhost`), or a name in
 *    `allowedHosts`: a rebinding attack always carries a name the attacker controls.
 * 2. Cross-site requests (a form post, a `fetch` with `mode: 'no-cors'`): a browser sends `Origin` with every
 *    such write and `Sec-Fetch-Site` with every request. `/api` and `/mcp` answer only when the Origin is the
 *    server's own (the host and port the request was sent to; the scheme may differ behind a TLS proxy) or listed, and never a `cross-site` fetch without one.
 * Requests from programs (curl, SDKs, MCP clients) carry neither header and pass.
 */
export function hostGuard(options: HostGuardOptions = {}): MiddlewareHandler {
  const hosts = (options.allowedHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean);
  const origins = new Set((options.allowedOrigins ?? []).map(normalOrigin).filter((o): o is string => o !== undefined));
  const hostAllowed = (hostname: string): boolean =>
    isIP(hostname) !== 0 ||
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hosts.some((h) => (h.startsWith('*.') ? hostname.endsWith(h.slice(1)) : hostname === h));

  return async (c, next) => {
    const url = new URL(c.req.url);
    const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (!hostAllowed(hostname)) throw errors.hostNotAllowed(url.hostname);
    const guarded = c.req.path.startsWith('/api') || c.req.path.startsWith('/mcp');
    if (guarded) {
      const origin = c.req.header('origin');
      if (origin !== undefined) {
        const normal = normalOrigin(origin);
        const own = normal !== undefined && new URL(normal).host === url.host;
        if (!own && !(normal !== undefined && origins.has(normal))) throw errors.originNotAllowed(origin);
      } else if (c.req.header('sec-fetch-site') === 'cross-site') {
        throw errors.originNotAllowed('a cross-site page');
      }
    }
    await next();
  };
}

/** `scheme://host[:port]` as URL.origin spells it, or undefined for `null` and anything unparsable. */
function normalOrigin(origin: string): string | undefined {
  try {
    const parsed = new URL(origin);
    return parsed.origin === 'null' ? undefined : parsed.origin;
  } catch {
    return undefined;
  }
}
