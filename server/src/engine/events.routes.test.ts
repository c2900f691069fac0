import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, parseSse, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
let workflowId: string;
beforeAll(async () => {
  t = await createTestContext();
  const chatty = `export default async function main({ input }) {
    for (let i = 1; i <= input; i++) {
      console.log('line ' + i);
      if (i % 3 === 0) console.error('warn ' + i);
      await new Promise((r) => setTimeout(r, 20));
    }
    return input;
  }`;
  workflowId = (
    await t.createWorkflow({
      nodes: [trigger(), code('chatty', chatty), output()],
      edges: [edge('trigger', 'chatty'), edge('chatty', 'output')],
    })
  ).id;
});
afterAll(async () => t?.close());

/** Reads a live stream until `count` events arrived, then drops the connection like a flaky client. */
async function readSome(runId: string, count: number) {
  const res = await t.app.request(`/api/runs/${runId}/events`, { headers: t.owner });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (parseSse(text).length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  const complete = text.slice(0, text.lastIndexOf('\n\n') + 2);
  return parseSse(complete);
}

describe('run event stream', () => {
  it('a client that reconnects with Last-Event-ID gets every later event exactly once', async () => {
    const runId = await t.startRun(workflowId, 30);
    const first = await readSome(runId, 6);
    expect(first.length).toBeGreaterThanOrEqual(6);
    const lastId = first.at(-1)?.sseId as string;
    const rest = await t.readEvents(runId, { 'Last-Event-ID': lastId });
    const seqs = [...first, ...rest].map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(rest.at(-1)?.type).toBe('run.finished');
    const lines = [...first, ...rest].filter((e) => e.type === 'node.log').map((e) => e.payload);
    expect(lines.filter((l) => l.stream === 'stdout')).toHaveLength(30);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.line)).toEqual(
      Array.from({ length: 10 }, (_, i) => `warn ${(i + 1) * 3}`),
    );
  });

  it('honours ?after= and takes the later of it and Last-Event-ID', async () => {
    const runId = await t.startRun(workflowId, 3);
    await t.waitForRun(runId);
    const all = await t.readEvents(runId);
    expect((await t.readEvents(runId, {}, '?after=4')).map((e) => e.seq)).toEqual(all.slice(4).map((e) => e.seq));
    expect((await t.readEvents(runId, { 'Last-Event-ID': '2' }, '?after=5')).map((e) => e.seq)).toEqual(
      all.slice(5).map((e) => e.seq),
    );
    expect(await t.readEvents(runId, { 'Last-Event-ID': String(all.length) })).toEqual([]);
  });

  it('sends the event type as the SSE event name and ends after run.finished', async () => {
    const runId = await t.startRun(workflowId, 1);
    await t.waitForRun(runId);
    const res = await t.app.request(`/api/runs/${runId}/events`, { headers: t.owner });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const names = [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    expect(names[0]).toBe('run.started');
    expect(names.at(-1)).toBe('run.finished');
    expect(names).toContain('node.log');
  });

  it("records the router's decision for a code node after it starts and before its outcome; Python needing a package says what is missing", async () => {
    const runId = await t.startRun(workflowId, 1);
    await t.waitForRun(runId);
    const events = (await t.readEvents(runId)).filter((e) => e.nodeId === 'chatty');
    const types = events.map((e) => e.type);
    expect(types.indexOf('node.runtime')).toBeGreaterThan(types.indexOf('node.started'));
    expect(types.indexOf('node.runtime')).toBeLessThan(types.indexOf('node.succeeded'));
    const decision = events.find((e) => e.type === 'node.runtime')?.payload;
    expect(decision).toMatchObject({
      runtime: expect.stringMatching(/^(node|wasm)$/),
      reason: expect.stringMatching(/^(node|wasm): /),
    });
    expect(['sandbox', 'process']).toContain((decision as { isolation: string }).isolation);

    const py = await t.createWorkflow({
      nodes: [trigger(), code('py', 'import numpy\ndef main(inputs): return 1', { language: 'python' }), output()],
      edges: [edge('trigger', 'py'), edge('py', 'output')],
    });
    const pyRun = await t.startRun(py.id, 1);
    await t.waitForRun(pyRun);
    const pyDecision = (await t.readEvents(pyRun)).find((e) => e.type === 'node.runtime')?.payload;
    expect(pyDecision).toMatchObject({ runtime: null, reason: expect.stringContaining('e2b: set E2B_API_KEY') });
  });
});
