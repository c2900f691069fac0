import { useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

/** Node types the server can execute; they only change when the server is upgraded. */
export function useNodeTypes() {
  return useQuery({
    queryKey: ['node-types'],
    queryFn: ({ signal }) => call('listNodeTypes', { signal }),
    select: (data) => data.nodeTypes,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
