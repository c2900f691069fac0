/** TEST DOUBLE helpers for fake-e2b.ts: process cleanup, HTTP replies and Connect-RPC envelopes. */
import type { ChildProcess } from 'node:child_process';
import type { Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** SIGKILLs bwrap's process group; its pid-1 child dies with it (--die-with-parent), and the namespace with it. */
export function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function empty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

const CONNECT_STATUS: Record<string, number> = {
  invalid_argument: 400,
  permission_denied: 403,
  not_found: 404,
  unimplemented: 501,
};

/** A Connect unary error (HTTP status + JSON `{code, message}`). */
export function connectError(res: ServerResponse, code: string, message: string): void {
  json(res, CONNECT_STATUS[code] ?? 500, { code, message });
}

/** Connect streaming frame: 1 flag byte (2 = end of stream), 4 bytes big-endian length, JSON. */
export function encodeEnvelope(flags: number, message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message));
  const head = Buffer.alloc(5);
  head.writeUInt8(flags, 0);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

export function decodeEnvelope(buf: Buffer): unknown {
  if (buf.length < 5) return {};
  const length = buf.readUInt32BE(1);
  return JSON.parse(buf.subarray(5, 5 + length).toString('utf8') || '{}');
}

/** A file or directory as envd's filesystem API describes it (stat and list). */
export function entryInfo(name: string, inside: string, info: Stats) {
  return {
    name,
    type: info.isDirectory() ? 'FILE_TYPE_DIRECTORY' : info.isSymbolicLink() ? 'FILE_TYPE_SYMLINK' : 'FILE_TYPE_FILE',
    path: inside,
    size: String(info.size),
    mode: info.mode & 0o777,
    permissions: '-rw-r--r--',
    owner: 'user',
    group: 'user',
    modifiedTime: info.mtime.toISOString(),
  };
}
