import { useWorkflowWebhooks } from '../api/webhooks.queries.ts';
import { CopyButton } from '../ui/CopyButton.tsx';
import type { NodePanelProps } from './panel-props.ts';
import { WebhookRequests } from './WebhookRequests.tsx';
import { webhookCurl } from './webhook-curl.ts';
import { sampleBody, webhookView } from './webhook-view.ts';
import './node-panels.css';

const STATE_NOTE = {
  live: 'Live: each request starts a run of the latest saved version.',
  disabled: 'Disabled: the URL answers 404 until the node is enabled and saved.',
  unsaved: 'Save the workflow to activate this URL.',
} as const;

/**
 * A webhook node's URL (copyable), an example call, and the last requests it received (asked again every few
 * seconds while shown, so a call shows up live), each linking to the run it started.
 */
export function WebhookPanel({ nodeId, config, workflowId }: NodePanelProps) {
  const webhooks = useWorkflowWebhooks(workflowId);
  const view = webhookView(nodeId, config, webhooks.data, window.location.origin);
  const auth = config.auth === 'token' || config.auth === 'hmac' ? config.auth : 'none';
  const secret = typeof config.secret === 'string' ? config.secret : undefined;
  const curl = webhookCurl({ url: view.url, method: view.method, auth, secret, body: sampleBody(config) });
  return (
    <section className="node-panel" aria-label="Webhook URL">
      <div className="node-panel-url">
        <span className="node-panel-method">{view.method}</span>
        <code className="node-panel-code" data-testid="webhook-url">
          {view.url}
        </code>
        <CopyButton text={view.url} label="Copy webhook URL" className="node-panel-copy" />
      </div>
      <p className="muted node-panel-note" data-state={view.state}>
        {STATE_NOTE[view.state]}
      </p>
      <details className="node-panel-details">
        <summary>Example request</summary>
        <pre className="node-panel-pre">{curl}</pre>
      </details>
      {workflowId !== null && (
        <WebhookRequests
          workflowId={workflowId}
          requests={view.info?.requests ?? []}
          loading={webhooks.isPending}
          error={webhooks.error}
        />
      )}
    </section>
  );
}
