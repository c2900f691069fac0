import { z } from 'zod';

const cache = new WeakMap<object, z.ZodType>();

/**
 * The one place user-authored JSON Schemas become zod schemas (`z.fromJSONSchema`), cached per schema
 * object. Throws when the document is not a JSON Schema zod can check (the message says what is wrong).
 */
export function schemaFromJson(json: Record<string, unknown>): z.ZodType {
  let schema = cache.get(json);
  if (!schema) {
    schema = z.fromJSONSchema(json as Parameters<typeof z.fromJSONSchema>[0]);
    cache.set(json, schema);
  }
  return schema;
}

/** A config field holding a JSON Schema: any object that converts (checked as the user edits). */
export const JsonSchemaFieldSchema = z.record(z.string(), z.unknown()).superRefine((json, ctx) => {
  try {
    schemaFromJson(json);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a usable JSON Schema: ${(err as Error).message}` });
  }
});

/** "`age`: Too small: expected number to be >=0; `name`: ..." — every issue with its path. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const parts = error.issues
    .slice(0, max)
    .map((i) => `${i.path.length > 0 ? `\`${i.path.join('.')}\`` : 'the value'}: ${i.message}`);
  const more = error.issues.length > max ? ` (and ${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}
