import { useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

export const runKey = (id: string) => ['run', id] as const;

/** One run with per-node state and outputs. */
export function useRun(id: string | null) {
  return useQuery({
    queryKey: runKey(id ?? ''),
    queryFn: ({ signal }) => call('getRun', { params: { id: id ?? '' }, signal }),
    enabled: id !== null,
  });
}
