import { codeNode } from './code.node.ts';
import type { NodeDefinition } from './define-node.ts';
import { httpNode } from './http.node.ts';
import { ifNode } from './if.node.ts';
import { outputNode } from './output.node.ts';
import { scheduleNode } from './schedule.node.ts';
import { switchNode } from './switch.node.ts';
import { triggerNode } from './trigger.node.ts';
import { webhookNode } from './webhook.node.ts';

/** Every node type, keyed by `type`. Adding a node type = one definition file + one entry here + one executor. */
export const nodeDefinitions = {
  trigger: triggerNode,
  code: codeNode,
  output: outputNode,
  if: ifNode,
  switch: switchNode,
  webhook: webhookNode,
  schedule: scheduleNode,
  http: httpNode,
} as const;

export type NodeType = keyof typeof nodeDefinitions;
export type NodeConfig<T extends NodeType> = ReturnType<(typeof nodeDefinitions)[T]['config']['parse']>;

/** A lookup the compiler accepts; tests pass their own to exercise migrations and custom types. */
export type NodeRegistry = Readonly<Record<string, NodeDefinition>>;

export const defaultRegistry: NodeRegistry = nodeDefinitions as unknown as NodeRegistry;

export function isNodeType(type: string): type is NodeType {
  return Object.hasOwn(nodeDefinitions, type);
}
