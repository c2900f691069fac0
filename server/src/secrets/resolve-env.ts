import { createHmac, randomBytes } from 'node:crypto';
import type { EnvValue } from '@switchyard/shared';
import { type Redactor, redactor } from './redactor.ts';

export { MIN_REDACTED_LENGTH, REDACTED, type Redactor, redactor } from './redactor.ts';

/** A policy's environment with secret references replaced by their values, and a redactor for those values. */
export interface ResolvedEnv {
  env: Record<string, string>;
  /** The secret values revealed for it (for a run-wide redactor; never logged). */
  secrets: string[];
  redact: Redactor;
}

/** Reveals secret values by name, in the caller's workspace (throws `SecretsMissingError` for unknown names). */
export type RevealSecrets = (names: readonly string[]) => Promise<Map<string, string>>;

/** Resolves `{ secret }` references through `reveal` (nothing is revealed when there are none). */
export async function resolveEnv(env: Record<string, EnvValue>, reveal: RevealSecrets): Promise<ResolvedEnv> {
  const names = Object.values(env).flatMap((v) => (typeof v === 'string' ? [] : [v.secret]));
  const values = names.length > 0 ? await reveal(names) : new Map<string, string>();
  // fromEntries defines keys: a variable named `__proto__` stays a variable instead of being dropped.
  const resolved: Record<string, string> = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, typeof value === 'string' ? value : (values.get(value.secret) ?? '')]),
  );
  const secrets = [...values.values()];
  return { env: resolved, secrets, redact: redactor(secrets) };
}

/** Per-process HMAC key: fingerprints are comparable within this server only and say nothing about the values. */
const FINGERPRINT_KEY = randomBytes(32);

/**
 * A short keyed hash of a resolved environment (names and values, order-independent), for telling apart calls
 * that must not share a process. Never put secret text itself in a key; a plain hash of a short secret could be
 * reversed by guessing, a keyed one cannot without the key.
 */
export function envFingerprint(env: Record<string, string>): string {
  const mac = createHmac('sha256', FINGERPRINT_KEY);
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    mac.update(`${name.length}:${name}${value.length}:${value}`);
  return mac.digest('base64url').slice(0, 22);
}
