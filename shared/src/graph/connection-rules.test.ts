import { describe, expect, it } from 'vitest';
import { codeNode } from '../nodes/code.node.ts';
import { resolvePorts } from '../nodes/resolve-ports.ts';
import { triggerNode } from '../nodes/trigger.node.ts';
import { type ConnectionContext, checkConnection, type ProposedConnection } from './connection-rules.ts';

//   trig ──► a ──► b        n (number out) ; s (string in) ; m (multiple in)
const ports: Record<string, ReturnType<typeof resolvePorts>> = {
  trig: resolvePorts(triggerNode, {}),
  a: resolvePorts(codeNode, {}),
  b: resolvePorts(codeNode, {}),
  n: resolvePorts(codeNode, { outputs: [{ name: 'count', type: 'number' }] }),
  s: resolvePorts(codeNode, { inputs: [{ name: 'text', type: 'string' }] }),
  m: resolvePorts(codeNode, { inputs: [{ name: 'items', multiple: true }] }),
};
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string): ProposedConnection => ({
  source,
  sourceHandle,
  target,
  targetHandle,
});
const ctx = (edges: ProposedConnection[]): ConnectionContext => ({ ports: (id) => ports[id], edges });
const chain = [edge('trig', 'output', 'a', 'input'), edge('a', 'output', 'b', 'input')];

describe('checkConnection', () => {
  it('accepts compatible ports and reports nothing to replace on a free input', () => {
    expect(checkConnection(ctx(chain), edge('b', 'output', 's', 'text'))).toEqual({ ok: true, replaces: [] });
  });

  it('refuses a number output into a string input, naming both types', () => {
    const verdict = checkConnection(ctx(chain), edge('n', 'count', 's', 'text'));
    expect(verdict).toMatchObject({ ok: false, code: 'port_type_mismatch' });
    expect(verdict.ok || verdict.message).toBe('`count` is number but `text` expects string');
  });

  it('refuses an edge that closes a cycle, including a self-loop', () => {
    expect(checkConnection(ctx(chain), edge('b', 'output', 'a', 'input'))).toMatchObject({ ok: false, code: 'cycle' });
    expect(checkConnection(ctx(chain), edge('a', 'output', 'a', 'input'))).toMatchObject({ ok: false, code: 'cycle' });
  });

  it('refuses unknown ports and an edge that already exists', () => {
    expect(checkConnection(ctx(chain), edge('a', 'nope', 'b', 'input'))).toMatchObject({ code: 'edge_missing_port' });
    expect(checkConnection(ctx(chain), edge('a', 'output', 'b', 'nope'))).toMatchObject({ code: 'edge_missing_port' });
    expect(checkConnection(ctx(chain), edge('a', 'output', 'b', 'input'))).toMatchObject({ code: 'duplicate_edge' });
  });

  it('lists the edge a connection into an occupied single input replaces, but not for a multiple input', () => {
    expect(checkConnection(ctx(chain), edge('trig', 'output', 'b', 'input'))).toEqual({ ok: true, replaces: [1] });
    const into = [edge('a', 'output', 'm', 'items')];
    expect(checkConnection(ctx(into), edge('b', 'output', 'm', 'items'))).toEqual({ ok: true, replaces: [] });
  });

  it('walks a 5,000-node chain without recursion limits', () => {
    const long = Array.from({ length: 5_000 }, (_, i) => edge(`c${i}`, 'output', `c${i + 1}`, 'input'));
    const wide: ConnectionContext = { ports: () => ports.a, edges: long };
    expect(checkConnection(wide, edge('c5000', 'output', 'c0', 'input'))).toMatchObject({ code: 'cycle' });
  });
});
