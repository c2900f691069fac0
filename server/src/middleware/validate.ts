import { validator } from 'hono/validator';
import type { z } from 'zod';
import { errors } from '../errors.ts';

type Target = 'json' | 'query' | 'param';
const where: Record<Target, string> = { json: 'request body', query: 'query string', param: 'path parameters' };

/** Deepest nesting of arrays and objects accepted in a request (a workflow graph needs about 6). */
export const MAX_JSON_DEPTH = 128;

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

interface Issue {
  path: string;
  message: string;
  code: string;
}

/**
 * Why `value` cannot be stored, or null. Postgres `text` and `jsonb` refuse U+0000, and drizzle
 * serialises jsonb recursively (a deep enough document overflows the stack): left unchecked, both
 * surface as a 500 from the database layer, so they are rejected here as client mistakes.
 */
function unstorable(value: unknown, path: string[] = []): Issue | null {
  const at = (segment: string) => [...path, segment];
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? { path: path.join('.'), message: 'must not contain the NUL character (\\u0000)', code: 'invalid_format' }
      : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (path.length >= MAX_JSON_DEPTH)
    return { path: path.join('.'), message: `nested deeper than ${MAX_JSON_DEPTH} levels`, code: 'too_big' };
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return { path: at(key).join('.'), message: 'a key must not contain NUL', code: 'invalid_key' };
    const issue = unstorable(child, at(key));
    if (issue) return issue;
  }
  return null;
}

/** Throws 400 `validation_failed` when `value` cannot be stored (see `unstorable`); `where` names the request part. */
export function assertStorable(value: unknown, where: string): void {
  const issue = unstorable(value);
  if (issue) throw errors.validation(where, [issue]);
}

/**
 * Validates one part of the request with a zod schema and hands the parsed value to the handler
 * (`c.req.valid(target)`), keeping Hono's type inference for the typed client.
 */
export function validate<T extends Target, S extends z.ZodType>(target: T, schema: S) {
  return validator(target, async (value, c) => {
    // Hono hands a non-JSON body over as `{}`, which would silently drop what the client sent.
    if (target === 'json') {
      const type = c.req.header('content-type') ?? '';
      if (!JSON_MEDIA_TYPE.test(type.split(';')[0]?.trim() ?? '') && (await c.req.text()).length > 0)
        throw errors.unsupportedMediaType(type);
    }
    assertStorable(value, where[target]);
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw errors.validation(
        where[target],
        parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code })),
      );
    }
    return parsed.data as z.output<S>;
  });
}
