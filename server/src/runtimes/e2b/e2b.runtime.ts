import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { CommandExitError, type CommandHandle, type ConnectionOpts, type Sandbox } from 'e2b';
import { redactor } from '../../secrets/resolve-env.ts';
import { LineSplitter } from '../line-splitter.ts';
import { ByteTail, LogSink } from '../log-sink.ts';
import { addressSpaceBytes } from '../runner-process.ts';
import type { ExecStatus, ExecuteRequest, ExecuteResult, Language, Runtime, RuntimeAvailability } from '../runtime.ts';
import { CodePreparer } from '../transpile.ts';
import { LastLine } from './last-line.ts';
import { bashOutcome, cancelledOutcome, type Outcome, runnerOutcome } from './outcome.ts';
import { SandboxPool } from './sandbox-pool.ts';

/** Options of the E2B runtime; only `apiKey` is needed to make it available. */
export interface E2bRuntimeOptions {
  /** E2B API key (the server passes `E2B_API_KEY` from its environment or a secret). Without it: unavailable. */
  apiKey?: string;
  /** Template (name or id) of the sandboxes; it must provide `node` (18+) and `python3`. Default E2B's `base`. */
  template?: string;
  /** E2B domain (self-hosted / BYOC). Default the SDK's (`E2B_DOMAIN` or `e2b.app`). */
  domain?: string;
  /** Control-plane URL; default `https://api.<domain>`. Tests point it at the fake. */
  apiUrl?: string;
  /** envd URL for every sandbox (the SDK routes by header); default E2B's. Tests point it at the fake. */
  sandboxUrl?: string;
  /**
   * Metadata value (`switchyard`) marking this server's sandboxes; on creation the runtime kills those with
   * the same tag that an earlier process left behind. Processes sharing an API key that run at the same time
   * need different tags. Default `switchyard-<hostname>`.
   */
  instanceTag?: string;
  /** A run's sandbox unused this long is killed, in ms. Default 120000. */
  idleTimeoutMs?: number;
  /** Lifetime E2B enforces on each sandbox (our backstop if this process dies), extended on use. Default 900000. */
  sandboxLifetimeMs?: number;
  /** Directory inside the sandbox under which each call gets its own directory. Default `/home/user` (E2B's user). */
  workDir?: string;
  /** Timeout of each request to E2B (create, upload, read), in ms. Default 30000. */
  requestTimeoutMs?: number;
  /** Kill this instance's orphans when the runtime is created. Default true. */
  sweepOnStart?: boolean;
}

/** The E2B runtime plus helpers that are not part of the Runtime contract. */
export interface E2bRuntime extends Runtime {
  /** Kills the sandbox(es) of a run; the engine calls it when the run ends. */
  release(runId: string): Promise<void>;
  /** Kills sandboxes tagged with this instance tag that an earlier process left; resolves to how many. */
  sweepOrphans(): Promise<number>;
  /** The sweep started on creation (resolves to 0 when there was none or it failed). */
  readonly initialSweep: Promise<number>;
  /** Sandboxes alive or being created. */
  sandboxCount(): number;
}

export const E2B_BACKEND = 'e2b';
const MISSING_KEY = 'set E2B_API_KEY to use E2B cloud sandboxes';
const JS_RUNNER = readFileSync(new URL('./runner.mjs', import.meta.url), 'utf8');
const PY_RUNNER = readFileSync(new URL('./runner.py', import.meta.url), 'utf8');
/** How long a killed command may take to report its end before the call stops waiting. */
const KILL_GRACE_MS = 2000;
/** The stream deadline given to E2B beyond the call's own timeout (a backstop; the runtime kills first). */
const STREAM_SLACK_MS = 30_000;

/** Creates the runtime that runs JavaScript, TypeScript, Python and Bash in E2B sandboxes (Firecracker microVMs). */
export function createE2bRuntime(options: E2bRuntimeOptions = {}): E2bRuntime {
  const apiKey = options.apiKey?.trim() || undefined;
  const backend = options.template ? `${E2B_BACKEND}:${options.template}` : E2B_BACKEND;
  const availability: RuntimeAvailability = apiKey
    ? { available: true, isolation: 'sandbox', backend }
    : { available: false, isolation: 'sandbox', backend: E2B_BACKEND, reason: MISSING_KEY };
  const connection: ConnectionOpts = {
    apiKey,
    debug: false, // E2B_DEBUG in the environment would skip creating sandboxes; never follow it.
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    ...(options.domain ? { domain: options.domain } : {}),
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    ...(options.sandboxUrl ? { sandboxUrl: options.sandboxUrl } : {}),
  };
  const pool = new SandboxPool({
    connection,
    template: options.template,
    instanceTag: options.instanceTag ?? `switchyard-${hostname()}`,
    idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
    lifetimeMs: options.sandboxLifetimeMs ?? 900_000,
  });
  const workRoot = `${(options.workDir ?? '/home/user').replace(/\/+$/, '')}/.switchyard`;
  const preparer = new CodePreparer();
  let closed = false;
  let callSeq = 0;
  const secrets = [apiKey].filter((s): s is string => !!s);

  const sweep = (): Promise<number> => (apiKey ? pool.sweepOrphans() : Promise.resolve(0));
  const initialSweep = apiKey && options.sweepOnStart !== false ? sweep().catch(() => 0) : Promise.resolve(0);

  const result = (startedAt: number, outcome: Outcome, extra: Partial<ExecuteResult> = {}): ExecuteResult => ({
    ...outcome,
    durationMs: Math.round(performance.now() - startedAt),
    logsTruncated: false,
    runtime: 'e2b',
    backend,
    cold: false,
    ...extra,
  });
  const failed = (status: ExecStatus, code: string, message: string): Outcome => ({ status, error: { code, message } });
  const cancelled = failed('cancelled', 'cancelled', 'execution was cancelled');

  return {
    id: 'e2b',
    supports: (language: Language) => ['javascript', 'typescript', 'python', 'bash'].includes(language),
    availability: () => availability,
    initialSweep,
    sweepOrphans: sweep,
    sandboxCount: () => pool.size,
    release: (runId: string) => pool.release(runId),
    async close() {
      closed = true;
      await pool.close();
    },

    async execute(request: ExecuteRequest, signal: AbortSignal): Promise<ExecuteResult> {
      const startedAt = performance.now();
      if (!apiKey) return result(startedAt, failed('unavailable', 'runtime_unavailable', MISSING_KEY));
      if (closed) return result(startedAt, failed('unavailable', 'runtime_unavailable', 'the e2b runtime is closed'));
      const language = request.language;
      if (!['javascript', 'typescript', 'python', 'bash'].includes(language)) {
        return result(startedAt, failed('unavailable', 'unsupported_language', `the e2b runtime does not run ${language}`));
      }
      if (signal.aborted) return result(startedAt, cancelled);
      let code = request.code;
      if (language === 'javascript' || language === 'typescript') {
        const prepared = await preparer.prepare(language, request.code);
        if (!prepared.ok) return result(startedAt, failed('failed', 'syntax_error', prepared.message));
        code = prepared.code;
      }
      let inputsJson: string;
      try {
        inputsJson = JSON.stringify(request.inputs ?? {});
      } catch (err) {
        const message = `inputs are not JSON-serializable: ${err instanceof Error ? err.message : String(err)}`;
        return result(startedAt, failed('failed', 'invalid_inputs', message));
      }
      if (signal.aborted) return result(startedAt, cancelled);

      // The API key and the policy's env values (4+ characters) never come back in an error.
      const redact = redactor([...secrets, ...Object.values(request.env ?? {})], '[redacted]');
      const lease = pool.acquire(request.meta?.runId, request.network === 'on', request.timeoutMs, request.reuseKey);
      const meta = { cold: lease.created, reused: lease.previousCalls > 0 };
      let dirty = true;
      try {
        const sandbox = await untilAborted(lease.ready, signal);
        if (!sandbox) {
          dirty = false;
          return result(startedAt, cancelled, meta);
        }
        const dir = `${workRoot}/${process.pid}-${++callSeq}`;
        const call = await runCall(sandbox, request, code, inputsJson, signal, dir, !lease.adhoc);
        dirty = call.dirty;
        if (call.outcome.error) call.outcome.error = redact.value(call.outcome.error);
        return result(startedAt, call.outcome, { ...meta, logsTruncated: call.logsTruncated });
      } catch (err) {
        const message = redact.text(`the E2B sandbox failed: ${err instanceof Error ? err.message : String(err)}`);
        return result(startedAt, failed('failed', 'sandbox_error', message), meta);
      } finally {
        await pool.done(lease, dirty);
      }
    },
  };
}

interface CallResult {
  outcome: Outcome;
  logsTruncated: boolean;
  /** The command was killed or the call broke off: the sandbox may hold leftovers. */
  dirty: boolean;
}

/** Uploads the call's files, runs its command with streamed logs and limits, and reads its result back. */
async function runCall(
  sandbox: Sandbox,
  request: ExecuteRequest,
  code: string,
  inputsJson: string,
  signal: AbortSignal,
  dir: string,
  /** Remove the call's directory afterwards (the sandbox serves later calls). */
  cleanUp: boolean,
): Promise<CallResult> {
  const { language } = request;
  const env = { ...(request.env ?? {}) };
  const call = { envKeys: Object.keys(env), typescript: language === 'typescript' };
  const files = [
    { path: `${dir}/inputs.json`, data: inputsJson },
    { path: `${dir}/call.json`, data: JSON.stringify(call) },
  ];
  const addressSpaceKb = Math.floor(addressSpaceBytes(request.memoryMb) / 1024);
  let command: string;
  if (language === 'python') {
    files.push({ path: `${dir}/main.py`, data: code }, { path: `${dir}/runner.py`, data: PY_RUNNER });
    command = `ulimit -v ${addressSpaceKb} 2>/dev/null; python3 -u runner.py ${request.maxOutputBytes}`;
  } else if (language === 'bash') {
    files.push({ path: `${dir}/main.sh`, data: code });
    command = `ulimit -v ${addressSpaceKb} 2>/dev/null; bash main.sh < inputs.json`;
    Object.assign(env, { INPUTS: `${dir}/inputs.json`, OUTPUT: `${dir}/output.json` });
  } else {
    files.push({ path: `${dir}/main.mjs`, data: code }, { path: `${dir}/runner.mjs`, data: JS_RUNNER });
    command = `node --max-old-space-size=${request.memoryMb} runner.mjs ${request.maxOutputBytes}`;
  }
  await sandbox.files.write(files);
  if (signal.aborted) return { outcome: cancelledOutcome(), logsTruncated: false, dirty: false };

  const sink = new LogSink(request.onLog, request.maxLogBytes);
  const stderrTail = new ByteTail();
  const lastLine = language === 'bash' ? new LastLine(request.maxOutputBytes) : undefined;
  let open = true;
  const splitters = {
    stdout: new LineSplitter((line) => sink.line('stdout', line)),
    stderr: new LineSplitter((line) => sink.line('stderr', line)),
  };
  const onData = (stream: 'stdout' | 'stderr') => (text: string) => {
    if (!open) return;
    const bytes = Buffer.from(text, 'utf8');
    if (stream === 'stderr') stderrTail.push(bytes);
    else lastLine?.push(bytes);
    if (!sink.truncated) splitters[stream].push(bytes);
  };
  const closeLogs = (): void => {
    open = false;
    if (!sink.truncated) {
      splitters.stdout.flush();
      splitters.stderr.flush();
    }
  };

  const handle: CommandHandle = await sandbox.commands.run(command, {
    background: true,
    cwd: dir,
    envs: env,
    onStdout: onData('stdout'),
    onStderr: onData('stderr'),
    timeoutMs: request.timeoutMs + STREAM_SLACK_MS,
  });
  const exit = await waitOrForce(handle, request.timeoutMs, signal);
  closeLogs();
  if (exit.forced) {
    const outcome =
      exit.forced === 'timeout'
        ? { status: 'timeout' as const, error: { code: 'timeout', message: `timed out after ${request.timeoutMs} ms` } }
        : cancelledOutcome();
    return { outcome, logsTruncated: sink.truncated, dirty: true };
  }
  if (exit.error) throw exit.error;
  const outcome =
    language === 'bash'
      ? await bashOutcome(sandbox, dir, exit.exitCode, request, stderrTail, lastLine)
      : await runnerOutcome(sandbox, dir, exit.exitCode, request, stderrTail);
  // The call's files (inputs, output) are not left for the run's later calls; best effort, not awaited.
  if (cleanUp) void sandbox.files.remove(dir).catch(() => {});
  return { outcome, logsTruncated: sink.truncated, dirty: false };
}

type Exit = { forced?: 'timeout' | 'cancelled'; exitCode: number; error?: unknown };

/** Waits for the command's end; on timeout or abort kills it first (and waits a little for its end). */
async function waitOrForce(handle: CommandHandle, timeoutMs: number, signal: AbortSignal): Promise<Exit> {
  const ended: Promise<Exit> = handle.wait().then(
    (r) => ({ exitCode: r.exitCode }),
    (err: unknown) => (err instanceof CommandExitError ? { exitCode: err.exitCode } : { exitCode: -1, error: err }),
  );
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const forced = new Promise<'timeout' | 'cancelled'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    onAbort = () => resolve('cancelled');
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const first = await Promise.race([ended, forced]);
  clearTimeout(timer);
  if (onAbort) signal.removeEventListener('abort', onAbort);
  if (typeof first !== 'string') return first;
  await handle.kill().catch(() => false);
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([ended, new Promise((resolve) => (grace = setTimeout(resolve, KILL_GRACE_MS)))]);
  clearTimeout(grace);
  await handle.disconnect().catch(() => {});
  return { forced: first, exitCode: -1 };
}

/** Resolves to the promise's value, or undefined as soon as `signal` aborts (the promise keeps running). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
