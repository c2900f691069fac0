import { useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

/** Server liveness and database round trip, refreshed every 15 s. */
export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => call('health', { signal }),
    refetchInterval: 15_000,
    retry: false,
  });
}
