import type { Sandbox } from 'e2b';
import { classifyExit } from '../exit-classifier.ts';
import type { ByteTail } from '../log-sink.ts';
import { checkedOutput } from '../output-shape.ts';
import type { ExecError, ExecStatus, ExecuteRequest, ExecuteResult } from '../runtime.ts';
import type { LastLine } from './last-line.ts';

/** How a call ended, read off the sandbox after its command exited. */
export type Outcome = Pick<ExecuteResult, 'status' | 'output' | 'error'>;

/** Largest error.json read back (messages and stacks are clipped by the runners well below this). */
const MAX_ERROR_FILE_BYTES = 64 * 1024;

/** JS/TS/Python: the runner wrote output.json or error.json; without either the process died. */
export async function runnerOutcome(
  sandbox: Sandbox,
  dir: string,
  exitCode: number,
  request: ExecuteRequest,
  stderrTail: ByteTail,
): Promise<Outcome> {
  const sizes = await listSizes(sandbox, dir);
  const outputSize = sizes.get('output.json');
  if (outputSize !== undefined) return readJsonOutput(sandbox, `${dir}/output.json`, outputSize, request.maxOutputBytes);
  const errorSize = sizes.get('error.json');
  if (errorSize !== undefined && errorSize <= MAX_ERROR_FILE_BYTES) {
    try {
      const error = JSON.parse(await sandbox.files.read(`${dir}/error.json`)) as ExecError;
      const status: ExecStatus =
        error.code === 'output_too_large' ? 'output_too_large' : error.code === 'out_of_memory' ? 'out_of_memory' : 'failed';
      return {
        status,
        error: {
          code: String(error.code),
          message: String(error.message),
          ...(error.stack ? { stack: String(error.stack) } : {}),
        },
      };
    } catch {
      return { status: 'failed', error: { code: 'protocol_error', message: 'the runner wrote an unreadable error report' } };
    }
  }
  // Exit codes above 128 are "killed by signal N" as the shell reports them (137: SIGKILL, e.g. the OOM killer).
  const signal = exitCode > 128 ? signalName(exitCode - 128) : null;
  return classifyExit(signal ? null : exitCode, signal, stderrTail, request.memoryMb);
}

/** Bash: a non-zero exit fails; otherwise `$OUTPUT`'s content, else the last non-empty stdout line (JSON or text). */
export async function bashOutcome(
  sandbox: Sandbox,
  dir: string,
  exitCode: number,
  request: ExecuteRequest,
  stderrTail: ByteTail,
  lastLine: LastLine | undefined,
): Promise<Outcome> {
  if (exitCode !== 0) {
    const lines = stderrTail.lastLines(5);
    const tail = lines.length > 0 ? `; last stderr lines:\n${lines.join('\n')}` : '';
    return { status: 'failed', error: { code: 'exit_code', message: `the script exited with code ${exitCode}${tail}` } };
  }
  const size = (await listSizes(sandbox, dir)).get('output.json');
  if (size !== undefined && size > 0) {
    if (size > request.maxOutputBytes) return tooLarge(size, request.maxOutputBytes);
    return checkedOutput(jsonOrText((await sandbox.files.read(`${dir}/output.json`)).replace(/\r?\n$/, '')));
  }
  const last = lastLine?.result();
  if (!last) return { status: 'succeeded', output: null };
  if ('tooLong' in last) {
    return failedTooLarge(`the last line of stdout is over the ${request.maxOutputBytes}-byte output limit`);
  }
  return checkedOutput(jsonOrText(last.text));
}

export async function readJsonOutput(sandbox: Sandbox, file: string, size: number, maxBytes: number): Promise<Outcome> {
  if (size > maxBytes) return tooLarge(size, maxBytes);
  const text = await sandbox.files.read(file);
  let output: unknown;
  try {
    output = JSON.parse(text);
  } catch {
    return { status: 'failed', error: { code: 'protocol_error', message: 'the runner returned output that is not valid JSON' } };
  }
  return checkedOutput(output);
}

/** Sizes of the files directly in `dir`, by name. */
export async function listSizes(sandbox: Sandbox, dir: string): Promise<Map<string, number>> {
  const entries = await sandbox.files.list(dir);
  return new Map(entries.filter((e) => e.type === 'file').map((e) => [e.name, e.size]));
}

export function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function tooLarge(size: number, maxBytes: number): Outcome {
  return failedTooLarge(`the return value is ${size} bytes, over the ${maxBytes}-byte limit`);
}

export function failedTooLarge(message: string): Outcome {
  return { status: 'output_too_large', error: { code: 'output_too_large', message } };
}

export function cancelledOutcome(): Outcome {
  return { status: 'cancelled', error: { code: 'cancelled', message: 'execution was cancelled' } };
}

export function signalName(n: number): NodeJS.Signals | null {
  const names: Record<number, NodeJS.Signals> = { 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM', 24: 'SIGXCPU' };
  return names[n] ?? null;
}
