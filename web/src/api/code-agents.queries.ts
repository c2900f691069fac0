import type { CodeAgent, OperationInput } from '@switchyard/shared';
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './client.ts';

/** Every code-agent query lives under `['code-agents']`, so one invalidation refreshes lists, agents and versions. */
export const codeAgentsKey = ['code-agents'] as const;
export const codeAgentKey = (id: string) => ['code-agents', 'agent', id] as const;
export const agentVersionsKey = (id: string) => ['code-agents', 'agent', id, 'versions'] as const;
const agentVersionKey = (id: string, version: number) => ['code-agents', 'agent', id, 'version', version] as const;

export type CodeAgentFilters = NonNullable<OperationInput<'listCodeAgents'>['query']>;

/** Code agents matching the filters, most recently updated first, each with its usage summary. */
export function useCodeAgents(filters: CodeAgentFilters = {}) {
  return useQuery({
    queryKey: ['code-agents', 'list', filters],
    queryFn: ({ signal }) => call('listCodeAgents', { query: filters, signal }),
    select: (data) => data.agents,
    // While other filters load, keep showing the previous rows instead of a loading flash.
    placeholderData: keepPreviousData,
  });
}

/** One agent with its latest version. */
export function useCodeAgent(id: string) {
  return useQuery({ queryKey: codeAgentKey(id), queryFn: ({ signal }) => call('getCodeAgent', { params: { id }, signal }) });
}

/** Versions, newest first (without files). */
export function useAgentVersions(id: string) {
  return useQuery({
    queryKey: agentVersionsKey(id),
    queryFn: ({ signal }) => call('listCodeAgentVersions', { params: { id }, signal }),
    select: (data) => data.versions,
  });
}

/** One immutable version with its files: cached for good. */
export function useAgentVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: agentVersionKey(id, version ?? 0),
    queryFn: ({ signal }) => call('getCodeAgentVersion', { params: { id, version: version ?? 0 }, signal }),
    enabled: version !== null && version > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Calls, failures, p50, last use, per version, workflows using it. */
export function useAgentUsage(id: string) {
  return useQuery({
    queryKey: ['code-agents', 'agent', id, 'usage'],
    queryFn: ({ signal }) => call('codeAgentUsage', { params: { id }, signal }),
  });
}

/** The tool manifest of one version. */
export function useAgentTool(id: string, version: number | null) {
  return useQuery({
    queryKey: ['code-agents', 'agent', id, 'tool', version ?? 0],
    queryFn: ({ signal }) => call('codeAgentTool', { params: { id, version: version ?? 0 }, signal }),
    enabled: version !== null && version > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Records an agent the server just returned and refreshes lists and version lists. */
export function rememberAgent(queryClient: QueryClient, agent: CodeAgent): void {
  queryClient.setQueryData(codeAgentKey(agent.id), agent);
  void queryClient.invalidateQueries({
    queryKey: codeAgentsKey,
    predicate: (q) => !(q.queryKey[1] === 'agent' && q.queryKey[2] === agent.id && q.queryKey.length === 3),
  });
}

/** POST a new agent with its version 1. */
export function useCreateCodeAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OperationInput<'createCodeAgent'>['body']) => call('createCodeAgent', { body }),
    onSuccess: (agent) => rememberAgent(queryClient, agent),
  });
}
