import { compile, type WorkflowGraph } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema.ts';
import { agentResolver } from '../registry/resolve-agent.ts';
import { RunSecrets, runActor } from '../secrets/run-secrets.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';
import { DEFAULT_WORKSPACE_ID } from '../workspace/scope.ts';
import type { NodeState } from './port-values.ts';
import { primeResumedSecrets } from './resumed-secrets.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
  await t.call('PUT', '/api/secrets/RAN_BEFORE', { value: 'ran-before-handover-1234' });
  await t.call('PUT', '/api/secrets/NOT_YET', { value: 'not-yet-resolved-5678' });
});
afterAll(async () => t?.close());

describe('a run resumed on another worker', () => {
  it('gets back the secrets of code nodes that already ran (skipping deleted ones), not of nodes still to run', async () => {
    //  trigger → ran (RAN_BEFORE, GONE) → later (NOT_YET) → output
    const graph = {
      nodes: [
        trigger(),
        code('ran', 'export default () => 1', { env: { A: { secret: 'RAN_BEFORE' }, B: { secret: 'GONE' } } }),
        code('later', 'export default () => 2', { env: { C: { secret: 'NOT_YET' } } }),
        output(),
      ],
      edges: [edge('trigger', 'ran'), edge('ran', 'later'), edge('later', 'output')],
    } satisfies WorkflowGraph;
    const compiled = compile(graph);
    if (!compiled.ok) throw new Error('the graph does not compile');
    const state = (nodeId: string, attempts: number): NodeState => ({
      nodeId,
      status: attempts > 0 ? 'succeeded' : 'pending',
      attempts,
      runtime: null,
      output: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    });
    const states = new Map([
      ['trigger', state('trigger', 1)],
      ['ran', state('ran', 1)],
      ['later', state('later', 0)],
      ['output', state('output', 0)],
    ]);
    const workspaceId = DEFAULT_WORKSPACE_ID;
    const runId = 'run_resumed';
    const actor = runActor({ id: runId, startedBy: null, startedByToken: null });
    const run = new RunSecrets({ store: t.deps.secrets, workspaceId, runId, actor });
    await primeResumedSecrets(compiled.plan, states, agentResolver(t.deps.database.db, workspaceId), run);
    expect(run.redact.text('ran-before-handover-1234 not-yet-resolved-5678')).toBe('[secret] not-yet-resolved-5678');
    // Recalled, not used anew: their use was audited when the earlier worker revealed them.
    const uses = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.action, 'secret.use'));
    expect(uses).toEqual([]);
  });
});
