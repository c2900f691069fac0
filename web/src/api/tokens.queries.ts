import type { OperationInput } from '@switchyard/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from './client.ts';
import { freshOnOpen } from './query-options.ts';

export const tokensKey = ['tokens'] as const;

/** API tokens here: the caller's own (admins: everyone's), never their values; asked again whenever the page opens. */
export function useTokens() {
  return useQuery({
    ...freshOnOpen,
    queryKey: tokensKey,
    queryFn: ({ signal }) => call('listTokens', { signal }),
    select: (data) => data.tokens,
  });
}

/** Creates a token; its value is in this reply only. */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OperationInput<'createToken'>['body']) => call('createToken', { body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

/** Revokes at once: the next request with it is refused. */
export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('revokeToken', { params: { id } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
