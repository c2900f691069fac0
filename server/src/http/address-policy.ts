import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { NodeError } from '../executors/executor.ts';
import { isUnspecified, nonPublicReason } from '../runtimes/ip-ranges.ts';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a connection to `hostname` could use. The system resolver by default; tests inject their own. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), all addresses in the order it gives them. */
export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

/** Where the URL connects: the host as WHATWG normalised it (no brackets, no trailing dot) and the port. */
export function endpointOf(url: URL): { host: string; port: number } {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host, port };
}

/** An allow-list entry (`host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6), normalised like a URL's host. */
function parseEntry(entry: string): { host: string; port?: number } | undefined {
  const text = entry.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const withPort = /^([^:]+):(\d{1,5})$/.exec(text);
  const [raw, port] = bracketed
    ? [`[${bracketed[1]}]`, bracketed[2]]
    : isIP(text) === 6
      ? [`[${text}]`, undefined]
      : withPort
        ? [withPort[1], withPort[2]]
        : [text, undefined];
  try {
    // The same normalisation as the request URL's: `0x7f.1` and `127.0.0.1` name one host, `::0:1` and `::1` too.
    const host = endpointOf(new URL(`http://${raw}/`)).host;
    return port === undefined ? { host } : { host, port: Number(port) };
  } catch {
    return undefined;
  }
}

/**
 * Whether the server's allow-list (`HTTP_ALLOW_PRIVATE_HOSTS`) names the URL's host, and its port when the entry
 * has one: that host may then reach loopback, private, link-local and metadata addresses.
 */
export function allowsPrivate(allowList: readonly string[], url: URL): boolean {
  const { host, port } = endpointOf(url);
  return allowList.some((entry) => {
    const parsed = parseEntry(entry);
    return parsed !== undefined && parsed.host === host && (parsed.port === undefined || parsed.port === port);
  });
}

/** The 8 hextets of an IPv6 address (a trailing dotted quad included), or undefined if it is not one. */
function hextets(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  if (isIP(text) !== 6) return undefined;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((h) => Number.parseInt(h, 16));
}

/**
 * The IPv4 address an IPv6 address stands for (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`,
 * NAT64 `64:ff9b::/96`, 6to4 `2002:aabb:ccdd::/48`) and how, for messages: ip-ranges already refuses all of
 * these ranges, but "NAT64 of 169.254.169.254" says more than "reserved (NAT64)".
 */
export function embeddedIpv4(address: string): { ipv4: string; via: string } | undefined {
  const h = hextets(address);
  if (!h) return undefined;
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  const [h0, h1, h2, , , h5, h6 = 0, h7 = 0] = h;
  if (zero(0, 5) && h5 === 0xffff) return { ipv4: quad(h6, h7), via: 'IPv4-mapped' };
  if (zero(0, 6) && (h6 !== 0 || h7 > 1)) return { ipv4: quad(h6, h7), via: 'IPv4-compatible' };
  if (h0 === 0x64 && h1 === 0xff9b && zero(2, 6)) return { ipv4: quad(h6, h7), via: 'NAT64' };
  if (h0 === 0x2002) return { ipv4: quad(h1 ?? 0, h2 ?? 0), via: '6to4' };
  return undefined;
}

/**
 * Why the node may not connect to `address`, or undefined when it may. The unspecified address (it reaches the
 * server itself) is always refused; every other non-public address (see ip-ranges.ts) unless `privateAllowed`.
 */
export function addressRefusal(address: string, privateAllowed: boolean): string | undefined {
  const embedded = embeddedIpv4(address);
  if (isUnspecified(address) || (embedded && isUnspecified(embedded.ipv4)))
    return 'the unspecified address, which reaches the server itself';
  if (privateAllowed) return undefined;
  const why = nonPublicReason(address);
  if (!why) return undefined;
  if (!embedded) return why;
  const inner = nonPublicReason(embedded.ipv4);
  return `${embedded.via} form of ${embedded.ipv4}${inner ? `, ${inner}` : ''}`;
}

/**
 * Resolves the URL's host and checks every address a connection could use: the addresses to connect to (and
 * only to them), or a `network_denied` NodeError naming the first refused one. A host that is an address is checked as is.
 */
export async function allowedAddresses(url: URL, allowList: readonly string[], resolve: Resolver): Promise<ResolvedAddress[]> {
  const { host } = endpointOf(url);
  const literal = isIP(host);
  const addresses: ResolvedAddress[] = literal ? [{ address: host, family: literal === 6 ? 6 : 4 }] : await resolve(host);
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  const privateAllowed = allowsPrivate(allowList, url);
  for (const { address } of addresses) {
    const why = addressRefusal(address, privateAllowed);
    if (!why) continue;
    const what = literal ? address : `${host} (resolved to ${address})`;
    throw new NodeError(
      'network_denied',
      `refused to connect to ${what}: ${why}. The HTTP request node reaches public addresses only; a server admin can allow a host with HTTP_ALLOW_PRIVATE_HOSTS`,
    );
  }
  return addresses;
}
