import type { ConditionOp } from '@switchyard/shared';

/** What the operator select shows for each operator (the stored value is the key). */
export const OP_LABELS: Record<ConditionOp, string> = {
  equals: 'equals',
  not_equals: 'not equals',
  greater: 'greater than',
  less: 'less than',
  contains: 'contains',
  exists: 'exists',
  is_empty: 'is empty',
};

/** Operators that only look at the path: the row hides its value and the condition keeps none. */
export const needsValue = (op: ConditionOp) => op !== 'exists' && op !== 'is_empty';

/**
 * The typed text → the condition's value: JSON when it parses (`18` is a number, `"18"` a string, `true` a boolean),
 * else the text itself as a string (`abc`). Empty text is no value (the compiler then asks for one).
 */
export function parseConditionValue(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The text that parses back to `value`: a string shows bare unless it would read as JSON (then quoted). */
export function conditionValueText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string' && parseConditionValue(value) === value) return value;
  return JSON.stringify(value);
}

/** The kind of value the text was read as, for the small hint beside the field. */
export function valueKind(value: unknown): string {
  if (value === undefined) return 'no value';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}
