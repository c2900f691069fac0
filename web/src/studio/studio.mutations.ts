import type { OperationInput } from '@switchyard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../api/client.ts';
import { agentVersionsKey, codeAgentKey, codeAgentsKey, rememberAgent } from '../api/code-agents.queries.ts';
import type { StudioDraft } from './studio-store.ts';

/** Saves the draft as the next version; the agent and its version list are refreshed. */
export function useSaveVersion(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ draft, changelog }: { draft: StudioDraft; changelog: string }) =>
      call('createCodeAgentVersion', { params: { id: agentId }, body: { content: draft, changelog } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: codeAgentKey(agentId) });
      void queryClient.invalidateQueries({ queryKey: agentVersionsKey(agentId) });
      void queryClient.invalidateQueries({ queryKey: [...codeAgentsKey, 'list'] });
    },
  });
}

/** Publishes or unpublishes the agent. */
export function usePublish(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (publish: boolean) => call(publish ? 'publishCodeAgent' : 'unpublishCodeAgent', { params: { id: agentId } }),
    onSuccess: (agent) => rememberAgent(queryClient, agent),
  });
}

/** Changes name, description or tags (never a version). */
export function usePatchAgent(agentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OperationInput<'patchCodeAgent'>['body']) => call('patchCodeAgent', { params: { id: agentId }, body }),
    onSuccess: (agent) => rememberAgent(queryClient, agent),
  });
}

/** Runs a saved version (the test panel of a role that may run agents but not arbitrary code, e.g. runner). */
export function useExecuteVersion(agentId: string) {
  return useMutation({
    mutationFn: ({ version, ...body }: { version: number } & OperationInput<'executeCodeAgentVersion'>['body']) =>
      call('executeCodeAgentVersion', { params: { id: agentId, version }, body }),
  });
}

/** Runs the draft as it is, unsaved, through the router (the test panel). */
export function useRunDraft() {
  return useMutation({
    mutationFn: (body: OperationInput<'runCodeAgentDraft'>['body']) => call('runCodeAgentDraft', { body }),
  });
}
