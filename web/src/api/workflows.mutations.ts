import type { CreateWorkflowBody } from '@switchyard/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from './client.ts';
import { forgetWorkflow, rememberWorkflow } from './workflows.queries.ts';

/** Longest name the server accepts (`CreateWorkflowBodySchema`). */
const MAX_NAME = 200;

/** POST a new workflow (version 1); the result is cached so the editor opens without a fetch. */
export function useCreateWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWorkflowBody) => call('createWorkflow', { body }),
    onSuccess: (wf) => rememberWorkflow(queryClient, wf),
  });
}

/** PUT `{name}`: renames without saving a version. */
export function useRenameWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => call('updateWorkflow', { params: { id }, body: { name } }),
    onSuccess: (wf) => rememberWorkflow(queryClient, wf),
  });
}

/** Reads the latest version from the server (not the cache) and saves it as a new workflow "Copy of …". */
export function useDuplicateWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const source = await call('getWorkflow', { params: { id } });
      const body: CreateWorkflowBody = {
        name: `Copy of ${source.name}`.slice(0, MAX_NAME),
        description: source.description,
        graph: source.graph,
      };
      return call('createWorkflow', { body });
    },
    onSuccess: (wf) => rememberWorkflow(queryClient, wf),
  });
}

/** Soft delete: the workflow leaves the list; its versions and runs stay on the server. */
export function useDeleteWorkflow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('deleteWorkflow', { params: { id } }),
    onSuccess: (_, id) => forgetWorkflow(queryClient, id),
  });
}
