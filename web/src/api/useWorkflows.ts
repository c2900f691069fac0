import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { WorkflowListSchema } from './schemas.ts';

export const workflowsKey = ['workflows'] as const;

/** Workflow summaries, most recently updated first (the server's order). */
export function useWorkflows() {
  return useQuery({
    queryKey: workflowsKey,
    queryFn: ({ signal }) => api('/workflows', WorkflowListSchema, { signal }),
    select: (data) => data.workflows,
  });
}
