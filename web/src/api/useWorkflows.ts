import { useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

export const workflowsKey = ['workflows'] as const;

/** Workflow summaries, most recently updated first (the server's order). */
export function useWorkflows() {
  return useQuery({
    queryKey: workflowsKey,
    queryFn: ({ signal }) => call('listWorkflows', { signal }),
    select: (data) => data.workflows,
  });
}
