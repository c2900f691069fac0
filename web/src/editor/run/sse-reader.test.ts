import { describe, expect, it } from 'vitest';
import { readSse, type SseMessage } from './sse-reader.ts';

/** A body that arrives in the given chunks, as a slow network would cut it. */
const body = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });

describe('readSse', () => {
  it('parses events cut anywhere, skips comments and joins data lines', async () => {
    const seen: SseMessage[] = [];
    await readSse(
      body(
        'id: 1\nevent: run.started\nda',
        'ta: {"a":1}\n\n: keepalive\n\n',
        'id: 2\r\nevent: log\r\ndata: x\r',
        '\ndata: y\r\n\r\n',
      ),
      (m) => seen.push(m),
    );
    expect(seen).toEqual([
      { id: '1', event: 'run.started', data: '{"a":1}' },
      { id: '2', event: 'log', data: 'x\ny' },
    ]);
  });
});
