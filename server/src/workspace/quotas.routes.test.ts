import type { ExecuteCodeResult } from '@switchyard/shared';
import { edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { type Credential, createTestContext, type TestContext } from '../testing/test-context.ts';

/** Per-workspace quotas: beyond one, 429 `quota_exceeded` naming the limit; other workspaces are not held back. */
let t: TestContext;
let other: Credential;
beforeAll(async () => {
  // No worker: runs stay queued, so they stay active until cancelled.
  t = await createTestContext({ worker: false, quotas: { activeRuns: 2, concurrentExecutions: 1 } });
  other = await t.workspace('not held back');
});
afterAll(async () => t?.close());

const graph = { nodes: [trigger(), output()], edges: [edge('trigger', 'output')] };

describe('active runs', () => {
  it('refuses a run beyond the limit of queued and running ones, until one ends; counts per workspace', async () => {
    const wf = await t.createWorkflow(graph);
    const first = await t.startRun(wf.id, 1);
    await t.startRun(wf.id, 2);
    const refused = expectApiError(await t.call('POST', `/api/workflows/${wf.id}/runs`, { input: 3 }), 429, 'quota_exceeded');
    expect(refused.details).toEqual({ limit: 2, resource: 'activeRuns' });
    // Nothing of the refused run exists, not even its audit row.
    const runs = await t.call<{ runs: unknown[] }>('GET', `/api/runs?workflowId=${wf.id}`);
    expect(runs.body.runs).toHaveLength(2);
    const starts = await t.call<{ entries: { details: { workflowId?: string } }[] }>('GET', '/api/audit?action=run.start');
    expect(starts.body.entries.filter((e) => e.details.workflowId === wf.id)).toHaveLength(2);

    const theirs = await t.as(other).call<{ id: string }>('POST', '/api/workflows', { name: 'theirs', graph });
    expect((await t.as(other).call('POST', `/api/workflows/${theirs.body.id}/runs`, { input: 1 })).status).toBe(202);

    expect((await t.call('POST', `/api/runs/${first}/cancel`)).status).toBe(202);
    expect((await t.call('POST', `/api/workflows/${wf.id}/runs`, { input: 4 })).status).toBe(202);
  });

  it('lets exactly the limit through when many starts arrive at once', async () => {
    const third = t.as(await t.workspace('a crowd'));
    const wf = await third.call<{ id: string }>('POST', '/api/workflows', { name: 'crowded', graph });
    const starts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => third.call('POST', `/api/workflows/${wf.body.id}/runs`, { input: i })),
    );
    expect(starts.map((r) => r.status).sort()).toEqual([202, 202, 429, 429, 429, 429]);
  });
});

describe('concurrent ad-hoc executions', () => {
  it('refuses an execution beyond the limit while one runs, in that workspace only, then accepts again', async () => {
    const wait = { language: 'javascript', code: 'export default () => new Promise((r) => setTimeout(() => r("done"), 1500))' };
    const quick = { language: 'javascript', code: 'export default () => 1' };
    const busy = t.call<ExecuteCodeResult>('POST', '/api/code/execute', wait);
    await new Promise((r) => setTimeout(r, 300));
    const refused = expectApiError(await t.call('POST', '/api/code/execute', quick), 429, 'quota_exceeded');
    expect(refused.details).toEqual({ limit: 1, resource: 'concurrentExecutions' });
    expect((await t.as(other).call<ExecuteCodeResult>('POST', '/api/code/execute', quick)).body.output).toBe(1);
    expect((await busy).body.output).toBe('done');
    expect((await t.call<ExecuteCodeResult>('POST', '/api/code/execute', quick)).body.output).toBe(1);
  });
});
