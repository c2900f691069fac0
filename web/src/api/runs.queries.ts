import { useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

export const runKey = (id: string) => ['run', id] as const;
/** Prefix of every run list of one workflow (invalidate it when a run starts or ends). */
export const runsKey = (workflowId: string) => ['runs', workflowId] as const;

/** While any listed run is queued or running, the list is refetched this often (ms). */
export const RUNS_POLL_MS = 2_000;
/** Otherwise this often: runs a webhook or a schedule starts show up without a reload. */
export const RUNS_IDLE_POLL_MS = 10_000;

/** One run with per-node state and outputs. */
export function useRun(id: string | null) {
  return useQuery({
    queryKey: runKey(id ?? ''),
    queryFn: ({ signal }) => call('getRun', { params: { id: id ?? '' }, signal }),
    enabled: id !== null,
  });
}

/** A workflow's recent runs, newest first; polls often while one of them is still going, slowly otherwise. */
export function useWorkflowRuns(workflowId: string | null, limit = 50) {
  return useQuery({
    queryKey: [...runsKey(workflowId ?? ''), limit],
    queryFn: ({ signal }) => call('listRuns', { query: { workflowId: workflowId ?? '', limit }, signal }),
    enabled: workflowId !== null,
    refetchInterval: (query) =>
      query.state.data?.runs.some((r) => r.status === 'queued' || r.status === 'running') ? RUNS_POLL_MS : RUNS_IDLE_POLL_MS,
  });
}
