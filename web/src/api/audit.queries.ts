import type { OperationInput } from '@switchyard/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { call } from './client.ts';
import { freshOnOpen } from './query-options.ts';

/** The audit filters (paging is the query's own business). */
export type AuditFilters = Omit<NonNullable<OperationInput<'listAudit'>['query']>, 'cursor' | 'limit'>;

/**
 * Audit entries newest first, a page at a time: `fetchNextPage` asks for the entries after the last page's cursor.
 * Asked again whenever the page opens.
 */
export function useAudit(filters: AuditFilters, pageSize = 50) {
  return useInfiniteQuery({
    ...freshOnOpen,
    queryKey: ['audit', filters, pageSize],
    queryFn: ({ pageParam, signal }) =>
      call('listAudit', { query: { ...filters, limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}) }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
