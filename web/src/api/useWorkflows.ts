import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

/** Prefix of every workflow-list query (one per search text); invalidate it after any change. */
export const workflowsKey = ['workflows'] as const;

/** Workflow summaries, most recently updated first (the server's order), filtered by name when `q` is set. */
export function useWorkflows(q = '') {
  const search = q.trim();
  return useQuery({
    queryKey: [...workflowsKey, { q: search }],
    queryFn: ({ signal }) => call('listWorkflows', { query: search ? { q: search } : {}, signal }),
    select: (data) => data.workflows,
    // While a new search loads, keep showing the previous results instead of a loading flash.
    placeholderData: keepPreviousData,
  });
}
