import type { CompileError, Run, RunSummary, WorkflowGraph } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, expectApiError, expectRejected as expectRejectedIn } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

/** trigger → double → output: the run's output is twice its input. */
function doubler(): WorkflowGraph {
  return {
    nodes: [trigger(), code('double', 'export default async function main({ input }) { return input * 2; }'), output()],
    edges: [edge('trigger', 'double'), edge('double', 'output')],
  };
}

/** trigger → nap → output, where `nap` waits far longer than any test does. */
function sleeper(): WorkflowGraph {
  const nap = 'export default async function main() { await new Promise((r) => setTimeout(r, 120000)); }';
  return {
    nodes: [trigger(), code('nap', nap, { timeoutMs: 300_000 }), output()],
    edges: [edge('trigger', 'nap'), edge('nap', 'output')],
  };
}

const listRuns = async (query: string) => {
  const res = await t.call<{ runs: RunSummary[] }>('GET', `/api/runs?${query}`);
  expect(res.status).toBe(200);
  return res.body.runs;
};

const expectRejected = (send: () => Promise<ApiResponse>, status: number, code: string) =>
  expectRejectedIn(t.deps.database.db, send, status, code);

describe('POST /api/workflows/:id/runs', () => {
  it('queues a run of the latest version and answers 202 with its id and location', async () => {
    const wf = await t.createWorkflow(doubler());
    const res = await t.call<{ runId: string; workflowVersion: number }>('POST', `/api/workflows/${wf.id}/runs`, { input: 21 });

    expect(res.status).toBe(202);
    expect(res.body).toEqual({ runId: expect.stringMatching(/^run_/), workflowVersion: 1 });
    expect(res.headers.get('location')).toBe(`/api/runs/${res.body.runId}`);
    const run = await t.waitForRun(res.body.runId);
    expect(run).toMatchObject({ id: res.body.runId, workflowId: wf.id, status: 'succeeded', input: 21, output: 42, error: null });
    expect(run.nodes.map((n) => [n.nodeId, n.status])).toEqual([
      ['trigger', 'succeeded'],
      ['double', 'succeeded'],
      ['output', 'succeeded'],
    ]);
  });

  it('runs the version saved last', async () => {
    const wf = await t.createWorkflow(doubler());
    const tripler = doubler();
    tripler.nodes[1] = code('double', 'export default async function main({ input }) { return input * 3; }');
    expect((await t.call('PUT', `/api/workflows/${wf.id}`, { graph: tripler })).status).toBe(200);

    const run = await t.waitForRun(await t.startRun(wf.id, 5));
    expect(run).toMatchObject({ workflowVersion: 2, output: 15 });
  });

  it('accepts a request without a body (no input)', async () => {
    const wf = await t.createWorkflow({ nodes: [trigger(), output()], edges: [edge('trigger', 'output')] });
    const res = await t.call<{ runId: string }>('POST', `/api/workflows/${wf.id}/runs`);
    expect(res.status).toBe(202);
    expect(await t.waitForRun(res.body.runId)).toMatchObject({ status: 'succeeded', input: null });
  });

  it('refuses a workflow with compile errors with 422 and creates no run', async () => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('lonely', 'export default async function main({ input }) { return input; }'), output()],
      edges: [edge('trigger', 'output')],
    });
    const error = await expectRejected(() => t.call('POST', `/api/workflows/${wf.id}/runs`, { input: 1 }), 422, 'compile_failed');

    const errs = (error.details as { errors: CompileError[] }).errors;
    expect(errs).toEqual([expect.objectContaining({ code: 'required_input_unconnected', nodeId: 'lonely' })]);
    expect(error.message).toMatch(/1 error/);
    expect(await listRuns(`workflowId=${wf.id}`)).toEqual([]);
  });

  it('lists every compile error, not only the first', async () => {
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        { id: 'alien', type: 'teleporter', position: { x: 0, y: 0 }, config: {} },
        code('slow', 'export default () => 1', { timeoutMs: 'soon' }),
        output(),
      ],
      edges: [edge('trigger', 'output'), edge('trigger', 'ghost')],
    });
    const error = await expectRejected(() => t.call('POST', `/api/workflows/${wf.id}/runs`, {}), 422, 'compile_failed');
    const codes = (error.details as { errors: CompileError[] }).errors.map((e) => e.code).sort();
    expect(codes).toEqual(['edge_missing_node', 'invalid_config', 'unknown_node_type']);
    expect(await listRuns(`workflowId=${wf.id}`)).toEqual([]);
  });

  it('answers an unknown or deleted workflow with 404 and creates no run', async () => {
    await expectRejected(() => t.call('POST', '/api/workflows/wf_missing/runs', {}), 404, 'not_found');
    const wf = await t.createWorkflow(doubler());
    expect((await t.call('DELETE', `/api/workflows/${wf.id}`)).status).toBe(204);
    await expectRejected(() => t.call('POST', `/api/workflows/${wf.id}/runs`, { input: 1 }), 404, 'not_found');
  });

  it('refuses unknown fields, malformed JSON, a non-JSON body and unstorable input without creating a run', async () => {
    const wf = await t.createWorkflow(doubler());
    const path = `/api/workflows/${wf.id}/runs`;
    const unknown = await expectRejected(() => t.call('POST', path, { input: 1, priority: 'high' }), 400, 'validation_failed');
    expect(JSON.stringify(unknown.details)).toContain('priority');
    await expectRejected(() => t.call('POST', path, [1]), 400, 'validation_failed');
    await expectRejected(() => t.call('POST', path, '{"input": }'), 400, 'invalid_json');
    await expectRejected(
      () => t.call('POST', path, '{"input": 3}', { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    );
    await expectRejected(() => t.call('POST', path, { input: 'nul \u0000 byte' }), 400, 'validation_failed');
    expect(await listRuns(`workflowId=${wf.id}`)).toEqual([]);
  });
});

describe('GET /api/runs', () => {
  it("lists only that workflow's runs, newest first", async () => {
    const wf = await t.createWorkflow(doubler());
    const other = await t.createWorkflow(doubler());
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push(await t.startRun(wf.id, n));
    const foreign = await t.startRun(other.id, 4);
    await Promise.all([...ids, foreign].map((id) => t.waitForRun(id)));

    const runs = await listRuns(`workflowId=${wf.id}`);
    expect(runs.map((r) => r.id)).toEqual([...ids].reverse());
    expect(runs.every((r) => r.workflowId === wf.id && r.status === 'succeeded')).toBe(true);
    expect(runs[0]).not.toHaveProperty('nodes');
    expect((await listRuns(`workflowId=${wf.id}&limit=1`)).map((r) => r.id)).toEqual([ids[2]]);
    expect((await listRuns(`workflowId=${other.id}`)).map((r) => r.id)).toEqual([foreign]);
  });

  it('filters by status', async () => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('boom', 'export default async function main() { throw new Error("boom"); }'), output()],
      edges: [edge('trigger', 'boom'), edge('boom', 'output')],
    });
    const failed = await t.waitForRun(await t.startRun(wf.id));
    expect(failed.status).toBe('failed');
    expect((await listRuns(`workflowId=${wf.id}&status=failed`)).map((r) => r.id)).toEqual([failed.id]);
    expect(await listRuns(`workflowId=${wf.id}&status=succeeded`)).toEqual([]);
  });

  it('answers an unknown workflow id with an empty list', async () => {
    expect(await listRuns('workflowId=wf_missing')).toEqual([]);
  });

  it.each(['limit=0', 'limit=201', 'limit=ten', 'status=exploded', 'workflowId=', 'workflowId=a%00b'])(
    'refuses the query %s with 400',
    async (query) => {
      expectApiError(await t.call('GET', `/api/runs?${query}`), 400, 'validation_failed');
    },
  );
});

describe('GET /api/runs/:id', () => {
  it('answers an unknown run with 404 not_found naming it', async () => {
    const error = expectApiError(await t.call('GET', '/api/runs/run_missing'), 404, 'not_found');
    expect(error.message).toContain('run_missing');
  });

  it('keeps a run readable after its workflow is deleted', async () => {
    const wf = await t.createWorkflow(doubler());
    const run = await t.waitForRun(await t.startRun(wf.id, 2));
    expect((await t.call('DELETE', `/api/workflows/${wf.id}`)).status).toBe(204);
    const res = await t.call<Run>('GET', `/api/runs/${run.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: run.id, status: 'succeeded', output: 4 });
  });
});

describe('GET /api/runs/:id/events', () => {
  it('streams every event once, in order, ending with run.finished; resumes after ?after= and Last-Event-ID', async () => {
    const wf = await t.createWorkflow(doubler());
    const runId = await t.startRun(wf.id, 1);
    await t.waitForRun(runId);

    const res = await t.app.request(`/api/runs/${runId}/events`, { headers: t.owner });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await res.body?.cancel();
    const events = await t.readEvents(runId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.every((e) => e.runId === runId && e.sseId === String(e.seq))).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', payload: { status: 'succeeded' } });

    expect((await t.readEvents(runId, {}, '?after=2')).map((e) => e.seq)).toEqual(events.slice(2).map((e) => e.seq));
    expect((await t.readEvents(runId, { 'Last-Event-ID': '3' })).map((e) => e.seq)).toEqual(events.slice(3).map((e) => e.seq));
  });

  it('replays a log longer than one page of stored events without waiting for a keepalive', async () => {
    const chatty = 'export default async function main() { for (let i = 0; i < 2500; i++) console.log("line " + i); return 1; }';
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('chatty', chatty), output()],
      edges: [edge('trigger', 'chatty'), edge('chatty', 'output')],
    });
    const runId = await t.startRun(wf.id, 1);
    await t.waitForRun(runId);
    const started = Date.now();
    const events = await t.readEvents(runId);
    expect(Date.now() - started).toBeLessThan(10_000); // the keepalive is 15 s: one wait would show
    const lines = events.filter((e) => e.type === 'node.log').map((e) => (e.payload as { line: string }).line);
    expect(lines).toHaveLength(2500);
    expect(lines.at(-1)).toBe('line 2499');
    expect(events.at(-1)?.type).toBe('run.finished');
  });

  it('answers an unknown run with a 404 JSON error, not a stream', async () => {
    expectApiError(await t.call('GET', '/api/runs/run_missing/events'), 404, 'not_found');
  });

  it('refuses a non-numeric ?after= with 400', async () => {
    const wf = await t.createWorkflow(doubler());
    const runId = await t.startRun(wf.id, 1);
    await t.waitForRun(runId);
    expectApiError(await t.call('GET', `/api/runs/${runId}/events?after=first`), 400, 'validation_failed');
    expectApiError(await t.call('GET', `/api/runs/${runId}/events?after=-1`), 400, 'validation_failed');
  });
});

describe('POST /api/runs/:id/cancel', () => {
  it('cancels a run that is still going, after which a second cancel is 409', async () => {
    const wf = await t.createWorkflow(sleeper());
    const runId = await t.startRun(wf.id);
    const res = await t.call<{ runId: string; status: string }>('POST', `/api/runs/${runId}/cancel`);

    expect(res.status).toBe(202);
    expect(res.body.runId).toBe(runId);
    expect(['cancelling', 'cancelled']).toContain(res.body.status);
    const run = await t.waitForRun(runId);
    expect(run.status).toBe('cancelled');
    expect(run.nodes.find((n) => n.nodeId === 'output')?.status).toBe('cancelled');
    expect((await t.readEvents(runId)).at(-1)).toMatchObject({ type: 'run.finished', payload: { status: 'cancelled' } });
    await expectRejected(() => t.call('POST', `/api/runs/${runId}/cancel`), 409, 'run_finished');
  });

  it('refuses to cancel a finished run with 409 run_finished and leaves it as it was', async () => {
    const wf = await t.createWorkflow(doubler());
    const run = await t.waitForRun(await t.startRun(wf.id, 3));
    const error = await expectRejected(() => t.call('POST', `/api/runs/${run.id}/cancel`), 409, 'run_finished');
    expect(error.message).toContain(run.id);
    expect((await t.call<Run>('GET', `/api/runs/${run.id}`)).body).toEqual(run);
  });

  it('answers an unknown run with 404', async () => {
    await expectRejected(() => t.call('POST', '/api/runs/run_missing/cancel'), 404, 'not_found');
  });
});
