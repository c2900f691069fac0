import { describe, expect, it } from 'vitest';
import { EndMarkerScanner, endMarker } from './end-marker.ts';
import { LINE_TRUNCATED_MARK, LineSplitter } from './line-splitter.ts';
import { LogSink } from './log-sink.ts';
import { ResultChannel } from './result-channel.ts';
import type { LogLine } from './runtime.ts';

function split(chunks: (string | Buffer)[], max?: number): string[] {
  const out: string[] = [];
  const splitter = new LineSplitter((l) => out.push(l), max);
  for (const c of chunks) splitter.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  splitter.flush();
  return out;
}

describe('LineSplitter', () => {
  it('joins lines across chunks, drops \\r, keeps empty lines and flushes a partial tail', () => {
    expect(split(['a', 'b\nc\r\n', '\nlast'])).toEqual(['ab', 'c', '', 'last']);
  });

  it('cuts long lines on a character boundary and marks them', () => {
    const [line, next] = split([`${'é'.repeat(10)}\nok\n`], 7);
    expect(line).toBe(`ééé${LINE_TRUNCATED_MARK}`);
    expect(next).toBe('ok');
  });

  it('decodes a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('→x\n');
    expect(split([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(['→x']);
  });
});

describe('LogSink', () => {
  it('forwards until the budget is spent, then emits one notice', () => {
    const got: LogLine[] = [];
    const sink = new LogSink((l) => got.push(l), 10);
    for (const l of ['1234', '5678', 'x', 'y']) sink.line('stdout', l);
    expect(got.map((l) => l.line)).toEqual(['1234', '5678', '[switchyard] log output truncated after 10 bytes']);
    expect(sink.truncated).toBe(true);
  });

  it('survives a throwing onLog', () => {
    const sink = new LogSink(() => {
      throw new Error('consumer bug');
    }, 100);
    expect(() => sink.line('stderr', 'x')).not.toThrow();
  });
});

describe('ResultChannel', () => {
  it('parses a result split across chunks', () => {
    const channel = new ResultChannel(100);
    const bytes = Buffer.from('{"kind":"result","bytes":7}\n{"a":1}');
    expect(channel.push(bytes.subarray(0, 5))).toBe(true);
    expect(channel.push(bytes.subarray(5))).toBe(true);
    channel.end();
    expect(channel.outcome()).toEqual({ kind: 'result', outputText: '{"a":1}' });
  });

  it('refuses output beyond the limit and incomplete output', () => {
    const big = new ResultChannel(4);
    expect(big.push(Buffer.from('{"kind":"result","bytes":7}\n{"a":1}'))).toBe(false);
    const cut = new ResultChannel(100);
    cut.push(Buffer.from('{"kind":"result","bytes":7}\n{"a"'));
    cut.end();
    expect(cut.outcome()).toBeUndefined();
  });
});

describe('ResultChannel frames', () => {
  const frame = (meta: object, body = '') => Buffer.from(`${JSON.stringify(meta)}\n${body}`);
  const stats = { cpuUs: 90_000, heapUsed: 4_000_000, reusable: true };

  it('completes a frame signed with the nonce without waiting for the end of the stream', () => {
    const channel = new ResultChannel(100, 'n1');
    channel.push(frame({ kind: 'result', bytes: 2, nonce: 'n1', ...stats }, '42'));
    expect(channel.complete).toBe(true);
    expect(channel.outcome()).toEqual({ kind: 'result', outputText: '42' });
    expect(channel.stats()).toEqual(stats);
    channel.push(Buffer.from('x'));
    expect(channel.stray).toBe(true);
  });

  it('treats a frame without the nonce as a forgery, and still counts its bytes against the limit', () => {
    const forged = new ResultChannel(100, 'n1');
    forged.push(frame({ kind: 'result', bytes: 2, nonce: 'guess' }, '42'));
    expect(forged.invalid).toBe(true);
    expect(forged.stats()).toBeUndefined();
    expect(forged.push(Buffer.alloc(200))).toBe(false);
  });
});

describe('EndMarkerScanner', () => {
  it('strips a marker split across chunks and flags bytes after it', () => {
    const marker = endMarker('abc123');
    const seen: string[] = [];
    const scanner = new EndMarkerScanner(marker, (b) => seen.push(b.toString()));
    const stream = Buffer.concat([Buffer.from('line\npartial'), marker, Buffer.from('late')]);
    // Cut inside 'partial', right after the marker's first byte, and inside the nonce.
    const cuts = [0, 9, 14, 16, stream.length];
    for (let i = 1; i < cuts.length; i++) scanner.push(stream.subarray(cuts[i - 1], cuts[i]));
    expect(seen.join('')).toBe('line\npartial');
    expect(scanner).toMatchObject({ found: true, stray: true });
  });
});
