import type { Run, RunEvent } from '@switchyard/shared';
import { edge, output, trigger } from '@switchyard/shared/fixtures';
import type { TestContext } from '../testing/test-context.ts';

/**
 * TESTS ONLY: runs `trigger → http → output` with the HTTP node's `config` (and node `settings`) on `input`:
 * the run, the HTTP node's state and the run's events.
 */
export async function runHttpNode(
  t: TestContext,
  config: Record<string, unknown>,
  input: unknown = {},
  settings?: Record<string, unknown>,
): Promise<{ run: Run; node: Run['nodes'][number]; events: RunEvent[] }> {
  const graph = {
    nodes: [
      trigger(),
      { id: 'http', type: 'http', position: { x: 0, y: 0 }, config, ...(settings ? { settings } : {}) },
      output(),
    ],
    edges: [edge('trigger', 'http'), edge('http', 'output')],
  };
  const wf = await t.createWorkflow(graph);
  const runId = await t.startRun(wf.id, input);
  const run = await t.waitForRun(runId);
  const node = run.nodes.find((n) => n.nodeId === 'http');
  if (!node) throw new Error(`run ${runId} has no http node: ${JSON.stringify(run)}`);
  return { run, node, events: await t.readEvents(runId) };
}
