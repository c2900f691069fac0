/** How to reach a Switchyard server. */
export interface Connection {
  /** The server's origin, e.g. `http://localhost:3000` (the API is under `/api`). */
  baseUrl: string;
  /**
   * An API token (`sy_…`, from Settings → API tokens or `POST /api/tokens`), sent as `Authorization: Bearer`.
   * Its role must allow `agents:execute` (runner or above) to call tools; any role can load them.
   */
  token?: string;
  /** @deprecated Use `token`; sent the same way when `token` is absent. */
  apiKey?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** The fetch to use (default: the global one); tests and proxies pass their own. */
  fetch?: typeof globalThis.fetch;
}

/** A request's outcome: the parsed JSON body of a 2xx answer, or why there is none (never an exception). */
export type Reply =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status?: number; code: string; message: string; details?: unknown };

/** A load-time failure: the server is unreachable, the agent or version is unknown, or not published. */
export class SwitchyardToolsError extends Error {
  override readonly name = 'SwitchyardToolsError';
  constructor(
    /** Stable: `unauthorized`, `unreachable`, `timeout`, `agent_not_found`, `agent_not_published`, `version_not_found`, `bad_response`, or the server's own code (e.g. `forbidden`). */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Why a fetch failed without an answer, in a few words (`ECONNREFUSED`, `getaddrinfo ENOTFOUND host`). */
function reason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/**
 * A 401, whatever the server's own code (`unauthorized`, `setup_required`) or body (a gateway's page): the
 * one code `unauthorized`, with what to do about it.
 */
function unauthorized(base: string, withToken: boolean, error?: { code?: unknown; message?: unknown }): Reply {
  const said = typeof error?.message === 'string' ? error.message : undefined;
  const message =
    error?.code === 'setup_required'
      ? `Switchyard at ${base} has no owner yet (${said}); then create a token in Settings → API tokens`
      : withToken
        ? `Switchyard at ${base} refused the token (${said ?? 'unknown, expired or revoked'}); create a new one in Settings → API tokens`
        : `Switchyard at ${base} needs an API token: pass \`token\` (create one in Settings → API tokens, or with POST /api/tokens)`;
  return { ok: false, status: 401, code: 'unauthorized', message };
}

/** JSON over HTTP against one server; every failure (network, timeout, 4xx/5xx, not JSON) becomes a `Reply`. */
export function connect(connection: Connection) {
  const base = connection.baseUrl.replace(/\/+$/, '');
  const send = connection.fetch ?? globalThis.fetch;
  const token = connection.token ?? connection.apiKey;
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...connection.headers,
  };
  return {
    base,
    async request(
      method: string,
      path: string,
      options: { body?: unknown; timeoutMs: number; signal?: AbortSignal },
    ): Promise<Reply> {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      const stopped = (): Reply | undefined =>
        timeout.aborted
          ? { ok: false, code: 'timeout', message: `no answer from Switchyard at ${base} within ${options.timeoutMs} ms` }
          : options.signal?.aborted
            ? { ok: false, code: 'cancelled', message: 'the call was cancelled' }
            : undefined;
      let res: Response;
      let text: string;
      try {
        res = await send(base + path, {
          method,
          headers: options.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal,
        });
        text = await res.text();
      } catch (err) {
        return stopped() ?? { ok: false, code: 'unreachable', message: `could not reach Switchyard at ${base} (${reason(err)})` };
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        if (res.status === 401) return unauthorized(base, !!token);
        const message = `${method} ${path} answered ${res.status} with something that is not JSON: ${text.slice(0, 200)}`;
        return { ok: false, status: res.status, code: 'bad_response', message };
      }
      if (res.ok) return { ok: true, status: res.status, body };
      const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
      if (res.status === 401) return unauthorized(base, !!token, error);
      return {
        ok: false,
        status: res.status,
        code: typeof error?.code === 'string' ? error.code : `http_${res.status}`,
        message: typeof error?.message === 'string' ? error.message : `${method} ${path} answered ${res.status}`,
        details: error?.details,
      };
    },
  };
}

export type Api = ReturnType<typeof connect>;
