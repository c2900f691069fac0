import type { NodeType } from '@switchyard/shared';
import { codeExecutor } from './code.executor.ts';
import type { Executor } from './executor.ts';
import { outputExecutor } from './output.executor.ts';
import { triggerExecutor } from './trigger.executor.ts';

/** One executor per node type; a node type without one is a compile error here. */
export const executors = {
  trigger: triggerExecutor,
  code: codeExecutor,
  output: outputExecutor,
} satisfies { [K in NodeType]: Executor<K> };

export function executorFor(type: string): Executor | undefined {
  return Object.hasOwn(executors, type) ? (executors as Record<string, Executor>)[type] : undefined;
}
