import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { QuotaResource } from './workspace/quotas.ts';

/** A client-facing failure: HTTP status, stable code, sentence, optional details. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The error catalogue: every code the API answers with, in one place. */
export const errors = {
  notFound: (what: string, id: string) => new ApiError(404, 'not_found', `${what} "${id}" does not exist`),
  validation: (where: string, issues: unknown) => new ApiError(400, 'validation_failed', `invalid ${where}`, { issues }),
  invalidJson: (message: string) => new ApiError(400, 'invalid_json', `the request body is not valid JSON: ${message}`),
  unsupportedMediaType: (type: string) =>
    new ApiError(415, 'unsupported_media_type', `the request body must be application/json (got ${type || 'no content type'})`),
  payloadTooLarge: (max: number) => new ApiError(413, 'payload_too_large', `the request body is larger than ${max} bytes`),
  compileFailed: (errs: unknown[]) =>
    new ApiError(
      422,
      'compile_failed',
      `the workflow has ${errs.length} error${errs.length === 1 ? '' : 's'}; fix them before running`,
      {
        errors: errs,
      },
    ),
  tooManyExecutions: (limit: number) =>
    new ApiError(429, 'too_many_executions', `at most ${limit} ad-hoc executions run at once; try again when one finishes`, {
      limit,
    }),
  quotaExceeded: (resource: QuotaResource, limit: number) =>
    new ApiError(
      429,
      'quota_exceeded',
      resource === 'activeRuns'
        ? `this workspace already has ${limit} runs queued or running; try again when one finishes`
        : `this workspace already runs ${limit} ad-hoc executions at once; try again when one finishes`,
      { limit, resource },
    ),
  secretsMissing: (err: { message: string; names: string[] }) =>
    new ApiError(422, 'secret_missing', err.message, { names: err.names }),
  runFinished: (id: string) => new ApiError(409, 'run_finished', `run "${id}" has already finished`),
  hostNotAllowed: (host: string) =>
    new ApiError(
      421,
      'host_not_allowed',
      `this server does not answer to the name "${host}"; add it to ALLOWED_HOSTS if it is yours`,
      { host },
    ),
  originNotAllowed: (origin: string) =>
    new ApiError(
      403,
      'origin_not_allowed',
      `requests from ${origin} are refused: only this server's own pages and ALLOWED_ORIGINS may call the API`,
      { origin },
    ),
  invalidTrigger: (nodeId: string, triggers: string[]) =>
    new ApiError(400, 'invalid_trigger', `"${nodeId}" is not a trigger node of this workflow`, {
      triggerNodeId: nodeId,
      triggers,
    }),
  routeNotFound: (method: string, path: string) => new ApiError(404, 'route_not_found', `no route for ${method} ${path}`),
  webhookPathTaken: (path: string, nodeId: string, otherNodeId?: string) =>
    new ApiError(
      409,
      'webhook_path_taken',
      otherNodeId
        ? `webhook nodes "${otherNodeId}" and "${nodeId}" both use the path "${path}"; give each its own`
        : `the webhook path "${path}" of node "${nodeId}" is already used by another workflow; choose another path`,
      { path, nodeId, ...(otherNodeId ? { otherNodeId } : {}) },
    ),
  webhookNotFound: (path: string) => new ApiError(404, 'webhook_not_found', `no webhook is live at /webhooks/${path}`),
  webhookMethod: (method: string, allowed: string) =>
    new ApiError(405, 'method_not_allowed', `this webhook accepts ${allowed} requests, not ${method}`, { allowed }),
  webhookUnauthorized: (reason: string) => new ApiError(401, 'webhook_unauthorized', reason),
  /** The webhook's own misconfiguration, not the caller's mistake: 503, so senders that retry succeed once it is set. */
  webhookSecretMissing: () =>
    new ApiError(503, 'webhook_secret_missing', 'this webhook cannot check requests: its secret is not set on the server'),
  webhookMediaType: (type: string) =>
    new ApiError(
      415,
      'unsupported_media_type',
      `a webhook body must be JSON, form data (application/x-www-form-urlencoded) or text/* (got ${type || 'no content type'})`,
    ),
  /** The webhook's saved version does not compile; the errors are the owner's to see (the caller is anyone). */
  webhookCompileFailed: (count: number) =>
    new ApiError(
      422,
      'compile_failed',
      `the workflow's saved version has ${count} error${count === 1 ? '' : 's'}; its owner must fix them before it can run`,
    ),
  /** A `respond: result` webhook whose run did not succeed: its code and node, never its message (the caller is anyone). */
  webhookRunFailed: (runId: string, status: string, error: { code: string; nodeId?: string } | null) =>
    new ApiError(500, 'run_failed', `the run ${status === 'cancelled' ? 'was cancelled' : 'failed'}`, {
      runId,
      status,
      ...(error ? { error: { code: error.code, ...(error.nodeId ? { nodeId: error.nodeId } : {}) } } : {}),
    }),
} as const;
