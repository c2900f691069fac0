import type { EnvValue, ExecutionPlan, NodeConfig } from '@switchyard/shared';
import type { ResolveAgent } from '../registry/resolve-agent.ts';
import type { RunSecrets } from '../secrets/run-secrets.ts';
import { SecretsMissingError } from '../secrets/secret-store.ts';
import type { NodeState } from './port-values.ts';

/**
 * A run resumed on this worker starts with an empty run-wide secret set, but code nodes that ran before the
 * handover (any attempt, finished or cut short) may have spread their secrets (a shared sandbox, an output
 * that later code decodes). Their secrets are resolved again here, before any node runs, so later nodes are
 * redacted with them too. Nodes that never started add theirs when they run. Best effort: a secret deleted
 * since, or an agent no longer found, is skipped (its value cannot be known any more). A `latest` agent
 * reference is resolved to today's latest version, which may not be the one that ran. Their use was audited
 * when they were first revealed, so recalling them writes no new `secret.use` rows.
 */
export async function primeResumedSecrets(
  plan: ExecutionPlan,
  states: ReadonlyMap<string, NodeState>,
  resolveAgent: ResolveAgent,
  into: RunSecrets,
): Promise<void> {
  const names = new Set<string>();
  for (const id of plan.order) {
    const node = plan.nodes[id];
    if (node?.type !== 'code' || (states.get(id)?.attempts ?? 0) === 0) continue;
    for (const value of Object.values(await envOf(node.config as NodeConfig<'code'>, resolveAgent)))
      if (typeof value !== 'string') names.add(value.secret);
  }
  let wanted = [...names];
  while (wanted.length > 0) {
    try {
      await into.recall(wanted);
      return;
    } catch (err) {
      if (!(err instanceof SecretsMissingError)) throw err;
      const missing = new Set(err.names);
      wanted = wanted.filter((n) => !missing.has(n));
    }
  }
}

/** The environment a code node declares: its own, or its code agent's version's. */
async function envOf(config: NodeConfig<'code'>, resolveAgent: ResolveAgent): Promise<Record<string, EnvValue>> {
  if (!config.agent) return config.env;
  const found = await resolveAgent(config.agent.agentId, config.agent.version);
  if ('error' in found) return {};
  return ((found.version.content.policy as { env?: Record<string, EnvValue> } | undefined)?.env ?? {}) as Record<
    string,
    EnvValue
  >;
}
