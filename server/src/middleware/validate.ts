import { validator } from 'hono/validator';
import type { z } from 'zod';
import { errors } from '../errors.ts';

type Target = 'json' | 'query' | 'param';
const where: Record<Target, string> = { json: 'request body', query: 'query string', param: 'path parameters' };

/**
 * Validates one part of the request with a zod schema and hands the parsed value to the handler
 * (`c.req.valid(target)`), keeping Hono's type inference for the typed client.
 */
export function validate<T extends Target, S extends z.ZodType>(target: T, schema: S) {
  return validator(target, (value) => {
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
