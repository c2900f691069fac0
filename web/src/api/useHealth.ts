import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { HealthSchema } from './schemas.ts';

/** Server liveness and database round trip, refreshed every 15 s. */
export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => api('/health', HealthSchema, { signal }),
    refetchInterval: 15_000,
    retry: false,
  });
}
