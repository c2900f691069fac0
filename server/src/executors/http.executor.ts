import { type HttpNodeConfig, httpNode } from '@switchyard/shared';
import { type DecodedBody, decodeBody } from '../http/decode-body.ts';
import { renderRequest } from '../http/render-request.ts';
import { type SafeResponse, safeFetch, shown } from '../http/safe-fetch.ts';
import type { RunSecrets } from '../secrets/run-secrets.ts';
import { SecretsMissingError } from '../secrets/secret-store.ts';
import { defineExecutor, NodeError } from './executor.ts';

/** Characters of the response body quoted in an `http_error` message. */
const SNIPPET_CHARS = 200;

/**
 * Sends one HTTP request (see safe-fetch.ts for what it may reach) and outputs `{ status, headers, body }`.
 * The auth secret is revealed here only, for the request; the output and every error message are redacted with
 * all of the run's secrets (a server that echoes the Authorization header shows `[secret]`). Headers are never logged.
 */
export const httpExecutor = defineExecutor(httpNode, async ({ config, inputs, run, services, signal, log }) => {
  const redact = () => run.secrets.redact;
  try {
    const request = renderRequest(config, { input: inputs.input, run: run.input });
    const authorization = await authHeader(config, run.secrets);
    if (authorization) request.headers.authorization = authorization;
    const res = await safeFetch(
      {
        ...request,
        followRedirects: config.followRedirects,
        maxResponseBytes: config.maxResponseBytes,
        timeoutMs: config.timeoutMs,
        signal,
      },
      {
        allowPrivateHosts: services.http.allowPrivateHosts,
        onRedirect: (status, to) => log('stdout', redact().text(`${status}: following the redirect to ${shown(to)}`)),
      },
    );
    log('stdout', redact().text(`${request.method} ${shown(res.url)}: ${res.status} (${res.body.length} bytes)`));
    const decoded = decodeBody(res.body, res.headers['content-type']);
    if (config.failOnHttpError && res.status >= 400) throw httpError(request.method, res, decoded);
    return { output: redact().value({ status: res.status, headers: headersOf(res), body: decoded.body }) };
  } catch (err) {
    // Messages quote URLs, addresses and response text: none of them may carry a secret out.
    if (err instanceof NodeError) throw new NodeError(err.code, redact().text(err.message));
    throw new NodeError('executor_error', redact().text(err instanceof Error ? err.message : String(err)));
  }
});

/** The Authorization header of the node's auth setting, the secret revealed from the run's workspace. */
async function authHeader(config: HttpNodeConfig, secrets: RunSecrets): Promise<string | undefined> {
  if (config.authType === 'none' || !config.authSecret) return undefined;
  let value: string | undefined;
  try {
    value = (await secrets.reveal([config.authSecret])).get(config.authSecret);
  } catch (err) {
    if (err instanceof SecretsMissingError) throw new NodeError('secret_missing', err.message);
    throw err;
  }
  if (value === undefined) throw new NodeError('secret_missing', `secret ${config.authSecret} does not exist`);
  if (config.authType === 'bearer') return `Bearer ${value}`;
  return `Basic ${Buffer.from(`${config.username}:${value}`).toString('base64')}`;
}

/** Response headers as JSON: lower-case names, repeated ones joined by ", " except `set-cookie` (a list). */
function headersOf(res: SafeResponse): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) out[name] = value;
  return out;
}

/** `http_error`: the status and the start of the body (text or JSON; none for binary), on one line. */
function httpError(method: string, res: SafeResponse, decoded: DecodedBody): NodeError {
  const text = decoded.kind === 'text' ? decoded.body : decoded.kind === 'json' ? JSON.stringify(decoded.body) : '';
  const flat = text.replace(/\s+/g, ' ').trim();
  const snippet = flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
  const status = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  return new NodeError('http_error', `${method} ${shown(res.url)} answered ${status}${snippet ? `: ${snippet}` : ''}`);
}
