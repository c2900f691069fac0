import type { NodeDefinition, PlannedNode, RunEventPayload } from '@switchyard/shared';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import type { ResolveAgent } from '../registry/resolve-agent.ts';
import type { RunSecrets } from '../secrets/run-secrets.ts';

/**
 * The services every executor gets, unchanged from `createDeps` (database, runtimes, secret store, logger, HTTP
 * settings…): an executor takes what it needs, nothing is copied on the way.
 */
export type Services = Deps;

/** The run an attempt belongs to: what is the run's own rather than the server's. */
export interface RunScope {
  id: string;
  /** The run's workspace: agents, secrets and the execution log are this workspace's. */
  workspaceId: string;
  workflowId: string;
  /** The run's input (what the trigger that started it emits). */
  input: unknown;
  /** The trigger that started the run (`nodeId` null: every trigger fires, for runs from before triggers). */
  trigger: { type: string; nodeId: string | null };
  /** The workflow opted into trusted execution (`settings.trustedExecution`). */
  trusted: boolean;
  /**
   * Where `{ secret }` references are resolved (in the run's workspace, each use audited once per run), and every
   * secret resolved in the run so far: redact output, error and logs with all of them.
   */
  secrets: RunSecrets;
  /** What a code agent reference points at now (in the run's workspace). */
  agents: ResolveAgent;
}

/** What an executor gets for one attempt of one node. */
export interface ExecutorContext<TConfig = unknown> {
  node: PlannedNode;
  /** The node's config, parsed and migrated by the compiler. */
  config: TConfig;
  /** Values keyed by input port name (arrays for `multiple` ports); an untaken input is absent. */
  inputs: Record<string, unknown>;
  run: RunScope;
  services: Services;
  /** Aborted on cancellation, timeout or shutdown; executors must stop promptly. */
  signal: AbortSignal;
  /** Streams one line of user-visible output. */
  log: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Records the runtime router's decision as a `node.runtime` event (code nodes, before running). */
  decided: (decision: RunEventPayload<'node.runtime'>) => void;
}

export interface ExecutorResult {
  /**
   * The node's output in the node contract's shape: one value, or an object keyed by output port (for a
   * definition with `branches`, the keys present are the ports taken).
   */
  output: unknown;
  /** Runtime that executed it, for code-like nodes. */
  runtime?: string;
}

/** One node type's executor: what `run` does with one attempt. */
export interface NodeExecutor<TType extends string = string> {
  type: TType;
  // biome-ignore lint/suspicious/noExplicitAny: each executor's config type is its own definition's
  run: (ctx: ExecutorContext<any>) => Promise<ExecutorResult>;
}

/**
 * The executor of a node type: `run` gets the definition's parsed config, typed. Failures are thrown as
 * NodeError; anything else thrown is reported as `executor_error`.
 */
export function defineExecutor<TType extends string, TConfig extends z.ZodType>(
  definition: NodeDefinition<TType, TConfig>,
  run: (ctx: ExecutorContext<z.output<TConfig>>) => Promise<ExecutorResult>,
): NodeExecutor<TType> {
  return { type: definition.type, run };
}

/** A node failure users can act on: a stable code and a sentence. */
export class NodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly userStack?: string,
    /** Runtime the attempt ran on, if any. */
    readonly runtime?: string,
  ) {
    super(message);
  }
}
