import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DEFAULT_DISK_MB, diskLimitOutcome, ranOutOfDisk } from '../disk-limit.ts';
import { newNonce } from '../end-marker.ts';
import { runExecution } from '../execution.ts';
import { ReusePool } from '../reuse-pool.ts';
import { RunnerProcess, type RunnerSpawnOptions, whenAllClosed } from '../runner-process.ts';
import type { ExecError, ExecStatus, ExecuteRequest, ExecuteResult, Language, Runtime, RuntimeAvailability } from '../runtime.ts';
import { probeSandbox, type SandboxProbe } from '../sandbox.ts';
import { CodePreparer } from '../transpile.ts';
import { WarmPool } from '../warm-pool.ts';
import { type EngineSetup, pyodideSetup, quickjsSetup, type WasmEngine, wasiSetup } from './engines.ts';

/** Options of the wasm runtime; every field has a default. */
export interface WasmRuntimeOptions {
  /**
   * Idle runner processes kept ready per engine, their engine already loaded (0 disables). Defaults: quickjs 1,
   * pyodide 1 (Python's load takes ~2.5 s, so a call should never wait for it), wasi 0.
   */
  warmPoolSize?: Partial<Record<WasmEngine, number>>;
  /**
   * Memory the warm processes are started for, in MiB: they serve any call with `memoryMb` up to this (the
   * engine's own limit is set per call); larger calls spawn cold. Default 256.
   */
  warmMemoryMb?: number;
  /** Longest `timeoutMs` served by a warm or reused process (their kernel CPU budget is fixed at spawn). Default 30000. */
  warmMaxTimeoutMs?: number;
  /** A process parked for reuse and idle longer than this is killed, in ms. Default 10000. */
  reuseIdleMs?: number;
  /** Calls one process may serve before it is retired; 1 or less turns reuse off. Default 200. */
  reuseMaxCalls?: number;
  /** Most processes parked at once, all engines and keys together. Default 8. */
  reuseMaxIdle?: number;
  /** Longest wait for a runner to load its engine, in ms (not counted in `timeoutMs`). Default 30000. */
  bootTimeoutMs?: number;
  /** Node's permission model in the runners. Default true. */
  fsPermissions?: boolean;
  /** Node binary for the runners. Default `process.execPath`. */
  nodePath?: string;
  /** Parent directory of the per-run temp dirs. Default `os.tmpdir()`. */
  tmpRoot?: string;
  /** prlimit binary for the kernel CPU and address-space limits; `null` disables them. Default `/usr/bin/prlimit` if present. */
  prlimitPath?: string | null;
  /** OS sandbox, as for the node runtime: `auto` (default), `required` or `off`. */
  sandbox?: 'auto' | 'required' | 'off';
  /** Tasks one sandbox may hold and open files per process, as for the node runtime. Defaults 256 and 1024. */
  maxProcesses?: number;
  maxOpenFiles?: number;
  /** WASI engine: `auto` (wasmedge when it is on PATH, else node:wasi; default), `node` or `wasmedge`. */
  wasiEngine?: 'auto' | 'node' | 'wasmedge';
  /** The wasmedge binary (default: found on PATH). */
  wasmedgePath?: string;
}

/** What each engine is, here: its backend name, or why it is missing. */
export type WasmEngines = Record<WasmEngine, { available: boolean; backend: string; reason?: string }>;

/** The wasm runtime plus helpers that are not part of the Runtime contract. */
export interface WasmRuntime extends Runtime {
  /** Resolves once the warm pools are filled and their processes have loaded their engines. */
  whenWarm(): Promise<void>;
  engines(): WasmEngines;
}

const DEFAULT_PRLIMIT = '/usr/bin/prlimit';
/** Address space of an idle runner per engine, in MiB: Node's own ~730 MiB plus the engine's wasm memory reservations (measured: QuickJS ~3 GiB, Pyodide ~5.2 GiB in all). */
const BASE_ADDRESS_SPACE_MB: Record<WasmEngine, number> = { quickjs: 4096, pyodide: 6144, wasi: 1024 };
/** CPU seconds an engine takes to load, added to the kernel CPU budget (Pyodide: ~3 s on a slow core). */
const BOOT_CPU_SEC: Record<WasmEngine, number> = { quickjs: 2, pyodide: 15, wasi: 1 };
const DEFAULT_POOL: Record<WasmEngine, number> = { quickjs: 1, pyodide: 1, wasi: 0 };
const ENGINES: WasmEngine[] = ['quickjs', 'pyodide', 'wasi'];
/** What V8 throws in the runner when the kernel refuses memory (RLIMIT_AS). */
const ALLOCATION_FAILED =
  /Array buffer allocation failed|Unable to grow instance memory|could not allocate memory|Out of memory|Cannot allocate Wasm memory/i;
const RETIRE_WAIT_MS = 2000;

function engineFor(language: Language): WasmEngine | undefined {
  if (language === 'javascript' || language === 'typescript') return 'quickjs';
  if (language === 'python') return 'pyodide';
  if (language === 'wasi') return 'wasi';
  return undefined;
}

/** CPU seconds for the kernel backstop: the wall-clock limit rounded up, plus 2 s of slack. */
function cpuLimitFor(timeoutMs: number): number {
  return Math.ceil(timeoutMs / 1000) + 2;
}

/**
 * Creates the runtime that runs JavaScript/TypeScript in QuickJS, Python in Pyodide and WASI modules in
 * node:wasi (or wasmedge), each engine inside a locked runner process (bubblewrap, prlimit, Node's permission
 * model), never in the server process. Processes are reused only within a `reuseKey`, per engine.
 */
export function createWasmRuntime(options: WasmRuntimeOptions = {}): WasmRuntime {
  const warmMemoryMb = options.warmMemoryMb ?? 256;
  const warmMaxTimeoutMs = options.warmMaxTimeoutMs ?? 30_000;
  const bootTimeoutMs = options.bootTimeoutMs ?? 30_000;
  const reuseLimits = {
    idleMs: options.reuseIdleMs ?? 10_000,
    maxCalls: options.reuseMaxCalls ?? 200,
    maxIdle: options.reuseMaxIdle ?? 8,
  };
  const reuseOn = reuseLimits.maxCalls > 1 && reuseLimits.maxIdle > 0;
  const sandboxMode = options.sandbox ?? 'auto';
  const probe: SandboxProbe =
    sandboxMode === 'off' ? { ok: false, reason: 'the OS sandbox is turned off (RUNTIME_SANDBOX=off)' } : probeSandbox();
  const sandbox = probe.ok ? probe.sandbox : undefined;
  const suffix = sandbox ? '+bwrap' : '';
  const setups: Record<WasmEngine, EngineSetup> = {
    quickjs: quickjsSetup(),
    pyodide: pyodideSetup(),
    wasi: wasiSetup(options.wasiEngine ?? 'auto', options.wasmedgePath),
  };
  const engines = Object.fromEntries(
    ENGINES.map((e) => {
      const setup = setups[e];
      return [
        e,
        setup.ok
          ? { available: true, backend: `${setup.name}${suffix}` }
          : { available: false, backend: e, reason: setup.reason },
      ];
    }),
  ) as WasmEngines;
  const usable = ENGINES.filter((e) => setups[e].ok);
  const backend = `${usable.map((e) => (setups[e] as { name: string }).name).join('+') || 'wasm'}${suffix}`;
  const missing = ENGINES.filter((e) => !setups[e].ok).map((e) => `${e}: ${(setups[e] as { reason: string }).reason}`);
  const availability: RuntimeAvailability =
    usable.length === 0
      ? {
          available: false,
          isolation: probe.ok ? 'sandbox' : 'process',
          backend,
          reason: `no wasm engine can run: ${missing.join('; ')}`,
        }
      : sandboxMode === 'required' && !probe.ok
        ? { available: false, isolation: 'process', backend, reason: `RUNTIME_SANDBOX=required but ${probe.reason}` }
        : probe.ok
          ? {
              available: true,
              isolation: 'sandbox',
              backend,
              ...(missing.length || probe.sandbox.degraded
                ? {
                    reason: [
                      ...missing,
                      ...(probe.sandbox.degraded ? [`sandbox hardening incomplete: ${probe.sandbox.degraded}`] : []),
                    ].join('; '),
                  }
                : {}),
            }
          : { available: true, isolation: 'process', backend, reason: [`no OS sandbox: ${probe.reason}`, ...missing].join('; ') };

  const prlimitPath =
    options.prlimitPath === null
      ? undefined
      : (options.prlimitPath ?? (existsSync(DEFAULT_PRLIMIT) ? DEFAULT_PRLIMIT : undefined));
  const fsPermissions = options.fsPermissions ?? true;
  const reusableCpuSec = (e: WasmEngine) => (reuseOn ? 2 : 1) * cpuLimitFor(warmMaxTimeoutMs) + BOOT_CPU_SEC[e];
  const base = (e: WasmEngine): Omit<RunnerSpawnOptions, 'memoryMb' | 'cpuLimitSec'> | undefined => {
    const setup = setups[e];
    if (!setup.ok) return undefined;
    if (fsPermissions && [setup.runnerPath, ...setup.readOnlyPaths].some((p) => p.includes(','))) return undefined;
    return {
      sandbox,
      nodePath: options.nodePath ?? process.execPath,
      runnerPath: setup.runnerPath,
      readOnlyPaths: setup.readOnlyPaths,
      runnerArgs: setup.runnerArgs,
      nodeFlags: setup.nodeFlags,
      baseAddressSpaceMb: BASE_ADDRESS_SPACE_MB[e],
      prlimitPath,
      fsPermissions,
      tmpRoot: options.tmpRoot ?? tmpdir(),
      maxProcesses: options.maxProcesses,
      maxOpenFiles: options.maxOpenFiles,
    };
  };
  const bases = Object.fromEntries(ENGINES.map((e) => [e, base(e)])) as Record<
    WasmEngine,
    Omit<RunnerSpawnOptions, 'memoryMb' | 'cpuLimitSec'> | undefined
  >;
  const pools = new Map<WasmEngine, WarmPool>();
  for (const e of ENGINES) {
    const spawnBase = bases[e];
    const size = availability.available && spawnBase ? (options.warmPoolSize?.[e] ?? DEFAULT_POOL[e]) : 0;
    if (!spawnBase || size <= 0) continue;
    // Pooled QuickJS runners tier their engine up before they report ready (cold spawns skip it: a call waits).
    const runnerArgs = e === 'quickjs' ? [...(spawnBase.runnerArgs ?? []), 'warm'] : spawnBase.runnerArgs;
    const pool = new WarmPool(size, { ...spawnBase, runnerArgs, memoryMb: warmMemoryMb, cpuLimitSec: reusableCpuSec(e) });
    pools.set(e, pool);
    pool.fill();
  }
  const reuse = new ReusePool(reuseLimits);
  const preparer = new CodePreparer();
  const retiring = new Set<RunnerProcess>();

  const finished = (startedAt: number, engine: WasmEngine | undefined, status: ExecStatus, error: ExecError): ExecuteResult => ({
    status,
    error,
    durationMs: Math.round(performance.now() - startedAt),
    logsTruncated: false,
    runtime: 'wasm',
    backend: engine ? engines[engine].backend : backend,
    cold: false,
    reused: false,
  });
  const retire = (proc: RunnerProcess): void => {
    proc.retire();
    retiring.add(proc);
    void proc.whenClosed.then(() => retiring.delete(proc));
  };

  /** Waits for a process to load its engine: `ready`, or why not. */
  const booted = async (proc: RunnerProcess, signal: AbortSignal): Promise<'ready' | 'exited' | 'aborted' | 'slow'> => {
    if (proc.ready || proc.exited) return proc.ready ? 'ready' : 'exited';
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const verdict = await Promise.race([
      proc.whenReady.then(() => (proc.ready ? ('ready' as const) : ('exited' as const))),
      new Promise<'slow'>((resolve) => {
        timer = setTimeout(() => resolve('slow'), bootTimeoutMs);
      }),
      new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    return verdict;
  };

  return {
    id: 'wasm',
    supports: (language: Language) => {
      const engine = engineFor(language);
      return engine !== undefined && setups[engine].ok;
    },
    availability: (): RuntimeAvailability => availability,
    engines: () => engines,
    whenWarm: async () => {
      await Promise.all([...pools.values()].map((p) => p.whenWarm()));
    },
    async close() {
      await Promise.all([...[...pools.values()].map((p) => p.close()), reuse.close()]);
      await whenAllClosed(retiring, RETIRE_WAIT_MS);
    },

    async execute(request: ExecuteRequest, signal: AbortSignal): Promise<ExecuteResult> {
      const startedAt = performance.now();
      const engine = engineFor(request.language);
      if (!engine) {
        return finished(startedAt, undefined, 'unavailable', {
          code: 'unsupported_language',
          message: `the wasm runtime runs javascript, typescript, python and wasi, not ${request.language}`,
        });
      }
      const spawnBase = bases[engine];
      if (!availability.available || !spawnBase) {
        const reason = engines[engine].reason ?? availability.reason ?? 'not available here';
        return finished(startedAt, engine, 'unavailable', {
          code: 'runtime_unavailable',
          message: `the ${engine} engine cannot run: ${reason}`,
        });
      }
      if (request.network === 'on') {
        return finished(startedAt, engine, 'unavailable', {
          code: 'network_unsupported',
          message: `the wasm runtime has no network (${engine} has no sockets); use the node runtime (or e2b) for code that needs network: 'on'`,
        });
      }
      if (signal.aborted)
        return finished(startedAt, engine, 'cancelled', { code: 'cancelled', message: 'execution was cancelled' });
      let code = request.code;
      if (request.language === 'javascript' || request.language === 'typescript') {
        const prepared = await preparer.prepare(request.language, request.code);
        if (!prepared.ok) return finished(startedAt, engine, 'failed', { code: 'syntax_error', message: prepared.message });
        code = prepared.code;
      }
      const nonce = newNonce();
      let payload: string;
      try {
        payload = JSON.stringify({
          nonce,
          language: request.language,
          code,
          inputs: request.inputs ?? {},
          env: request.env ?? {},
          maxOutputBytes: request.maxOutputBytes,
          memoryMb: request.memoryMb,
          timeoutMs: request.timeoutMs,
        });
      } catch (err) {
        const message = `inputs are not JSON-serializable: ${err instanceof Error ? err.message : String(err)}`;
        return finished(startedAt, engine, 'failed', { code: 'invalid_inputs', message });
      }

      // 1. A process of this engine parked under this key, 2. a warm one, 3. a fresh spawn. Warm processes
      //    serve any memoryMb up to theirs: the engine's own limit is set per call.
      //    The disk (WASI's /tmp preopen) is fixed at spawn: another size spawns cold and is never parked.
      const disk = request.diskMb ?? DEFAULT_DISK_MB;
      const fitsWarm = request.memoryMb <= warmMemoryMb && request.timeoutMs <= warmMaxTimeoutMs && disk === DEFAULT_DISK_MB;
      const spawnMemoryMb = fitsWarm ? warmMemoryMb : request.memoryMb;
      const reuseKey = request.reuseKey === undefined ? undefined : `${engine}\u0000${request.reuseKey}`;
      const parked = reuseKey !== undefined ? reuse.take(reuseKey, spawnMemoryMb, request.timeoutMs) : undefined;
      const taken = !parked && fitsWarm ? pools.get(engine)?.take() : undefined;
      const cpuLimitSec =
        fitsWarm && reuseOn && reuseKey !== undefined
          ? reusableCpuSec(engine)
          : cpuLimitFor(request.timeoutMs) + BOOT_CPU_SEC[engine];
      let proc: RunnerProcess;
      try {
        proc =
          parked ??
          taken?.proc ??
          (await RunnerProcess.spawn({ ...spawnBase, memoryMb: spawnMemoryMb, cpuLimitSec, diskMb: disk }));
      } catch (err) {
        const message = `could not start the runner: ${err instanceof Error ? err.message : String(err)}`;
        return finished(startedAt, engine, 'failed', { code: 'spawn_failed', message });
      }
      const cold = !parked && !taken?.warm;

      // 2. The engine loads before the wall clock starts: timeoutMs is the code's time, not Pyodide's boot.
      const boot = await booted(proc, signal);
      if (boot === 'aborted' || boot === 'slow') {
        retire(proc);
        if (boot === 'aborted')
          return finished(startedAt, engine, 'cancelled', { code: 'cancelled', message: 'execution was cancelled' });
        return {
          ...finished(startedAt, engine, 'failed', {
            code: 'spawn_failed',
            message: `the ${engine} engine did not load within ${bootTimeoutMs} ms`,
          }),
          cold,
        };
      }
      const outcome = await runExecution({
        proc,
        request,
        payload,
        nonce,
        signal,
        startedAt: performance.now(),
        cold,
        reused: parked !== undefined,
      });
      const result = outcome.result;
      result.runtime = 'wasm';
      result.backend = engines[engine].backend;
      result.durationMs = Math.round(performance.now() - startedAt);
      if (outcome.stats) result.memoryBytes = outcome.stats.heapUsed;
      if (result.status === 'failed') {
        const error = result.error;
        if (error?.code === 'timeout') result.status = 'timeout';
        else if (error?.code === 'out_of_memory') result.status = 'out_of_memory';
        else if (ALLOCATION_FAILED.test(error?.message ?? '')) {
          result.status = 'out_of_memory';
          result.error = {
            code: 'out_of_memory',
            message: `the code ran out of memory (limit ${request.memoryMb} MiB; the process's address space is capped too): ${error?.message}`,
          };
        } else if (ranOutOfDisk(error)) Object.assign(result, diskLimitOutcome(disk, error?.message));
      }
      if (outcome.reusable) {
        proc.usage = outcome.stats;
        if (reuseOn && reuseKey !== undefined && fitsWarm && reuse.park(proc, reuseKey)) return result;
        proc.retire();
      }
      retiring.add(proc);
      void proc.whenClosed.then(() => retiring.delete(proc));
      return result;
    },
  };
}
