import type { RunSummary, WebhookInfo, WorkflowGraph } from '@switchyard/shared';
import { code, edge, output } from '@switchyard/shared/fixtures';
import type { TestContext } from '../../testing/test-context.ts';

/** A webhook trigger node (test fixture). */
export function webhook(config: Record<string, unknown> = {}, id = 'hook'): WorkflowGraph['nodes'][number] {
  return { id, type: 'webhook', position: { x: 0, y: 0 }, config };
}

/**
 * webhook ──→ echo ──→ output
 * `echo` returns its input, so the run's output is the request as the run saw it ({ body, query, headers, method });
 * `source` replaces echo's code.
 */
export function echoGraph(config: Record<string, unknown>, source = 'export default ({ input }) => input'): WorkflowGraph {
  return {
    nodes: [webhook(config), code('echo', source), output()],
    edges: [edge('hook', 'echo'), edge('echo', 'output')],
  };
}

/** A request to `/webhooks/<path>` through the app; the body parsed as JSON when it is. */
export async function callHook(t: TestContext, path: string, init: RequestInit = {}) {
  const res = await t.app.request(`/webhooks/${path}`, { method: 'POST', ...init });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, body, headers: res.headers };
}

/** A JSON POST to `/webhooks/<path>`. */
export const postJson = (t: TestContext, path: string, value: unknown, headers: Record<string, string> = {}) =>
  callHook(t, path, { body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...headers } });

/** The runs of a workflow, newest first. */
export async function runsOf(t: TestContext, workflowId: string): Promise<RunSummary[]> {
  return (await t.call<{ runs: RunSummary[] }>('GET', `/api/runs?workflowId=${workflowId}&limit=200`)).body.runs;
}

/** `GET /api/workflows/:id/webhooks`. */
export async function webhooksOf(t: TestContext, workflowId: string): Promise<WebhookInfo[]> {
  const res = await t.call<{ webhooks: WebhookInfo[] }>('GET', `/api/workflows/${workflowId}/webhooks`);
  if (res.status !== 200) throw new Error(`webhooks: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.webhooks;
}
