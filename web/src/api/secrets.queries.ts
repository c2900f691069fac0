import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCan } from '../auth/useCan.ts';
import { call } from './client.ts';

/** The workspace's secret list (names only); the Studio's environment panel shares this key. */
export const secretsKey = ['secrets'] as const;

/** Names of the workspace's stored secrets (never their values); not asked without `secrets:read`. */
export function useSecretNames() {
  return useQuery({
    queryKey: secretsKey,
    queryFn: ({ signal }) => call('listSecrets', { signal }),
    select: (data) => data.secrets.map((s) => s.name),
    enabled: useCan('secrets:read'),
  });
}

/** Stores (or replaces) a secret's value, write-only; the list is asked again. */
export function usePutSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, value }: { name: string; value: string }) => call('putSecret', { params: { name }, body: { value } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: secretsKey }),
  });
}
