import { describe, expect, it } from 'vitest';
import { compile } from '../graph/compile.ts';
import { describeNode } from './describe-node.ts';
import { ifNode } from './if.node.ts';
import { switchNode } from './switch.node.ts';

/** trigger → <node> → output, with `node`'s config. */
const through = (type: string, config: unknown, from = 'true') => ({
  nodes: [
    { id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, config: {} },
    { id: 'branch', type, position: { x: 0, y: 100 }, config },
    { id: 'output', type: 'output', position: { x: 0, y: 200 }, config: {} },
  ],
  edges: [
    { id: 'e1', source: 'trigger', sourceHandle: 'output', target: 'branch', targetHandle: 'input' },
    { id: 'e2', source: 'branch', sourceHandle: from, target: 'output', targetHandle: 'input' },
  ],
});

const messages = (result: ReturnType<typeof compile>) => (result.ok ? [] : result.errors.map((e) => e.message));

describe('if node', () => {
  it('defaults to no conditions (always true), branches, and has ports true and false', () => {
    const config = ifNode.config.parse({});
    expect(config).toEqual({ combine: 'all', conditions: [] });
    expect(ifNode.branches).toBe(true);
    expect(ifNode.ports(config).outputs.map((p) => p.name)).toEqual(['true', 'false']);
    expect(ifNode.subtitle?.(config)).toBe('always true');
  });

  it('summarises its conditions on the card', () => {
    const one = ifNode.config.parse({ conditions: [{ path: 'user.age', op: 'greater', value: 18 }] });
    expect(ifNode.subtitle?.(one)).toBe('user.age > 18');
    const two = ifNode.config.parse({ combine: 'any', conditions: [{ op: 'exists' }, { op: 'is_empty' }] });
    expect(ifNode.subtitle?.(two)).toBe('2 conditions (any)');
  });

  it('compiles with either port wired, and names a bad condition in the compile error', () => {
    expect(compile(through('if', {})).ok).toBe(true);
    expect(compile(through('if', {}, 'false')).ok).toBe(true);
    expect(messages(compile(through('if', { conditions: [{ path: 'a', op: 'greater' }] })))).toEqual([
      'node "branch": config.conditions.0.value: "greater" needs a value to compare with',
    ]);
  });
});

describe('switch node', () => {
  it('defaults to one case, case1, and derives one output port per case plus default', () => {
    const config = switchNode.config.parse({});
    expect(config).toEqual({ cases: [{ name: 'case1', combine: 'all', conditions: [] }] });
    expect(switchNode.ports(config).outputs.map((p) => p.name)).toEqual(['case1', 'default']);
    const three = switchNode.config.parse({ cases: [{ name: 'small' }, { name: 'large' }, { name: 'huge' }] });
    expect(switchNode.ports(three).outputs.map((p) => p.name)).toEqual(['small', 'large', 'huge', 'default']);
    expect(switchNode.subtitle?.(three)).toBe('3 cases + default');
    expect(compile(through('switch', {}, 'case1')).ok).toBe(true);
    expect(compile(through('switch', {}, 'default')).ok).toBe(true);
  });

  it('refuses duplicate, reserved, non-identifier and "default" case names, and an empty case list', () => {
    const errors = (cases: unknown) => messages(compile(through('switch', { cases }, 'default')));
    expect(errors([{ name: 'a' }, { name: 'b' }, { name: 'a' }])).toEqual([
      'node "branch": config.cases.2.name: two cases are named "a"',
    ]);
    expect(errors([{ name: 'default' }])).toEqual([
      'node "branch": config.cases.0.name: "default" is the port taken when no case matches; name the case otherwise',
    ]);
    expect(errors([{ name: 'has space' }])).toEqual([
      'node "branch": config.cases.0.name: a port name must be an identifier (letters, digits, _ or $)',
    ]);
    expect(errors([{ name: 'constructor' }])).toEqual([
      'node "branch": config.cases.0.name: "constructor" is reserved (every JavaScript object has it); choose another port name',
    ]);
    expect(errors([])).toEqual(['node "branch": config.cases: a switch needs at least one case']);
  });

  it('an edge from a port that is not a case is refused by the compiler', () => {
    expect(compile(through('switch', {}, 'other')).ok).toBe(false);
  });
});

describe('palette description', () => {
  it('both describe to JSON (config schema, default config, ports, editor hints)', () => {
    for (const def of [ifNode, switchNode]) {
      const described = JSON.parse(JSON.stringify(describeNode(def)));
      expect(described.category.id).toBe('flow');
      expect(described.configSchema.type).toBe('object');
      expect(described.ports.outputs.length).toBeGreaterThanOrEqual(2);
    }
    expect(describeNode(ifNode).editor.conditions?.widget).toBe('conditions');
    expect(describeNode(switchNode).editor.cases?.widget).toBe('cases');
  });
});
