import type { ExecutionPlan } from '@switchyard/shared';
import { errors } from '../errors.ts';

/**
 * The trigger node a run starts from: the one asked for (it must be a trigger of the plan), else the manual
 * trigger, else the first trigger in order. Null when the workflow has no trigger (its source nodes all run).
 */
export function pickTrigger(plan: ExecutionPlan, nodeId?: string): { type: string; nodeId: string } | null {
  const triggers = plan.order.filter((id) => plan.nodes[id]?.traits.trigger);
  if (nodeId !== undefined) {
    const kind = Object.hasOwn(plan.nodes, nodeId) ? plan.nodes[nodeId]?.traits.trigger : null;
    if (!kind) throw errors.invalidTrigger(nodeId, triggers);
    return { type: kind, nodeId };
  }
  const chosen = triggers.find((id) => plan.nodes[id]?.traits.trigger === 'manual') ?? triggers[0];
  return chosen ? { type: plan.nodes[chosen]?.traits.trigger as string, nodeId: chosen } : null;
}
