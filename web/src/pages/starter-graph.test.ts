import { compile } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { starterGraph } from './starter-graph.ts';

describe('starterGraph', () => {
  it('compiles: a new workflow can run before the user changes anything', () => {
    const result = compile(starterGraph());
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
