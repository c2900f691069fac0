import { defaultRegistry, type NodeRegistry, type WorkflowGraph, type WorkflowNode } from '@switchyard/shared';
import { definitionOf } from '../node-registry/definitions.ts';

/** Horizontal gap between the starter's nodes, in flow units (a node is about 220 wide). */
const STEP_X = 300;

function node(registry: NodeRegistry, id: string, type: string, index: number): WorkflowNode {
  const def = definitionOf(registry, type);
  if (!def) throw new Error(`the starter graph uses "${type}", which is not a registered node type`);
  return {
    id,
    type,
    version: def.version,
    position: { x: index * STEP_X, y: 0 },
    // The same defaults the palette gives a new node.
    config: def.config.parse({}) as Record<string, unknown>,
  };
}

/**
 * What a new workflow starts with: trigger → code → output, the smallest graph that runs. The code
 * node's default body logs and returns its input, so the first run shows data flowing through.
 */
export function starterGraph(registry: NodeRegistry = defaultRegistry): WorkflowGraph {
  return {
    nodes: [node(registry, 'trigger', 'trigger', 0), node(registry, 'code', 'code', 1), node(registry, 'output', 'output', 2)],
    edges: [
      { id: 'trigger.output--code.input', source: 'trigger', sourceHandle: 'output', target: 'code', targetHandle: 'input' },
      { id: 'code.output--output.input', source: 'code', sourceHandle: 'output', target: 'output', targetHandle: 'input' },
    ],
  };
}
