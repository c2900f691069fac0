/**
 * Per-workspace limits on work that holds the server's capacity. Beyond a limit the request answers
 * 429 `quota_exceeded` with `{ limit, resource }` (the resource being the field's name).
 */
export interface WorkspaceQuotas {
  /** Runs queued or running at once in one workspace; checked when a run is created. */
  activeRuns: number;
  /** Ad-hoc code executions (snippets, agent calls, MCP calls, draft runs) running at once in one workspace. */
  concurrentExecutions: number;
}

export const DEFAULT_QUOTAS: WorkspaceQuotas = { activeRuns: 50, concurrentExecutions: 4 };

export type QuotaResource = keyof WorkspaceQuotas;
