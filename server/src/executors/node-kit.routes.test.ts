import { defineNode, type IconNode, type NodeTypeDescription } from '@switchyard/shared';
import { edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { defineExecutor, NodeError } from './executor.ts';
import { defaultNodeKit, extendNodeKit } from './index.ts';

/**
 * The node kit's promise: a node type is one definition and one executor, registered once. This type exists
 * only in this test; nothing else in the server knows about it, yet it is described, compiled, saved and run.
 */
const Repeat: IconNode = [
  ['path', { d: 'm17 2 4 4-4 4' }],
  ['path', { d: 'M3 11v-1a4 4 0 0 1 4-4h14' }],
];
const repeatNode = defineNode({
  type: 'test_repeat',
  version: 1,
  title: 'Repeat text',
  description: 'Repeats its input text',
  category: { id: 'test-kit', label: 'Test kit', order: 5 },
  icon: Repeat,
  subtitle: (config) => `${config.times}×`,
  timeoutMs: () => 1_000,
  config: z.object({ times: z.number().int().min(1).max(10).default(2), separator: z.string().default(' ') }),
  ports: () => ({ inputs: [{ name: 'input', type: 'string', required: true }], outputs: [{ name: 'output', type: 'string' }] }),
  editor: { times: { widget: 'number', label: 'Times' } },
});

const repeatExecutor = defineExecutor(repeatNode, async ({ config, inputs, services }) => {
  // The services object is the server's own, passed through unchanged.
  if (!services.database) throw new NodeError('no_services', 'the executor got no services');
  if (typeof inputs.input !== 'string') throw new NodeError('not_text', 'input must be text');
  return { output: Array.from({ length: config.times }, () => inputs.input).join(config.separator) };
});

//   trigger ──▶ test_repeat (times 3) ──▶ output
const graph = (times: unknown) => ({
  nodes: [trigger(), { id: 'r', type: 'test_repeat', position: { x: 200, y: 0 }, config: { times } }, output()],
  edges: [edge('trigger', 'r'), edge('r', 'output')],
});

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ nodes: extendNodeKit(defaultNodeKit, { definition: repeatNode, executor: repeatExecutor }) });
});
afterAll(async () => t?.close());

describe('a node type defined only in a test', () => {
  it('is described for clients with its category, icon and config schema', async () => {
    const res = await t.call<{ nodeTypes: NodeTypeDescription[] }>('GET', '/api/node-types');
    const described = res.body.nodeTypes.find((d) => d.type === 'test_repeat');
    expect(described).toMatchObject({
      title: 'Repeat text',
      category: { id: 'test-kit', label: 'Test kit', order: 5 },
      defaultConfig: { times: 2, separator: ' ' },
      trigger: null,
    });
    expect(described?.icon).toEqual(Repeat);
  });

  it('compiles (config errors located on the node) and runs with its executor', async () => {
    const invalid = await t.call('POST', '/api/graphs/validate', { graph: graph(99) });
    expect(invalid.body).toMatchObject({ ok: false, errors: [{ code: 'invalid_config', nodeId: 'r' }] });

    const wf = await t.createWorkflow(graph(3));
    const run = await t.waitForRun(await t.startRun(wf.id, 'ab'));
    expect(run.status).toBe('succeeded');
    expect(run.output).toBe('ab ab ab');
    expect(run.trigger).toEqual({ type: 'manual', nodeId: 'trigger' });
  });

  it('fails the node with the executor’s own error code', async () => {
    const wf = await t.createWorkflow(graph(2));
    const run = await t.waitForRun(await t.startRun(wf.id, { not: 'text' }));
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'not_text', nodeId: 'r' });
  });
});
