import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random credential with a readable prefix: `sy_…` (API tokens), `sys_…` (sessions), `syi_…` (invites). */
export const newSecretToken = (prefix: 'sy' | 'sys' | 'syi') => `${prefix}_${randomBytes(32).toString('base64url')}`;

/** What the database keeps of a credential: its sha256 (the token itself has 256 bits, so no salt is needed). */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The CSRF token of a session: an HMAC of the session token, so it needs no storage and dies with the session. */
export const csrfFor = (key: Buffer, sessionToken: string) =>
  createHmac('sha256', key).update(`csrf:${sessionToken}`).digest('base64url');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The client address in `X-Forwarded-For` as the trusted reverse proxy saw it: the LAST entry (the proxy appends
 * the address it received the request from; anything before it came from the client and can be made up).
 */
export function forwardedClient(header: string | null | undefined): string | null {
  const last = header?.split(',').at(-1)?.trim();
  return last || null;
}
