import type { ExecError, ExecuteResult } from './runtime.ts';

/**
 * Per-call disk in MiB when the request names none (policy `diskMb`): the size of each private tmpfs the
 * sandbox gives the code (work dir, /tmp, /dev/shm). The shared schema's default is the same number.
 */
export const DEFAULT_DISK_MB = 256;

/** What a full tmpfs looks like from inside: errno ENOSPC in Node, Python and the shell's tools. */
const NO_SPACE = /ENOSPC|No space left on device|\[Errno 28\]/;

/** The `disk_limit` result for a call that filled its files; `detail` is what the code saw, if anything. */
export function diskLimitOutcome(diskMb: number | undefined, detail?: string): Pick<ExecuteResult, 'status' | 'error'> {
  const message = `the code reached its disk limit (${diskMb ?? DEFAULT_DISK_MB} MiB for its files, /tmp and /dev/shm each)`;
  return { status: 'disk_limit', error: { code: 'disk_limit', message: detail ? `${message}: ${detail}` : message } };
}

/** True when a failed call's error (or the tail of its stderr) says it ran out of space. */
export function ranOutOfDisk(error: ExecError | undefined, stderrTail = ''): boolean {
  return NO_SPACE.test(error?.message ?? '') || NO_SPACE.test(error?.stack ?? '') || NO_SPACE.test(stderrTail);
}
