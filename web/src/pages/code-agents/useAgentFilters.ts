import { ListCodeAgentsQuerySchema } from '@switchyard/shared';
import { useMemo } from 'react';
import { useSearchParams } from 'wouter';
import type { CodeAgentFilters } from '../../api/code-agents.queries.ts';

/** The filters the list page keeps in its URL (`?tag=&language=&runtime=&published=`), so back from Studio keeps them. */
export type FilterKey = 'tag' | 'language' | 'runtime' | 'published';
const KEYS: readonly FilterKey[] = ['tag', 'language', 'runtime', 'published'];

/** The page's filters read from the URL (values the server would refuse are dropped), and setters that replace the history entry. */
export function useAgentFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => {
    const out: Record<string, string> = {};
    for (const key of KEYS) {
      const value = params.get(key);
      if (value && ListCodeAgentsQuerySchema.shape[key].safeParse(value).success) out[key] = value;
    }
    return out as CodeAgentFilters;
  }, [params]);
  const set = (key: FilterKey, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  return { filters, set, clear };
}
