import { useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

/** The runtimes this server hosts: availability, isolation, backend, languages. */
export function useRuntimes() {
  return useQuery({
    queryKey: ['runtimes'],
    queryFn: ({ signal }) => call('listRuntimes', { signal }),
    select: (data) => data.runtimes,
    staleTime: 60_000,
  });
}

/** Execution figures per runtime over the last `windowMinutes`, refreshed every 10 s. */
export function useRuntimeMetrics(windowMinutes: number) {
  return useQuery({
    queryKey: ['metrics', 'runtimes', windowMinutes],
    queryFn: ({ signal }) => call('runtimeMetrics', { query: { windowMinutes }, signal }),
    refetchInterval: 10_000,
  });
}
