import { createE2bRuntime, type E2bRuntimeOptions } from './e2b/e2b.runtime.ts';
import { createNodeProcessRuntime, type NodeProcessRuntimeOptions } from './node-process.runtime.ts';
import { decideRuntime, type RouteRequest, type RuntimeDecision, type RuntimeStatus } from './router.ts';
import type { Language, Runtime, RuntimeId } from './runtime.ts';
import { createWasmRuntime, type WasmRuntimeOptions } from './wasm/wasm.runtime.ts';

export { createNodeProcessRuntime, type NodeProcessRuntime, type NodeProcessRuntimeOptions } from './node-process.runtime.ts';
export type { RequestedRuntime, RouteRequest, RuntimeDecision } from './router.ts';
export type * from './runtime.ts';

const LANGUAGES: readonly Language[] = ['javascript', 'typescript', 'python', 'bash', 'wasi'];

/** Options for every runtime the server can host. */
export interface RuntimesOptions {
  node?: NodeProcessRuntimeOptions;
  /** QuickJS, Pyodide and WASI in locked child processes. */
  wasm?: WasmRuntimeOptions;
  /** E2B cloud sandboxes; without an API key the runtime is listed as unavailable, saying what to set. */
  e2b?: E2bRuntimeOptions;
}

/** The runtimes this server hosts; a missing one is reported as not configured. */
export interface Runtimes {
  node: Runtime;
  wasm?: Runtime;
  e2b?: Runtime;
}

/** Result of `pickRuntime`: a runtime and the decision, or an error when none can run the code. */
export interface RuntimePick {
  runtime?: Runtime;
  decision: RuntimeDecision;
  error?: { code: 'runtime_unavailable'; message: string };
}

/** Creates the runtimes; they travel in `deps`, and `close()` on each releases their processes. */
export function createRuntimes(options: RuntimesOptions = {}): Runtimes {
  return {
    node: createNodeProcessRuntime(options.node),
    wasm: createWasmRuntime(options.wasm ?? {}),
    e2b: createE2bRuntime(options.e2b ?? {}),
  };
}

/** Every hosted runtime, in router order. */
export function runtimeList(runtimes: Runtimes): Runtime[] {
  return (['wasm', 'node', 'e2b'] as const).flatMap((id) => (runtimes[id] ? [runtimes[id]] : []));
}

/** What the router needs to know about one runtime right now. */
export function runtimeStatus(runtime: Runtime): RuntimeStatus {
  return { ...runtime.availability(), languages: LANGUAGES.filter((l) => runtime.supports(l)) };
}

/** Chooses the runtime for one piece of code among `runtimes` (see `decideRuntime`). */
export function pickRuntime(request: RouteRequest, runtimes: Runtimes): RuntimePick {
  const statuses: Partial<Record<RuntimeId, RuntimeStatus>> = {};
  for (const runtime of runtimeList(runtimes)) statuses[runtime.id] = runtimeStatus(runtime);
  const decision = decideRuntime(request, statuses);
  const runtime = decision.runtime ? runtimes[decision.runtime] : undefined;
  if (!runtime) return { decision, error: { code: 'runtime_unavailable', message: decision.reason } };
  return { runtime, decision };
}

/** The decision as users see it (run events, the inspector): runtime, reason, fallbacks, isolation, backend. */
export function describeDecision(pick: RuntimePick) {
  const availability = pick.runtime?.availability();
  return {
    ...pick.decision,
    ...(availability ? { isolation: availability.isolation, backend: availability.backend } : {}),
  };
}

/** Frees what every runtime keeps for a run (the engine calls it when a run ends). Never throws. */
export async function releaseRun(runtimes: Runtimes, runId: string): Promise<void> {
  await Promise.all(runtimeList(runtimes).map((r) => r.release?.(runId).catch(() => {})));
}

/** Closes every hosted runtime (warm processes, sandboxes). */
export async function closeRuntimes(runtimes: Runtimes): Promise<void> {
  await Promise.all(runtimeList(runtimes).map((r) => r.close()));
}

/** Applies `wrap` to every hosted runtime (e.g. `metered`). */
export function mapRuntimes(runtimes: Runtimes, wrap: (runtime: Runtime) => Runtime): Runtimes {
  return {
    node: wrap(runtimes.node),
    ...(runtimes.wasm ? { wasm: wrap(runtimes.wasm) } : {}),
    ...(runtimes.e2b ? { e2b: wrap(runtimes.e2b) } : {}),
  };
}
