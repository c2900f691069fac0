import {
  ApiErrorSchema,
  apiContract,
  type Endpoint,
  fillPath,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '@switchyard/shared';
import { reportUnauthorized, sessionHeaders } from './session.ts';

/** A failed API call. `code` is the server's stable error code, or `network` / `http_error` / `bad_response`. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The envelope's `details` (e.g. `{ errors }` for `compile_failed`). */
    readonly details?: unknown,
    /** Seconds to wait before trying again (`Retry-After` of a 429), when the server said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * Operations whose 401 is not a lost session: `me` is how the gate itself learns it (announcing it would
 * loop), a wrong current password answers `changePassword` with 401. Public operations never announce.
 */
const GATE_OWN = new Set<OperationName>(['me', 'changePassword']);

type CallInput<K extends OperationName> = OperationInput<K> & { signal?: AbortSignal };

/** `/api{path}` with path params filled and the query string appended (undefined values dropped). */
export function operationUrl(op: Endpoint, params?: Record<string, string | number>, query?: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
  const qs = search.toString();
  return `/api${fillPath(op.path, params)}${qs ? `?${qs}` : ''}`;
}

/**
 * Calls one operation of the shared `apiContract`: the path, params, body and result are typed by
 * the same zod schemas the server validates with, and the reply is parsed by its success schema.
 * Sends the session cookie, the current workspace and (on writes) the CSRF token; a 401 that means the
 * session is gone is announced to the auth gate (`onAuthLost`).
 * Throws `ApiRequestError` on an error envelope, any other non-2xx reply, or a body that does not match.
 */
export async function call<K extends OperationName>(name: K, ...[input]: CallArgs<K>): Promise<OperationOutput<K>> {
  const op: Endpoint = apiContract[name];
  const { params, query, body, signal } = (input ?? {}) as {
    params?: Record<string, string | number>;
    query?: Record<string, unknown>;
    body?: unknown;
    signal?: AbortSignal;
  };
  const label = `${op.method} ${op.path}`;
  let response: Response;
  try {
    response = await fetch(operationUrl(op, params, query), {
      method: op.method,
      signal: signal ?? null,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...sessionHeaders(op.method),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiRequestError('network', 'The Switchyard server cannot be reached.', 0);
  }
  const json: unknown = response.status === 204 ? null : await response.json().catch(() => undefined);
  // Only a failed reply is an error envelope: a 200 can carry an `error` of its own (a failed execution's result).
  const envelope = response.ok ? null : ApiErrorSchema.safeParse(json);
  if (envelope?.success) {
    const { code, message, details } = envelope.data.error;
    if (op.access !== 'public' && !GATE_OWN.has(name)) reportUnauthorized(response.status, code);
    throw new ApiRequestError(code, message, response.status, details, retryAfter(response));
  }
  if (!response.ok) throw new ApiRequestError('http_error', `${label} failed with HTTP ${response.status}.`, response.status);
  if (!op.success.schema) return null as OperationOutput<K>;
  const parsed = op.success.schema.safeParse(json);
  if (!parsed.success) throw new ApiRequestError('bad_response', `${label} returned an unexpected body.`, response.status);
  return parsed.data as OperationOutput<K>;
}

/** `Retry-After` in seconds (the server sends a delay, not a date), or undefined. */
function retryAfter(response: Response): number | undefined {
  const seconds = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** The input argument is optional when the operation takes no params and no body. */
type CallArgs<K extends OperationName> = [OperationInput<K>] extends [{ params?: undefined; body?: undefined }]
  ? [input?: CallInput<K>]
  : [input: CallInput<K>];
