import { describe, expect, it } from 'vitest';
import { codeTypings } from './code-typings.ts';

describe('code typings', () => {
  it('types Inputs from the input ports: port type, optional, many', () => {
    const d = codeTypings({
      inputs: [
        { name: 'input', type: 'any', required: true },
        { name: 'count', type: 'number', required: true },
        { name: 'items', type: 'any', required: false, multiple: true },
        { name: 'rows', type: 'array', multiple: true },
      ],
      outputs: [{ name: 'output', type: 'string' }],
    });
    expect(d).toContain(
      'interface Inputs {\n  input: unknown;\n  count: number;\n  items?: unknown[];\n  rows: Array<unknown[]>;\n}',
    );
    expect(d).toContain('type Outputs = string;');
    expect(d).toContain('log(...args: unknown[]): void;');
    expect(d).toContain('type Main = (inputs: Inputs, ctx: Ctx) => Outputs | Promise<Outputs>;');
  });

  it('types several outputs as an object keyed by port', () => {
    const d = codeTypings({
      inputs: [],
      outputs: [
        { name: 'ok', type: 'boolean' },
        { name: 'data', type: 'object' },
      ],
    });
    expect(d).toContain('type Outputs = {\n  ok: boolean;\n  data: Record<string, unknown>;\n};');
    expect(d).toContain('interface Inputs {\n}');
  });
});
