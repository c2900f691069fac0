import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { errors } from '../../errors.ts';
import { SecretsMissingError } from '../../secrets/secret-store.ts';
import type { Actor } from '../../workspace/scope.ts';
import type { LiveWebhook } from './webhook-requests.ts';

/** The header an `hmac` webhook's caller signs the raw body in: `sha256=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-switchyard-signature';

/** Equal strings, in time that depends on neither their content nor their lengths (both sides are hashed first). */
function sameValue(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Checks a request against the webhook's `auth`: nothing for `none`; for `token` the bearer token or `?token=`;
 * for `hmac` the signature of the raw body. The secret is revealed from the workflow's workspace, its use audited
 * as `actor` (the webhook). Throws 401 `webhook_unauthorized` for a wrong or missing credential, 503
 * `webhook_secret_missing` when the secret is not stored (the owner's fix, not the caller's).
 */
export async function checkAuth(
  deps: Deps,
  hook: LiveWebhook,
  actor: Actor,
  request: { authorization: string | undefined; queryToken: string | undefined; signature: string | undefined; body: Uint8Array },
): Promise<void> {
  const { auth, secret: name } = hook.config;
  if (auth === 'none') return;
  // Refused before the secret is even read: no credential at all.
  const given =
    auth === 'token'
      ? (/^Bearer\s+(\S+)\s*$/i.exec(request.authorization ?? '')?.[1] ?? request.queryToken)
      : /^sha256=([0-9a-f]{64})$/i.exec(request.signature?.trim() ?? '')?.[1]?.toLowerCase();
  if (!given)
    throw errors.webhookUnauthorized(
      auth === 'token'
        ? 'send the token as Authorization: Bearer <token> or ?token=<token>'
        : `sign the body: ${SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of the raw body>`,
    );
  let secret: string | undefined;
  try {
    const values = await deps.secrets.reveal(hook.workspaceId, [name ?? ''], {
      actor,
      details: { webhook: hook.path, workflowId: hook.workflowId, nodeId: hook.nodeId },
    });
    secret = values.get(name ?? '');
  } catch (err) {
    if (err instanceof SecretsMissingError) throw errors.webhookSecretMissing();
    throw err;
  }
  if (secret === undefined) throw errors.webhookSecretMissing();
  const expected = auth === 'token' ? secret : createHmac('sha256', secret).update(request.body).digest('hex');
  if (!sameValue(given, expected))
    throw errors.webhookUnauthorized(auth === 'token' ? 'the token is wrong' : 'the signature does not match the body');
}
