import { useQuery } from '@tanstack/react-query';
import { call } from './client.ts';

/** Under the workflow's key, so invalidating the workflow (a save) asks again. */
export const webhooksKey = (workflowId: string) => ['workflow', workflowId, 'webhooks'] as const;

/** While a webhook panel is open its requests are asked for this often (ms), so a call shows up live. */
export const WEBHOOKS_POLL_MS = 3_000;

/** The webhook nodes of a workflow's latest saved version: URL, live or not, last requests; polled while shown. */
export function useWorkflowWebhooks(workflowId: string | null) {
  return useQuery({
    queryKey: webhooksKey(workflowId ?? ''),
    queryFn: ({ signal }) => call('listWorkflowWebhooks', { params: { id: workflowId ?? '' }, signal }),
    select: (data) => data.webhooks,
    enabled: workflowId !== null,
    refetchInterval: WEBHOOKS_POLL_MS,
  });
}
