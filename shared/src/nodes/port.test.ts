import { describe, expect, it } from 'vitest';
import { compile } from '../graph/compile.ts';
import { PortNameSchema, RESERVED_PORT_NAMES } from './port.ts';

describe('PortNameSchema', () => {
  it('refuses every member a plain object inherits, and prototype', () => {
    const inherited = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];
    expect([...RESERVED_PORT_NAMES].sort()).toEqual(inherited.sort());
    for (const name of inherited) {
      const parsed = PortNameSchema.safeParse(name);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe(
        `"${name}" is reserved (every JavaScript object has it); choose another port name`,
      );
    }
  });

  it('takes names that merely look alike', () => {
    for (const name of ['proto', '_constructor', 'Constructor', 'toStrings', 'value'])
      expect(PortNameSchema.parse(name)).toBe(name);
  });
});

describe('compile with names an object inherits', () => {
  it('finds no node type in Object.prototype', () => {
    const result = compile({ nodes: [{ id: 'x', type: 'toString', position: { x: 0, y: 0 } }], edges: [] });
    expect(result.errors.map((e) => e.code)).toEqual(['unknown_node_type']);
  });
});
