import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DISK_MB, diskLimitOutcome, ranOutOfDisk } from './disk-limit.ts';
import type { EgressLimits, EgressProxy } from './egress-proxy.ts';
import { newNonce } from './end-marker.ts';
import { NODE_BACKEND, runExecution } from './execution.ts';
import { INTERPRETERS, type NativeLanguage, runNative } from './native-process.ts';
import { applyNetworkOutcome, startEgress } from './network-policy.ts';
import { ReusePool } from './reuse-pool.ts';
import { RunnerProcess, type RunnerSpawnOptions, UNDICI_DIR, whenAllClosed } from './runner-process.ts';
import type { ExecError, ExecStatus, ExecuteRequest, ExecuteResult, Language, Runtime, RuntimeAvailability } from './runtime.ts';
import { probeSandbox, type SandboxProbe } from './sandbox.ts';
import { CodePreparer } from './transpile.ts';
import { WarmPool } from './warm-pool.ts';

/** Options of the node child-process runtime; every field has a default. */
export interface NodeProcessRuntimeOptions {
  /** Idle pre-spawned processes kept ready (0 disables the pool). Default 2. */
  warmPoolSize?: number;
  /** Heap limit the warm processes are started with; other `memoryMb` values spawn cold. Default 256. */
  warmMemoryMb?: number;
  /**
   * Longest `timeoutMs` served by a warm process. Their kernel CPU limit (the orphan backstop) is fixed at
   * spawn to ceil(this / 1000) + 2 s, doubled while reuse is on (see `reuseMaxCalls`); longer timeouts spawn
   * cold with their own limit. Default 30000.
   */
  warmMaxTimeoutMs?: number;
  /** A process parked for reuse (see `ExecuteRequest.reuseKey`) and idle longer than this is killed, in ms. Default 10000. */
  reuseIdleMs?: number;
  /**
   * Calls one process may serve before it is retired; 1 or less turns reuse off. While reuse is on, processes
   * that may be reused get twice the CPU budget above, because the rlimit counts the CPU of all their calls.
   * Default 200.
   */
  reuseMaxCalls?: number;
  /** Most processes parked for reuse at once, all keys together (least recently used retired first). Default 8. */
  reuseMaxIdle?: number;
  /** Node's permission model in the child (fs reads/writes confined, no child_process/workers/addons). Default true. */
  fsPermissions?: boolean;
  /** Node binary for the child. Default `process.execPath`. */
  nodePath?: string;
  /** Parent directory of the per-run temp dirs. Default `os.tmpdir()`. */
  tmpRoot?: string;
  /** prlimit binary for the kernel CPU limit; `null` disables it. Default `/usr/bin/prlimit` if present. */
  prlimitPath?: string | null;
  /**
   * OS sandbox (bubblewrap namespaces, see sandbox.ts): `auto` uses it when it works here (default),
   * `required` makes the runtime unavailable without it, `off` runs processes bare.
   */
  sandbox?: 'auto' | 'required' | 'off';
  /**
   * Bounds of each call's egress proxy (`network: allowlist` and `on`): connections, idle and handshake
   * timeouts. Tests shorten them, and only tests set `testOnlyPublicEndpoints`; nothing in env.ts or the API does.
   */
  egress?: EgressLimits;
  /** Tasks (processes and threads) one sandbox may hold: RLIMIT_NPROC inside it (sandbox and prlimit only); 0: none. Default 256. */
  maxProcesses?: number;
  /** Open files per process (RLIMIT_NOFILE, with prlimit). Default 1024. */
  maxOpenFiles?: number;
}

/** The node runtime plus helpers that are not part of the Runtime contract. */
export interface NodeProcessRuntime extends Runtime {
  /** Resolves once the warm pool is filled and its processes have booted (for start-up and benchmarks). */
  whenWarm(): Promise<void>;
}

const RUNNER_PATH = fileURLToPath(new URL('./node-runner.mjs', import.meta.url));
const DEFAULT_PRLIMIT = '/usr/bin/prlimit';
/** What V8 throws into user code when the kernel refuses memory (RLIMIT_AS) for buffers or wasm. */
const ALLOCATION_FAILED =
  /Array buffer allocation failed|Unable to grow instance memory|could not allocate memory|Out of memory/i;
/** Longest `close` waits for processes of settled executions to be reaped and cleaned up. */
const RETIRE_WAIT_MS = 2000;

/** Creates the runtime that runs JavaScript/TypeScript in separate Node processes, reused only within a `reuseKey`. */
export function createNodeProcessRuntime(options: NodeProcessRuntimeOptions = {}): NodeProcessRuntime {
  const warmMemoryMb = options.warmMemoryMb ?? 256;
  const warmMaxTimeoutMs = options.warmMaxTimeoutMs ?? 30_000;
  const reuseLimits = {
    idleMs: options.reuseIdleMs ?? 10_000,
    maxCalls: options.reuseMaxCalls ?? 200,
    maxIdle: options.reuseMaxIdle ?? 8,
  };
  const reuseOn = reuseLimits.maxCalls > 1 && reuseLimits.maxIdle > 0;
  // A reusable process is retired once it has used half its CPU budget, and a call starts on it only if the
  // rest covers the call's timeout + 2 s. Doubling the budget makes the two agree: a parked process always has
  // room for any warm-eligible call.
  const reusableCpuSec = (reuseOn ? 2 : 1) * cpuLimitFor(warmMaxTimeoutMs);
  const sandboxMode = options.sandbox ?? 'auto';
  const egressLimits: EgressLimits = options.egress ?? {};
  const probe: SandboxProbe =
    sandboxMode === 'off' ? { ok: false, reason: 'the OS sandbox is turned off (RUNTIME_SANDBOX=off)' } : probeSandbox();
  const sandbox = probe.ok ? probe.sandbox : undefined;
  const availability: RuntimeAvailability =
    sandboxMode === 'required' && !probe.ok
      ? { available: false, isolation: 'process', backend: NODE_BACKEND, reason: `RUNTIME_SANDBOX=required but ${probe.reason}` }
      : probe.ok
        ? {
            available: true,
            isolation: 'sandbox',
            backend: `${NODE_BACKEND}+bwrap`,
            ...(probe.sandbox.degraded ? { reason: `sandbox hardening incomplete: ${probe.sandbox.degraded}` } : {}),
          }
        : { available: true, isolation: 'process', backend: NODE_BACKEND, reason: `no OS sandbox: ${probe.reason}` };
  const base: Omit<RunnerSpawnOptions, 'memoryMb' | 'cpuLimitSec'> = {
    sandbox,
    nodePath: options.nodePath ?? process.execPath,
    runnerPath: RUNNER_PATH,
    prlimitPath:
      options.prlimitPath === null
        ? undefined
        : (options.prlimitPath ?? (existsSync(DEFAULT_PRLIMIT) ? DEFAULT_PRLIMIT : undefined)),
    fsPermissions: options.fsPermissions ?? true,
    tmpRoot: options.tmpRoot ?? tmpdir(),
    maxProcesses: options.maxProcesses,
    maxOpenFiles: options.maxOpenFiles,
  };
  // Node 20 splits --allow-fs-read on commas, so such a path cannot be granted precisely.
  if (base.fsPermissions && RUNNER_PATH.includes(',')) throw new Error(`runner path must not contain a comma: ${RUNNER_PATH}`);
  const pool = new WarmPool(options.warmPoolSize ?? 2, {
    ...base,
    memoryMb: warmMemoryMb,
    cpuLimitSec: reusableCpuSec,
  });
  const reuse = new ReusePool(reuseLimits);
  const preparer = new CodePreparer();
  /** Processes whose execution has settled but which may still be dying (their temp dir not yet removed). */
  const retiring = new Set<RunnerProcess>();
  pool.fill();

  const finished = (startedAt: number, cold: boolean, status: ExecStatus, error: ExecError): ExecuteResult => ({
    status,
    error,
    durationMs: Math.round(performance.now() - startedAt),
    logsTruncated: false,
    runtime: 'node',
    backend: availability.backend,
    cold,
    reused: false,
  });
  /** Kernel CPU budget for a cold spawn: a process that may be parked gets the reusable budget when it fits. */
  const cpuBudgetFor = (request: ExecuteRequest): number =>
    reuseOn && request.reuseKey !== undefined && request.timeoutMs <= warmMaxTimeoutMs
      ? reusableCpuSec
      : cpuLimitFor(request.timeoutMs);
  const cancelled = (startedAt: number): ExecuteResult =>
    finished(startedAt, false, 'cancelled', { code: 'cancelled', message: 'execution was cancelled' });

  // Python and Bash run only inside the OS sandbox, with the system's interpreters.
  const native = new Set<Language>(
    sandbox ? (Object.keys(INTERPRETERS) as NativeLanguage[]).filter((l) => existsSync(INTERPRETERS[l])) : [],
  );
  const nativeBackend = (language: NativeLanguage) => `${language === 'python' ? 'python3' : 'bash'}+bwrap`;

  return {
    id: 'node',
    supports: (language: Language) => language === 'javascript' || language === 'typescript' || native.has(language),
    availability: (): RuntimeAvailability => availability,
    whenWarm: () => pool.whenWarm(),
    async close() {
      await Promise.all([pool.close(), reuse.close()]);
      await whenAllClosed(retiring, RETIRE_WAIT_MS);
    },

    async execute(request: ExecuteRequest, signal: AbortSignal): Promise<ExecuteResult> {
      const startedAt = performance.now();
      if ((request.language === 'python' || request.language === 'bash') && sandbox && native.has(request.language)) {
        const networked = request.network === 'allowlist' || request.network === 'on';
        if (networked && !existsSync(INTERPRETERS.python))
          return finished(startedAt, false, 'unavailable', {
            code: 'network_unsupported',
            message: `network "${request.network}" for ${request.language} needs ${INTERPRETERS.python} in the sandbox (it relays HTTP(S) to the egress proxy), which is not installed here`,
          });
        let proxy: EgressProxy | undefined;
        try {
          proxy = await startEgress(request, base.tmpRoot, egressLimits, sandbox);
        } catch (err) {
          const message = `could not start the egress proxy: ${err instanceof Error ? err.message : String(err)}`;
          return finished(startedAt, true, 'failed', { code: 'spawn_failed', message });
        }
        const result = await runNative(
          request.language,
          request,
          signal,
          {
            sandbox,
            prlimitPath: base.prlimitPath,
            tmpRoot: base.tmpRoot,
            maxProcesses: base.maxProcesses,
            maxOpenFiles: base.maxOpenFiles,
            ...(proxy ? { proxySocket: proxy.socketPath } : {}),
          },
          nativeBackend(request.language),
        );
        void proxy?.close();
        applyNetworkOutcome(result, request, proxy);
        return result;
      }
      if (request.language !== 'javascript' && request.language !== 'typescript') {
        const sandboxOnly = request.language === 'python' || request.language === 'bash';
        return finished(startedAt, false, 'unavailable', {
          code: 'unsupported_language',
          message: sandboxOnly
            ? `the node runtime runs ${request.language} only inside its OS sandbox, which is unavailable here (${availability.reason ?? 'install bubblewrap'})`
            : `the node runtime runs javascript and typescript, not ${request.language}`,
        });
      }
      // Both go through the egress proxy, whose socket is the sandbox's only way out; a bare process could
      // reach the host's loopback with a raw socket, so neither is offered without the sandbox.
      const proxied = request.network === 'allowlist' || request.network === 'on';
      if (proxied && !sandbox) {
        return finished(startedAt, false, 'unavailable', {
          code: 'network_unsupported',
          message: `network "${request.network}" needs the OS sandbox (its egress proxy is what keeps the host's own network out of reach), which is unavailable here (${availability.reason ?? 'install bubblewrap'})`,
        });
      }
      if (signal.aborted) return cancelled(startedAt);
      const prepared = await preparer.prepare(request.language, request.code);
      if (!prepared.ok) return finished(startedAt, false, 'failed', { code: 'syntax_error', message: prepared.message });
      const nonce = newNonce();
      let payload: string;
      try {
        payload = JSON.stringify({
          nonce,
          language: request.language,
          code: prepared.code,
          inputs: request.inputs ?? {},
          env: request.env ?? {},
          maxOutputBytes: request.maxOutputBytes,
        });
      } catch (err) {
        const message = `inputs are not JSON-serializable: ${err instanceof Error ? err.message : String(err)}`;
        return finished(startedAt, false, 'failed', { code: 'invalid_inputs', message });
      }
      if (signal.aborted) return cancelled(startedAt);

      // 1. A process parked under this key, 2. a warm one, 3. a fresh spawn. Warm processes have the default
      //    policy (no network, a temp dir); other processes are reused only by calls with the same policy, and
      //    one with network never (its egress proxy lives as long as the call).
      const readOnly = request.filesystem === 'none';
      const disk = request.diskMb ?? DEFAULT_DISK_MB;
      const variant = `${readOnly ? 'ro' : ''}${disk === DEFAULT_DISK_MB ? '' : `disk${disk}`}`;
      const reuseKey =
        request.reuseKey === undefined || proxied
          ? undefined
          : variant
            ? `${request.reuseKey}\u0000${variant}`
            : request.reuseKey;
      const parked = reuseKey !== undefined ? reuse.take(reuseKey, request.memoryMb, request.timeoutMs) : undefined;
      const eligible = !variant && !proxied && request.memoryMb === warmMemoryMb && request.timeoutMs <= warmMaxTimeoutMs;
      const taken = !parked && eligible ? pool.take() : undefined;
      let proxy: EgressProxy | undefined;
      let proc: RunnerProcess;
      try {
        proxy = await startEgress(request, base.tmpRoot, egressLimits, sandbox);
        proc =
          parked ??
          taken?.proc ??
          (await RunnerProcess.spawn({
            ...base,
            readOnly,
            ...(proxy ? { proxySocket: proxy.socketPath, readOnlyPaths: [UNDICI_DIR] } : {}),
            memoryMb: request.memoryMb,
            cpuLimitSec: cpuBudgetFor(request),
            diskMb: disk,
          }));
      } catch (err) {
        await proxy?.close();
        const message = `could not start the runner: ${err instanceof Error ? err.message : String(err)}`;
        return finished(startedAt, true, 'failed', { code: 'spawn_failed', message });
      }
      const cold = !parked && !taken?.warm;
      const outcome = await runExecution({
        proc,
        request,
        payload,
        nonce,
        signal,
        startedAt,
        cold,
        reused: parked !== undefined,
      });
      outcome.result.backend = availability.backend;
      void proxy?.close();
      applyNetworkOutcome(outcome.result, request, proxy);
      if (outcome.stats) outcome.result.memoryBytes = outcome.stats.heapUsed;
      if (outcome.result.status === 'failed' && ALLOCATION_FAILED.test(outcome.result.error?.message ?? '')) {
        // The address-space limit refused memory outside the heap: the same verdict as a full heap.
        outcome.result.status = 'out_of_memory';
        outcome.result.error = {
          code: 'out_of_memory',
          message: `the code ran out of memory (limit ${request.memoryMb} MiB heap, as much again outside it): ${outcome.result.error?.message}`,
        };
      }
      if (outcome.result.status === 'failed' && ranOutOfDisk(outcome.result.error)) {
        Object.assign(outcome.result, diskLimitOutcome(disk, outcome.result.error?.message));
      }
      if (outcome.reusable) {
        proc.usage = outcome.stats;
        if (reuseOn && reuseKey !== undefined && reuse.park(proc, reuseKey)) return outcome.result;
        proc.retire();
      }
      // The call may resolve before the (SIGKILLed) process is reaped; close() waits for such stragglers.
      retiring.add(proc);
      void proc.whenClosed.then(() => retiring.delete(proc));
      return outcome.result;
    },
  };
}

/** CPU seconds for the kernel backstop: the wall-clock limit rounded up, plus 2 s of slack. */
function cpuLimitFor(timeoutMs: number): number {
  return Math.ceil(timeoutMs / 1000) + 2;
}
