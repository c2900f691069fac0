import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meKey, switchWorkspace } from './auth.queries.ts';
import { call } from './client.ts';

/** Renames the current workspace (`me` carries the names, so it is asked again). */
export function useRenameWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call('updateWorkspace', { body: { name } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

/** Deletes the current workspace and everything in it; the caller lands in their default workspace. */
export function useDeleteWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call('deleteWorkspace'),
    onSuccess: () => switchWorkspace(queryClient, null),
  });
}
