import { compile, isWebhookPath, MAX_WEBHOOK_PATH } from '@switchyard/shared';
import { type Context, Hono } from 'hono';
import { createRun } from '../../db/queries/runs.ts';
import type { Deps } from '../../deps.ts';
import { ApiError, errors } from '../../errors.ts';
import { clientIp } from '../../middleware/auth.ts';
import { assertStorable } from '../../middleware/validate.ts';
import { type Actor, systemScope } from '../../workspace/scope.ts';
import { pickTrigger } from '../pick-trigger.ts';
import { waitForRun } from './wait-for-run.ts';
import { checkAuth, SIGNATURE_HEADER } from './webhook-auth.ts';
import { fields, parseBody, readBody, visibleHeaders } from './webhook-body.ts';
import { findWebhook, type LiveWebhook, type RequestRecord, recordRequest } from './webhook-requests.ts';

/** Header naming the run a `respond: result` answer comes from. */
export const RUN_ID_HEADER = 'X-Switchyard-Run-Id';

/**
 * The public webhook endpoint, `/webhooks/<path>`, mounted outside `/api`: no account, the webhook's own auth.
 * Order of checks: 404 unknown path (not recorded), 405 wrong method, 413 body too large, 401/503 auth, 400/415
 * body, 422 the saved version does not compile, 429 the workspace's active-run quota; then one run, answered
 * 202 `{ runId }` or, with `respond: result`, the run's output (500 `run_failed` when it fails, 202 `{ runId }`
 * when it outlasts `timeoutMs`). Every request to a live path is recorded (status, run or error, never the body).
 */
export function webhookRoutes(deps: Deps) {
  return new Hono().all('/:path{.+}', async (c) => {
    const path = c.req.param('path');
    const hook = isWebhookPath(path) ? await findWebhook(deps.database.db, path) : null;
    if (!hook) throw errors.webhookNotFound(path.slice(0, MAX_WEBHOOK_PATH));
    const record: RequestRecord = {
      method: c.req.method,
      status: 500,
      runId: null,
      error: null,
      contentType: c.req.header('content-type') ?? null,
      bodyBytes: 0,
    };
    try {
      const response = await serve(deps, c, hook, record);
      record.status = response.status;
      return response;
    } catch (err) {
      record.status = err instanceof ApiError ? err.status : 500;
      record.error ??= recordedError(err, hook);
      throw err;
    } finally {
      await recordRequest(deps.database.db, hook, record).catch((err: unknown) =>
        deps.logger.warn('could not record a webhook request', {
          path,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
    }
  });
}

/** Checks the request, starts its run and answers; fills `record` (body size, run) on the way. */
async function serve(deps: Deps, c: Context, hook: LiveWebhook, record: RequestRecord): Promise<Response> {
  const { config } = hook;
  if (c.req.method !== config.method) {
    c.header('Allow', config.method);
    throw errors.webhookMethod(c.req.method, config.method);
  }
  const raw = await readBody(c.req.raw, deps.limits.maxBodyBytes);
  record.bodyBytes = raw.byteLength;
  const url = new URL(c.req.url);
  const actor: Actor = {
    userId: null,
    tokenId: null,
    label: `webhook /webhooks/${hook.path}`,
    ip: clientIp(c, deps.auth.trustProxy),
  };
  await checkAuth(deps, hook, actor, {
    authorization: c.req.header('authorization'),
    queryToken: url.searchParams.get('token') ?? undefined,
    signature: c.req.header(SIGNATURE_HEADER),
    body: raw,
  });
  const input = {
    body: parseBody(raw, c.req.header('content-type')),
    // Under token auth `?token=` is the secret: the run never sees it.
    query: fields(url.searchParams, config.auth === 'token' ? 'token' : undefined),
    headers: visibleHeaders(c.req.raw.headers),
    method: c.req.method,
  };
  assertStorable(input, 'request body');

  const compiled = compile(hook.graph, { registry: deps.nodes.definitions });
  if (!compiled.ok) {
    record.error = `the saved version does not compile: ${compiled.errors.map((e) => e.message).join('; ')}`;
    throw errors.webhookCompileFailed(compiled.errors.length);
  }
  const runId = await createRun(
    deps.database,
    deps.queue,
    { ...systemScope(hook.workspaceId), actor },
    {
      workflowId: hook.workflowId,
      version: hook.workflowVersion,
      input,
      nodeIds: compiled.plan.order,
      trigger: pickTrigger(compiled.plan, hook.nodeId),
      via: 'webhook',
      maxActiveRuns: deps.quotas.activeRuns,
    },
  );
  record.runId = runId;
  if (config.respond === 'accepted') return c.json({ runId }, 202);

  const finished = await waitForRun(deps, hook.workspaceId, runId, config.timeoutMs, c.req.raw.signal);
  if (!finished) return c.json({ runId }, 202);
  c.header(RUN_ID_HEADER, runId);
  if (finished.status !== 'succeeded') throw errors.webhookRunFailed(runId, finished.status, finished.error);
  return c.json(finished.output ?? null, 200);
}

/** What the editor's request list shows for a refused or failed request: for the owner, so more than the caller got. */
function recordedError(err: unknown, hook: LiveWebhook): string {
  if (!(err instanceof ApiError)) return 'internal error (logged)';
  if (err.code === 'webhook_secret_missing') return `the secret "${hook.config.secret ?? ''}" is not set in this workspace`;
  if (err.code === 'run_failed') {
    const details = err.details as { error?: { code: string; nodeId?: string } } | undefined;
    const cause = details?.error ? `: ${details.error.code}${details.error.nodeId ? ` at ${details.error.nodeId}` : ''}` : '';
    return `${err.message}${cause}`;
  }
  return err.message;
}
