import { describe, expect, it } from 'vitest';
import { httpNode, httpSubtitle } from './http.node.ts';

const issues = (config: Record<string, unknown>) =>
  (httpNode.config.safeParse(config).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('http node definition', () => {
  it('a fresh node parses with the agreed defaults, and needs a URL to compile', () => {
    expect(httpNode.config.parse({})).toEqual({
      method: 'GET',
      url: '',
      query: {},
      headers: {},
      bodyType: 'none',
      jsonBody: {},
      formBody: {},
      textBody: '',
      authType: 'none',
      username: '',
      timeoutMs: 30_000,
      maxResponseBytes: 5 * 1024 * 1024,
      failOnHttpError: true,
      followRedirects: true,
    });
    expect(issues({ url: '' })).toEqual(['url: enter the URL to call']);
    expect(httpNode.timeoutMs?.(httpNode.config.parse({ url: 'https://x.test', timeoutMs: 1000 }))).toBeGreaterThan(1000);
  });

  it('flags template syntax in every templated field, where it is', () => {
    expect(
      issues({
        url: 'https://x.test/{{ input.a',
        query: { q: '{{ input.' },
        headers: { 'X-A': '{{ input.[' },
        formBody: { f: '{{' },
        textBody: 'hi {{ input.a',
        jsonBody: { list: [1, '{{ input.b'] },
      }).map((i) => i.split(':')[0]),
    ).toEqual(['url', 'query.q', 'headers.X-A', 'jsonBody.list.1', 'formBody.f', 'textBody']);
  });

  it('refuses framing headers, a manual authorization next to auth, auth without a secret, inline credentials', () => {
    expect(issues({ url: 'https://x.test', headers: { Host: 'a', 'Content-Length': '1' } })).toEqual([
      'headers.Host: Host is set by the request itself',
      'headers.Content-Length: Content-Length is set by the request itself',
    ]);
    expect(issues({ url: 'https://x.test', authType: 'bearer', authSecret: 'T', headers: { Authorization: 'x' } })).toEqual([
      'headers.Authorization: authorization comes from the auth setting',
    ]);
    expect(issues({ url: 'https://x.test', authType: 'basic' })).toEqual([
      'authSecret: basic auth needs the name of a stored secret',
    ]);
    expect(issues({ url: 'https://me:pw@x.test/' })).toEqual(['url: put credentials in the auth setting, not in the URL']);
    expect(issues({ url: 'https://x.test', authType: 'bearer', authSecret: 'not a name' })).toHaveLength(1);
  });

  it('subtitle: method, host and path, no scheme or query, cut to fit', () => {
    expect(httpSubtitle('GET', 'https://example.com/path?token=abc#x')).toBe('GET example.com/path');
    expect(httpSubtitle('POST', 'http://api.test/users/{{ input.id }}')).toBe('POST api.test/users/{{ input.id }}');
    expect(httpSubtitle('GET', '')).toBe('GET');
    const long = httpSubtitle('GET', `https://example.com/${'a'.repeat(100)}`);
    expect(long).toHaveLength('GET '.length + 40);
    expect(long.endsWith('…')).toBe(true);
  });
});
