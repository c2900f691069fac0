/** What the child reported on its result channel. */
export type ChannelOutcome =
  | { kind: 'result'; outputText: string }
  | { kind: 'error'; code: string; message: string; stack?: string }
  | { kind: 'invalid'; reason: string };

/** What the runner says about its own process with each frame (used to decide whether it may be reused). */
export interface RunnerStats {
  /** Cumulative CPU time of the process (user + system), in microseconds. */
  cpuUs: number;
  /** V8 heap in use after the call, in bytes. */
  heapUsed: number;
  /** The runner's own verdict: the call succeeded and left nothing running (timers, sockets, stdin listeners). */
  reusable: boolean;
}

/** Limit on the meta line (error messages and stacks are capped well below this by the runner). */
const MAX_META_BYTES = 256 * 1024;

/**
 * Parses one call's frame on the runner's fd 3 (after its ready line): one meta JSON line, then (for results)
 * exactly `meta.bytes` bytes of output JSON. The frame is complete as soon as those bytes are in, without
 * waiting for the stream to end, so a process can send several frames in its life. When `nonce` is given the
 * meta line must carry it; anything else is a forgery (user code can write to fd 3) and the frame is invalid.
 * Bytes are counted as they arrive and `push` returns false as soon as the output exceeds `maxOutputBytes`
 * (or the meta line its own cap), so the caller can kill early and never buffers more than the limit. Bytes
 * after a complete frame are not kept; they only set `stray`. The child is untrusted: nothing it sends is
 * believed without checks.
 */
export class ResultChannel {
  private metaParts: Buffer[] = [];
  private metaSize = 0;
  private meta: Record<string, unknown> | undefined;
  private bodyParts: Buffer[] = [];
  private bodySize = 0;
  private ended = false;
  private overflowed = false;
  private extra = 0;

  constructor(
    private readonly maxOutputBytes: number,
    private readonly nonce?: string,
  ) {}

  /** Feeds bytes; false means a limit was exceeded and the rest must be discarded. */
  push(chunk: Buffer): boolean {
    if (this.overflowed || this.ended) return !this.overflowed;
    if (this.meta === undefined) {
      const newline = chunk.indexOf(10);
      const head = newline === -1 ? chunk : chunk.subarray(0, newline);
      this.metaParts.push(head);
      this.metaSize += head.length;
      if (this.metaSize > MAX_META_BYTES) return this.overflow();
      if (newline === -1) return true;
      this.meta = parseMeta(Buffer.concat(this.metaParts).toString('utf8'));
      this.metaParts = [];
      chunk = chunk.subarray(newline + 1);
      const declared = this.declaredBytes();
      if (declared !== undefined && declared > this.maxOutputBytes) return this.overflow();
    }
    const room = this.room();
    if (room !== undefined && chunk.length > room) {
      this.extra += chunk.length - room;
      chunk = chunk.subarray(0, room);
    }
    this.bodySize += chunk.length;
    if (this.bodySize > this.maxOutputBytes) return this.overflow();
    if (chunk.length > 0) this.bodyParts.push(chunk);
    return true;
  }

  /** Marks the end of the stream. */
  end(): void {
    this.ended = true;
  }

  /** True when a well-formed frame has fully arrived. */
  get complete(): boolean {
    return !this.overflowed && this.trusted() && this.room() === 0;
  }

  /** True when the frame is malformed or forged (it can never become complete). */
  get invalid(): boolean {
    return !this.overflowed && this.meta !== undefined && !this.trusted();
  }

  /** True when bytes arrived after a complete frame: a protocol anomaly. */
  get stray(): boolean {
    return this.extra > 0;
  }

  /** The parsed frame, `invalid` if malformed, or undefined if nothing complete arrived (yet). */
  outcome(): ChannelOutcome | undefined {
    if (this.overflowed || this.meta === undefined) return undefined;
    const meta = this.meta;
    if (!this.trusted()) return { kind: 'invalid', reason: 'the runner sent a malformed result' };
    if (meta.kind === 'result') {
      if (meta.bytes !== this.bodySize) return undefined; // Still arriving, or cut off mid-write: the process died.
      return { kind: 'result', outputText: Buffer.concat(this.bodyParts, this.bodySize).toString('utf8') };
    }
    const stack = typeof meta.stack === 'string' ? meta.stack : undefined;
    return { kind: 'error', code: String(meta.code), message: String(meta.message), ...(stack ? { stack } : {}) };
  }

  /** The runner's stats from a trusted meta line, if they are well-formed. */
  stats(): RunnerStats | undefined {
    const meta = this.meta;
    if (!meta || !this.trusted()) return undefined;
    const { cpuUs, heapUsed, reusable } = meta;
    if (typeof cpuUs !== 'number' || typeof heapUsed !== 'number' || typeof reusable !== 'boolean') return undefined;
    return { cpuUs, heapUsed, reusable };
  }

  /** A meta line of the expected shape, carrying the expected nonce. */
  private trusted(): boolean {
    const meta = this.meta;
    if (!meta || (this.nonce !== undefined && meta.nonce !== this.nonce)) return false;
    if (meta.kind === 'result') return this.declaredBytes() !== undefined;
    return meta.kind === 'error' && typeof meta.code === 'string' && typeof meta.message === 'string';
  }

  /** Body bytes a trusted frame still expects; undefined when the frame has no declared end (invalid meta). */
  private room(): number | undefined {
    if (!this.trusted()) return undefined;
    return this.meta?.kind === 'result' ? (this.declaredBytes() ?? 0) - this.bodySize : 0;
  }

  private declaredBytes(): number | undefined {
    const bytes = this.meta?.bytes;
    return this.meta?.kind === 'result' && Number.isSafeInteger(bytes) && (bytes as number) >= 0 ? (bytes as number) : undefined;
  }

  private overflow(): false {
    this.overflowed = true;
    this.metaParts = [];
    this.bodyParts = [];
    return false;
  }
}

function parseMeta(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
