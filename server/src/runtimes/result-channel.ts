/** What the child reported on its result channel. */
export type ChannelOutcome =
  | { kind: 'result'; outputText: string }
  | { kind: 'error'; code: string; message: string; stack?: string }
  | { kind: 'invalid'; reason: string };

/** Limit on the meta line (error messages and stacks are capped well below this by the runner). */
const MAX_META_BYTES = 256 * 1024;

/**
 * Parses the runner's fd-3 stream after its ready line: one meta JSON line, then (for results) exactly
 * `meta.bytes` bytes of output JSON. Bytes are counted as they arrive and `push` returns false as soon as
 * the output exceeds `maxOutputBytes` (or the meta line its own cap), so the caller can kill early and
 * never buffers more than the limit. The child is untrusted: nothing it sends is believed without checks.
 */
export class ResultChannel {
  private metaParts: Buffer[] = [];
  private metaSize = 0;
  private meta: Record<string, unknown> | undefined;
  private bodyParts: Buffer[] = [];
  private bodySize = 0;
  private ended = false;
  private overflowed = false;

  constructor(private readonly maxOutputBytes: number) {}

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

  /** True when the stream ended with a well-formed, complete message. */
  get complete(): boolean {
    const outcome = this.outcome();
    return outcome !== undefined && outcome.kind !== 'invalid';
  }

  /** The parsed message, `invalid` if malformed, or undefined if nothing (complete) arrived. */
  outcome(): ChannelOutcome | undefined {
    if (!this.ended || this.overflowed || this.meta === undefined) return undefined;
    const meta = this.meta;
    if (meta.kind === 'result' && typeof meta.bytes === 'number') {
      if (meta.bytes !== this.bodySize) return undefined; // Cut off mid-write: the process died.
      return { kind: 'result', outputText: Buffer.concat(this.bodyParts, this.bodySize).toString('utf8') };
    }
    if (meta.kind === 'error' && typeof meta.code === 'string' && typeof meta.message === 'string') {
      const stack = typeof meta.stack === 'string' ? meta.stack : undefined;
      return { kind: 'error', code: meta.code, message: meta.message, ...(stack ? { stack } : {}) };
    }
    return { kind: 'invalid', reason: 'the runner sent a malformed result' };
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
