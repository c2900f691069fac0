import { describe, expect, it } from 'vitest';
import { newRow, renamesOf, rowErrors, rowsOf, toDecls } from './port-rows.ts';

describe('port rows', () => {
  it('reads bare names and objects, and writes the compact form back', () => {
    const rows = rowsOf(['input', { name: 'items', type: 'array', required: false, multiple: true }]);
    expect(rows.map(({ name, type, required, multiple }) => ({ name, type, required, multiple }))).toEqual([
      { name: 'input', type: 'any', required: true, multiple: false },
      { name: 'items', type: 'array', required: false, multiple: true },
    ]);
    expect(toDecls(rows, 'inputs')).toEqual(['input', { name: 'items', type: 'array', required: false, multiple: true }]);
    expect(toDecls(rows, 'outputs')).toEqual(['input', { name: 'items', type: 'array' }]);
  });

  it('rejects names that are not identifiers and duplicates, with the shared rule', () => {
    const [a, b, c] = rowsOf(['a', 'b', 'c']);
    if (!a || !b || !c) throw new Error('three rows expected');
    const errors = rowErrors([{ ...a, name: 'two words' }, b, { ...c, name: 'b' }]);
    expect(errors.get(a.key)).toMatch(/identifier/);
    expect(errors.get(b.key)).toMatch(/another port is named "b"/);
    expect(errors.get(c.key)).toMatch(/another port is named "b"/);
  });

  it('reports renames of committed rows only', () => {
    const rows = rowsOf(['a', 'b']);
    const edited = [{ ...rows[0], name: 'left' }, rows[1], newRow(rows, 'inputs')].map((r) => r as (typeof rows)[number]);
    expect(renamesOf(edited)).toEqual({ a: 'left' });
    expect(edited[2]?.name).toBe('input3');
  });
});
