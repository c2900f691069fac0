import { describe, expect, it } from 'vitest';
import { rowsToSchema, schemaToRows } from './schema-form.ts';

describe('the simple schema form', () => {
  it('round-trips an object schema of typed, described properties', () => {
    const schema = {
      type: 'object',
      properties: { text: { type: 'string', description: 'what to count' }, limit: { type: 'integer' } },
      required: ['text'],
    };
    const rows = schemaToRows(schema);
    expect(rows).toEqual([
      { name: 'text', type: 'string', required: true, description: 'what to count' },
      { name: 'limit', type: 'integer', required: false, description: '' },
    ]);
    expect(rowsToSchema(rows ?? [])).toEqual(schema);
  });

  it('leaves richer schemas to the JSON editor, and drops unnamed rows', () => {
    expect(schemaToRows({ type: 'object', properties: { mode: { type: 'string', enum: ['a', 'b'] } } })).toBeNull();
    expect(schemaToRows({ type: 'array', items: { type: 'string' } })).toBeNull();
    expect(schemaToRows({ type: 'object', properties: { nested: { type: 'object', properties: {} } } })).toBeNull();
    expect(rowsToSchema([{ name: ' ', type: 'string', required: true, description: '' }])).toBeUndefined();
  });
});
