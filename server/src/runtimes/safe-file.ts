import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/**
 * The one way the host opens a path that sandboxed code could have touched (today only the E2B fake, which
 * emulates a remote disk; the local runtimes pass results through pipes instead). The last component is
 * opened with O_NOFOLLOW (a symlink fails), O_NONBLOCK (a FIFO or device cannot block the open) and
 * O_NOCTTY, then fstat-checked: only a regular file is read or written, never more than `maxBytes`, and
 * the whole operation gives up at `deadlineMs`. Directories above the last component must be checked by
 * the caller (the fake resolves them with realpath first); nothing here can stop a swap in between.
 */
export type SafeFileResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'missing' | 'not_a_file' | 'too_large' | 'timeout'; message: string };

const FLAGS = constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Reads a regular file of at most `maxBytes` bytes. */
export function readUntrustedFile(
  file: string,
  options: { maxBytes: number; deadlineMs: number },
): Promise<SafeFileResult<Buffer>> {
  return withDeadline(file, options.deadlineMs, constants.O_RDONLY, async (handle) => {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, options.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > options.maxBytes) return failed('too_large', `${file} is larger than ${options.maxBytes} bytes`);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return { ok: true, value: Buffer.concat(chunks) };
  });
}

/** Replaces the content of a regular file (creating it when absent); refuses links, FIFOs and the like. */
export function writeUntrustedFile(file: string, data: Buffer, options: { deadlineMs: number }): Promise<SafeFileResult<void>> {
  return withDeadline(file, options.deadlineMs, constants.O_WRONLY | constants.O_CREAT, async (handle) => {
    await handle.truncate(0);
    await handle.write(data, 0, data.length, 0);
    return { ok: true, value: undefined };
  });
}

async function withDeadline<T>(
  file: string,
  deadlineMs: number,
  mode: number,
  body: (handle: FileHandle) => Promise<SafeFileResult<T>>,
): Promise<SafeFileResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  let handle: FileHandle | undefined;
  let late = false;
  const work = (async (): Promise<SafeFileResult<T>> => {
    try {
      handle = await open(file, mode | FLAGS, 0o644);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return failed('missing', `${file} does not exist`);
      if (code === 'ELOOP' || code === 'EISDIR' || code === 'ENXIO') return failed('not_a_file', `${file} is not a regular file`);
      throw err;
    }
    if (late) {
      await handle.close().catch(() => {});
      return failed('timeout', `${file} took longer than ${deadlineMs} ms`);
    }
    try {
      if (!(await handle.stat()).isFile()) return failed('not_a_file', `${file} is not a regular file`);
      return await body(handle);
    } finally {
      await handle.close().catch(() => {});
    }
  })();
  const deadline = new Promise<SafeFileResult<T>>((resolve) => {
    timer = setTimeout(() => {
      late = true;
      resolve(failed('timeout', `${file} took longer than ${deadlineMs} ms`));
    }, deadlineMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function failed(reason: 'missing' | 'not_a_file' | 'too_large' | 'timeout', message: string) {
  return { ok: false as const, reason, message };
}
