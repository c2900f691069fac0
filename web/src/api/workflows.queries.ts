import { useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

export const workflowKey = (id: string) => ['workflow', id] as const;
export const versionKey = (id: string, version: number) => ['workflow', id, 'version', version] as const;

/** A workflow with its latest graph. */
export function useWorkflow(id: string) {
  return useQuery({
    queryKey: workflowKey(id),
    queryFn: ({ signal }) => call('getWorkflow', { params: { id }, signal }),
    // The editor owns the document once loaded; refetching under it would discard nothing but waste work.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/** One immutable version (never changes, so cached for good). */
export function useWorkflowVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: versionKey(id, version ?? 0),
    queryFn: ({ signal }) => call('getWorkflowVersion', { params: { id, version: version ?? 0 }, signal }),
    enabled: version !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
