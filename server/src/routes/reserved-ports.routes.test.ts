import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflows, workflowVersions } from '../db/schema.ts';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

/**
 * Port names that every JavaScript object already has (`__proto__`, `constructor`, `toString`...) used to
 * save and then crash validation and runs with a 500: as keys of plain objects they found inherited members.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

/** trigger → a (input port `name`) → output */
const graphWithInput = (name: string) => ({
  nodes: [trigger(), code('a', 'export default (inputs) => Object.keys(inputs)', { inputs: [name] }), output()],
  edges: [edge('trigger', 'a', 'output', name), edge('a', 'output')],
});

describe('reserved port names', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'refuses %s with 400 on save; validation reports it as a graph error, saying it is reserved',
    async (name) => {
      const saved = await t.call('POST', '/api/workflows', { name: 'reserved', graph: graphWithInput(name) });
      const error = expectApiError(saved, 400, 'validation_failed');
      expect(JSON.stringify(error.details)).toMatch(/reserved/);
      // The validate route answers every graph with its verdict (200), here a located error instead of a 500.
      const verdict = await t.call<{ ok: boolean; errors: { code: string; path: unknown[] }[] }>('POST', '/api/graphs/validate', {
        graph: graphWithInput(name),
      });
      expect(verdict.status).toBe(200);
      expect(verdict.body.ok).toBe(false);
      expect(verdict.body.errors).toContainEqual(
        expect.objectContaining({ code: 'invalid_graph', path: ['edges', 0, 'targetHandle'] }),
      );
    },
  );

  it('reports a declared but unconnected reserved port as a compile error of its node, not a crash', async () => {
    const graph = {
      nodes: [trigger(), code('a', 'export default () => 1', { inputs: ['input', 'constructor'] }), output()],
      edges: [edge('trigger', 'a'), edge('a', 'output')],
    };
    const res = await t.call<{ ok: boolean; errors: { code: string; nodeId: string; message: string }[] }>(
      'POST',
      '/api/graphs/validate',
      { graph },
    );
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({
        code: 'invalid_config',
        nodeId: 'a',
        message: expect.stringContaining('"constructor" is reserved'),
      }),
    );
  });

  it('answers 4xx, never 500, for a workflow stored with one before the rule existed', async () => {
    const wf = await t.createWorkflow({ nodes: [trigger(), output()], edges: [edge('trigger', 'output')] });
    // Written past the API, as an older server would have stored it.
    await t.deps.database.db.transaction(async (tx) => {
      await tx
        .insert(workflowVersions)
        .values({ workflowId: wf.id, version: 2, name: 'old', graph: graphWithInput('__proto__') });
      await tx.update(workflows).set({ latestVersion: 2 }).where(eq(workflows.id, wf.id));
    });
    const stored = await t.call<{ graph: unknown }>('GET', `/api/workflows/${wf.id}`);
    expect(stored.status).toBe(200);
    const run = await t.call('POST', `/api/workflows/${wf.id}/runs`, { input: 1 });
    const error = expectApiError(run, 422, 'compile_failed');
    expect(JSON.stringify(error.details)).toMatch(/reserved/);
    const verdict = await t.call<{ ok: boolean }>('POST', '/api/graphs/validate', { graph: stored.body.graph });
    expect(verdict).toMatchObject({ status: 200, body: { ok: false } });
    expect((await t.call('GET', '/api/health')).status).toBe(200);
  });

  it('refuses an unknown node type named like an inherited member as unknown, not a crash', async () => {
    const graph = { nodes: [{ id: 'x', type: 'constructor', position: { x: 0, y: 0 } }], edges: [] };
    const res = await t.call<{ errors: { code: string }[] }>('POST', '/api/graphs/validate', { graph });
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e) => e.code)).toEqual(['unknown_node_type']);
  });
});
