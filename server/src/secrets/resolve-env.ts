import type { EnvValue } from '@switchyard/shared';
import type { SecretStore } from './secret-store.ts';

/** A policy's environment with secret references replaced by their values, and a redactor for those values. */
export interface ResolvedEnv {
  env: Record<string, string>;
  redact: Redactor;
}

/** Hides secret values in text and in JSON-like values before they reach logs, events or responses. */
export interface Redactor {
  text(text: string): string;
  value<T>(value: T): T;
}

/** Shown in place of a secret value. */
export const REDACTED = '[secret]';
/** Shorter values are not redacted (they would blank out ordinary words); the docs say so. */
const MIN_REDACTED_LENGTH = 4;

/** Resolves `{ secret }` references through `store` (throws `SecretsMissingError` for unknown names). */
export async function resolveEnv(env: Record<string, EnvValue>, store: SecretStore): Promise<ResolvedEnv> {
  const names = Object.values(env).flatMap((v) => (typeof v === 'string' ? [] : [v.secret]));
  const values = await store.reveal(names);
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    resolved[key] = typeof value === 'string' ? value : (values.get(value.secret) ?? '');
  return { env: resolved, redact: redactor([...values.values()]) };
}

/** A redactor for `secrets` (longest first, so a secret containing another is hidden whole). */
export function redactor(secrets: string[], placeholder = REDACTED): Redactor {
  const hidden = [...new Set(secrets.filter((s) => s.length >= MIN_REDACTED_LENGTH))].sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let out = input;
    for (const secret of hidden) if (out.includes(secret)) out = out.split(secret).join(placeholder);
    return out;
  };
  const value = <T>(input: T): T => {
    if (hidden.length === 0) return input;
    if (typeof input === 'string') return text(input) as T;
    if (Array.isArray(input)) return input.map((item) => value(item)) as T;
    if (input && typeof input === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) out[text(k)] = value(v);
      return out as T;
    }
    return input;
  };
  return { text: hidden.length === 0 ? (t) => t : text, value };
}
