import { z } from 'zod';
import { WEBHOOK_METHODS } from '../nodes/webhook.node.ts';

/** One request a webhook received (never its body or headers: they may carry secrets). */
export const WebhookRequestSchema = z.object({
  id: z.string(),
  receivedAt: z.string(),
  method: z.string(),
  /** The HTTP status the caller got. */
  status: z.number().int(),
  /** The run it started, if any. */
  runId: z.string().nullable(),
  /** Why it was refused or failed, in words; null when it was answered as asked. */
  error: z.string().nullable(),
  contentType: z.string().nullable(),
  /** Size of the body received, in bytes. */
  bodyBytes: z.number().int(),
});
export type WebhookRequest = z.infer<typeof WebhookRequestSchema>;

/** A webhook node of a workflow's latest version, as the editor shows it. */
export const WebhookInfoSchema = z.object({
  nodeId: z.string(),
  path: z.string(),
  method: z.enum(WEBHOOK_METHODS),
  /** Absolute URL: the server's public URL (PUBLIC_URL) when set, else the origin the request came to. */
  url: z.string(),
  /** True when requests start runs now; false when the node is disabled. */
  live: z.boolean(),
  /** The latest requests it received, newest first (at most 20). */
  requests: z.array(WebhookRequestSchema),
});
export type WebhookInfo = z.infer<typeof WebhookInfoSchema>;

export const WorkflowWebhooksSchema = z.object({ webhooks: z.array(WebhookInfoSchema) });
export type WorkflowWebhooks = z.infer<typeof WorkflowWebhooksSchema>;
