import type { OperationInput } from '@switchyard/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meKey } from './auth.queries.ts';
import { call } from './client.ts';
import { freshOnOpen } from './query-options.ts';

export const membersKey = ['members'] as const;
export const invitesKey = ['invites'] as const;

/** Members of the current workspace and their roles, asked again whenever a page showing them opens. */
export function useMembers() {
  return useQuery({
    ...freshOnOpen,
    queryKey: membersKey,
    queryFn: ({ signal }) => call('listMembers', { signal }),
    select: (data) => data.members,
  });
}

/** Pending invites (only asked when the caller manages members), asked again whenever the page opens. */
export function useInvites(enabled: boolean) {
  return useQuery({
    ...freshOnOpen,
    queryKey: invitesKey,
    queryFn: ({ signal }) => call('listInvites', { signal }),
    select: (data) => data.invites,
    enabled,
  });
}

/** A mutation whose success changes the member list (and maybe the caller's own role). */
function useMembersMutation<T, R>(mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: membersKey });
      void queryClient.invalidateQueries({ queryKey: meKey });
    },
  });
}

export function useSetMemberRole() {
  return useMembersMutation(({ userId, role }: { userId: string } & OperationInput<'setMemberRole'>['body']) =>
    call('setMemberRole', { params: { userId }, body: { role } }),
  );
}

export function useRemoveMember() {
  return useMembersMutation((userId: string) => call('removeMember', { params: { userId } }));
}

/** Sets a member's password (their sessions end); nothing cached changes. */
export function useResetMemberPassword() {
  return useMutation({
    mutationFn: ({ userId, newPassword }: { userId: string; newPassword: string }) =>
      call('resetMemberPassword', { params: { userId }, body: { newPassword } }),
  });
}

/** Makes another member the owner; the caller becomes an admin. */
export function useTransferWorkspace() {
  return useMembersMutation((userId: string) => call('transferWorkspace', { body: { userId } }));
}

/** Creates an invite; its one-time link is in the reply only. */
export function useCreateInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OperationInput<'createInvite'>['body']) => call('createInvite', { body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitesKey }),
  });
}

export function useRevokeInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('revokeInvite', { params: { id } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitesKey }),
  });
}
