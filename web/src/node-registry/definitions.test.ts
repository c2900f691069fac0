import { CATEGORIES, defaultRegistry, defineNode } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definitionOf, isTriggerType, subtitleOf, withNodeTypes } from './definitions.ts';

const pickyNode = defineNode({
  type: 'test_picky',
  version: 1,
  title: 'Picky',
  description: 'test only',
  category: CATEGORIES.flow,
  icon: [['circle', { cx: 12, cy: 12, r: 4 }]],
  subtitle: (config) => {
    if (config.mode === 'boom') throw new Error('a subtitle bug');
    return config.mode === 'none' ? null : `${config.mode} ×${config.times}`;
  },
  config: z.object({ mode: z.enum(['fast', 'none', 'boom']).default('fast'), times: z.number().int().default(2) }),
  ports: () => ({ inputs: [], outputs: [] }),
});

describe('subtitleOf: the card hint from the definition', () => {
  it('reads the config parsed by the schema (defaults applied)', () => {
    expect(subtitleOf(pickyNode, {})).toBe('fast ×2');
    expect(subtitleOf(pickyNode, { times: 3 })).toBe('fast ×3');
  });

  it('gives none for an invalid config, a null subtitle, a throwing one, or a type without one', () => {
    expect(subtitleOf(pickyNode, { times: 'many' })).toBeNull();
    expect(subtitleOf(pickyNode, { mode: 'none' })).toBeNull();
    expect(subtitleOf(pickyNode, { mode: 'boom' })).toBeNull();
    expect(subtitleOf(undefined, {})).toBeNull();
  });
});

describe('a registry with extra node types', () => {
  const registry = withNodeTypes(defaultRegistry, pickyNode);

  it('finds its own types and the shared ones, never inherited members', () => {
    expect(definitionOf(registry, 'test_picky')?.title).toBe('Picky');
    expect(definitionOf(registry, 'code')).toBe(defaultRegistry.code);
    expect(definitionOf(registry, 'constructor')).toBeUndefined();
    expect(definitionOf(defaultRegistry, 'test_picky')).toBeUndefined();
  });

  it('knows triggers by their definition', () => {
    expect(isTriggerType(registry, 'trigger')).toBe(true);
    expect(isTriggerType(registry, 'test_picky')).toBe(false);
  });
});
