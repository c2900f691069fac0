/** Default cap on one log line, in bytes; longer lines are cut and marked. */
export const MAX_LINE_BYTES = 16 * 1024;

/** Marker appended to a line that was cut at the cap. */
export const LINE_TRUNCATED_MARK = '…[truncated]';

/**
 * Splits a byte stream into lines at `\n` (a trailing `\r` is dropped) and decodes them as UTF-8.
 * Memory is bounded: at most `maxLineBytes` of the current line are kept, the rest of an over-long
 * line is discarded and the emitted text ends with LINE_TRUNCATED_MARK. Splitting works on bytes,
 * which is safe because 0x0A never occurs inside a multi-byte UTF-8 sequence.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private cut = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  /** Feeds a chunk; calls onLine once per complete line in it. */
  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      this.append(chunk.subarray(start, newline === -1 ? chunk.length : newline));
      if (newline === -1) return;
      this.emit();
      start = newline + 1;
    }
  }

  /** Emits a trailing partial line, if any (call once the stream has ended). */
  flush(): void {
    if (this.size > 0 || this.cut) this.emit();
  }

  private append(piece: Buffer): void {
    if (this.cut || piece.length === 0) return;
    const room = this.maxLineBytes - this.size;
    if (piece.length <= room) {
      this.parts.push(piece);
      this.size += piece.length;
      return;
    }
    this.parts.push(piece.subarray(0, room));
    this.size += room;
    this.cut = true;
  }

  private emit(): void {
    let bytes = Buffer.concat(this.parts, this.size);
    if (this.cut) bytes = bytes.subarray(0, completeUtf8Length(bytes));
    let line = bytes.toString('utf8');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (this.cut) line += LINE_TRUNCATED_MARK;
    this.parts = [];
    this.size = 0;
    this.cut = false;
    this.onLine(line);
  }
}

/** Length of the longest prefix of `bytes` that does not end inside a multi-byte character. */
function completeUtf8Length(bytes: Buffer): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes.length;
  const first = bytes[lead] ?? 0;
  const width = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return lead + width > bytes.length ? lead : bytes.length;
}
