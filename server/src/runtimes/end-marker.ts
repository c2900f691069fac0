import { randomBytes } from 'node:crypto';

/** A fresh per-call nonce: 128 random bits, hex. It ends the call's output and signs its result frame. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The bytes the runner writes after a call's last output on stdout and on stderr. */
export function endMarker(nonce: string): Buffer {
  return Buffer.from(`\x1e${nonce}\n`);
}

/**
 * Watches one output stream of a runner during one call for the call's end marker. Bytes before it go to
 * `onBytes` (a line splitter), the marker itself is stripped, and bytes after it set `stray`: the runner writes
 * nothing after its marker, so they are a protocol anomaly. The marker may be split across chunks: a tail
 * that could be its start is held back (in practice never, since it starts with the rare byte 0x1e).
 */
export class EndMarkerScanner {
  /** True once the marker has been seen. */
  found = false;
  /** True when bytes followed the marker. */
  stray = false;
  private held: Buffer = Buffer.alloc(0);

  constructor(
    private readonly marker: Buffer,
    private readonly onBytes: (chunk: Buffer) => void,
  ) {}

  /** Feeds a chunk of the stream. */
  push(chunk: Buffer): void {
    if (this.found) {
      if (chunk.length > 0) this.stray = true;
      return;
    }
    const data = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    const at = data.indexOf(this.marker);
    if (at !== -1) {
      if (at > 0) this.onBytes(data.subarray(0, at));
      this.found = true;
      this.held = Buffer.alloc(0);
      if (data.length > at + this.marker.length) this.stray = true;
      return;
    }
    const keep = this.partialMarkerAtEnd(data);
    if (data.length > keep) this.onBytes(data.subarray(0, data.length - keep));
    this.held = keep > 0 ? Buffer.from(data.subarray(data.length - keep)) : Buffer.alloc(0);
  }

  /** The stream ended without the marker: hands over whatever was held back. */
  end(): void {
    if (this.held.length > 0) this.onBytes(this.held);
    this.held = Buffer.alloc(0);
  }

  /** Length of the longest tail of `data` that is a proper prefix of the marker. */
  private partialMarkerAtEnd(data: Buffer): number {
    const first = this.marker[0] ?? 0;
    for (
      let i = data.indexOf(first, Math.max(0, data.length - this.marker.length + 1));
      i !== -1;
      i = data.indexOf(first, i + 1)
    ) {
      if (data.subarray(i).equals(this.marker.subarray(0, data.length - i))) return data.length - i;
    }
    return 0;
  }
}
