import { createNodeProcessRuntime, type NodeProcessRuntimeOptions } from './node-process.runtime.ts';
import type { Language, Runtime, RuntimeId } from './runtime.ts';

export { createNodeProcessRuntime, type NodeProcessRuntime, type NodeProcessRuntimeOptions } from './node-process.runtime.ts';
export type * from './runtime.ts';

/** Options for every runtime the server can host (only node for now). */
export interface RuntimesOptions {
  node?: NodeProcessRuntimeOptions;
}

/** The runtimes this server hosts. */
export interface Runtimes {
  node: Runtime;
}

/** What a code node asks for: a specific runtime, or `auto` to let the server choose. */
export type RequestedRuntime = 'auto' | RuntimeId;

/** The router's choice and why, recorded with the run. */
export interface RuntimeDecision {
  runtime: RuntimeId | null;
  reason: string;
  /** Runtimes that would be tried next if the chosen one were unavailable (none yet). */
  fallbacks: RuntimeId[];
}

/** Result of `pickRuntime`: a runtime and the decision, or an error when none can run the code. */
export interface RuntimePick {
  runtime?: Runtime;
  decision: RuntimeDecision;
  error?: { code: 'runtime_unavailable'; message: string };
}

/** Creates the runtimes; they travel in `deps`, and `close()` on each releases their processes. */
export function createRuntimes(options: RuntimesOptions = {}): Runtimes {
  return { node: createNodeProcessRuntime(options.node) };
}

/**
 * Chooses the runtime for a code node among `runtimes`.
 * For now only `node` exists: JavaScript/TypeScript go there; wasm and e2b (and so python/bash) report
 * `runtime_unavailable` until the runtime router lands.
 */
export function pickRuntime(requested: RequestedRuntime, language: Language, runtimes: Runtimes): RuntimePick {
  const jsLike = language === 'javascript' || language === 'typescript';
  if (requested === 'wasm' || requested === 'e2b') {
    return unavailable(
      `the ${requested} runtime is not available on this server yet; it arrives with the runtime router (use "auto" or "node" for JavaScript/TypeScript)`,
    );
  }
  if (!jsLike) {
    return unavailable(`${language} needs the wasm or e2b runtime, which is not configured on this server`);
  }
  const node = runtimes.node;
  const availability = node.availability();
  if (!availability.available) {
    return unavailable(`the node runtime is unavailable: ${availability.reason ?? 'no reason given'}`);
  }
  const where =
    availability.isolation === 'sandbox'
      ? 'a sandboxed child process (no network, no host files)'
      : 'a child process (no OS sandbox on this server)';
  const reason = `node: ${language === 'typescript' ? 'TypeScript' : 'JavaScript'} in ${where}${requested === 'auto' ? '' : ', as requested'}`;
  return { runtime: node, decision: { runtime: 'node', reason, fallbacks: [] } };
}

/** The decision as users see it (run events, the inspector): runtime, reason, fallbacks, isolation, backend. */
export function describeDecision(pick: RuntimePick) {
  const availability = pick.runtime?.availability();
  return {
    ...pick.decision,
    ...(availability ? { isolation: availability.isolation, backend: availability.backend } : {}),
  };
}

function unavailable(message: string): RuntimePick {
  return {
    decision: { runtime: null, reason: message, fallbacks: [] },
    error: { code: 'runtime_unavailable', message },
  };
}
