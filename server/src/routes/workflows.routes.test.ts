import type { Workflow, WorkflowGraph, WorkflowSummary, WorkflowVersion } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowVersions } from '../db/schema.ts';
import { type ApiResponse, countRows, expectApiError, expectRejected as expectRejectedIn } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

/** trigger → step → output, at fixed positions so two calls are equal; `label` tells versions apart. */
function chain(label = 'step'): WorkflowGraph {
  const step = { ...code('step', 'export default async function main({ input }) { return input; }'), label };
  return {
    nodes: [trigger(), step, output()].map((n, i) => ({ ...n, position: { x: 0, y: i * 100 } })),
    edges: [edge('trigger', 'step'), edge('step', 'output')],
  };
}

type Versions = { versions: { version: number; name: string; createdAt: string; nodeCount: number }[] };

const create = (body: unknown) => t.call<Workflow>('POST', '/api/workflows', body);
const get = (id: string) => t.call<Workflow>('GET', `/api/workflows/${id}`);
const put = (id: string, body: unknown) => t.call<Workflow>('PUT', `/api/workflows/${id}`, body);
const list = async (q?: string) => {
  const res = await t.call<{ workflows: WorkflowSummary[] }>(
    'GET',
    `/api/workflows${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`,
  );
  expect(res.status).toBe(200);
  return res.body.workflows;
};
const versions = async (id: string) => {
  const res = await t.call<Versions>('GET', `/api/workflows/${id}/versions`);
  expect(res.status).toBe(200);
  return res.body.versions;
};

const expectRejected = (send: () => Promise<ApiResponse>, status: number, code: string) =>
  expectRejectedIn(t.deps.database.db, send, status, code);

const issuePaths = (error: { details?: unknown }) =>
  ((error.details as { issues?: { path: string }[] } | undefined)?.issues ?? []).map((i) => i.path);

describe('POST /api/workflows', () => {
  it('creates version 1 and answers with what GET then returns', async () => {
    const before = await countRows(t.deps.database.db);
    const res = await create({ name: 'Create me', description: 'first of its kind', graph: chain() });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^wf_/),
      name: 'Create me',
      description: 'first of its kind',
      version: 1,
      nodeCount: 3,
      graph: chain(),
    });
    expect((await get(res.body.id)).body).toEqual(res.body);
    const after = await countRows(t.deps.database.db);
    expect(after.workflows - before.workflows).toBe(1);
    expect(after.workflowVersions - before.workflowVersions).toBe(1);
  });

  it('defaults the description to empty and trims the name', async () => {
    const res = await create({ name: '  padded  ', graph: chain() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'padded', description: '' });
  });

  it('accepts a graph with compile errors, so drafts can be saved', async () => {
    const res = await create({ name: 'draft', graph: { nodes: [trigger(), output()], edges: [] } });
    expect(res.status).toBe(201);
    expect(res.body.graph.nodes.map((n) => n.id)).toEqual(['trigger', 'output']);
  });

  it('does not store unknown fields of the body or of nodes', async () => {
    const graph = chain();
    const decorated = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, selected: true, measured: { width: 1 } })) };
    const res = await create({ name: 'stripped', graph: decorated, owner: 'mallory' });
    expect(res.status).toBe(201);
    const stored = (await get(res.body.id)).body;
    expect(stored).not.toHaveProperty('owner');
    expect(stored.graph).toEqual(graph);
  });

  const graph = chain();
  const noPosition = { ...graph, nodes: graph.nodes.map((n, i) => (i === 1 ? { id: n.id, type: n.type, config: n.config } : n)) };
  it.each<[string, unknown, string]>([
    ['missing name', { graph }, 'name'],
    ['empty name', { name: '', graph }, 'name'],
    ['blank name', { name: '   ', graph }, 'name'],
    ['name too long', { name: 'n'.repeat(201), graph }, 'name'],
    ['name of the wrong type', { name: 42, graph }, 'name'],
    ['description of the wrong type', { name: 'x', description: ['a'], graph }, 'description'],
    ['missing graph', { name: 'x' }, 'graph'],
    ['graph that is a string', { name: 'x', graph: 'trigger -> output' }, 'graph'],
    ['graph that is an array', { name: 'x', graph: [] }, 'graph'],
    ['graph without edges', { name: 'x', graph: { nodes: [] } }, 'graph.edges'],
    ['nodes that are not an array', { name: 'x', graph: { nodes: {}, edges: [] } }, 'graph.nodes'],
    ['a node without position', { name: 'x', graph: noPosition }, 'graph.nodes.1.position'],
    [
      'a position with a string coordinate',
      { name: 'x', graph: { nodes: [{ ...trigger(), position: { x: '1', y: 0 } }], edges: [] } },
      'graph.nodes.0.position.x',
    ],
    [
      'a node id with spaces',
      { name: 'x', graph: { nodes: [{ ...trigger(), id: 'my trigger' }], edges: [] } },
      'graph.nodes.0.id',
    ],
    [
      'an edge without targetHandle',
      { name: 'x', graph: { nodes: [], edges: [{ id: 'e', source: 'a', sourceHandle: 'output', target: 'b' }] } },
      'graph.edges.0.targetHandle',
    ],
    ['a NUL character in the name', { name: 'a\u0000b', graph }, 'name'],
    [
      'a NUL character deep in a config',
      { name: 'x', graph: { nodes: [{ ...trigger(), config: { sampleInput: ['ok', 'n\u0000l'] } }], edges: [] } },
      'graph.nodes.0.config.sampleInput.1',
    ],
  ])('refuses %s with 400 validation_failed and writes nothing', async (_label, body, path) => {
    const error = await expectRejected(() => create(body), 400, 'validation_failed');
    expect(issuePaths(error)).toContain(path);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [{ name: 'x', graph }]],
    ['a number', 7],
  ])('refuses a body that is %s with 400', async (_label, body) => {
    await expectRejected(() => t.call('POST', '/api/workflows', JSON.stringify(body)), 400, 'validation_failed');
  });

  it('refuses a document nested deeper than the limit with 400, not a crash', async () => {
    const depth = 5_000;
    const deep = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const body = `{"name":"deep","graph":{"nodes":[{"id":"t","type":"trigger","position":{"x":0,"y":0},"config":{"sampleInput":${deep}}}],"edges":[]}}`;
    const error = await expectRejected(() => t.call('POST', '/api/workflows', body), 400, 'validation_failed');
    expect(error.message).toMatch(/request body/);
  });

  it.each([
    ['truncated', '{"name": "x", "graph": '],
    ['empty', ''],
    ['single-quoted', "{'name': 'x'}"],
    ['trailing comma', '{"name": "x",}'],
  ])('answers malformed JSON (%s) with 400 invalid_json', async (_label, raw) => {
    await expectRejected(() => t.call('POST', '/api/workflows', raw), 400, 'invalid_json');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'refuses a body sent as %s with 415 instead of reading it as empty',
    async (type) => {
      const body = JSON.stringify({ name: 'typed', graph: chain() });
      const error = await expectRejected(
        () => t.call('POST', '/api/workflows', body, { 'content-type': type }),
        415,
        'unsupported_media_type',
      );
      expect(error.message).toContain(type);
    },
  );

  it('accepts a JSON media type with parameters', async () => {
    const body = JSON.stringify({ name: 'charset', graph: chain() });
    const res = await t.call('POST', '/api/workflows', body, { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(201);
  });

  it('refuses a body over the size limit with 413 payload_too_large', async () => {
    const max = t.deps.limits.maxBodyBytes;
    const pad = 'x'.repeat(max);
    const body = JSON.stringify({ name: 'huge', description: pad, graph: chain() });
    const error = await expectRejected(() => t.call('POST', '/api/workflows', body), 413, 'payload_too_large');
    expect(error.message).toContain(String(max));
  });

  it('reads a body just under the size limit (and then judges its content)', async () => {
    const max = t.deps.limits.maxBodyBytes;
    const skeleton = JSON.stringify({ name: 'big', description: '', graph: chain() });
    const body = JSON.stringify({ name: 'big', description: 'x'.repeat(max - skeleton.length), graph: chain() });
    expect(body.length).toBe(max);
    // Not 413: the description is simply longer than a description may be.
    const error = await expectRejected(() => t.call('POST', '/api/workflows', body), 400, 'validation_failed');
    expect(issuePaths(error)).toEqual(['description']);
  });
});

describe('GET /api/workflows', () => {
  it('lists summaries without graphs, most recently updated first', async () => {
    const first = (await t.createWorkflow(chain(), 'Listing first')).id;
    const second = (await t.createWorkflow(chain(), 'Listing second')).id;
    expect((await put(first, { name: 'Listing first, renamed' })).status).toBe(200);

    const all = await list();
    const ids = all.map((w) => w.id);
    expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
    const summary = all.find((w) => w.id === second);
    expect(summary).toMatchObject({ name: 'Listing second', version: 1, nodeCount: 3, description: '' });
    expect(summary).not.toHaveProperty('graph');
  });

  it('searches names case-insensitively by substring', async () => {
    const alpha = (await t.createWorkflow(chain(), 'Search ALPHA report')).id;
    const beta = (await t.createWorkflow(chain(), 'search beta report')).id;
    expect((await list('alpha')).map((w) => w.id)).toEqual([alpha]);
    expect((await list('SEARCH')).map((w) => w.id).sort()).toEqual([alpha, beta].sort());
    expect(await list('no workflow is called this')).toEqual([]);
  });

  it('treats % and _ in the search as literal characters', async () => {
    const percent = (await t.createWorkflow(chain(), 'Literal 100% done')).id;
    const underscore = (await t.createWorkflow(chain(), 'Literal snake_case')).id;
    await t.createWorkflow(chain(), 'Literal 1000 done');
    await t.createWorkflow(chain(), 'Literal snakeXcase');
    expect((await list('%')).map((w) => w.id)).toEqual([percent]);
    expect((await list('e_c')).map((w) => w.id)).toEqual([underscore]);
    expect((await list('0% d')).map((w) => w.id)).toEqual([percent]);
  });

  it('refuses a search that is too long, repeated, or contains NUL with 400', async () => {
    expectApiError(await t.call('GET', `/api/workflows?q=${'q'.repeat(201)}`), 400, 'validation_failed');
    expectApiError(await t.call('GET', '/api/workflows?q=a&q=b'), 400, 'validation_failed');
    expectApiError(await t.call('GET', '/api/workflows?q=a%00b'), 400, 'validation_failed');
  });
});

describe('GET /api/workflows/:id', () => {
  it('answers an unknown id with 404 not_found naming the id', async () => {
    const error = expectApiError(await get('wf_doesnotexist'), 404, 'not_found');
    expect(error.message).toContain('wf_doesnotexist');
  });

  it('refuses an id containing NUL or longer than 64 characters with 400', async () => {
    expectApiError(await get('wf_a%00b'), 400, 'validation_failed');
    expectApiError(await get('w'.repeat(65)), 400, 'validation_failed');
  });
});

describe('PUT /api/workflows/:id', () => {
  it('renames without saving a new version', async () => {
    const wf = await t.createWorkflow(chain(), 'Before rename');
    const before = await countRows(t.deps.database.db);
    const res = await put(wf.id, { name: 'After rename' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: wf.id, name: 'After rename', version: 1, graph: chain() });
    expect((await get(wf.id)).body).toMatchObject({ name: 'After rename', version: 1 });
    expect((await versions(wf.id)).map((v) => v.version)).toEqual([1]);
    expect((await countRows(t.deps.database.db)).workflowVersions).toBe(before.workflowVersions);
    expect((await list('After rename')).map((w) => w.id)).toContain(wf.id);
  });

  it('changes the description alone, keeping the name and version', async () => {
    const wf = await t.createWorkflow(chain(), 'Described');
    const res = await put(wf.id, { description: 'now with words' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Described', description: 'now with words', version: 1 });
  });

  it('saves a graph as a new version and leaves the old version untouched', async () => {
    const wf = await t.createWorkflow(chain('v1 step'), 'Versioned');
    const res = await put(wf.id, { graph: chain('v2 step') });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, graph: chain('v2 step') });
    expect((await get(wf.id)).body.graph).toEqual(chain('v2 step'));
    const listed = await versions(wf.id);
    expect(listed.map((v) => [v.version, v.name, v.nodeCount])).toEqual([
      [2, 'Versioned', 3],
      [1, 'Versioned', 3],
    ]);
    const v1 = await t.call<WorkflowVersion>('GET', `/api/workflows/${wf.id}/versions/1`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ workflowId: wf.id, version: 1, name: 'Versioned', graph: chain('v1 step') });
  });

  it('gives a version saved together with a rename the new name; older versions keep theirs', async () => {
    const wf = await t.createWorkflow(chain(), 'Old name');
    const smaller: WorkflowGraph = { nodes: [trigger(), output()], edges: [edge('trigger', 'output')] };
    const res = await put(wf.id, { name: 'New name', graph: smaller });
    expect(res.body).toMatchObject({ name: 'New name', version: 2, nodeCount: 2 });
    expect((await versions(wf.id)).map((v) => [v.version, v.name, v.nodeCount])).toEqual([
      [2, 'New name', 2],
      [1, 'Old name', 3],
    ]);
  });

  it('numbers 5 concurrent saves consecutively, each answer describing its own save', async () => {
    const wf = await t.createWorkflow(chain('v1'), 'Concurrent');
    const labels = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const answers = await Promise.all(labels.map((label) => put(wf.id, { graph: chain(label) })));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.body.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
    expect((await versions(wf.id)).map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    for (const [i, answer] of answers.entries()) {
      expect(answer.body.graph).toEqual(chain(labels[i]));
      const saved = await t.call<WorkflowVersion>('GET', `/api/workflows/${wf.id}/versions/${answer.body.version}`);
      expect(saved.body.graph).toEqual(chain(labels[i]));
    }
    expect((await get(wf.id)).body.version).toBe(6);
  });

  it('is refused by the database when anything tries to rewrite a saved version', async () => {
    const wf = await t.createWorkflow(chain('frozen'), 'Frozen');
    const db = t.deps.database.db;
    await expect(
      db.update(workflowVersions).set({ name: 'rewritten' }).where(eq(workflowVersions.workflowId, wf.id)),
    ).rejects.toThrow();
    expect((await t.call<WorkflowVersion>('GET', `/api/workflows/${wf.id}/versions/1`)).body.name).toBe('Frozen');
  });

  it('refuses a body with nothing to change with 400', async () => {
    const wf = await t.createWorkflow(chain(), 'Nothing');
    await expectRejected(() => put(wf.id, {}), 400, 'validation_failed');
    await expectRejected(() => put(wf.id, { nmae: 'typo' }), 400, 'validation_failed');
  });

  it('refuses an invalid graph or name without saving a version', async () => {
    const wf = await t.createWorkflow(chain(), 'Guarded');
    const error = await expectRejected(
      () => put(wf.id, { graph: { nodes: [{ id: 'n' }], edges: [] } }),
      400,
      'validation_failed',
    );
    expect(issuePaths(error)).toContain('graph.nodes.0.position');
    await expectRejected(() => put(wf.id, { name: '' }), 400, 'validation_failed');
    await expectRejected(() => put(wf.id, '{"graph": '), 400, 'invalid_json');
    expect((await get(wf.id)).body).toMatchObject({ name: 'Guarded', version: 1, graph: chain() });
  });

  it('answers an unknown id with 404 and saves nothing', async () => {
    await expectRejected(() => put('wf_missing', { name: 'x', graph: chain() }), 404, 'not_found');
  });
});

describe('GET /api/workflows/:id/versions/:version', () => {
  it('answers a version that was never saved with 404 not_found', async () => {
    const wf = await t.createWorkflow(chain(), 'One version');
    const error = expectApiError(await t.call('GET', `/api/workflows/${wf.id}/versions/2`), 404, 'not_found');
    expect(error.message).toContain(`${wf.id}@2`);
  });

  it.each(['abc', '0', '-1', '1.5', '1e3x', '99999999999'])('refuses version "%s" with 400', async (version) => {
    const wf = await t.createWorkflow(chain(), 'Bad version');
    const error = expectApiError(await t.call('GET', `/api/workflows/${wf.id}/versions/${version}`), 400, 'validation_failed');
    expect(issuePaths(error)).toEqual(['version']);
  });

  it('answers the versions of an unknown workflow with 404', async () => {
    expectApiError(await t.call('GET', '/api/workflows/wf_missing/versions'), 404, 'not_found');
    expectApiError(await t.call('GET', '/api/workflows/wf_missing/versions/1'), 404, 'not_found');
  });
});

describe('DELETE /api/workflows/:id', () => {
  it('answers 204, after which the workflow is gone from every route', async () => {
    const wf = await t.createWorkflow(chain(), 'Doomed workflow');
    const res = await t.call('DELETE', `/api/workflows/${wf.id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeNull();

    expectApiError(await get(wf.id), 404, 'not_found');
    expect((await list()).map((w) => w.id)).not.toContain(wf.id);
    expect(await list('Doomed')).toEqual([]);
    expectApiError(await t.call('GET', `/api/workflows/${wf.id}/versions`), 404, 'not_found');
    expectApiError(await t.call('GET', `/api/workflows/${wf.id}/versions/1`), 404, 'not_found');
    await expectRejected(() => put(wf.id, { graph: chain() }), 404, 'not_found');
    await expectRejected(() => t.call('POST', `/api/workflows/${wf.id}/runs`, {}), 404, 'not_found');
    await expectRejected(() => t.call('DELETE', `/api/workflows/${wf.id}`), 404, 'not_found');
  });

  it('answers an unknown id with 404', async () => {
    await expectRejected(() => t.call('DELETE', '/api/workflows/wf_missing'), 404, 'not_found');
  });
});
