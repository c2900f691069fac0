import type { CodeAgentVersion } from '@switchyard/shared';
import type { Db } from '../db/client.ts';
import { getAgent } from '../db/queries/code-agents.ts';
import { cachedVersion } from './version-cache.ts';

export type AgentResolution = { version: CodeAgentVersion } | { error: { code: string; message: string } };

/** Looks up what a code node's `agent` reference means now: a pinned version, or the latest published one. */
export type ResolveAgent = (agentId: string, version: number | 'latest') => Promise<AgentResolution>;

/** Resolves in one workspace (a run's): an agent of another workspace is `agent_not_found`, like an unknown one. */
export function agentResolver(db: Db, workspaceId: string): ResolveAgent {
  return async (agentId, version) => {
    const agent = await getAgent(db, workspaceId, agentId);
    if (!agent) return { error: { code: 'agent_not_found', message: `code agent "${agentId}" does not exist` } };
    if (version === 'latest' && !agent.published)
      return {
        error: {
          code: 'agent_not_published',
          message: `code agent "${agent.slug}" is not published; publish it, or pin a version in the node`,
        },
      };
    const number = version === 'latest' ? agent.latestVersion : version;
    const found = await cachedVersion(db, agentId, number);
    if (!found)
      return { error: { code: 'agent_version_not_found', message: `code agent "${agent.slug}" has no version ${number}` } };
    return { version: found };
  };
}
