import { describe, expect, it } from 'vitest';
import {
  type Condition,
  ConditionGroupSchema,
  ConditionSchema,
  describeCondition,
  describeGroup,
  evaluateCondition,
  evaluateGroup,
} from './conditions.ts';

const input = {
  user: { name: 'Ada', age: 36, email: null, tags: ['admin', 'ops'], address: { city: 'London' } },
  count: 0,
  ok: false,
  zip: '01234',
  blank: '',
  none: [],
  nothing: {},
  spaces: ' ',
  joined: '2024-03-01T10:00:00Z',
  'x-id': 'abc',
};

/** Evaluates one condition over `input` (or the value given). */
const holds = (path: string, op: Condition['op'], value?: unknown, on: unknown = input) =>
  evaluateCondition({ path, op, ...(value === undefined ? {} : { value }) }, on);

describe('equals / not_equals', () => {
  it('compares JSON values deeply, object key order aside, array order not', () => {
    expect(holds('user.name', 'equals', 'Ada')).toBe(true);
    expect(holds('user.age', 'equals', 36)).toBe(true);
    expect(holds('user.address', 'equals', { city: 'London' })).toBe(true);
    expect(holds('', 'equals', { b: 1, a: [1, { c: null }] }, { a: [1, { c: null }], b: 1 })).toBe(true);
    expect(holds('user.tags', 'equals', ['admin', 'ops'])).toBe(true);
    expect(holds('user.tags', 'equals', ['ops', 'admin'])).toBe(false);
    expect(holds('user.address', 'equals', { city: 'London', zip: null })).toBe(false);
    expect(holds('user.email', 'equals', null)).toBe(true);
  });

  it('never converts types: 36 is not "36", 0 is not false, [] is not {}', () => {
    expect(holds('user.age', 'equals', '36')).toBe(false);
    expect(holds('zip', 'equals', 1234)).toBe(false);
    expect(holds('count', 'equals', false)).toBe(false);
    expect(holds('none', 'equals', {})).toBe(false);
    expect(holds('user.age', 'not_equals', '36')).toBe(true);
  });

  it('not_equals is the negation for values that exist', () => {
    expect(holds('user.name', 'not_equals', 'Bob')).toBe(true);
    expect(holds('user.name', 'not_equals', 'Ada')).toBe(false);
    expect(holds('user.tags', 'not_equals', ['admin'])).toBe(true);
  });

  it('compares a deeply nested value without overflowing the stack', () => {
    const nest = (depth: number) => {
      let value: unknown = 'leaf';
      for (let i = 0; i < depth; i++) value = [value];
      return value;
    };
    expect(holds('', 'equals', nest(100_000), nest(100_000))).toBe(true);
  });
});

describe('greater / less', () => {
  it('compares numbers numerically', () => {
    expect(holds('user.age', 'greater', 18)).toBe(true);
    expect(holds('user.age', 'greater', 36)).toBe(false);
    expect(holds('user.age', 'less', 100)).toBe(true);
    expect(holds('user.age', 'less', 36)).toBe(false);
    expect(holds('count', 'greater', -1.5)).toBe(true);
    expect(holds('', 'greater', 9, 10)).toBe(true); // numerically: as strings "10" < "9"
  });

  it('compares two strings lexicographically, so ISO dates in one format compare in time', () => {
    expect(holds('user.name', 'greater', 'Aa')).toBe(true);
    expect(holds('user.name', 'less', 'B')).toBe(true);
    expect(holds('joined', 'greater', '2024-02-29T23:59:59Z')).toBe(true);
    expect(holds('joined', 'less', '2024-03-01T10:00:01Z')).toBe(true);
  });

  it('is false for any other pair, and never throws', () => {
    expect(holds('zip', 'greater', 100)).toBe(false); // string vs number
    expect(holds('zip', 'less', 100)).toBe(false);
    expect(holds('user.age', 'greater', '1')).toBe(false); // number vs string
    expect(holds('ok', 'less', true)).toBe(false);
    expect(holds('user.email', 'less', 1)).toBe(false);
    expect(holds('user.tags', 'greater', ['a'])).toBe(false);
    expect(holds('user', 'less', { name: 'Z' })).toBe(false);
  });
});

describe('contains', () => {
  it('finds a substring in a string', () => {
    expect(holds('user.name', 'contains', 'da')).toBe(true);
    expect(holds('user.name', 'contains', 'DA')).toBe(false);
    expect(holds('zip', 'contains', 123)).toBe(false); // no number-to-string conversion
  });

  it('finds an element deep-equal to the value in an array', () => {
    expect(holds('user.tags', 'contains', 'ops')).toBe(true);
    expect(holds('user.tags', 'contains', 'op')).toBe(false);
    expect(holds('', 'contains', { id: 2 }, [{ id: 1 }, { id: 2 }])).toBe(true);
    expect(holds('', 'contains', 2, ['2'])).toBe(false);
  });

  it('finds an own key in an object', () => {
    expect(holds('user', 'contains', 'email')).toBe(true);
    expect(holds('user', 'contains', 'phone')).toBe(false);
    expect(holds('user', 'contains', 'toString')).toBe(false);
  });

  it('is false on numbers, booleans and null', () => {
    expect(holds('user.age', 'contains', 3)).toBe(false);
    expect(holds('ok', 'contains', false)).toBe(false);
    expect(holds('user.email', 'contains', null)).toBe(false);
  });
});

describe('exists / is_empty', () => {
  it('exists: the path is found; null counts as existing', () => {
    expect(holds('user.name', 'exists')).toBe(true);
    expect(holds('user.email', 'exists')).toBe(true);
    expect(holds('count', 'exists')).toBe(true);
    expect(holds('user.phone', 'exists')).toBe(false);
    expect(holds('', 'exists', undefined, null)).toBe(true);
    expect(evaluateCondition({ path: '', op: 'exists' }, undefined)).toBe(false);
  });

  it('is_empty: missing, null, "", [] and {}; not 0, false or " "', () => {
    for (const path of ['user.phone', 'user.email', 'blank', 'none', 'nothing', 'user.tags[5]'])
      expect([path, holds(path, 'is_empty')]).toEqual([path, true]);
    for (const path of ['count', 'ok', 'spaces', 'user.tags', 'user.address', 'zip'])
      expect([path, holds(path, 'is_empty')]).toEqual([path, false]);
  });
});

describe('paths', () => {
  it('reads nested keys, indexes and quoted keys; "" is the input itself', () => {
    expect(holds('user.tags[1]', 'equals', 'ops')).toBe(true);
    expect(holds('user["address"].city', 'equals', 'London')).toBe(true);
    expect(holds('["x-id"]', 'equals', 'abc')).toBe(true);
    expect(holds('', 'equals', 'plain', 'plain')).toBe(true);
    expect(holds('  ', 'greater', 1, 2)).toBe(true);
  });

  it('a missing path makes every operator false except exists (false) and is_empty (true)', () => {
    for (const [op, value] of [
      ['equals', null],
      ['not_equals', 1],
      ['greater', 0],
      ['less', 0],
      ['contains', 'a'],
    ] as const)
      expect([op, holds('user.nope.deeper', op, value)]).toEqual([op, false]);
    expect(holds('user.nope', 'exists')).toBe(false);
    expect(holds('user.nope', 'is_empty')).toBe(true);
  });

  it('finds nothing through a scalar, outside an array, or in inherited members', () => {
    expect(holds('user.name.first', 'exists')).toBe(false);
    expect(holds('user.tags[2]', 'exists')).toBe(false);
    expect(holds('user.constructor', 'exists')).toBe(false);
    expect(holds('__proto__', 'exists')).toBe(false);
    expect(holds('user.name', 'exists', undefined, 'a string input')).toBe(false);
  });

  it('an invalid path (which the schema refuses) reads as missing rather than throwing', () => {
    expect(holds('user..name', 'exists')).toBe(false);
    expect(holds('user[', 'is_empty')).toBe(true);
  });
});

describe('groups', () => {
  const adult = { path: 'user.age', op: 'greater' as const, value: 18 };
  const bob = { path: 'user.name', op: 'equals' as const, value: 'Bob' };

  it('all: every condition holds; any: at least one', () => {
    expect(evaluateGroup({ combine: 'all', conditions: [adult, bob] }, input)).toBe(false);
    expect(evaluateGroup({ combine: 'any', conditions: [adult, bob] }, input)).toBe(true);
    expect(evaluateGroup({ combine: 'all', conditions: [adult] }, input)).toBe(true);
    expect(evaluateGroup({ combine: 'any', conditions: [bob] }, input)).toBe(false);
  });

  it('an empty group is true with all and false with any', () => {
    expect(evaluateGroup({ combine: 'all', conditions: [] }, input)).toBe(true);
    expect(evaluateGroup({ combine: 'any', conditions: [] }, input)).toBe(false);
  });
});

describe('ConditionSchema / ConditionGroupSchema', () => {
  const issues = (value: unknown) => {
    const parsed = ConditionSchema.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts conditions, path defaulting to the input itself', () => {
    expect(ConditionSchema.parse({ op: 'exists' })).toEqual({ path: '', op: 'exists' });
    expect(issues({ path: 'a.b[0]["c d"]', op: 'contains', value: 'x' })).toEqual([]);
    expect(issues({ path: 'a', op: 'equals', value: null })).toEqual([]);
    expect(issues({ path: 'a', op: 'is_empty' })).toEqual([]);
  });

  it('refuses a bad path, an unknown op and a missing value with a message naming the field', () => {
    expect(issues({ path: 'a..b', op: 'exists' })).toEqual([expect.stringMatching(/^path: invalid path "a\.\.b"/)]);
    expect(issues({ path: 'a', op: 'matches', value: '.*' })).toEqual([
      'op: op must be one of equals, not_equals, greater, less, contains, exists, is_empty',
    ]);
    for (const op of ['equals', 'not_equals', 'greater', 'less', 'contains'])
      expect(issues({ path: 'a', op })).toEqual([`value: "${op}" needs a value to compare with`]);
  });

  it('a group defaults to all with no conditions and names the bad condition', () => {
    expect(ConditionGroupSchema.parse({})).toEqual({ combine: 'all', conditions: [] });
    const bad = ConditionGroupSchema.safeParse({ combine: 'every', conditions: [{ op: 'exists' }, { op: 'less' }] });
    expect(bad.success ? [] : bad.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['combine', 'combine must be "all" or "any"'],
      ['conditions.1.value', '"less" needs a value to compare with'],
    ]);
  });
});

describe('describeCondition / describeGroup', () => {
  it('reads as a short line', () => {
    expect(describeCondition({ path: 'user.age', op: 'greater', value: 18 })).toBe('user.age > 18');
    expect(describeCondition({ path: 'status', op: 'equals', value: 'active' })).toBe('status = "active"');
    expect(describeCondition({ path: 'status', op: 'not_equals', value: null })).toBe('status ≠ null');
    expect(describeCondition({ path: 'tags', op: 'contains', value: 'x' })).toBe('tags contains "x"');
    expect(describeCondition({ path: 'email', op: 'exists' })).toBe('email exists');
    expect(describeCondition({ path: '', op: 'is_empty' })).toBe('input is empty');
    expect(describeCondition({ path: 'a', op: 'equals', value: 'a very long value that goes on' })).toBe(
      'a = "a very long value that…',
    );
  });

  it('summarises a group', () => {
    const c = { path: 'n', op: 'less' as const, value: 3 };
    expect(describeGroup({ combine: 'all', conditions: [c] })).toBe('n < 3');
    expect(describeGroup({ combine: 'any', conditions: [c, c] })).toBe('2 conditions (any)');
    expect(describeGroup({ combine: 'all', conditions: [] })).toBe('always true');
    expect(describeGroup({ combine: 'any', conditions: [] })).toBe('never true');
  });
});
