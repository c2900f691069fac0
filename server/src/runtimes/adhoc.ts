import type { ExecuteCodeBody, ExecuteCodeResult } from '@switchyard/shared';
import { audit } from '../audit/audit.ts';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { resolveEnv } from '../secrets/resolve-env.ts';
import { SecretsMissingError } from '../secrets/secret-store.ts';
import type { WorkspaceScope } from '../workspace/scope.ts';
import { type ExecutionMeta, type LogLine, pickRuntime } from './index.ts';

/** Ad-hoc executions running at once, server-wide; more get 429 (each one holds a process). */
export const MAX_CONCURRENT_EXECUTIONS = 4;

type Body = Required<Pick<ExecuteCodeBody, 'language' | 'code' | 'inputs' | 'runtime' | 'trusted'>> & {
  policy: Exclude<ExecuteCodeBody['policy'], undefined> & Required<Pick<NonNullable<ExecuteCodeBody['policy']>, 'timeoutMs'>>;
};

/** What an ad-hoc execution is recorded as (`code_exec_logs`), and which surface asked, for its audit row. */
export type AdhocMeta = Omit<ExecutionMeta, 'workspaceId'> & {
  /** `api` (the REST routes, the default), `mcp` (a tool call on /mcp), `studio` (a draft's test run). */
  via?: 'api' | 'mcp' | 'studio';
};

/**
 * Runs code once outside a workflow (the code route, code agents, MCP) in the scope's workspace: the router's
 * pick, the workspace's secrets resolved into the environment (each use audited) and redacted from everything
 * that comes back, an audit row (`code.execute`, or `agent.execute` for an agent's version) written before it
 * starts. At most MAX_CONCURRENT_EXECUTIONS run at once server-wide (429 `too_many_executions` beyond) and
 * `deps.quotas.concurrentExecutions` per workspace (429 `quota_exceeded`). A runtime that cannot run it gives
 * status `unavailable` with the reason. The caller going away (`signal`) kills the execution.
 */
export function adhocExecutor(deps: Deps) {
  let running = 0;
  const byWorkspace = new Map<string, number>();
  return async function execute(
    scope: WorkspaceScope,
    body: Body,
    signal: AbortSignal,
    meta: AdhocMeta = { source: 'adhoc' },
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
    const ws = scope.workspaceId;
    const quota = deps.quotas.concurrentExecutions;
    if (running >= MAX_CONCURRENT_EXECUTIONS) throw errors.tooManyExecutions(MAX_CONCURRENT_EXECUTIONS);
    if ((byWorkspace.get(ws) ?? 0) >= quota) throw errors.quotaExceeded('concurrentExecutions', quota);
    // Both slots are taken before anything is awaited, so calls arriving together cannot all pass the checks.
    running += 1;
    byWorkspace.set(ws, (byWorkspace.get(ws) ?? 0) + 1);
    const logs: LogLine[] = [];
    const { via = 'api', ...recorded } = meta;
    try {
      const execution = recorded.agentId
        ? { agentId: recorded.agentId, version: recorded.agentVersion }
        : { language: body.language, runtime: pick.decision.runtime };
      const { env, redact } = await resolveEnv(body.policy.env ?? {}, (names) =>
        deps.secrets.reveal(ws, names, { actor: scope.actor, details: { via, ...execution } }),
      ).catch((err: unknown) => {
        if (err instanceof SecretsMissingError) throw errors.secretsMissing(err);
        throw err;
      });
      await audit(
        deps.database.db,
        scope,
        recorded.agentId
          ? {
              action: 'agent.execute',
              resourceType: 'agent',
              resourceId: recorded.agentId,
              details: { version: recorded.agentVersion, via },
            }
          : { action: 'code.execute', resourceType: 'code', details: { via, ...execution } },
      );
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
          meta: { ...recorded, workspaceId: ws },
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
      const left = (byWorkspace.get(ws) ?? 1) - 1;
      if (left > 0) byWorkspace.set(ws, left);
      else byWorkspace.delete(ws);
    }
  };
}

export type AdhocExecutor = ReturnType<typeof adhocExecutor>;
