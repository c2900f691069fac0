import { lookup } from 'node:dns/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, isIP, type Server, type Socket } from 'node:net';
import path from 'node:path';

/**
 * The host side of `network: allowlist`. Sandboxed code has an empty network namespace; its only way out is
 * this proxy's Unix socket, bound into the sandbox. The proxy speaks HTTP CONNECT (what fetch uses through
 * undici's ProxyAgent), admits a host only if it matches the allow-list, resolves it here, and refuses private,
 * loopback and link-local addresses unless the list names that address (or `localhost`) exactly, so an allowed
 * name that resolves to the server's own network does not open it. Every refusal is recorded for the result.
 */
export class EgressProxy {
  /** `host:port — why`, one per refused CONNECT, in order. */
  readonly denials: string[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    /** Host path of the socket to bind into the sandbox. */
    readonly socketPath: string,
  ) {}

  static async start(tmpRoot: string, allowed: readonly string[]): Promise<EgressProxy> {
    const dir = await mkdtemp(path.join(tmpRoot, 'switchyard-egress-'));
    const socketPath = path.join(dir, 'egress.sock');
    const rules = allowed.map(parsePattern);
    let proxy: EgressProxy | undefined;
    const server = createServer((client) => proxy?.handle(client, rules));
    proxy = new EgressProxy(server, dir, socketPath);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true }).catch(() => {});
  }

  private handle(client: Socket, rules: Rule[]): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => {});
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > 16 * 1024) client.destroy();
        return;
      }
      client.off('data', onData);
      const rest = head.subarray(end + 4);
      const [method, target] = head.subarray(0, end).toString('latin1').split('\r\n')[0]?.split(' ') ?? [];
      void this.tunnel(client, method, target, rules, rest);
    };
    client.on('data', onData);
  }

  private async tunnel(client: Socket, method: string | undefined, target: string | undefined, rules: Rule[], rest: Buffer) {
    const parsed = method === 'CONNECT' && target ? splitHostPort(target) : undefined;
    if (!parsed) return this.refuse(client, 405, target ?? '?', 'only CONNECT tunnels are proxied');
    const { host, port } = parsed;
    const rule = rules.find((r) => r.matches(host, port));
    if (!rule) return this.refuse(client, 403, target as string, 'not in the allow-list');
    let address: string;
    try {
      address = isIP(host) ? host : (await lookup(host)).address;
    } catch {
      return this.refuse(client, 502, target as string, 'the name does not resolve');
    }
    if (isPrivate(address) && !rule.exactLocal)
      return this.refuse(client, 403, target as string, `resolves to a private address (${address})`);
    const upstream = connect({ host: address, port });
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  private refuse(client: Socket, status: number, target: string, why: string): void {
    this.denials.push(`${target}: ${why}`);
    client.end(`HTTP/1.1 ${status} Refused\r\nX-Switchyard-Denied: ${why}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  }
}

interface Rule {
  matches(host: string, port: number): boolean;
  /** Names a loopback/private address (or localhost) exactly: such addresses are then allowed. */
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
    exactLocal: !wildcard && (base === 'localhost' || (isIP(base) !== 0 && isPrivate(base))),
  };
}

function splitHostPort(target: string): { host: string; port: number } | undefined {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(target);
  if (!match) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65_536 ? { host: (match[1] as string).toLowerCase(), port } : undefined;
}

/** Loopback, private, link-local, unique-local, CGNAT and unspecified addresses: the server's own networks. */
export function isPrivate(address: string): boolean {
  if (isIP(address) === 4) {
    const [a = 0, b = 0] = address.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isPrivate(lower.slice(7));
  return lower === '::1' || lower === '::' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower);
}
