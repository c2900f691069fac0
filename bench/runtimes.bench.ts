import { createNodeProcessRuntime } from '../server/src/runtimes/node-process.runtime.ts';
import { probeSandbox } from '../server/src/runtimes/sandbox.ts';
import { runOn } from '../server/src/runtimes/test-support.ts';
import { stats } from './lib.ts';

/**
 * The node runtime alone (no engine, no database): latency of a trivial function when the call pays
 * for a process start (cold), takes a pre-started process (warm), or reuses its workflow's process
 * (reused), with and without the bubblewrap sandbox. Durations are the runtime's own, in ms.
 */
const TRIVIAL = 'export default ({ n }) => n + 1';

async function measure(sandbox: 'off' | 'required') {
  // 1. Cold: nothing pre-started, nothing reused.
  const cold = createNodeProcessRuntime({ sandbox, warmPoolSize: 0, reuseMaxIdle: 0 });
  const coldMs: number[] = [];
  for (let i = 0; i < 20; i++) coldMs.push((await runOn(cold, TRIVIAL, { inputs: { n: i } })).durationMs);
  await cold.close();
  // 2. Warm: a pre-started process per call (the pool refills between calls).
  const warm = createNodeProcessRuntime({ sandbox, warmPoolSize: 2, reuseMaxIdle: 0 });
  const warmMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    await warm.whenWarm();
    warmMs.push((await runOn(warm, TRIVIAL, { inputs: { n: i } })).durationMs);
  }
  await warm.close();
  // 3. Reused: consecutive nodes of one workflow in the same process.
  const reuse = createNodeProcessRuntime({ sandbox, warmPoolSize: 1 });
  await reuse.whenWarm();
  const reusedMs: number[] = [];
  for (let i = 0; i < 50; i++) reusedMs.push((await runOn(reuse, TRIVIAL, { inputs: { n: i }, reuseKey: 'wf' })).durationMs);
  await reuse.close();
  return { sandbox, coldMs: stats(coldMs), warmMs: stats(warmMs), reusedMs: stats(reusedMs.slice(1)) };
}

export async function runtimesBench() {
  const results = [await measure('off')];
  if (probeSandbox().ok) results.push(await measure('required'));
  return results;
}
