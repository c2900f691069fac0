import { createHmac, randomBytes } from 'node:crypto';
import type { EnvValue } from '@switchyard/shared';
import { type Redactor, redactor } from './redactor.ts';
import type { SecretStore } from './secret-store.ts';

export { MIN_REDACTED_LENGTH, REDACTED, type Redactor, redactor } from './redactor.ts';

/** A policy's environment with secret references replaced by their values, and a redactor for those values. */
export interface ResolvedEnv {
  env: Record<string, string>;
  /** The secret values revealed for it (for a run-wide redactor; never logged). */
  secrets: string[];
  redact: Redactor;
}

/** Resolves `{ secret }` references through `store` (throws `SecretsMissingError` for unknown names). */
export async function resolveEnv(env: Record<string, EnvValue>, store: SecretStore): Promise<ResolvedEnv> {
  const names = Object.values(env).flatMap((v) => (typeof v === 'string' ? [] : [v.secret]));
  const values = await store.reveal(names);
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
