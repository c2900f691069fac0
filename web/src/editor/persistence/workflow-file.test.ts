import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { describe, expect, it } from 'vitest';
import diamondFile from '../../../../examples/diamond.workflow.json?raw';
import { parseWorkflowFile, workflowFileName, workflowFileText } from './workflow-file.ts';

//   trigger ──► greet ──► output
const graph = {
  nodes: [trigger(), code('greet', 'export default () => "hi"'), output()],
  edges: [edge('trigger', 'greet'), edge('greet', 'output')],
};

describe('parseWorkflowFile', () => {
  it('reads the export format and round-trips what Export writes', () => {
    const parsed = parseWorkflowFile(workflowFileText('Greeter', graph));
    expect(parsed).toMatchObject({ ok: true, name: 'Greeter' });
    if (!parsed.ok) return;
    expect(parsed.graph.nodes.map((n) => n.id)).toEqual(['trigger', 'greet', 'output']);
    expect(parsed.graph.edges).toEqual(graph.edges);
  });

  it('reads the examples shipped in the repository', () => {
    const parsed = parseWorkflowFile(diamondFile);
    expect(parsed.ok && parsed.name).toBe('Diamond');
    expect(parsed.ok && parsed.graph.nodes.length).toBe(5);
  });

  it('accepts a bare graph without a name', () => {
    const parsed = parseWorkflowFile(JSON.stringify(graph));
    expect(parsed).toMatchObject({ ok: true, name: null });
  });

  it('reports invalid JSON with the parser’s reason', () => {
    const parsed = parseWorkflowFile('{"name": "x", "graph": ');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toBe('The file is not valid JSON.');
    expect(parsed.issues[0]).toMatch(/JSON/);
  });

  it('names the path of each schema error', () => {
    const broken = structuredClone(graph) as { nodes: { id: string; position: unknown }[] };
    broken.nodes[1] = { ...broken.nodes[1], id: 'has space', position: { x: 'left', y: 0 } } as never;
    const parsed = parseWorkflowFile(JSON.stringify({ name: 'Broken', graph: broken }));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual([
      'graph.nodes[1].id: use letters, digits and _ . : - only',
      expect.stringMatching(/^graph\.nodes\[1\]\.position\.x: .*number/),
    ]);
  });

  it('paths of a bare graph start at nodes/edges', () => {
    const parsed = parseWorkflowFile(JSON.stringify({ nodes: [], edges: [{ id: 'e' }] }));
    expect(parsed.ok || parsed.issues[0]).toMatch(/^edges\[0\]\.source: /);
  });

  it('refuses JSON that is not a workflow at all', () => {
    for (const text of ['[]', '42', '{"title": "not a workflow"}']) {
      const parsed = parseWorkflowFile(text);
      expect(parsed.ok || parsed.message).toMatch(/not a workflow file/);
    }
  });
});

describe('workflowFileName', () => {
  it('slugs the name the way the examples are named', () => {
    expect(workflowFileName('Diamond')).toBe('diamond.workflow.json');
    expect(workflowFileName('  Café déjà vu, v2! ')).toBe('cafe-deja-vu-v2.workflow.json');
    expect(workflowFileName('???')).toBe('workflow.workflow.json');
  });
});
