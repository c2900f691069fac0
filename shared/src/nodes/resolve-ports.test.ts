import { describe, expect, it } from 'vitest';
import { codeNode } from './code.node.ts';
import { resolvePorts } from './resolve-ports.ts';

describe('resolvePorts', () => {
  it('follows a code node’s declared port lists', () => {
    const ports = resolvePorts(codeNode, { inputs: ['a', { name: 'b', type: 'number', required: false }], outputs: ['x', 'y'] });
    expect(ports.inputs.map((p) => [p.name, p.type, p.required])).toEqual([
      ['a', 'any', true],
      ['b', 'number', false],
    ]);
    expect(ports.outputs.map((p) => p.name)).toEqual(['x', 'y']);
  });

  it('keeps the handles of a node whose other fields are invalid', () => {
    const ports = resolvePorts(codeNode, { timeoutMs: -5, language: 'cobol', inputs: ['left', 'right'] });
    expect(ports.inputs.map((p) => p.name)).toEqual(['left', 'right']);
  });

  it('falls back to the default ports when the port list itself is invalid, and to none for an unknown type', () => {
    expect(resolvePorts(codeNode, { inputs: ['ok', 'not an identifier'] }).inputs.map((p) => p.name)).toEqual(['input']);
    expect(resolvePorts(undefined, {})).toEqual({ inputs: [], outputs: [] });
  });
});
