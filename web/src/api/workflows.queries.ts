import type { Workflow } from '@switchyard/shared';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { call } from './client.ts';
import { workflowsKey } from './useWorkflows.ts';

/** `['workflow', id]` holds the latest saved workflow; version queries live under it (prefix invalidation reaches them). */
export const workflowKey = (id: string) => ['workflow', id] as const;
export const versionKey = (id: string, version: number) => ['workflow', id, 'version', version] as const;
export const versionsKey = (id: string) => ['workflow', id, 'versions'] as const;

/** A workflow with its latest graph. */
export function useWorkflow(id: string) {
  return useQuery({
    queryKey: workflowKey(id),
    queryFn: ({ signal }) => call('getWorkflow', { params: { id }, signal }),
    // The editor owns the document once loaded; saves write their result here (`rememberWorkflow`).
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/** One immutable version (never changes, so cached for good). */
export function useWorkflowVersion(id: string, version: number | null) {
  return useQuery(versionQuery(id, version ?? 0, version !== null));
}

/** The query options of one version, shared by the hook and imperative reads (`queryClient.fetchQuery`). */
export function versionQuery(id: string, version: number, enabled = true) {
  return {
    queryKey: versionKey(id, version),
    queryFn: ({ signal }: { signal: AbortSignal }) => call('getWorkflowVersion', { params: { id, version }, signal }),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  };
}

/** Saved versions, newest first. Saves invalidate it (`rememberWorkflow`). */
export function useWorkflowVersions(id: string) {
  return useQuery({
    queryKey: versionsKey(id),
    queryFn: ({ signal }) => call('listWorkflowVersions', { params: { id }, signal }),
    select: (data) => data.versions,
  });
}

/**
 * Records a workflow the server just returned (create, rename, save, restore) in every cache that
 * shows it. Replies can arrive out of order (a rename racing a save), so the cached copy is only
 * replaced by one at least as new: higher version, or same version and a later `updatedAt`.
 */
export function rememberWorkflow(queryClient: QueryClient, wf: Workflow): void {
  const previous = queryClient.getQueryData<Workflow>(workflowKey(wf.id));
  queryClient.setQueryData<Workflow>(workflowKey(wf.id), (old) => (old && isNewer(old, wf) ? old : wf));
  void queryClient.invalidateQueries({ queryKey: workflowsKey });
  if (!previous || previous.version !== wf.version)
    void queryClient.invalidateQueries({ queryKey: versionsKey(wf.id), exact: true });
}

/** Drops a deleted workflow and everything cached under it, and refreshes the lists. */
export function forgetWorkflow(queryClient: QueryClient, id: string): void {
  queryClient.removeQueries({ queryKey: workflowKey(id) });
  void queryClient.invalidateQueries({ queryKey: workflowsKey });
}

function isNewer(a: Workflow, b: Workflow): boolean {
  return a.version > b.version || (a.version === b.version && a.updatedAt > b.updatedAt);
}
