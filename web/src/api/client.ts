import { ApiErrorSchema } from '@switchyard/shared';
import type { z } from 'zod';

/** A failed API call. `code` is the server's stable error code, or `network` / `http_error` / `bad_response`. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls `/api{path}` and parses the JSON reply with `schema`. Throws `ApiRequestError` on an
 * `{error:{code,message}}` envelope, any other non-2xx reply, or a body that does not match.
 */
export async function api<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const { method = 'GET', body, signal } = options;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
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
  const envelope = ApiErrorSchema.safeParse(json);
  if (envelope.success) throw new ApiRequestError(envelope.data.error.code, envelope.data.error.message, response.status);
  if (!response.ok)
    throw new ApiRequestError('http_error', `${method} ${path} failed with HTTP ${response.status}.`, response.status);
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiRequestError('bad_response', `${method} ${path} returned an unexpected body.`, response.status);
  return parsed.data;
}
