import { describe, expect, it } from 'vitest';
import { addressRefusal, allowsPrivate, embeddedIpv4 } from './address-policy.ts';

describe('allowsPrivate', () => {
  const allows = (entries: string[], url: string) => allowsPrivate(entries, new URL(url));

  it('matches the host, and the port when the entry names one (default ports included)', () => {
    expect(allows(['localhost'], 'http://localhost:9999/x')).toBe(true);
    expect(allows(['localhost:8080'], 'http://localhost:8080/')).toBe(true);
    expect(allows(['localhost:8080'], 'http://localhost:8081/')).toBe(false);
    expect(allows(['internal.test:80'], 'http://internal.test/')).toBe(true);
    expect(allows(['internal.test:443'], 'https://internal.test/')).toBe(true);
    expect(allows(['internal.test'], 'http://other.test/')).toBe(false);
    expect(allows(['internal.test'], 'http://sub.internal.test/')).toBe(false);
  });

  it('compares hosts as URLs normalise them (case, trailing dot, IPv4 and IPv6 spellings)', () => {
    expect(allows(['Internal.Test'], 'http://INTERNAL.test./')).toBe(true);
    expect(allows(['127.0.0.1:81'], 'http://2130706433:81/')).toBe(true);
    expect(allows(['[::1]:81'], 'http://[0:0::1]:81/')).toBe(true);
    expect(allows(['::1'], 'http://[::1]:5/')).toBe(true);
    expect(allows(['not a host!'], 'http://localhost/')).toBe(false);
  });
});

describe('addressRefusal', () => {
  it('names why an address is not public, and what an IPv6 form embeds', () => {
    expect(addressRefusal('127.0.0.1', false)).toBe('loopback');
    expect(addressRefusal('169.254.169.254', false)).toContain('link-local');
    expect(addressRefusal('64:ff9b::a9fe:a9fe', false)).toBe('NAT64 form of 169.254.169.254, link-local (cloud metadata)');
    expect(addressRefusal('::ffff:10.0.0.1', false)).toBe('IPv4-mapped form of 10.0.0.1, private');
    expect(addressRefusal('93.184.216.34', false)).toBeUndefined();
    expect(addressRefusal('2606:4700::1111', false)).toBeUndefined();
  });

  it('with the host allowed, everything but the unspecified address (in any form) passes', () => {
    expect(addressRefusal('127.0.0.1', true)).toBeUndefined();
    expect(addressRefusal('fd00:ec2::254', true)).toBeUndefined();
    for (const a of ['0.0.0.0', '0.1.2.3', '::', '::ffff:0.0.0.0', '64:ff9b::'])
      expect(addressRefusal(a, true), a).toContain('unspecified');
  });

  it('embeddedIpv4 reads mapped, compatible, NAT64 and 6to4 forms only', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toEqual({ ipv4: '127.0.0.1', via: 'IPv4-mapped' });
    expect(embeddedIpv4('::7f00:1')).toEqual({ ipv4: '127.0.0.1', via: 'IPv4-compatible' });
    expect(embeddedIpv4('64:ff9b::1.2.3.4')).toEqual({ ipv4: '1.2.3.4', via: 'NAT64' });
    expect(embeddedIpv4('2002:c000:0201::1')).toEqual({ ipv4: '192.0.2.1', via: '6to4' });
    expect(embeddedIpv4('::1')).toBeUndefined();
    expect(embeddedIpv4('2606:4700::1111')).toBeUndefined();
    expect(embeddedIpv4('127.0.0.1')).toBeUndefined();
  });
});
