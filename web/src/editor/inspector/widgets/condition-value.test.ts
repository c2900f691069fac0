import { describe, expect, it } from 'vitest';
import { conditionValueText, parseConditionValue, valueKind } from './condition-value.ts';

describe('condition values typed as text', () => {
  it('reads JSON when it parses, else the text as a string; empty is no value', () => {
    expect(parseConditionValue('18')).toBe(18);
    expect(parseConditionValue('"18"')).toBe('18');
    expect(parseConditionValue('abc')).toBe('abc');
    expect(parseConditionValue('true')).toBe(true);
    expect(parseConditionValue('{"a": [1]}')).toEqual({ a: [1] });
    expect(parseConditionValue('  ')).toBeUndefined();
    expect(['number', 'string', 'string', 'boolean', 'null', 'list', 'object', 'no value']).toEqual(
      [18, '18', 'abc', true, null, [], {}, undefined].map(valueKind),
    );
  });

  it('writes a value back as text that reads as the same value', () => {
    for (const value of [18, '18', 'abc', 'true', '', ' 1', true, null, [1, 'x'], { a: 1 }])
      expect(parseConditionValue(conditionValueText(value))).toEqual(value);
    expect(conditionValueText('abc')).toBe('abc');
    expect(conditionValueText('18')).toBe('"18"');
    expect(conditionValueText('')).toBe('""');
  });
});
