import { defaultRegistry, type NodeDefinition, type NodeRegistry, type NodeType } from '@switchyard/shared';
import { codeExecutor } from './code.executor.ts';
import type { NodeExecutor } from './executor.ts';
import { httpExecutor } from './http.executor.ts';
import { ifExecutor } from './if.executor.ts';
import { outputExecutor } from './output.executor.ts';
import { scheduleExecutor } from './schedule.executor.ts';
import { switchExecutor } from './switch.executor.ts';
import { triggerExecutor } from './trigger.executor.ts';
import { webhookExecutor } from './webhook.executor.ts';

/** One executor per node type; a node type without one is a compile error here. */
export const executors = {
  trigger: triggerExecutor,
  code: codeExecutor,
  output: outputExecutor,
  if: ifExecutor,
  switch: switchExecutor,
  webhook: webhookExecutor,
  schedule: scheduleExecutor,
  http: httpExecutor,
} satisfies { [K in NodeType]: NodeExecutor<K> };

/** The node types a server knows: their definitions (compiler, API, palette) and executors (engine). */
export interface NodeKit {
  definitions: NodeRegistry;
  executors: Readonly<Record<string, NodeExecutor>>;
}

export const defaultNodeKit: NodeKit = { definitions: defaultRegistry, executors };

/** A kit with more node types (a test's, a plugin's): each a definition and its executor. */
export function extendNodeKit(kit: NodeKit, ...types: { definition: NodeDefinition; executor: NodeExecutor }[]): NodeKit {
  return {
    definitions: { ...kit.definitions, ...Object.fromEntries(types.map((t) => [t.definition.type, t.definition])) },
    executors: { ...kit.executors, ...Object.fromEntries(types.map((t) => [t.executor.type, t.executor])) },
  };
}

/** The executor of a node type (own keys only: a type named `constructor` finds nothing). */
export function executorFor(kit: NodeKit, type: string): NodeExecutor | undefined {
  return Object.hasOwn(kit.executors, type) ? kit.executors[type] : undefined;
}
