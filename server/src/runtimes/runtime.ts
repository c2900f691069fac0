/**
 * The contract every runtime implements (node child process now; wasm and e2b slot in later).
 * A runtime executes one piece of user code and never runs it inside the server process.
 */

/** Languages code can be written in; `wasi` is a WebAssembly module (base64 in `code`), ad-hoc only. */
export type Language = 'javascript' | 'typescript' | 'python' | 'bash' | 'wasi';

/** `off`: no network; `allowlist`: HTTP(S) to `allowedHosts` only; `on`: the internet. */
export type NetworkMode = 'off' | 'allowlist' | 'on';

/** Identifier of a runtime the router can pick. */
export type RuntimeId = 'node' | 'wasm' | 'e2b';

/** One line of user output, streamed while the code runs. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** The line without its trailing newline (lines longer than the cap are cut and marked). */
  line: string;
  /** Epoch milliseconds when the runtime received the line. */
  time: number;
}

export interface ExecuteRequest {
  language: Language;
  /** Source of the module; for JS/TS it must `export default async function main(inputs, ctx)`. */
  code: string;
  /** Values keyed by input port name; passed to `main` as its first argument. */
  inputs: Record<string, unknown>;
  /** Wall-clock limit in milliseconds; the whole process group is killed when it passes. */
  timeoutMs: number;
  /** Largest serialized (JSON) return value accepted, in bytes. */
  maxOutputBytes: number;
  /** Largest total of log bytes kept; later lines are dropped and one notice line is emitted. */
  maxLogBytes: number;
  /** V8 heap limit for the process, in MiB. */
  memoryMb: number;
  /** Environment variables visible to the code (nothing from the host leaks in). */
  env: Record<string, string>;
  /** `off` (default): no network at all; see `NetworkMode`. Enforced only by a sandboxed runtime. */
  network?: NetworkMode;
  /** Hosts reachable with `network: 'allowlist'` (`api.example.com`, `*.example.com`, optional `:port`). */
  allowedHosts?: string[];
  /** `tmp` (default): a private temp dir as working directory; `none`: nothing writable. */
  filesystem?: 'tmp' | 'none';
  /** MiB the code may write to each of its work dir, /tmp and /dev/shm (default DEFAULT_DISK_MB); beyond: `disk_limit`. */
  diskMb?: number;
  /** Called once per complete line of stdout/stderr, in order, as soon as it arrives. */
  onLog: (line: LogLine) => void;
  /**
   * Calls with the same key may run in the same process, one after another (never concurrently); a process is
   * reused only after a call that succeeded, and never across keys. The engine passes the workflow id, the code's
   * origin (agent version or inline) and a keyed fingerprint of the resolved env: calls with other secrets or
   * another code agent never share a process. Ad-hoc calls pass none.
   */
  reuseKey?: string;
  /** Who asked, for the execution log (`code_exec_logs`). */
  meta?: ExecutionMeta;
}

/** Where an execution came from: a code node of a run, or an ad-hoc call. */
export interface ExecutionMeta {
  source: 'run' | 'adhoc';
  /** The workspace whose code it is (a run's, or the ad-hoc caller's). */
  workspaceId?: string;
  workflowId?: string;
  runId?: string;
  nodeId?: string;
  /** The registry agent and version being run, if any. */
  agentId?: string;
  agentVersion?: number;
}

/** How an execution ended. */
export type ExecStatus =
  | 'succeeded'
  | 'failed'
  | 'timeout'
  | 'cancelled'
  | 'output_too_large'
  | 'out_of_memory'
  | 'disk_limit'
  | 'network_denied'
  | 'unavailable';

export interface ExecError {
  /** Stable machine code, e.g. `user_error`, `timeout`, `output_too_large`, `invalid_module`. */
  code: string;
  /** Human message naming what went wrong. */
  message: string;
  /** Stack of the user's error, if any (paths inside the runtime trimmed). */
  stack?: string;
}

export interface ExecuteResult {
  status: ExecStatus;
  /** The value `main` returned (JSON-serializable; `undefined` becomes `null`). Present when succeeded. */
  output?: unknown;
  error?: ExecError;
  /** Milliseconds from the call to the result. */
  durationMs: number;
  /** True when log lines were dropped because of `maxLogBytes`. */
  logsTruncated: boolean;
  runtime: RuntimeId;
  /** Engine behind the runtime, e.g. `node-process`. */
  backend: string;
  /** True when the call paid for a process start (no warm process was ready). */
  cold: boolean;
  /** True when the call ran in a process that had already run an earlier call (see `reuseKey`). */
  reused?: boolean;
  /** Heap in use when the code returned, in bytes, when the runtime can tell. */
  memoryBytes?: number;
}

export interface RuntimeAvailability {
  available: boolean;
  /** Why not, and what to configure, when unavailable. */
  reason?: string;
  /** `process` (separate OS process), `sandbox` (namespaces/VM), or `none`. */
  isolation: 'none' | 'process' | 'sandbox';
  backend: string;
}

export interface Runtime {
  readonly id: RuntimeId;
  supports(language: Language): boolean;
  availability(): RuntimeAvailability;
  /** Runs the code; resolves (never rejects for user errors) with a result. Aborting the signal kills the process. */
  execute(request: ExecuteRequest, signal: AbortSignal): Promise<ExecuteResult>;
  /**
   * Frees what the runtime keeps for one run (e2b: the run's sandbox). The engine calls it when a run ends;
   * runtimes that keep nothing per run leave it out.
   */
  release?(runId: string): Promise<void>;
  /** Releases warm processes. */
  close(): Promise<void>;
}
