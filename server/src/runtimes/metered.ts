import type { ExecuteRequest, ExecuteResult, Runtime } from './runtime.ts';

/** One row of the execution log, as `metered` hands it to its recorder. */
export interface ExecutionRecord {
  /** The workspace whose code ran. */
  workspaceId: string | null;
  source: 'run' | 'adhoc';
  workflowId: string | null;
  runId: string | null;
  nodeId: string | null;
  agentId: string | null;
  agentVersion: number | null;
  runtime: string;
  backend: string;
  language: string;
  cold: boolean;
  durationMs: number;
  peakMemoryBytes: number | null;
  status: string;
  bytesOut: number;
}

/**
 * Wraps a runtime so every execution is recorded once it settles, whoever called it. Recording never
 * delays or fails the execution: the recorder is called after the result is known and must not throw.
 */
export function metered(runtime: Runtime, record: (row: ExecutionRecord) => void): Runtime {
  return {
    id: runtime.id,
    supports: (language) => runtime.supports(language),
    availability: () => runtime.availability(),
    close: () => runtime.close(),
    ...(runtime.release ? { release: (runId: string) => runtime.release?.(runId) ?? Promise.resolve() } : {}),
    async execute(request: ExecuteRequest, signal: AbortSignal): Promise<ExecuteResult> {
      const result = await runtime.execute(request, signal);
      record(toRecord(request, result));
      return result;
    },
  };
}

function toRecord(request: ExecuteRequest, result: ExecuteResult): ExecutionRecord {
  let bytesOut = 0;
  if (result.status === 'succeeded') {
    try {
      bytesOut = Buffer.byteLength(JSON.stringify(result.output ?? null));
    } catch {}
  }
  return {
    workspaceId: request.meta?.workspaceId ?? null,
    source: request.meta?.source ?? 'adhoc',
    workflowId: request.meta?.workflowId ?? null,
    runId: request.meta?.runId ?? null,
    nodeId: request.meta?.nodeId ?? null,
    agentId: request.meta?.agentId ?? null,
    agentVersion: request.meta?.agentVersion ?? null,
    runtime: result.runtime,
    backend: result.backend,
    language: request.language,
    cold: result.cold,
    durationMs: Math.round(result.durationMs),
    peakMemoryBytes: result.memoryBytes ?? null,
    status: result.status,
    bytesOut,
  };
}
