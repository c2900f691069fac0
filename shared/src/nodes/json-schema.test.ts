import { describe, expect, it } from 'vitest';
import { code, edge, output, trigger } from '../fixtures/workflows.ts';
import { compile } from '../graph/compile.ts';
import { describeIssues, schemaFromJson } from './json-schema.ts';

const person = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 } },
  required: ['name'],
};

describe('JSON Schemas on code nodes', () => {
  it('checks values against a user-authored schema and names each failing path', () => {
    const schema = schemaFromJson(person);
    expect(schema.safeParse({ name: 'Ada', age: 36 }).success).toBe(true);
    const bad = schema.safeParse({ age: -1 });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(describeIssues(bad.error)).toMatch(/^`name`: .*; `age`: .*>=0/);
  });

  it('reports a schema that is not a JSON Schema as a compile error on the field, as the user edits', () => {
    const graph = {
      nodes: [
        trigger(),
        code('c', 'export default (i) => i', { inputSchema: { type: 'nonsense' }, outputSchema: person }),
        output(),
      ],
      edges: [edge('trigger', 'c'), edge('c', 'output')],
    };
    const result = compile(graph);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      expect.objectContaining({
        code: 'invalid_config',
        nodeId: 'c',
        path: ['config', 'inputSchema'],
        message: expect.stringContaining('not a usable JSON Schema'),
      }),
    ]);
  });
});
