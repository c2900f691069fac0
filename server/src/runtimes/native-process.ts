import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { diskLimitOutcome, ranOutOfDisk } from './disk-limit.ts';
import { LineSplitter } from './line-splitter.ts';
import { ByteTail, LogSink } from './log-sink.ts';
import { bashCommand, parseBashFrame } from './native-bash.ts';
import { nativeNetwork } from './native-network.ts';
import { checkedOutput } from './output-shape.ts';
import { CHILD_PATH } from './runner-process.ts';
import type { ExecStatus, ExecuteRequest, ExecuteResult } from './runtime.ts';
import { type Sandbox, sandboxArgs } from './sandbox.ts';
import { DEFAULT_MAX_OPEN_FILES, giveWorkDir, hardeningArgs, processLimit, spawnSandboxed } from './sandbox-hardening.ts';

/** Interpreters for the languages the node runtime runs natively, inside its OS sandbox only. */
export const INTERPRETERS = { python: '/usr/bin/python3', bash: '/bin/bash' } as const;
export type NativeLanguage = keyof typeof INTERPRETERS;

const PY_RUNNER = fileURLToPath(new URL('./py-runner.py', import.meta.url));
/** Address space beyond the policy's memory for the interpreter itself, in MiB. */
const BASE_ADDRESS_SPACE_MB = 256;
/** Bytes of a result document beyond the output itself (envelope, error text). */
const FRAME_SLACK = 64 * 1024;
const OOM = /MemoryError|xmalloc|cannot allocate memory|out of memory/i;

export interface NativeOptions {
  sandbox: Sandbox;
  prlimitPath: string | undefined;
  tmpRoot: string;
  /** Tasks the sandbox may hold (RLIMIT_NPROC inside it); default DEFAULT_MAX_PROCESSES. */
  maxProcesses?: number;
  /** Open files per process (RLIMIT_NOFILE); default DEFAULT_MAX_OPEN_FILES. */
  maxOpenFiles?: number;
  /** Network `allowlist` or `on`: the egress proxy's socket, reached through an in-sandbox relay (native-network.ts). */
  proxySocket?: string;
}

/**
 * Runs Python or Bash once in a fresh sandboxed process (bubblewrap + prlimit, like the node runner): no
 * warm pool, since the interpreters start in milliseconds. Python: `def main(inputs, ctx)` (sync or async)
 * returns the output. Bash: inputs as JSON on stdin and in the file `$INPUTS`; the output is what the script
 * writes to `$OUTPUT`, else the last non-empty stdout line (JSON when it parses, text otherwise).
 * The host writes the call's files into a fresh dir before the code starts and never reads a path afterwards:
 * the sandbox sees them read-only inside its own work dir (a tmpfs of `diskMb`), and results come back
 * through the pipe on fd 3 only (for Bash, see native-bash.ts).
 */
export async function runNative(
  language: NativeLanguage,
  request: ExecuteRequest,
  signal: AbortSignal,
  options: NativeOptions,
  backend: string,
): Promise<ExecuteResult> {
  const startedAt = performance.now();
  const base = { runtime: 'node' as const, backend, cold: true, reused: false };
  const done = (status: ExecStatus, extra: Partial<ExecuteResult>, logsTruncated = false): ExecuteResult => ({
    status,
    durationMs: Math.round(performance.now() - startedAt),
    logsTruncated,
    ...base,
    ...extra,
  });
  if (signal.aborted) return done('cancelled', { error: { code: 'cancelled', message: 'execution was cancelled' } });
  const dir = await realpath(await mkdtemp(path.join(options.tmpRoot, 'switchyard-native-')));
  await giveWorkDir(options.sandbox, dir);
  try {
    const inputsJson = JSON.stringify(request.inputs ?? {});
    await writeFile(path.join(dir, 'inputs.json'), inputsJson);
    const scriptName = language === 'python' ? 'main.py' : 'main.sh';
    await writeFile(path.join(dir, scriptName), request.code);
    const net = nativeNetwork(options.proxySocket, INTERPRETERS.python);
    const env: Record<string, string> = {
      ...request.env,
      ...net?.env,
      PATH: CHILD_PATH,
      HOME: dir,
      // With no writable files (policy filesystem: none) a script returns through its last stdout line only.
      ...(language === 'bash'
        ? {
            INPUTS: path.join(dir, 'inputs.json'),
            ...(request.filesystem === 'none' ? {} : { OUTPUT: path.join(dir, 'output.json') }),
          }
        : {}),
      ...(language === 'python' ? { PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' } : {}),
    };
    const frameLimit = request.maxOutputBytes + FRAME_SLACK;
    const command =
      language === 'python'
        ? [INTERPRETERS.python, '-I', '-S', PY_RUNNER]
        : bashCommand(INTERPRETERS.bash, request.maxOutputBytes + 1);
    const inner = [
      options.sandbox.path,
      ...hardeningArgs(options.sandbox),
      ...sandboxArgs({
        hostUser: options.sandbox.hostUser,
        readOnlyFiles: [...(language === 'python' ? [PY_RUNNER] : []), ...(net?.readOnlyFiles ?? [])],
        workDir: dir,
        env,
        ...(net ? { binds: net.binds, trustStore: net.trustStore } : {}),
        readOnlyWorkDir: request.filesystem === 'none',
        workDirFiles: ['inputs.json', scriptName],
        ...(request.diskMb ? { diskMb: request.diskMb } : {}),
      }),
      '--',
      ...processLimit(options.prlimitPath, options.maxProcesses),
      ...(net?.prefix ?? []),
      ...command,
    ];
    const asBytes = (BASE_ADDRESS_SPACE_MB + 2 * request.memoryMb) * 1024 * 1024;
    const cpuSec = Math.ceil(request.timeoutMs / 1000) + 1;
    const nofile = `--nofile=${options.maxOpenFiles ?? DEFAULT_MAX_OPEN_FILES}`;
    const argv = options.prlimitPath
      ? [options.prlimitPath, `--cpu=${cpuSec}`, `--as=${asBytes}`, nofile, '--', ...inner]
      : inner;
    const child = spawnSandboxed(options.sandbox, argv[0] as string, argv.slice(1), {
      cwd: dir,
      env: { PATH: CHILD_PATH },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    const sink = new LogSink(request.onLog, request.maxLogBytes);
    const tail = new ByteTail();
    let lastStdout = '';
    const splitters = {
      stdout: new LineSplitter((line) => {
        if (line.trim() !== '') lastStdout = line;
        sink.line('stdout', line);
      }),
      stderr: new LineSplitter((line) => sink.line('stderr', line)),
    };
    const frame: Buffer[] = [];
    let frameBytes = 0;
    let forced: { status: ExecStatus; code: string; message: string } | undefined;
    const force = (status: ExecStatus, code: string, message: string) => {
      forced ??= { status, code, message };
      killGroup();
    };
    (child.stdio[1] as Readable).on('data', (c: Buffer) => splitters.stdout.push(c));
    (child.stdio[2] as Readable).on('data', (c: Buffer) => {
      tail.push(c);
      splitters.stderr.push(c);
    });
    (child.stdio[3] as Readable).on('data', (c: Buffer) => {
      frameBytes += c.length;
      if (frameBytes > frameLimit)
        force('output_too_large', 'output_too_large', `the output is larger than the ${request.maxOutputBytes}-byte limit`);
      else frame.push(c);
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(
      language === 'python'
        ? JSON.stringify({ code: request.code, inputs: request.inputs ?? {}, maxOutputBytes: request.maxOutputBytes })
        : inputsJson,
    );
    const timer = setTimeout(() => force('timeout', 'timeout', `timed out after ${request.timeoutMs} ms`), request.timeoutMs);
    const onAbort = () => force('cancelled', 'cancelled', 'execution was cancelled');
    signal.addEventListener('abort', onAbort, { once: true });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('close', (code, sig) => resolve({ code, signal: sig }));
    });
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    killGroup();
    splitters.stdout.flush();
    splitters.stderr.flush();
    const truncated = sink.truncated;
    if (exit.error)
      return done('failed', { error: { code: 'spawn_failed', message: `could not start ${language}: ${exit.error.message}` } });
    if (forced) return done(forced.status, { error: { code: forced.code, message: forced.message } }, truncated);
    if (exit.signal === 'SIGXCPU')
      return done('timeout', { error: { code: 'timeout', message: 'the CPU-time limit was exceeded' } }, truncated);
    if (language === 'python') {
      const [status, extra] = pythonOutcome(Buffer.concat(frame).toString('utf8'), exit, tail, request.memoryMb);
      if (status === 'failed' && ranOutOfDisk(extra.error, tail.text()))
        return done(...asPair(diskLimitOutcome(request.diskMb, extra.error?.message)), truncated);
      return done(status, extra, truncated);
    }
    const reported = parseBashFrame(Buffer.concat(frame));
    if (OOM.test(tail.text()))
      return done(
        'out_of_memory',
        { error: { code: 'out_of_memory', message: `the script ran out of memory (limit ${request.memoryMb} MiB)` } },
        truncated,
      );
    if (reported.diskFull || (exit.code !== 0 && ranOutOfDisk(undefined, tail.text())))
      return done(...asPair(diskLimitOutcome(request.diskMb, tail.lastLines(1)[0])), truncated);
    if (reported.output.kind === 'not_a_file')
      return done(
        'failed',
        {
          error: {
            code: 'invalid_output',
            message:
              '$OUTPUT is not a regular file (a symlink, FIFO, directory or device); write the output into the file itself',
          },
        },
        truncated,
      );
    if (exit.code !== 0) {
      const lines = tail.lastLines(5).map((l) => l.replaceAll(`${dir}/`, ''));
      const message = `the script exited with code ${exit.code ?? exit.signal}${lines.length ? `; last stderr lines:\n${lines.join('\n')}` : ''}`;
      return done('failed', { error: { code: 'exit_code', message } }, truncated);
    }
    const text = reported.output.kind === 'file' ? reported.output.text : '';
    const raw = text.trim() !== '' ? text.trim() : lastStdout.trim();
    if (Buffer.byteLength(raw) > request.maxOutputBytes)
      return done(
        'output_too_large',
        { error: { code: 'output_too_large', message: `the output is larger than the ${request.maxOutputBytes}-byte limit` } },
        truncated,
      );
    const { status, ...settled } = checkedOutput(raw === '' ? null : parseOrText(raw));
    return done(status, settled, truncated);
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

function asPair(outcome: Pick<ExecuteResult, 'status' | 'error'>): [ExecStatus, Partial<ExecuteResult>] {
  return [outcome.status, { ...(outcome.error ? { error: outcome.error } : {}) }];
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Frame = { kind: 'result'; output: unknown } | { kind: 'error'; code: string; message: string; stack?: string };

function pythonOutcome(
  text: string,
  exit: { code: number | null; signal: NodeJS.Signals | null },
  tail: ByteTail,
  memoryMb: number,
): [ExecStatus, Partial<ExecuteResult>] {
  let frame: Frame | undefined;
  try {
    frame = text ? (JSON.parse(text) as Frame) : undefined;
  } catch {
    return ['failed', { error: { code: 'protocol_error', message: 'the Python runner returned malformed output' } }];
  }
  if (frame?.kind === 'result') {
    const { status, ...settled } = checkedOutput(frame.output ?? null);
    return [status, settled];
  }
  // The frame crosses fd 3, which user code can write too: only strings are believed (a nested value would
  // travel on into replies and events unchecked).
  if (frame?.kind === 'error' && typeof frame.code === 'string' && typeof frame.message === 'string') {
    const status: ExecStatus =
      frame.code === 'out_of_memory' ? 'out_of_memory' : frame.code === 'output_too_large' ? 'output_too_large' : 'failed';
    const stack = typeof frame.stack === 'string' && frame.stack ? { stack: frame.stack } : {};
    return [status, { error: { code: frame.code, message: frame.message, ...stack } }];
  }
  if (OOM.test(tail.text()))
    return ['out_of_memory', { error: { code: 'out_of_memory', message: `the code ran out of memory (limit ${memoryMb} MiB)` } }];
  const lines = tail.lastLines(5);
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return [
    'failed',
    {
      error: {
        code: 'process_exited',
        message: `Python ${how} before returning a result${lines.length ? `; last stderr lines:\n${lines.join('\n')}` : ''}`,
      },
    },
  ];
}
