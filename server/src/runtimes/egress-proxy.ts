import { lookup } from 'node:dns/promises';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, isIP, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { isUnspecified, nonPublicReason } from './ip-ranges.ts';

export { isPrivate } from './ip-ranges.ts';

/**
 * Where a call's code may connect: HTTP(S) to hosts matching an allow-list (`network: allowlist`), or to any
 * host at a public address (`network: on`).
 */
export type EgressPolicy = { kind: 'allowlist'; hosts: readonly string[] } | { kind: 'public' };

/** Bounds on what one call can hold in the server through its proxy; every field has a default. */
export interface EgressLimits {
  /** Client connections open at once; further ones are refused with 503 (and one denial). Default 64. */
  maxConnections?: number;
  /** A tunnel with no traffic either way for this long is closed, in ms. Default 60000. */
  idleMs?: number;
  /** Longest wait for a connection's request head plus the upstream connect, in ms. Default 10000. */
  handshakeMs?: number;
  /**
   * TESTS ONLY (this machine has no internet): resolved `address:port` pairs treated as public. Set only by
   * test code through the runtime's options; no environment variable or API reaches it.
   */
  testOnlyPublicEndpoints?: readonly string[];
}

/** Largest request head (request line and headers) a connection may send, in bytes. */
const MAX_HEAD_BYTES = 16 * 1024;
/** Denials kept word for word; later ones are only counted. */
const MAX_DENIALS = 20;
const HOP_BY_HOP = /^(proxy-connection|proxy-authorization|connection|keep-alive)\s*:/i;

/**
 * The host side of a call's network (`allowlist` and `on`). Sandboxed code has an empty network namespace; its
 * only way out is this proxy's Unix socket, bound into the sandbox. It speaks HTTP CONNECT (fetch through
 * undici's ProxyAgent, Node's http/https agents, curl and Python for https) and absolute-form plain HTTP
 * (`GET http://host/path`, what curl and Python send for http). It resolves every name here and connects to
 * that address only: never an unspecified one (0.0.0.0, ::, which reach the host itself), and never a
 * non-public one (loopback, private, link-local and metadata, CGNAT, unique-local, multicast, reserved,
 * IPv4-mapped) unless an allow-list names that address (or `localhost`) exactly. Raw TCP and UDP (database
 * clients, ssh, DNS) have no route. It runs in the server process, so each call's share is bounded:
 * `maxConnections` open at once, an idle timeout, a deadline for the handshake, a bounded request head.
 * Every refusal is recorded for the result.
 */
export class EgressProxy {
  /** `host:port: why`, one per refused connection (the first MAX_DENIALS), in order. */
  readonly denials: string[] = [];
  private moreDenials = 0;
  private readonly sockets = new Set<Socket>();
  private open = 0;
  private overLimit = 0;
  private readonly rules: Rule[];
  private readonly publicForTests: Set<string>;
  private readonly maxConnections: number;
  private readonly idleMs: number;
  private readonly handshakeMs: number;

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    /** Host path of the socket to bind into the sandbox. */
    readonly socketPath: string,
    private readonly policy: EgressPolicy,
    limits: EgressLimits,
  ) {
    this.rules = policy.kind === 'allowlist' ? policy.hosts.map(parsePattern) : [];
    this.publicForTests = new Set(limits.testOnlyPublicEndpoints ?? []);
    this.maxConnections = limits.maxConnections ?? 64;
    this.idleMs = limits.idleMs ?? 60_000;
    this.handshakeMs = limits.handshakeMs ?? 10_000;
  }

  /**
   * Listens on a socket in a fresh private dir under `tmpRoot`. `owner`: the host user the sandbox runs as,
   * given the dir and the socket (connecting needs write access to it); absent, the server's own user.
   */
  static async start(
    tmpRoot: string,
    policy: EgressPolicy,
    limits: EgressLimits = {},
    owner?: { uid: number; gid: number },
  ): Promise<EgressProxy> {
    const dir = await mkdtemp(path.join(tmpRoot, 'switchyard-egress-'));
    const socketPath = path.join(dir, 'egress.sock');
    let proxy: EgressProxy | undefined;
    const server = createServer((client) => proxy?.accept(client));
    proxy = new EgressProxy(server, dir, socketPath, policy, limits);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    if (owner) {
      await chown(dir, owner.uid, owner.gid);
      await chown(socketPath, owner.uid, owner.gid);
    }
    return proxy;
  }

  /** Client connections open right now (for tests and diagnostics). */
  get openConnections(): number {
    return this.open;
  }

  /** The denials as one sentence for a result message. */
  describeDenials(): string {
    const more = this.moreDenials > 0 ? `; and ${this.moreDenials} more` : '';
    return `${this.denials.join('; ')}${more}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true }).catch(() => {});
  }

  private deny(text: string): void {
    if (this.denials.length < MAX_DENIALS) this.denials.push(text);
    else this.moreDenials += 1;
  }

  private accept(client: Socket): void {
    client.on('error', () => {});
    if (this.open >= this.maxConnections) {
      // One denial for the whole burst; each refused socket is closed as soon as the answer is written.
      this.overLimit += 1;
      if (this.overLimit === 1) this.deny(`more than ${this.maxConnections} connections open at once`);
      this.answer(client, 503, `more than ${this.maxConnections} connections open at once`);
      return;
    }
    this.open += 1;
    this.sockets.add(client);
    client.on('close', () => {
      this.open -= 1;
      this.sockets.delete(client);
    });
    // A hard deadline, not an inactivity timer: a head dripped one byte at a time still ends here.
    const deadline = setTimeout(() => {
      this.deny(`a connection did not send its request and reach its host within ${this.handshakeMs} ms`);
      client.destroy();
    }, this.handshakeMs);
    client.on('close', () => clearTimeout(deadline));
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1 && head.length <= MAX_HEAD_BYTES) return;
      client.off('data', onData);
      client.pause(); // Bytes after the head wait for the upstream.
      if (end === -1 || end > MAX_HEAD_BYTES) {
        clearTimeout(deadline);
        this.refuse(client, 431, '?', `the request head is larger than ${MAX_HEAD_BYTES} bytes`);
        return;
      }
      void this.route(client, head.subarray(0, end).toString('latin1'), head.subarray(end + 4), deadline);
    };
    client.on('data', onData);
  }

  private async route(client: Socket, head: string, rest: Buffer, deadline: NodeJS.Timeout): Promise<void> {
    const [requestLine = '', ...headers] = head.split('\r\n');
    const [method = '', target = '', version = 'HTTP/1.1'] = requestLine.split(' ');
    const request =
      method === 'CONNECT'
        ? connectTarget(target)
        : /^[A-Z]+$/.test(method)
          ? absoluteForm(method, target, version, headers)
          : undefined;
    if (!request) {
      clearTimeout(deadline);
      return this.refuse(client, 405, target || '?', 'only CONNECT tunnels and absolute-form http:// requests are proxied');
    }
    const { host, port } = request;
    const shown = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    const verdict = await this.admit(host, port);
    if ('why' in verdict) {
      clearTimeout(deadline);
      return this.refuse(client, verdict.status, shown, verdict.why);
    }
    if (client.destroyed) return;
    const upstream = connect({ host: verdict.address, port });
    this.sockets.add(upstream);
    let connected = false;
    upstream.on('error', () => {
      if (!connected) this.answer(client, 502, `could not connect to ${shown}`);
      else client.destroy();
    });
    upstream.on('close', (hadError) => {
      this.sockets.delete(upstream);
      if (hadError || !connected) return;
      client.end();
      client.once('finish', () => client.destroy());
    });
    client.on('close', () => upstream.destroy());
    upstream.once('connect', () => {
      connected = true;
      clearTimeout(deadline);
      const idle = () => {
        client.destroy();
        upstream.destroy();
      };
      client.setTimeout(this.idleMs, idle);
      upstream.setTimeout(this.idleMs, idle);
      if (request.head) upstream.write(request.head);
      else client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  /** Resolves `host` and decides: the address to connect to, or why not. */
  private async admit(host: string, port: number): Promise<{ address: string } | { status: number; why: string }> {
    const rule = this.rules.find((r) => r.matches(host, port));
    if (this.policy.kind === 'allowlist' && !rule) return { status: 403, why: 'not in the allow-list' };
    let address: string;
    try {
      address = isIP(host) ? host : (await lookup(host)).address;
    } catch {
      return { status: 502, why: 'the name does not resolve' };
    }
    if (isUnspecified(address)) return { status: 403, why: `${address} is the unspecified address (it reaches the host itself)` };
    if (this.publicForTests.has(`${address}:${port}`)) return { address };
    const why = nonPublicReason(address);
    if (why && !rule?.exactLocal) return { status: 403, why: `resolves to ${address}, not a public address (${why})` };
    return { address };
  }

  private refuse(client: Socket, status: number, target: string, why: string): void {
    this.deny(`${target}: ${why}`);
    this.answer(client, status, why);
  }

  /** Writes a final answer and closes the socket once it is written (whether or not the client reads it). */
  private answer(client: Socket, status: number, why: string): void {
    const reason = why.replace(/[^\x20-\x7e]/g, '?');
    client.end(`HTTP/1.1 ${status} Refused\r\nX-Switchyard-Denied: ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    client.once('finish', () => client.destroy());
  }
}

interface Rule {
  matches(host: string, port: number): boolean;
  /** Names a non-public address (or localhost) exactly: that address is then allowed (never an unspecified one). */
  exactLocal: boolean;
}

function parsePattern(pattern: string): Rule {
  const [hostPart = '', portPart] = pattern.split(':');
  const port = portPart ? Number(portPart) : undefined;
  const wildcard = hostPart.startsWith('*.');
  const base = wildcard ? hostPart.slice(2) : hostPart;
  return {
    matches: (host, p) =>
      (port === undefined || port === p) && (wildcard ? host.endsWith(`.${base}`) : host.toLowerCase() === base),
    exactLocal: !wildcard && (base === 'localhost' || (isIP(base) !== 0 && nonPublicReason(base) !== undefined)),
  };
}

/** `host:port` of a CONNECT request (IPv6 in brackets). */
function connectTarget(target: string): { host: string; port: number; head?: undefined } | undefined {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(target);
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65_536 ? { host: (match[1] as string).toLowerCase(), port } : undefined;
}

/**
 * A plain-HTTP proxy request (`GET http://host:port/path HTTP/1.1`): where it goes, and the head to send
 * there in origin form (`GET /path`), without hop-by-hop headers and with `Connection: close`, so one
 * connection carries one request to the host that was checked.
 */
function absoluteForm(
  method: string,
  target: string,
  version: string,
  headers: string[],
): { host: string; port: number; head: Buffer } | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || !/^HTTP\/1\.[01]$/.test(version)) return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : 80;
  const kept = headers.filter((line) => !HOP_BY_HOP.test(line));
  const head = `${method} ${url.pathname}${url.search} ${version}\r\n${[...kept, 'Connection: close'].join('\r\n')}\r\n\r\n`;
  return { host, port, head: Buffer.from(head, 'latin1') };
}
