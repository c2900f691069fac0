import { type EgressLimits, EgressProxy } from './egress-proxy.ts';
import type { ExecuteRequest, ExecuteResult } from './runtime.ts';
import type { Sandbox } from './sandbox.ts';

/**
 * How the node runtime's sandbox honours `network` for every language it runs: `off` is an empty network
 * namespace; `allowlist` and `on` are the same empty namespace plus the egress proxy's socket, with the
 * allow-list or the "public addresses only" rule. The host's own network namespace is never shared.
 */

/** What a connection attempt reports inside an empty network namespace (fetch wraps it as "fetch failed"). */
const NETWORK_FAILURE =
  /fetch failed|ENETUNREACH|EAI_AGAIN|ENOTFOUND|ECONNREFUSED|getaddrinfo|Network is unreachable|Could not resolve host|Temporary failure in name resolution|Name or service not known|could not translate host name/;

/**
 * Starts the call's egress proxy for `allowlist` and `on` (undefined for `off`), its socket owned by the host
 * user the sandbox runs as.
 */
export function startEgress(
  request: ExecuteRequest,
  tmpRoot: string,
  limits: EgressLimits,
  sandbox: Sandbox | undefined,
): Promise<EgressProxy | undefined> {
  const owner = sandbox?.hostUser;
  if (request.network === 'allowlist')
    return EgressProxy.start(tmpRoot, { kind: 'allowlist', hosts: request.allowedHosts ?? [] }, limits, owner);
  if (request.network === 'on') return EgressProxy.start(tmpRoot, { kind: 'public' }, limits, owner);
  return Promise.resolve(undefined);
}

/**
 * Turns a failed result into `network_denied` when the policy is why it failed: the proxy refused a connection,
 * or the code tried a route the sandbox does not have (raw sockets, DNS), saying which policy and what works.
 */
export function applyNetworkOutcome(result: ExecuteResult, request: ExecuteRequest, proxy: EgressProxy | undefined): void {
  if (result.status !== 'failed') return;
  const original = result.error?.message ?? '';
  let message: string | undefined;
  if (proxy && proxy.denials.length > 0) {
    const allowed =
      request.network === 'on'
        ? 'network "on" reaches public internet addresses only'
        : `allowed: ${(request.allowedHosts ?? []).join(', ') || 'nothing'}`;
    message = `the network policy refused ${proxy.describeDenials()} (${allowed})`;
  } else if (NETWORK_FAILURE.test(original)) {
    message =
      (request.network ?? 'off') === 'off'
        ? `the network is off for this code (policy network: "off"): ${original}`
        : `only HTTP(S) through the egress proxy leaves this sandbox (policy network: "${request.network}"; fetch, Node's http/https, and HTTP_PROXY for curl, Python and others); raw TCP/UDP and DNS (database clients, ssh) have no route on the node runtime, use e2b for those: ${original}`;
  }
  if (!message) return;
  result.status = 'network_denied';
  result.error = { code: 'network_denied', message, ...(result.error?.stack ? { stack: result.error.stack } : {}) };
}
