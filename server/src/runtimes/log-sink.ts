import type { LogLine } from './runtime.ts';

/**
 * Forwards log lines to `onLog` until `maxBytes` (line bytes + 1 per newline, both streams together)
 * would be exceeded; then emits one stderr notice line and drops everything after it.
 * A throwing `onLog` must not crash the server, so its errors are swallowed.
 */
export class LogSink {
  private bytes = 0;
  private dropped = false;

  constructor(
    private readonly onLog: (line: LogLine) => void,
    private readonly maxBytes: number,
  ) {}

  /** True once the budget is spent; callers may stop splitting input at that point. */
  get truncated(): boolean {
    return this.dropped;
  }

  /** Offers one line; forwarded if the budget allows. */
  line(stream: LogLine['stream'], line: string): void {
    if (this.dropped) return;
    const size = Buffer.byteLength(line) + 1;
    if (this.bytes + size > this.maxBytes) {
      this.dropped = true;
      this.deliver('stderr', `[switchyard] log output truncated after ${this.bytes} bytes`);
      return;
    }
    this.bytes += size;
    this.deliver(stream, line);
  }

  private deliver(stream: LogLine['stream'], line: string): void {
    try {
      this.onLog({ stream, line, time: Date.now() });
    } catch {
      // The callback belongs to the caller; its failure must not take the execution down.
    }
  }
}

/** Keeps the last `maxBytes` of a byte stream (used for the stderr tail in crash reports). */
export class ByteTail {
  private buffer = Buffer.alloc(0);
  private dropped = false;

  constructor(private readonly maxBytes = 8 * 1024) {}

  /** Appends a chunk, discarding the oldest bytes beyond the cap. */
  push(chunk: Buffer): void {
    const joined = Buffer.concat([this.buffer, chunk]);
    if (joined.length > this.maxBytes) this.dropped = true;
    this.buffer = joined.length > this.maxBytes ? joined.subarray(joined.length - this.maxBytes) : joined;
  }

  /** The kept text, decoded as UTF-8. */
  text(): string {
    return this.buffer.toString('utf8');
  }

  /**
   * The last `count` non-empty lines of the kept text. Once older bytes were discarded the first kept line is
   * a fragment (it may start inside a secret, which redaction cannot recognise from its end), so it is left out.
   */
  lastLines(count: number): string[] {
    const lines = this.text().split('\n');
    if (this.dropped) lines.shift();
    return lines
      .map((l) => l.trimEnd())
      .filter((l) => l.length > 0)
      .slice(-count);
  }
}
