import type { WebhookInfo } from '@switchyard/shared';

/** Where the panel's URL comes from and whether calling it starts a run now. */
export interface WebhookView {
  url: string;
  method: string;
  /** `live`: saved and enabled; `disabled`: saved but off (404); `unsaved`: this path is not served yet. */
  state: 'live' | 'disabled' | 'unsaved';
  /** The server's record of this node (its requests), when the saved version has it. */
  info: WebhookInfo | undefined;
}

/**
 * The URL to show for a webhook node: the server's (absolute, public) URL when the saved version serves this
 * path, else the one it will have once saved (`<origin>/webhooks/<path>`).
 */
export function webhookView(
  nodeId: string,
  config: Readonly<Record<string, unknown>>,
  webhooks: readonly WebhookInfo[] | undefined,
  origin: string,
): WebhookView {
  const path = typeof config.path === 'string' ? config.path : '';
  const method = typeof config.method === 'string' ? config.method : 'POST';
  const info = webhooks?.find((w) => w.nodeId === nodeId);
  if (info && info.path === path) return { url: info.url, method, state: info.live ? 'live' : 'disabled', info };
  return { url: `${origin}/webhooks/${path}`, method, state: 'unsaved', info };
}

/** The JSON body of the node's sample input (`{ body, … }`, the shape of a webhook run's input), if it has one. */
export function sampleBody(config: Readonly<Record<string, unknown>>): unknown {
  const sample = config.sampleInput;
  if (typeof sample === 'object' && sample !== null && 'body' in sample && sample.body !== undefined) return sample.body;
  return undefined;
}
