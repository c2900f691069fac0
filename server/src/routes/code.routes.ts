import { ExecuteCodeBodySchema, type ExecuteCodeResult } from '@switchyard/shared';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { validate } from '../middleware/validate.ts';
import { type LogLine, pickRuntime } from '../runtimes/index.ts';
import { resolveEnv } from '../secrets/resolve-env.ts';
import { SecretsMissingError } from '../secrets/secret-store.ts';

/** Ad-hoc executions running at once, server-wide; more get 429 (each one holds a process). */
export const MAX_CONCURRENT_EXECUTIONS = 4;

/** Code outside workflows: `POST /execute` runs a snippet once through the runtime router. */
export function codeRoutes(deps: Deps) {
  let running = 0;
  return new Hono().post('/execute', validate('json', ExecuteCodeBodySchema), async (c) => {
    const body = c.req.valid('json');
    const pick = pickRuntime(
      { requested: body.runtime, language: body.language, code: body.code, network: body.policy.network, trusted: body.trusted },
      deps.runtimes,
    );
    if (!pick.runtime) {
      const message = pick.error?.message ?? pick.decision.reason;
      return c.json({
        status: 'unavailable',
        error: { code: pick.error?.code ?? 'runtime_unavailable', message },
        logs: [],
        logsTruncated: false,
        runtime: null,
        backend: null,
        decision: pick.decision,
        durationMs: 0,
        cold: false,
      } satisfies ExecuteCodeResult);
    }
    if (running >= MAX_CONCURRENT_EXECUTIONS) throw errors.tooManyExecutions(MAX_CONCURRENT_EXECUTIONS);
    const { env, redact } = await resolveEnv(body.policy.env, deps.secrets).catch((err: unknown) => {
      if (err instanceof SecretsMissingError) throw errors.secretsMissing(err);
      throw err;
    });
    running += 1;
    const logs: LogLine[] = [];
    try {
      // The client going away cancels the execution (its process is killed).
      const result = await pick.runtime.execute(
        {
          ...body.policy,
          env,
          language: body.language,
          code: body.code,
          inputs: body.inputs,
          onLog: (l) => logs.push({ ...l, line: redact.text(l.line) }),
          meta: { source: 'adhoc' },
        },
        c.req.raw.signal,
      );
      return c.json({
        status: result.status,
        ...(result.status === 'succeeded' ? { output: redact.value(result.output ?? null) } : {}),
        ...(result.error ? { error: redact.value(result.error) } : {}),
        logs,
        logsTruncated: result.logsTruncated,
        runtime: result.runtime,
        backend: result.backend,
        decision: pick.decision,
        durationMs: result.durationMs,
        cold: result.cold,
      } satisfies ExecuteCodeResult);
    } finally {
      running -= 1;
    }
  });
}
