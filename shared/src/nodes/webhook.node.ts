import { Webhook } from 'lucide';
import { z } from 'zod';
import { CATEGORIES } from './categories.ts';
import { SecretNameSchema } from './code.node.ts';
import { defineNode } from './define-node.ts';

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Longest webhook path, in characters. */
export const MAX_WEBHOOK_PATH = 200;

/** Segments of letters, digits and `-`, joined by single `/` (no leading, trailing or doubled `/`). */
const WEBHOOK_PATH = /^[A-Za-z0-9-]+(\/[A-Za-z0-9-]+)*$/;

/** True when `path` is one a webhook may be served at (`/webhooks/<path>`). */
export function isWebhookPath(path: string): boolean {
  return path.length <= MAX_WEBHOOK_PATH && WEBHOOK_PATH.test(path);
}

const PATH_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `hook-` and 8 random lower-case letters and digits: each newly added webhook node gets its own path. */
export function randomWebhookPath(): string {
  let tail = '';
  const bytes = new Uint8Array(16);
  while (tail.length < 8) {
    crypto.getRandomValues(bytes);
    // 252 = 7 × 36: bytes above it are dropped so every character is equally likely.
    for (const b of bytes) if (b < 252 && tail.length < 8) tail += PATH_ALPHABET[b % 36];
  }
  return `hook-${tail}`;
}

/** Where a webhook is served: `/webhooks/<path>`. */
export const WebhookPathSchema = z
  .string()
  .min(1)
  .max(MAX_WEBHOOK_PATH)
  .regex(WEBHOOK_PATH, 'a path is letters, digits and -, in segments joined by single / (no / at either end)');

/**
 * Webhook trigger: a request to `/webhooks/<path>` starts a run of the workflow's latest saved version, whose
 * input (this node's output) is `{ body, query, headers, method }`. Live while the workflow is saved with the
 * node enabled; paths are unique on the server.
 */
export const webhookNode = defineNode({
  type: 'webhook',
  version: 1,
  title: 'Webhook',
  description: 'Starts the workflow when an HTTP request arrives at its URL; its output is the request.',
  category: CATEGORIES.triggers,
  icon: Webhook,
  trigger: { kind: 'webhook' },
  subtitle: (config) => `${config.method} /webhooks/${config.path}`,
  config: z
    .object({
      /** The URL is `/webhooks/<path>`; unique on the server. */
      path: WebhookPathSchema.default(randomWebhookPath),
      /** The one method accepted; others answer 405. */
      method: z.enum(WEBHOOK_METHODS).default('POST'),
      /** `accepted`: 202 `{ runId }` at once. `result`: wait for the run and answer its output (202 `{ runId }` after `timeoutMs`). */
      respond: z.enum(['accepted', 'result']).default('accepted'),
      /** With `respond: result`, how long the caller is held before 202 `{ runId }` (ms). */
      timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
      /** `token`: `Authorization: Bearer <secret>` or `?token=<secret>`. `hmac`: `X-Switchyard-Signature: sha256=<hex HMAC of the body>`. */
      auth: z.enum(['none', 'token', 'hmac']).default('none'),
      /** The stored secret (by name) a `token` or `hmac` request is checked against. */
      secret: SecretNameSchema.optional(),
      /** Off: the URL answers 404 and starts nothing. */
      enabled: z.boolean().default(true),
      /** Example input for a run started by hand. */
      sampleInput: z.unknown().optional(),
    })
    .superRefine((config, ctx) => {
      if (config.auth !== 'none' && config.secret === undefined)
        ctx.addIssue({ code: 'custom', path: ['secret'], message: `name the stored secret ${config.auth} auth checks against` });
    }),
  ports: () => ({ inputs: [], outputs: [{ name: 'output', type: 'any' }] }),
  editor: {
    path: { widget: 'text', label: 'Path', help: 'The URL is /webhooks/<path>: letters, digits, - and /', order: 1 },
    method: { widget: 'select', label: 'Method', order: 2 },
    respond: {
      widget: 'select',
      label: 'Respond',
      help: 'accepted: 202 { runId } at once; result: the run’s output once it finishes',
      order: 3,
    },
    timeoutMs: {
      widget: 'number',
      label: 'Wait for result (ms)',
      help: 'Then 202 { runId }',
      order: 4,
      hidden: (c) => c.respond !== 'result',
    },
    auth: {
      widget: 'select',
      label: 'Authentication',
      help: 'token: Authorization: Bearer <secret> or ?token=; hmac: X-Switchyard-Signature: sha256=<hex HMAC-SHA256 of the body>',
      order: 5,
    },
    secret: {
      widget: 'secret',
      label: 'Secret',
      help: 'The stored secret the token or signature is checked against',
      order: 6,
      hidden: (c) => (c.auth ?? 'none') === 'none',
    },
    enabled: { widget: 'toggle', label: 'Enabled', order: 7 },
    sampleInput: { widget: 'json', label: 'Sample input', help: 'Input of a run started by hand', order: 8 },
  },
});

/** A webhook node's parsed config. */
export type WebhookConfig = z.output<typeof webhookNode.config>;
