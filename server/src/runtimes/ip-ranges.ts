import { BlockList, isIP } from 'node:net';

/**
 * Which addresses count as "the internet" for `network: on` and for names on an allow-list. Everything not
 * globally routable is refused: the host's own loopback and networks, cloud metadata, multicast, reserved and
 * documentation ranges, and IPv6 forms that embed or translate to an IPv4 address (mapped, NAT64, 6to4).
 * IPv6 is public only inside 2000::/3 (global unicast), minus its special ranges.
 */
const RANGES: [address: string, prefix: number, family: 'ipv4' | 'ipv6', why: string][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified ("this host")'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'reserved (documentation)'],
  ['192.88.99.0', 24, 'ipv4', 'reserved (6to4 relay)'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved (benchmarking)'],
  ['198.51.100.0', 24, 'ipv4', 'reserved (documentation)'],
  ['203.0.113.0', 24, 'ipv4', 'reserved (documentation)'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved (and broadcast)'],
  ['::', 128, 'ipv6', 'unspecified ("this host")'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['::', 8, 'ipv6', 'reserved (IPv4-mapped or -compatible)'],
  ['64:ff9b::', 16, 'ipv6', 'reserved (NAT64)'],
  ['fc00::', 7, 'ipv6', 'unique-local (private, cloud metadata)'],
  ['fe80::', 9, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
  ['2001::', 23, 'ipv6', 'reserved (protocol assignments, Teredo)'],
  ['2001:db8::', 32, 'ipv6', 'reserved (documentation)'],
  ['2002::', 16, 'ipv6', 'reserved (6to4)'],
  ['3fff::', 20, 'ipv6', 'reserved (documentation)'],
];

const CHECKS = RANGES.map(([address, prefix, family, why]) => {
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return { list, family, why };
});
const UNSPECIFIED = new BlockList();
UNSPECIFIED.addSubnet('0.0.0.0', 8, 'ipv4'); // Matches ::ffff:0.x.x.x.
UNSPECIFIED.addAddress('::', 'ipv6');
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/**
 * Why `address` (a literal IPv4 or IPv6 address, as resolved) is not a public internet address, or undefined
 * if it is one. A string that is not an address is "not an address".
 */
export function nonPublicReason(address: string): string | undefined {
  const bare = address.replace(/%.*$/, '').toLowerCase(); // A zone id (fe80::1%eth0) names an interface.
  const family = isIP(bare);
  if (family === 0) return 'not an address';
  // BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against IPv4 ranges, and IPv4 against
  // IPv6 ranges as if mapped: an IPv4 address is checked against the IPv4 ranges only.
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const check of CHECKS) if ((type === 'ipv6' || check.family === 'ipv4') && check.list.check(bare, type)) return check.why;
  if (family === 6 && !GLOBAL_UNICAST.check(bare, 'ipv6')) return 'reserved (not global unicast)';
  return undefined;
}

/** True for the server's own networks and every other address that is not public (see `nonPublicReason`). */
export function isPrivate(address: string): boolean {
  return nonPublicReason(address) !== undefined;
}

/** The unspecified addresses and the rest of 0.0.0.0/8: connecting to them reaches the host itself. */
export function isUnspecified(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return address.startsWith('0.');
  return family === 6 && UNSPECIFIED.check(address.toLowerCase(), 'ipv6');
}
