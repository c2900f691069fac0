import type { LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { NodeError } from '../executors/executor.ts';
import { allowedAddresses, type ResolvedAddress, type Resolver, systemResolver } from './address-policy.ts';
import { readCapped } from './read-capped.ts';

/** Redirects followed before `too_many_redirects`. */
export const MAX_REDIRECTS = 5;

/** One outbound request of the HTTP request node. */
export interface SafeRequest {
  method: string;
  /** http: or https: only. */
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body?: Buffer;
  followRedirects: boolean;
  /** Largest response body after decompression (bytes). */
  maxResponseBytes: number;
  /** Bounds everything: resolution, connection, redirects and the body (ms). */
  timeoutMs: number;
  /** The engine's signal (cancel, shutdown). */
  signal?: AbortSignal;
}

export interface SafeFetchOptions {
  /** `HTTP_ALLOW_PRIVATE_HOSTS`: hosts that may reach non-public addresses. */
  allowPrivateHosts: readonly string[];
  /** Name resolution; default the system's. Tests inject one (a name that resolves to loopback). */
  resolve?: Resolver;
  /** Told of each redirect followed (the node logs it). */
  onRedirect?: (status: number, to: URL) => void;
}

export interface SafeResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** Decompressed (gzip, deflate, br). */
  body: Buffer;
  /** Where the response came from, after redirects. */
  url: URL;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that only make sense to the origin they were written for. */
const ORIGIN_BOUND = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * An HTTP(S) request from the server process that cannot reach the server's own networks. Before every
 * connection (the first and each redirect's) the host is resolved once and every address it resolved to is
 * checked (see address-policy.ts); the connection then uses those checked addresses only (a pinned `lookup`),
 * so a name that resolves differently a moment later (DNS rebinding) changes nothing. Redirects are followed
 * here, at most MAX_REDIRECTS, to http(s) only, without credentials across origins. No connection is pooled or
 * reused. Every failure is a NodeError: `network_denied`, `network_error`, `timeout`, `aborted`,
 * `response_too_large`, `too_many_redirects`, `invalid_redirect`.
 */
export async function safeFetch(request: SafeRequest, options: SafeFetchOptions): Promise<SafeResponse> {
  const deadline = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  const resolve = options.resolve ?? systemResolver;
  let { method, url, headers, body } = request;
  try {
    for (let redirects = 0; ; redirects++) {
      const addresses = await abortable(resolveFor(url, options.allowPrivateHosts, resolve), signal);
      const res = await send({ method, url, headers, body, addresses, signal });
      const location = res.headers.location;
      if (!request.followRedirects || !REDIRECTS.has(res.statusCode ?? 0) || !location) {
        const bytes = await readCapped(res, request.maxResponseBytes, signal);
        return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: bytes, url };
      }
      res.destroy();
      if (redirects >= MAX_REDIRECTS)
        throw new NodeError('too_many_redirects', `more than ${MAX_REDIRECTS} redirects (the last to ${shown(url)})`);
      const next = redirectTarget(location, url);
      // 303, and 301/302 after a POST, turn into a GET without a body (as browsers and fetch do).
      const status = res.statusCode ?? 0;
      if (
        (status === 303 && method !== 'GET' && method !== 'HEAD') ||
        ((status === 301 || status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
        headers = without(headers, ['content-type', 'content-encoding', 'content-language', 'content-location']);
      }
      if (next.origin !== url.origin) headers = without(headers, ORIGIN_BOUND);
      options.onRedirect?.(status, next);
      url = next;
    }
  } catch (err) {
    if (err instanceof NodeError) throw err;
    if (deadline.aborted)
      throw new NodeError('timeout', `no complete response from ${shown(url)} within ${request.timeoutMs} ms`);
    if (request.signal?.aborted) throw new NodeError('aborted', `the request to ${shown(url)} was stopped`);
    throw new NodeError('network_error', `${shown(url)}: ${describe(err)}`);
  }
}

/** `host/path`, without scheme, query or fragment: what messages and logs show of a URL. */
export function shown(url: URL): string {
  return `${url.host}${url.pathname}`;
}

async function resolveFor(url: URL, allowList: readonly string[], resolve: Resolver): Promise<ResolvedAddress[]> {
  try {
    return await allowedAddresses(url, allowList, resolve);
  } catch (err) {
    if (err instanceof NodeError) throw err;
    throw new NodeError('network_error', `could not resolve ${url.hostname}: ${describe(err)}`);
  }
}

function redirectTarget(location: string, base: URL): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw new NodeError('invalid_redirect', `${shown(base)} redirected to an invalid URL`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:')
    throw new NodeError(
      'invalid_redirect',
      `${shown(base)} redirected to a ${next.protocol} URL; only http and https are followed`,
    );
  // Credentials in a Location are not sent: the node's only credentials come from its auth setting.
  next.username = '';
  next.password = '';
  next.hash = '';
  return next;
}

/**
 * A `lookup` that answers with the already checked addresses only (never asking DNS again). Node calls it for a
 * host name (an address literal connects directly: it was checked as is), with `all` when it tries several
 * addresses (happy eyeballs).
 */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const usable =
      options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = usable[0];
    if (!first) {
      const err = Object.assign(new Error(`no checked IPv${options.family} address`), { code: 'ENOTFOUND' });
      return callback(err, '', 0);
    }
    if (options.all) callback(null, usable as LookupAddress[]);
    else callback(null, first.address, first.family);
  };
}

function send(o: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer | undefined;
  addresses: ResolvedAddress[];
  signal: AbortSignal;
}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (o.url.protocol === 'https:' ? https : http).request(
      {
        method: o.method,
        protocol: o.url.protocol,
        hostname: o.url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: o.url.port || undefined,
        path: `${o.url.pathname}${o.url.search}`,
        headers: o.body ? { ...o.headers, 'content-length': String(o.body.length) } : o.headers,
        // A fresh connection per request: a pooled one may have been opened for another run, to another address.
        agent: false,
        lookup: pinnedLookup(o.addresses),
        signal: o.signal,
      },
      resolve,
    );
    request.on('error', reject);
    request.end(o.body);
  });
}

function without(headers: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

/** Rejects when `signal` aborts first (a resolver that hangs still ends at the deadline). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A network error as a short sentence (the system code, e.g. ECONNREFUSED, when there is one). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
}
