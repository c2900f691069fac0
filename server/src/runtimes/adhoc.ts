import type { ExecuteCodeBody, ExecuteCodeResult } from '@switchyard/shared';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { resolveEnv } from '../secrets/resolve-env.ts';
import { SecretsMissingError } from '../secrets/secret-store.ts';
import { type ExecutionMeta, type LogLine, pickRuntime } from './index.ts';

/** Ad-hoc executions running at once, server-wide; more get 429 (each one holds a process). */
export const MAX_CONCURRENT_EXECUTIONS = 4;

type Body = Required<Pick<ExecuteCodeBody, 'language' | 'code' | 'inputs' | 'runtime' | 'trusted'>> & {
  policy: Exclude<ExecuteCodeBody['policy'], undefined> & Required<Pick<NonNullable<ExecuteCodeBody['policy']>, 'timeoutMs'>>;
};

/**
 * Runs code once outside a workflow (the code route, code agents): the router's pick, secrets resolved into
 * the environment and redacted from everything that comes back, at most MAX_CONCURRENT_EXECUTIONS at once
 * (429 beyond). A runtime that cannot run it gives status `unavailable` with the reason. The caller going
 * away (`signal`) kills the execution.
 */
export function adhocExecutor(deps: Deps) {
  let running = 0;
  return async function execute(
    body: Body,
    signal: AbortSignal,
    meta: ExecutionMeta = { source: 'adhoc' },
    /** Python modules the code brings along (a code agent's helpers), so the router does not take them for packages. */
    localModules: readonly string[] = [],
  ): Promise<ExecuteCodeResult> {
    const network = body.policy.network ?? 'off';
    const pick = pickRuntime(
      { requested: body.runtime, language: body.language, code: body.code, network, trusted: body.trusted, localModules },
      deps.runtimes,
    );
    if (!pick.runtime) {
      const message = pick.error?.message ?? pick.decision.reason;
      return {
        status: 'unavailable',
        error: { code: pick.error?.code ?? 'runtime_unavailable', message },
        logs: [],
        logsTruncated: false,
        runtime: null,
        backend: null,
        decision: pick.decision,
        durationMs: 0,
        cold: false,
      };
    }
    if (running >= MAX_CONCURRENT_EXECUTIONS) throw errors.tooManyExecutions(MAX_CONCURRENT_EXECUTIONS);
    const { env, redact } = await resolveEnv(body.policy.env ?? {}, deps.secrets).catch((err: unknown) => {
      if (err instanceof SecretsMissingError) throw errors.secretsMissing(err);
      throw err;
    });
    running += 1;
    const logs: LogLine[] = [];
    try {
      const result = await pick.runtime.execute(
        {
          timeoutMs: body.policy.timeoutMs,
          memoryMb: body.policy.memoryMb ?? 256,
          maxOutputBytes: body.policy.maxOutputBytes ?? 1024 * 1024,
          maxLogBytes: body.policy.maxLogBytes ?? 1024 * 1024,
          network,
          allowedHosts: body.policy.allowedHosts ?? [],
          filesystem: body.policy.filesystem ?? 'tmp',
          ...(body.policy.diskMb ? { diskMb: body.policy.diskMb } : {}),
          env,
          language: body.language,
          code: body.code,
          inputs: body.inputs,
          onLog: (l) => logs.push({ ...l, line: redact.text(l.line) }),
          meta,
        },
        signal,
      );
      return {
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
      };
    } finally {
      running -= 1;
    }
  };
}

export type AdhocExecutor = ReturnType<typeof adhocExecutor>;
