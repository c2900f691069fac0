import type { CodeAgent } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

// Code nodes that run a registry agent instead of their own code.
let t: TestContext;
let agent: CodeAgent;
beforeAll(async () => {
  t = await createTestContext();
  agent = (
    await t.call<CodeAgent>('POST', '/api/code-agents', {
      slug: `greeter-${Date.now().toString(36)}`,
      name: 'Greeter',
      content: {
        language: 'javascript',
        entry: 'main.js',
        files: [
          { path: 'main.js', content: 'import { hello } from "./hello.js";\nexport default ({ input }) => hello(input)' },
          { path: 'hello.js', content: 'export const hello = (name) => "v1: hello " + name;' },
        ],
        outputSchema: { type: 'string' },
      },
    })
  ).body;
  await t.call('POST', `/api/code-agents/${agent.id}/versions`, {
    content: {
      language: 'javascript',
      entry: 'main.js',
      files: [{ path: 'main.js', content: 'export default ({ input }) => "v2: hi " + input' }],
      outputSchema: { type: 'string' },
    },
  });
});
afterAll(async () => t?.close());

const usingAgent = (ref: Record<string, unknown>) => ({
  nodes: [trigger(), code('greet', 'export default () => "the node\'s own code must not run"', { agent: ref }), output()],
  edges: [edge('trigger', 'greet'), edge('greet', 'output')],
});

describe('a code node that runs a code agent', () => {
  it('runs a pinned version, and records which one in the run', async () => {
    const wf = await t.createWorkflow(usingAgent({ agentId: agent.id, version: 1 }));
    const run = await t.waitForRun(await t.startRun(wf.id, 'Ada'));
    expect(run).toMatchObject({ status: 'succeeded', output: 'v1: hello Ada' });
    const decision = (await t.readEvents(run.id)).find((e) => e.type === 'node.runtime')?.payload;
    expect(decision).toMatchObject({ agent: { agentId: agent.id, version: 1, hash: agent.latest.hash } });
  });

  it('"latest" needs the agent published, then resolves to its newest version', async () => {
    const wf = await t.createWorkflow(usingAgent({ agentId: agent.id, version: 'latest' }));
    const before = await t.waitForRun(await t.startRun(wf.id, 'Ada'));
    expect(before.error).toMatchObject({ code: 'agent_not_published', nodeId: 'greet' });
    await t.call('POST', `/api/code-agents/${agent.id}/publish`);
    const after = await t.waitForRun(await t.startRun(wf.id, 'Ada'));
    expect(after).toMatchObject({ status: 'succeeded', output: 'v2: hi Ada' });
    const decision = (await t.readEvents(after.id)).find((e) => e.type === 'node.runtime')?.payload as {
      agent: { version: number };
    };
    expect(decision.agent.version).toBe(2);
  });

  it('fails clearly for an unknown agent or version, and applies the agent’s output schema', async () => {
    const unknown = await t.waitForRun(
      await t.startRun((await t.createWorkflow(usingAgent({ agentId: 'ca_missing', version: 1 }))).id, 'x'),
    );
    expect(unknown.error).toMatchObject({ code: 'agent_not_found' });
    const noVersion = await t.waitForRun(
      await t.startRun((await t.createWorkflow(usingAgent({ agentId: agent.id, version: 7 }))).id, 'x'),
    );
    expect(noVersion.error).toMatchObject({ code: 'agent_version_not_found' });
    const typed = await t.waitForRun(
      await t.startRun((await t.createWorkflow(usingAgent({ agentId: agent.id, version: 1 }))).id, { not: 'a string' }),
    );
    expect(typed).toMatchObject({ status: 'succeeded' });
    const numeric = await t.call<CodeAgent>('POST', `/api/code-agents/${agent.id}/versions`, {
      content: {
        language: 'javascript',
        entry: 'main.js',
        files: [{ path: 'main.js', content: 'export default () => 42' }],
        outputSchema: { type: 'string' },
      },
    });
    const wrong = await t.waitForRun(
      await t.startRun(
        (
          await t.createWorkflow(
            usingAgent({ agentId: agent.id, version: (numeric.body as unknown as { version: number }).version }),
          )
        ).id,
        'x',
      ),
    );
    expect(wrong.error).toMatchObject({ code: 'invalid_output', message: expect.stringContaining(`code agent ${agent.id}`) });
  });
});

describe('usage of a code agent', () => {
  it('counts every execution, from runs and direct calls, per version, with the workflows that use it', async () => {
    const fresh = (
      await t.call<CodeAgent>('POST', '/api/code-agents', {
        slug: `counted-${Date.now().toString(36)}`,
        name: 'Counted',
        content: {
          language: 'javascript',
          entry: 'main.js',
          files: [{ path: 'main.js', content: 'export default ({ input }) => input' }],
        },
      })
    ).body;
    type Usage = {
      calls: number;
      failures: number;
      p50Ms: number | null;
      lastUsedAt: string | null;
      byVersion: { version: number; calls: number }[];
      workflows: { id: string; name: string }[];
    };
    const usage = async () => (await t.call<Usage>('GET', `/api/code-agents/${fresh.id}/usage`)).body;
    expect(await usage()).toMatchObject({ calls: 0, failures: 0, p50Ms: null, lastUsedAt: null, byVersion: [], workflows: [] });
    const wf = await t.createWorkflow(usingAgent({ agentId: fresh.id, version: 1 }), 'Uses counted');
    await t.waitForRun(await t.startRun(wf.id, 'a'));
    await t.waitForRun(await t.startRun(wf.id, 'b'));
    await t.call('POST', `/api/code-agents/${fresh.id}/versions/1/execute`, { inputs: {}, trusted: true });
    // Executions are recorded just after they settle.
    for (let i = 0; i < 100 && (await usage()).calls < 3; i++) await new Promise((r) => setTimeout(r, 50));
    const seen = await usage();
    expect(seen).toMatchObject({
      calls: 3,
      byVersion: [{ version: 1, calls: 3 }],
      workflows: [{ id: wf.id, name: 'Uses counted' }],
    });
    expect(seen.p50Ms).toBeGreaterThanOrEqual(0);
    expect(seen.lastUsedAt).not.toBeNull();
  });
});
