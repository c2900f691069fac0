/**
 * Remembers the last non-empty line of a byte stream (a bash script's stdout: its output when it wrote nothing
 * to `$OUTPUT`). Memory is bounded: a line longer than `maxBytes` is remembered only as "too long".
 */
export class LastLine {
  private current: Buffer[] = [];
  private size = 0;
  private last: { text: string } | { tooLong: true } | undefined;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      this.append(chunk.subarray(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) return;
      this.endLine();
      start = newline + 1;
    }
  }

  /** The last non-empty line (trailing `\r` and whitespace trimmed), `tooLong`, or undefined when none. */
  result(): { text: string } | { tooLong: true } | undefined {
    this.endLine();
    return this.last;
  }

  private append(piece: Buffer): void {
    if (this.size > this.maxBytes) return;
    this.current.push(piece);
    this.size += piece.length;
  }

  private endLine(): void {
    if (this.size > this.maxBytes) this.last = { tooLong: true };
    else {
      const text = Buffer.concat(this.current).toString('utf8').trim();
      if (text.length > 0) this.last = { text };
    }
    this.current = [];
    this.size = 0;
  }
}
