import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { NodeTypeListSchema } from './schemas.ts';

/** Node types the server can execute; they only change when the server is upgraded. */
export function useNodeTypes() {
  return useQuery({
    queryKey: ['node-types'],
    queryFn: ({ signal }) => api('/node-types', NodeTypeListSchema, { signal }),
    select: (data) => data.nodeTypes,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
