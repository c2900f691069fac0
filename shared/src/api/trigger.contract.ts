import type { Endpoint } from './contract.ts';
import { WorkflowWebhooksSchema } from './trigger.schema.ts';

/**
 * The editor's view of a workflow's live triggers: part of `apiContract` (see contract.ts). The webhook endpoint
 * itself, `/webhooks/<path>`, is outside `/api` and public (its own auth: none, token or HMAC), so not listed here.
 */
export const triggerContract = {
  listWorkflowWebhooks: {
    method: 'GET',
    path: '/workflows/:id/webhooks',
    access: 'workflows:read',
    summary: "The webhook nodes of the workflow's latest version: path, method, absolute URL, live or not, the last requests",
    success: { status: 200, description: 'webhooks', schema: WorkflowWebhooksSchema },
    errors: { 404: 'unknown workflow' },
  },
} as const satisfies Record<string, Endpoint>;
