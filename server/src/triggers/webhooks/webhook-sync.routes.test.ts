import type { Workflow } from '@switchyard/shared';
import { code, edge, output } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { echoGraph, postJson, webhook, webhooksOf } from './webhook-test-kit.ts';

/**
 * Which URLs are live after each save and delete. Runs are created, not executed (no worker); two active runs at
 * most per workspace, so the quota is reachable.
 *   webhook ──→ echo ──→ output        (and, where two webhooks are needed, a second webhook into echo)
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false, quotas: { activeRuns: 2 } });
});
afterAll(async () => t?.close());

/** Two webhooks, `a` and `b`, into one echo node. */
const twoHooks = (a: Record<string, unknown>, b: Record<string, unknown>) => ({
  nodes: [webhook(a, 'a'), webhook(b, 'b'), code('echo', 'export default ({ input }) => input'), output()],
  edges: [edge('a', 'echo'), edge('b', 'echo'), edge('echo', 'output')],
});

const workflowNames = async () =>
  (await t.call<{ workflows: { name: string }[] }>('GET', '/api/workflows')).body.workflows.map((w) => w.name);

/** Whether `/webhooks/<path>` is live: 404 webhook_not_found means not, anything else (here 202 or 429) means yes. */
const isLive = async (path: string) => (await postJson(t, path, {}, { 'x-probe': '1' })).status !== 404;

describe('a path taken by another workflow', () => {
  it('fails the create with 409 webhook_path_taken naming the path and the node; nothing is saved', async () => {
    await t.createWorkflow(echoGraph({ path: 'taken/one', enabled: false, method: 'GET' }), 'owner of nothing');
    const first = await t.createWorkflow(echoGraph({ path: 'taken/one', method: 'GET' }), 'first');
    const res = await t.call('POST', '/api/workflows', { name: 'second', graph: echoGraph({ path: 'taken/one' }) });
    const error = expectApiError(res, 409, 'webhook_path_taken');
    expect(error.details).toEqual({ path: 'taken/one', nodeId: 'hook' });
    expect(await workflowNames()).not.toContain('second');
    expect((await webhooksOf(t, first.id))[0]).toMatchObject({ path: 'taken/one', method: 'GET', live: true });
  });

  it('fails an update the same way: the version, its webhooks and the other workflow stay as they were', async () => {
    const holder = await t.createWorkflow(echoGraph({ path: 'taken/two' }));
    const wf = await t.createWorkflow(echoGraph({ path: 'mine/two' }));
    const res = await t.call('PUT', `/api/workflows/${wf.id}`, { graph: echoGraph({ path: 'taken/two' }) });
    expectApiError(res, 409, 'webhook_path_taken');
    expect((await t.call<Workflow>('GET', `/api/workflows/${wf.id}`)).body.version).toBe(1);
    expect((await webhooksOf(t, wf.id))[0]).toMatchObject({ path: 'mine/two', live: true });
    expect((await webhooksOf(t, holder.id))[0]).toMatchObject({ path: 'taken/two', live: true });
  });

  it('two saves racing for one path: exactly one wins', async () => {
    const save = (name: string) => t.call('POST', '/api/workflows', { name, graph: echoGraph({ path: 'raced' }) });
    const results = await Promise.all([save('racer 1'), save('racer 2'), save('racer 3')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect((await workflowNames()).filter((n) => n.startsWith('racer'))).toHaveLength(1);
  });

  it('two nodes of one workflow on one path: 409 naming both', async () => {
    const res = await t.call('POST', '/api/workflows', { name: 'twins', graph: twoHooks({ path: 'twin' }, { path: 'twin' }) });
    const error = expectApiError(res, 409, 'webhook_path_taken');
    expect(error.details).toEqual({ path: 'twin', nodeId: 'b', otherNodeId: 'a' });
    expect(await workflowNames()).not.toContain('twins');
  });
});

describe('saving a new version', () => {
  it('moves a URL with its path, and two nodes may swap paths', async () => {
    const wf = await t.createWorkflow(twoHooks({ path: 'swap/x' }, { path: 'swap/y', method: 'PUT' }));
    const save = async (graph: unknown) => expect((await t.call('PUT', `/api/workflows/${wf.id}`, { graph })).status).toBe(200);
    await save(twoHooks({ path: 'swap/y' }, { path: 'swap/x', method: 'PUT' }));
    expect((await webhooksOf(t, wf.id)).map((w) => [w.nodeId, w.path, w.method, w.live])).toEqual([
      ['a', 'swap/y', 'POST', true],
      ['b', 'swap/x', 'PUT', true],
    ]);
    await save(twoHooks({ path: 'swap/z' }, { path: 'swap/x', method: 'PUT' }));
    expect(await isLive('swap/y')).toBe(false);
    expect(await isLive('swap/z')).toBe(true);
  });

  it('takes a disabled trigger down and brings it back when enabled again', async () => {
    const wf = await t.createWorkflow(echoGraph({ path: 'toggled' }));
    expect(
      (await t.call('PUT', `/api/workflows/${wf.id}`, { graph: echoGraph({ path: 'toggled', enabled: false }) })).status,
    ).toBe(200);
    expect(await isLive('toggled')).toBe(false);
    expect((await webhooksOf(t, wf.id))[0]).toMatchObject({ path: 'toggled', live: false });
    expect((await t.call('PUT', `/api/workflows/${wf.id}`, { graph: echoGraph({ path: 'toggled' }) })).status).toBe(200);
    expect(await isLive('toggled')).toBe(true);
  });

  it('gives a node saved without a path a random hook-… path, kept across saves', async () => {
    const wf = await t.createWorkflow(twoHooks({}, {}));
    const [a, b] = await webhooksOf(t, wf.id);
    expect(a?.path).toMatch(/^hook-[a-z0-9]{8}$/);
    expect(b?.path).toMatch(/^hook-[a-z0-9]{8}$/);
    expect(a?.path).not.toBe(b?.path);
    expect((await t.call('PUT', `/api/workflows/${wf.id}`, { graph: twoHooks({}, { method: 'PUT' }) })).status).toBe(200);
    expect((await webhooksOf(t, wf.id)).map((w) => w.path)).toEqual([a?.path, b?.path]);
  });
});

describe('deleting', () => {
  it('the workflow takes its URL down and frees the path', async () => {
    const wf = await t.createWorkflow(echoGraph({ path: 'freed' }));
    expect((await t.call('DELETE', `/api/workflows/${wf.id}`)).status).toBe(204);
    expect(await isLive('freed')).toBe(false);
    const next = await t.createWorkflow(echoGraph({ path: 'freed' }));
    expect((await webhooksOf(t, next.id))[0]).toMatchObject({ live: true });
  });

  it('the workspace takes its URLs down', async () => {
    const other = await t.workspace('doomed');
    const wf = await t.as(other).call('POST', '/api/workflows', { name: 'doomed', graph: echoGraph({ path: 'doomed' }) });
    expect(wf.status).toBe(201);
    expect((await t.as(other).call('DELETE', '/api/workspace')).status).toBe(204);
    expect(await isLive('doomed')).toBe(false);
  });

  it('a row left behind by a deleted workflow answers 404 and its path can be taken (second line of defence)', async () => {
    const wf = await t.createWorkflow(echoGraph({ path: 'leftover' }));
    // A delete that forgot the triggers: only the workflow row changes.
    await t.deps.database.executeSql('update workflows set deleted_at = now() where id = $1', [wf.id]);
    expect(await isLive('leftover')).toBe(false);
    const next = await t.createWorkflow(echoGraph({ path: 'leftover' }));
    expect((await webhooksOf(t, next.id))[0]).toMatchObject({ live: true });
  });
});

describe('the active-run quota', () => {
  it('answers 429 quota_exceeded once the workspace has its limit of active runs, and starts nothing', async () => {
    const other = await t.workspace('busy');
    const wf = await t
      .as(other)
      .call<{ id: string }>('POST', '/api/workflows', { name: 'busy', graph: echoGraph({ path: 'busy' }) });
    expect((await postJson(t, 'busy', {})).status).toBe(202);
    expect((await postJson(t, 'busy', {})).status).toBe(202);
    expectApiError(await postJson(t, 'busy', {}), 429, 'quota_exceeded');
    const runs = await t.as(other).call<{ runs: unknown[] }>('GET', `/api/runs?workflowId=${wf.body.id}`);
    expect(runs.body.runs).toHaveLength(2);
    const hooks = await t
      .as(other)
      .call<{ webhooks: { requests: { status: number }[] }[] }>('GET', `/api/workflows/${wf.body.id}/webhooks`);
    expect(hooks.body.webhooks[0]?.requests.map((r) => r.status)).toEqual([429, 202, 202]);
  });
});
