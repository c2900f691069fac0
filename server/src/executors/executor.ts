import type { NodeConfig, NodeType, PlannedNode, RunEventPayload } from '@switchyard/shared';
import type { ResolveAgent } from '../registry/resolve-agent.ts';
import type { Runtimes } from '../runtimes/index.ts';
import type { RunSecrets } from '../secrets/run-secrets.ts';

/** What an executor gets for one attempt of one node. */
export interface ExecutorContext<T extends NodeType = NodeType> {
  runId: string;
  /** The run's workspace: agents, secrets and the execution log are this workspace's. */
  workspaceId: string;
  /** Part of the process-reuse key (with the code's origin and resolved env: see code.executor's reuseKeyOf). */
  workflowId: string;
  node: PlannedNode;
  /** The node's config, parsed and migrated by the compiler. */
  config: NodeConfig<T>;
  /** Values keyed by input port name (arrays for `multiple` ports). */
  inputs: Record<string, unknown>;
  /** The run's input (what the trigger emits). */
  runInput: unknown;
  /** Aborted on cancellation, timeout or shutdown; executors must stop promptly. */
  signal: AbortSignal;
  /** Streams one line of user-visible output. */
  log: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Records the runtime router's decision as a `node.runtime` event (code nodes, before running). */
  decided: (decision: RunEventPayload<'node.runtime'>) => void;
  runtimes: Runtimes;
  /** What a code node's `agent` reference points at now (in the run's workspace). */
  resolveAgent: ResolveAgent;
  /**
   * Where `{ secret }` references in a code node's environment are resolved (in the run's workspace, each use
   * audited once per run), and every secret resolved in the run so far: redact output, error and logs with all.
   */
  runSecrets: RunSecrets;
  /** The workflow opted into trusted execution (`settings.trustedExecution`). */
  trusted: boolean;
}

export interface ExecutorResult {
  /** The node's output in the node contract's shape (one value, or an object keyed by output port). */
  output: unknown;
  /** Runtime that executed it, for code-like nodes. */
  runtime?: string;
}

/** Runs one node once. Failures are thrown as NodeError; anything else thrown is reported as `executor_error`. */
export type Executor<T extends NodeType = NodeType> = (ctx: ExecutorContext<T>) => Promise<ExecutorResult>;

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
