import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A request the test server received. */
export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * TESTS ONLY: a local HTTP server for the HTTP request node's tests, on every loopback address (it listens on
 * `::`, dual-stack, so 127.0.0.1, 127.0.0.2 and ::1 all reach it: a refused request that connected anyway would
 * show up in `connections`). Routes:
 * - `/echo…` → JSON `{ method, url, headers, body }` of the request; `/echo-status/<code>…` the same with that status;
 * - `/text` → `hello` as text/plain; `/json` → `{ "ok": true, "n": 1 }`; `/binary` → 4 bytes of octet-stream;
 *   `/gzip` → gzip-compressed JSON;
 * - `/status/<code>` → that status with a JSON error body;
 * - `/bytes/<n>` → n bytes streamed in 64 KiB chunks, no content-length; `/declared/<n>` → a content-length of n
 *   and nothing sent; `/bomb/<n>` → n zero bytes gzip-compressed;
 * - `/slow` → headers, then never the body;
 * - `/redirect?to=<url>&status=<3xx>` → a redirect; `/loop/<i>` → redirects to `/loop/<i+1>` forever.
 */
export async function startTestServer() {
  const seen: SeenRequest[] = [];
  let connections = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(request);
      route(request, res);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    /** `http://127.0.0.1:<port>`. */
    origin: `http://127.0.0.1:${port}`,
    seen,
    /** TCP connections accepted so far. */
    get connections() {
      return connections;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

function route(req: SeenRequest, res: ServerResponse): void {
  const url = new URL(req.url, 'http://test');
  const [, first = '', arg = ''] = url.pathname.split('/');
  const json = (status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  switch (first) {
    case 'echo':
      return void json(200, req);
    case 'echo-status':
      return void json(Number(arg), req);
    case 'text':
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('hello');
    case 'json':
      return void json(200, { ok: true, n: 1 });
    case 'binary':
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(Buffer.from([0, 1, 2, 255]));
    case 'gzip':
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      return void res.end(gzipSync(JSON.stringify({ zipped: true })));
    case 'status':
      return void json(Number(arg), { error: `status ${arg}`, detail: 'x'.repeat(500) });
    case 'bytes':
      return void stream(res, Number(arg));
    case 'declared':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': arg });
      return void res.flushHeaders();
    case 'bomb':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      return void res.end(gzipSync(Buffer.alloc(Number(arg))));
    case 'slow':
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.flushHeaders();
    case 'redirect':
      res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/' });
      return void res.end();
    case 'loop':
      res.writeHead(302, { location: `/loop/${Number(arg) + 1}` });
      return void res.end();
    default:
      return void json(404, { error: 'no such route' });
  }
}

function stream(res: ServerResponse, total: number): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  let sent = 0;
  const more = () => {
    while (sent < total) {
      const n = Math.min(64 * 1024, total - sent);
      sent += n;
      if (!res.write(Buffer.alloc(n, 97))) return void res.once('drain', more);
    }
    res.end();
  };
  more();
}
