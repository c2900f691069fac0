import { z } from 'zod';
import { getPath, PathError, parsePath } from './value-path.ts';

/**
 * Conditions of the `if` and `switch` nodes: data, evaluated on the server by the functions below, never as code
 * and never with a regular expression. A condition reads one value of the node's input by a path (see
 * value-path.ts; `''` is the input itself) and compares it with `value`. The rules, chosen so that a condition
 * never throws and never converts types behind the user's back:
 *
 * - `equals` / `not_equals`: deep JSON equality (object key order is irrelevant, array order is not). No type
 *   conversion: the number `18` does not equal the string `"18"`, and `1` does not equal `true`.
 * - `greater` / `less`: two numbers compare numerically, two strings lexicographically (by UTF-16 code units, so
 *   ISO 8601 dates and times in the same format compare chronologically). Any other pair is false.
 * - `contains`: a string contains a substring (`value` must be a string); an array contains an element deep-equal
 *   to `value`; an object has an own key named `value`. Anything else is false.
 * - `exists`: the path is found (`null` counts as existing: the key is there, its value is null).
 * - `is_empty`: the path is missing, or the value is `null`, `''`, `[]` or `{}` (`0`, `false` and `' '` are not empty).
 * - A missing path makes every other operator false, `not_equals` included: nothing is compared with nothing.
 * - A group combines its conditions with `all` (every one holds) or `any` (at least one does); an empty group is
 *   `all` → true, `any` → false (the identities of "and" and "or").
 */
export const CONDITION_OPS = ['equals', 'not_equals', 'greater', 'less', 'contains', 'exists', 'is_empty'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Operators that compare with `value` (the others only look at the path). */
const VALUE_OPS: ReadonlySet<ConditionOp> = new Set(['equals', 'not_equals', 'greater', 'less', 'contains']);

/** A value path into the node's input, checked with the same scanner that reads it. */
const ConditionPathSchema = z
  .string()
  .max(1_000, 'a path is at most 1000 characters')
  .superRefine((path, ctx) => {
    try {
      parsePath(path);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof PathError ? err.message : `invalid path "${path}"` });
    }
  });

/** One test of a value of the node's input. */
export const ConditionSchema = z
  .object({
    /** Value path into the node's input (`user.age`, `items[0]`, `headers["x-id"]`); `''` is the input itself. */
    path: ConditionPathSchema.default(''),
    op: z.enum(CONDITION_OPS, { error: `op must be one of ${CONDITION_OPS.join(', ')}` }),
    /** JSON value to compare with; required by every operator but `exists` and `is_empty` (which ignore it). */
    value: z.unknown().optional(),
  })
  .superRefine((condition, ctx) => {
    if (VALUE_OPS.has(condition.op) && condition.value === undefined)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `"${condition.op}" needs a value to compare with` });
  });
export type Condition = z.infer<typeof ConditionSchema>;

/** How a group combines its conditions. */
export const CombineSchema = z.enum(['all', 'any'], { error: 'combine must be "all" or "any"' });

/** The shape shared by `if` configs and `switch` cases. */
export const CONDITION_GROUP_FIELDS = {
  /** `all`: every condition holds (none → true); `any`: at least one does (none → false). */
  combine: CombineSchema.default('all'),
  conditions: z
    .array(ConditionSchema)
    .max(100, 'at most 100 conditions')
    .default(() => []),
};

/** Conditions combined with all/any. */
export const ConditionGroupSchema = z.object(CONDITION_GROUP_FIELDS);
export type ConditionGroup = z.infer<typeof ConditionGroupSchema>;

/** Whether `condition` holds for `input`. Never throws; an unreadable path counts as missing. */
export function evaluateCondition(condition: Condition, input: unknown): boolean {
  const found = lookup(input, condition.path);
  if (condition.op === 'exists') return found.present;
  if (condition.op === 'is_empty') return !found.present || isEmpty(found.value);
  if (!found.present) return false;
  const actual = found.value;
  const expected = condition.value;
  switch (condition.op) {
    case 'equals':
      return jsonEqual(actual, expected);
    case 'not_equals':
      return !jsonEqual(actual, expected);
    case 'greater':
      return comparable(actual, expected) && (actual as number | string) > (expected as number | string);
    case 'less':
      return comparable(actual, expected) && (actual as number | string) < (expected as number | string);
    case 'contains':
      return contains(actual, expected);
  }
}

/** Whether the group holds for `input`: `all` of its conditions, or `any` of them. */
export function evaluateGroup(group: ConditionGroup, input: unknown): boolean {
  return group.combine === 'all'
    ? group.conditions.every((c) => evaluateCondition(c, input))
    : group.conditions.some((c) => evaluateCondition(c, input));
}

const OP_TEXT: Record<ConditionOp, string> = {
  equals: '=',
  not_equals: '≠',
  greater: '>',
  less: '<',
  contains: 'contains',
  exists: 'exists',
  is_empty: 'is empty',
};

/** A one-line reading of a condition for node cards, e.g. `user.age > 18`, `status = "active"`, `email exists`. */
export function describeCondition(condition: Condition): string {
  const path = condition.path.trim() || 'input';
  const op = OP_TEXT[condition.op];
  if (!VALUE_OPS.has(condition.op)) return `${path} ${op}`;
  return `${path} ${op} ${shorten(JSON.stringify(condition.value) ?? 'undefined', 24)}`;
}

/** A one-line reading of a group: its condition, `3 conditions (any)`, or what an empty group always is. */
export function describeGroup(group: ConditionGroup): string {
  const [first] = group.conditions;
  if (!first) return group.combine === 'all' ? 'always true' : 'never true';
  if (group.conditions.length === 1) return describeCondition(first);
  return `${group.conditions.length} conditions (${group.combine})`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The value at `path`; `present` is false when a step is missing, the value is undefined or the path is invalid. */
function lookup(input: unknown, path: string): { present: boolean; value?: unknown } {
  try {
    const found = getPath(input, parsePath(path));
    return found.found && found.value !== undefined ? { present: true, value: found.value } : { present: false };
  } catch {
    return { present: false };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** Two numbers, or two strings: the only pairs `greater` and `less` order. */
function comparable(a: unknown, b: unknown): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

function contains(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
  if (Array.isArray(actual)) return actual.some((item) => jsonEqual(item, expected));
  if (isPlainObject(actual)) return typeof expected === 'string' && Object.hasOwn(actual, expected);
  return false;
}

/**
 * Deep equality of JSON values, without recursion (a deeply nested input cannot overflow the stack). Objects are
 * equal when they have the same own keys with equal values, in any order; arrays when equal item by item.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  const pairs: [unknown, unknown][] = [[a, b]];
  for (let pair = pairs.pop(); pair; pair = pairs.pop()) {
    const [x, y] = pair;
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) pairs.push([x[i], y[i]]);
      continue;
    }
    const xs = x as Record<string, unknown>;
    const ys = y as Record<string, unknown>;
    const keys = Object.keys(xs);
    if (keys.length !== Object.keys(ys).length) return false;
    for (const key of keys) {
      if (!Object.hasOwn(ys, key)) return false;
      pairs.push([xs[key], ys[key]]);
    }
  }
  return true;
}
