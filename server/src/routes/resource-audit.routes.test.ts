import type { AuditEntry, CodeAgent } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, OWNER, type TestContext } from '../testing/test-context.ts';

/**
 * The audit rows of actions on workflows, code agents, secrets, runs and executions: one per action, by whom,
 * with the resource; none when the action did not happen; never a secret's value.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const log = async (query: Record<string, string>) =>
  (await t.call<{ entries: AuditEntry[] }>('GET', `/api/audit?${new URLSearchParams({ limit: '200', ...query })}`)).body.entries;
/** Actions on one resource, oldest first. */
const actionsOn = async (resourceId: string) => (await log({ resourceId })).map((e) => e.action).reverse();
const content = (code: string) => ({ language: 'javascript', entry: 'main.js', files: [{ path: 'main.js', content: code }] });
const graph = { nodes: [trigger(), output()], edges: [edge('trigger', 'output')] };

describe('workflow and code agent changes', () => {
  it('workflow.create, workflow.update, workflow.delete, by the signed-in owner', async () => {
    const wf = await t.createWorkflow(graph, 'audited');
    await t.call('PUT', `/api/workflows/${wf.id}`, { name: 'renamed', graph });
    await t.call('DELETE', `/api/workflows/${wf.id}`);
    expectApiError(await t.call('DELETE', `/api/workflows/${wf.id}`), 404, 'not_found');
    expectApiError(await t.call('PUT', `/api/workflows/${wf.id}`, { name: 'gone' }), 404, 'not_found');
    expect(await actionsOn(wf.id)).toEqual(['workflow.create', 'workflow.update', 'workflow.delete']);
    const [update] = await log({ resourceId: wf.id, action: 'workflow.update' });
    expect(update).toMatchObject({
      resourceType: 'workflow',
      outcome: 'success',
      actor: { userId: t.ownerId, label: OWNER.email, tokenId: null },
      details: { version: 2, newVersion: true, name: 'renamed' },
    });
  });

  it('agent.create, update, version_create, publish, unpublish, delete; none for a refused save', async () => {
    const slug = `audited-${Date.now().toString(36)}`;
    const agent = (
      await t.call<CodeAgent>('POST', '/api/code-agents', { slug, name: 'A', content: content('export default () => 1') })
    ).body;
    expectApiError(await t.call('POST', '/api/code-agents', { slug, name: 'B', content: content('x') }), 409, 'slug_taken');
    await t.call('PATCH', `/api/code-agents/${agent.id}`, { name: 'A2' });
    await t.call('POST', `/api/code-agents/${agent.id}/versions`, { content: content('export default () => 2') });
    expectApiError(
      await t.call('POST', `/api/code-agents/${agent.id}/versions`, { content: content('export default () => 2') }),
      409,
      'version_unchanged',
    );
    await t.call('POST', `/api/code-agents/${agent.id}/publish`);
    await t.call('POST', `/api/code-agents/${agent.id}/unpublish`);
    await t.call('DELETE', `/api/code-agents/${agent.id}`);
    expect(await actionsOn(agent.id)).toEqual([
      'agent.create',
      'agent.update',
      'agent.version_create',
      'agent.publish',
      'agent.unpublish',
      'agent.delete',
    ]);
    expect((await log({ action: 'agent.create', resourceId: agent.id }))[0]?.details).toEqual({ slug });
    expect((await log({ action: 'agent.version_create', resourceId: agent.id }))[0]?.details).toMatchObject({ version: 2 });
  });
});

describe('secrets', () => {
  it('secret.create, secret.update, secret.delete by name, never with the value', async () => {
    const value = 'audit-secret-value-98765';
    await t.call('PUT', '/api/secrets/AUDITED', { value });
    await t.call('PUT', '/api/secrets/AUDITED', { value: `${value}-2` });
    await t.call('DELETE', '/api/secrets/AUDITED');
    expectApiError(await t.call('DELETE', '/api/secrets/AUDITED'), 404, 'not_found');
    const entries = await log({ resourceId: 'AUDITED' });
    expect(entries.map((e) => e.action).reverse()).toEqual(['secret.create', 'secret.update', 'secret.delete']);
    expect(entries.every((e) => e.resourceType === 'secret')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(value);
  });

  it('secret.use once per run and name, by the run on behalf of its starter, however many nodes use it', async () => {
    await t.call('PUT', '/api/secrets/RUN_USED', { value: 'used-by-two-nodes-4321' });
    const env = { env: { S: { secret: 'RUN_USED' } } };
    //  trigger → a (RUN_USED) → b (RUN_USED) → output
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('a', 'export default () => 1', env), code('b', 'export default () => 2', env), output()],
      edges: [edge('trigger', 'a'), edge('a', 'b'), edge('b', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, 1));
    expect(run.status).toBe('succeeded');
    const uses = (await log({ action: 'secret.use', resourceId: 'RUN_USED' })).filter((e) => e.details.runId === run.id);
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ resourceType: 'secret', actor: { userId: t.ownerId, label: `run ${run.id}` } });
    expect(JSON.stringify(uses)).not.toContain('used-by-two-nodes-4321');
  });

  it('secret.use for an ad-hoc execution, and none when a secret is missing', async () => {
    await t.call('PUT', '/api/secrets/ADHOC_USED', { value: 'adhoc-secret-value-1111' });
    const body = (secret: string) => ({
      language: 'javascript',
      code: 'export default () => 1',
      policy: { env: { S: { secret } } },
    });
    expect((await t.call('POST', '/api/code/execute', body('ADHOC_USED'))).status).toBe(200);
    expectApiError(await t.call('POST', '/api/code/execute', body('NOT_THERE')), 422, 'secret_missing');
    expect(await log({ action: 'secret.use', resourceId: 'ADHOC_USED' })).toMatchObject([
      { actor: { userId: t.ownerId }, details: { via: 'api', language: 'javascript' } },
    ]);
    expect(await log({ action: 'secret.use', resourceId: 'NOT_THERE' })).toEqual([]);
  });
});

describe('runs and executions', () => {
  it('run.start with who, how (manual for a session, api for a token) and the trigger node, and run.cancel', async () => {
    const wf = await t.createWorkflow(graph);
    const bySession = await t.startRun(wf.id, 1);
    const token = await t.token();
    const byToken = await t.as(token).call<{ runId: string }>('POST', `/api/workflows/${wf.id}/runs`, { input: 1 });
    expect(byToken.status).toBe(202);
    const [session] = await log({ action: 'run.start', resourceId: bySession });
    expect(session).toMatchObject({
      actor: { userId: t.ownerId, tokenId: null },
      details: { workflowId: wf.id, via: 'manual', trigger: 'trigger' },
    });
    const [api] = await log({ action: 'run.start', resourceId: byToken.body.runId });
    expect(api?.details).toMatchObject({ via: 'api', trigger: 'trigger' });
    expect(api?.actor.tokenId).toBeTruthy();

    const slow = await t.createWorkflow({
      nodes: [trigger(), code('wait', 'export default () => new Promise((r) => setTimeout(r, 5000))'), output()],
      edges: [edge('trigger', 'wait'), edge('wait', 'output')],
    });
    const runId = await t.startRun(slow.id, 1);
    expect((await t.call('POST', `/api/runs/${runId}/cancel`)).status).toBe(202);
    await t.waitForRun(runId);
    expectApiError(await t.call('POST', `/api/runs/${runId}/cancel`), 409, 'run_finished');
    expect(await actionsOn(runId)).toEqual(['run.start', 'run.cancel']);
  });

  it('code.execute for snippets and drafts, agent.execute with the version and the surface', async () => {
    const before = (await log({ action: 'code.execute' })).length;
    await t.call('POST', '/api/code/execute', { language: 'javascript', code: 'export default () => 1' });
    await t.call('POST', '/api/code-agents/drafts/run', { content: content('export default () => 1'), inputs: {} });
    const rows = await log({ action: 'code.execute' });
    expect(rows.length - before).toBe(2);
    expect(rows.slice(0, 2).map((e) => e.details.via)).toEqual(['studio', 'api']);

    const agent = (
      await t.call<CodeAgent>('POST', '/api/code-agents', {
        slug: `exec-${Date.now().toString(36)}`,
        name: 'E',
        content: content('export default () => 3'),
      })
    ).body;
    await t.call('POST', `/api/code-agents/${agent.id}/versions/1/execute`, { inputs: {} });
    expect(await log({ action: 'agent.execute', resourceId: agent.id })).toMatchObject([
      { resourceType: 'agent', actor: { userId: t.ownerId }, details: { version: 1, via: 'api' } },
    ]);
  });
});
