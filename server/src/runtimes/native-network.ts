import { fileURLToPath } from 'node:url';
import { PROXY_SOCKET } from './runner-process.ts';

/** The relay that gives Python and Bash an ordinary HTTP proxy address inside the sandbox. */
export const FORWARDER_PATH = fileURLToPath(new URL('./egress-forwarder.py', import.meta.url));
/** Where the relay listens: the sandbox's own loopback (its network namespace holds nothing else). */
const FORWARDER_PORT = 3128;

/** What `runNative` adds to the sandbox when a call's network goes through the egress proxy. */
export interface NativeNetwork {
  /** Proxy variables that curl, wget, Python's urllib and requests, pip and most other tools read. */
  env: Record<string, string>;
  /** Runs before the command and execs it (see egress-forwarder.py). */
  prefix: string[];
  readOnlyFiles: string[];
  binds: { from: string; to: string }[];
  trustStore: boolean;
}

/**
 * The pieces that route Python's and Bash's HTTP(S) through the egress proxy whose socket is `proxySocket`
 * (undefined: network off, nothing added). NO_PROXY is empty (and overrides the policy env's): every request
 * goes to the proxy, 127.0.0.1 included, as with JavaScript's fetch, so an allow-list that names a loopback
 * address works the same in every language. A tool that ignores these variables has no route at all.
 */
export function nativeNetwork(proxySocket: string | undefined, python: string): NativeNetwork | undefined {
  if (!proxySocket) return undefined;
  const proxy = `http://127.0.0.1:${FORWARDER_PORT}`;
  return {
    env: {
      HTTP_PROXY: proxy,
      HTTPS_PROXY: proxy,
      ALL_PROXY: proxy,
      http_proxy: proxy,
      https_proxy: proxy,
      all_proxy: proxy,
      NO_PROXY: '',
      no_proxy: '',
    },
    prefix: [python, '-I', '-S', FORWARDER_PATH, String(FORWARDER_PORT), PROXY_SOCKET],
    readOnlyFiles: [FORWARDER_PATH],
    binds: [{ from: proxySocket, to: PROXY_SOCKET }],
    trustStore: true,
  };
}
