import type { ByteTail } from './log-sink.ts';
import type { ExecuteResult } from './runtime.ts';

/** How many stderr lines a crash report quotes. */
const TAIL_LINES = 5;

/**
 * Explains a child that exited without sending a result. V8 heap exhaustion prints
 * "JavaScript heap out of memory" and aborts (SIGABRT, or exit code 134 through a shell);
 * SIGXCPU is the kernel CPU-time backstop (prlimit); anything else is an unexpected exit.
 */
export function classifyExit(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: ByteTail,
  memoryMb: number,
): Pick<ExecuteResult, 'status' | 'error'> {
  const stderr = stderrTail.text();
  if (/heap out of memory|Reached heap limit|std::bad_alloc/i.test(stderr) || signal === 'SIGABRT' || code === 134) {
    return {
      status: 'out_of_memory',
      error: { code: 'out_of_memory', message: `the code ran out of memory (heap limit ${memoryMb} MiB)` },
    };
  }
  if (signal === 'SIGXCPU') {
    return { status: 'timeout', error: { code: 'timeout', message: 'the CPU-time limit was exceeded' } };
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
  const lines = stderrTail.lastLines(TAIL_LINES);
  const tail = lines.length > 0 ? `; last stderr lines:\n${lines.join('\n')}` : '';
  return {
    status: 'failed',
    error: { code: 'process_exited', message: `the process ${how} before returning a result${tail}` },
  };
}
