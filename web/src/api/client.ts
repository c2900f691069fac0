import {
  ApiErrorSchema,
  apiContract,
  type Endpoint,
  fillPath,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '@switchyard/shared';

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
  ) {
    super(message);
  }
}

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
      headers:
        body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
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
    throw new ApiRequestError(code, message, response.status, details);
  }
  if (!response.ok) throw new ApiRequestError('http_error', `${label} failed with HTTP ${response.status}.`, response.status);
  if (!op.success.schema) return null as OperationOutput<K>;
  const parsed = op.success.schema.safeParse(json);
  if (!parsed.success) throw new ApiRequestError('bad_response', `${label} returned an unexpected body.`, response.status);
  return parsed.data as OperationOutput<K>;
}

/** The input argument is optional when the operation takes no params and no body. */
type CallArgs<K extends OperationName> = [OperationInput<K>] extends [{ params?: undefined; body?: undefined }]
  ? [input?: CallInput<K>]
  : [input: CallInput<K>];
