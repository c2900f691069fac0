import type { CodeAgent, Run, RunSummary, Workflow } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { type Credential, createTestContext, type TestContext } from '../testing/test-context.ts';

/**
 * Everything the owner made in their first workspace, seen from a second workspace of the same owner: an id
 * from there answers exactly like an unknown id (404 `not_found`) on every route that takes one, lists leave
 * it out, the engine does not resolve it, and nothing of it changes.
 */
let t: TestContext;
let other: Credential;
let wf: Workflow;
let agent: CodeAgent;
let runId: string;
const SECRET = 'cross-workspace-secret-value-1234';
const slug = `shared-slug-${Date.now().toString(36)}`;
const content = { language: 'javascript', entry: 'main.js', files: [{ path: 'main.js', content: 'export default () => 1' }] };

beforeAll(async () => {
  t = await createTestContext();
  other = await t.workspace('the other workspace');
  // trigger → slow (a second, so the run is still going when the other workspace tries to cancel it) → output
  const created = await t.createWorkflow(
    {
      nodes: [
        trigger(),
        code('slow', 'export default ({ input }) => new Promise((r) => setTimeout(() => r(input), 1000))'),
        output(),
      ],
      edges: [edge('trigger', 'slow'), edge('slow', 'output')],
    },
    'ours',
  );
  wf = (await t.call<Workflow>('GET', `/api/workflows/${created.id}`)).body;
  agent = (await t.call<CodeAgent>('POST', '/api/code-agents', { slug, name: 'Ours', content })).body;
  await t.call('POST', `/api/code-agents/${agent.id}/publish`);
  await t.call('PUT', '/api/secrets/OURS', { value: SECRET });
  runId = await t.startRun(wf.id, 7);
});
afterAll(async () => t?.close());

const them = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  t.as(other).call<T>(method, path, body);

/** Every route that takes an id, with a body it would otherwise accept. */
const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/workflows/:wf'],
  ['PUT', '/api/workflows/:wf', { name: 'stolen' }],
  ['DELETE', '/api/workflows/:wf'],
  ['GET', '/api/workflows/:wf/versions'],
  ['GET', '/api/workflows/:wf/versions/1'],
  ['POST', '/api/workflows/:wf/runs', { input: 1 }],
  ['GET', '/api/runs/:run'],
  ['POST', '/api/runs/:run/cancel'],
  ['GET', '/api/runs/:run/events'],
  ['GET', '/api/code-agents/:agent'],
  ['PATCH', '/api/code-agents/:agent', { name: 'stolen' }],
  ['DELETE', '/api/code-agents/:agent'],
  ['POST', '/api/code-agents/:agent/publish'],
  ['POST', '/api/code-agents/:agent/unpublish'],
  [
    'POST',
    '/api/code-agents/:agent/versions',
    { content: { ...content, files: [{ path: 'main.js', content: 'export default () => 2' }] } },
  ],
  ['GET', '/api/code-agents/:agent/versions'],
  ['GET', '/api/code-agents/:agent/versions/1'],
  ['GET', '/api/code-agents/:agent/usage'],
  ['GET', '/api/code-agents/:agent/versions/1/tool'],
  ['POST', '/api/code-agents/:agent/versions/1/execute', { inputs: {} }],
  ['GET', '/api/code-agents/:agent/diff?from=1&to=1'],
  ['DELETE', '/api/secrets/OURS'],
];
const fill = (path: string) => path.replace(':wf', wf.id).replace(':run', runId).replace(':agent', agent.id);

describe('ids of another workspace', () => {
  it.each(ROUTES)('%s %s answers 404 not_found, like an unknown id', async (method, path, body) => {
    expectApiError(await them(method, fill(path), body), 404, 'not_found');
  });

  it('changed nothing: the workflow, its one run, the agent and the secret are as they were', async () => {
    expect((await t.call<Workflow>('GET', `/api/workflows/${wf.id}`)).body).toMatchObject({ name: 'ours', version: 1 });
    const runs = await t.call<{ runs: RunSummary[] }>('GET', `/api/runs?workflowId=${wf.id}`);
    expect(runs.body.runs.map((r) => r.id)).toEqual([runId]);
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'succeeded', output: 7 });
    expect((await t.call<CodeAgent>('GET', `/api/code-agents/${agent.id}`)).body).toMatchObject({
      name: 'Ours',
      published: true,
      latestVersion: 1,
    });
    const secrets = await t.call<{ secrets: { name: string }[] }>('GET', '/api/secrets');
    expect(secrets.body.secrets.map((s) => s.name)).toContain('OURS');
  });

  it('lists of the other workspace leave them out', async () => {
    const has = (body: unknown, id: string) => JSON.stringify(body).includes(id);
    expect(has((await them('GET', '/api/workflows')).body, wf.id)).toBe(false);
    expect(has((await them('GET', '/api/runs')).body, runId)).toBe(false);
    expect((await them<{ runs: Run[] }>('GET', `/api/runs?workflowId=${wf.id}`)).body.runs).toEqual([]);
    expect(has((await them('GET', '/api/code-agents')).body, agent.id)).toBe(false);
    expect((await them<{ secrets: unknown[] }>('GET', '/api/secrets')).body.secrets).toEqual([]);
    const metrics = await them<{ runtimes: unknown[] }>('GET', '/api/metrics/runtimes');
    expect(metrics.body.runtimes).toEqual([]);
  });
});

describe('names of another workspace', () => {
  it('a secret name resolves in the caller’s workspace only, and the same name there is another secret', async () => {
    const reading = {
      language: 'javascript',
      code: 'export default () => process.env.S.length',
      policy: { env: { S: { secret: 'OURS' } } },
    };
    expectApiError(await them('POST', '/api/code/execute', reading), 422, 'secret_missing');
    expect((await them('PUT', '/api/secrets/OURS', { value: 'theirs-123456' })).status).toBe(200);
    expect((await them<{ output: number }>('POST', '/api/code/execute', reading)).body.output).toBe('theirs-123456'.length);
    expect((await them('DELETE', '/api/secrets/OURS')).status).toBe(204);
    expect((await t.call<{ output: number }>('POST', '/api/code/execute', reading)).body.output).toBe(SECRET.length);
  });

  it('a slug is taken per workspace', async () => {
    expect((await them('POST', '/api/code-agents', { slug, name: 'Theirs', content })).status).toBe(201);
  });

  it('a run does not reach another workspace’s code agent or secret', async () => {
    const usingAgent = {
      nodes: [trigger(), code('use', 'export default () => 0', { agent: { agentId: agent.id, version: 1 } }), output()],
      edges: [edge('trigger', 'use'), edge('use', 'output')],
    };
    const usingSecret = {
      nodes: [trigger(), code('use', 'export default () => 0', { env: { S: { secret: 'OURS' } } }), output()],
      edges: [edge('trigger', 'use'), edge('use', 'output')],
    };
    for (const [graph, error] of [
      [usingAgent, 'agent_not_found'],
      [usingSecret, 'secret_missing'],
    ] as const) {
      const created = await them<{ id: string }>('POST', '/api/workflows', { name: 'theirs', graph });
      const started = await them<{ runId: string }>('POST', `/api/workflows/${created.body.id}/runs`, { input: 1 });
      let run: Run | undefined;
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        run = (await them<Run>('GET', `/api/runs/${started.body.runId}`)).body;
        if (run.status !== 'queued' && run.status !== 'running') break;
      }
      expect(run).toMatchObject({ status: 'failed', error: { code: error, nodeId: 'use' } });
    }
  });
});
