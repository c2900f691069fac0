import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { NodeError } from '../executors/executor.ts';

/** Decoders for the content encodings the node asks for (`accept-encoding: gzip, deflate, br`). */
const DECODERS: Record<string, () => Readable & NodeJS.WritableStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The response body, decompressed, read as it streams: past `max` bytes (counted after decompression, so a
 * small compressed bomb is stopped too) the response is dropped and the node fails `response_too_large`.
 * An unknown content encoding is returned as it came.
 */
export async function readCapped(res: IncomingMessage, max: number, signal: AbortSignal): Promise<Buffer> {
  const tooLarge = () => new NodeError('response_too_large', `the response body is larger than ${max} bytes (maxResponseBytes)`);
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder = DECODERS[encoding]?.();
  const declared = Number(res.headers['content-length']);
  if (!decoder && Number.isFinite(declared) && declared > max) {
    res.destroy();
    throw tooLarge();
  }
  let stream: Readable = res;
  if (decoder) {
    res.on('error', (err) => decoder.destroy(err));
    stream = res.pipe(decoder);
  }
  const stop = () => {
    res.destroy();
    stream.destroy();
  };
  signal.addEventListener('abort', stop, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > max) {
        stop();
        throw tooLarge();
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof NodeError || signal.aborted) throw err;
    if (decoder)
      throw new NodeError('network_error', `could not decode the ${encoding} response body: ${(err as Error).message}`);
    throw err;
  } finally {
    signal.removeEventListener('abort', stop);
  }
  // Stopped by the signal between chunks: what was read is not the whole body.
  if (signal.aborted) throw signal.reason;
  return Buffer.concat(chunks);
}
