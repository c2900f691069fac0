import {
  type CodeAgentVersion,
  type CreateCodeAgentBody,
  codeNode,
  ExecutionPolicySchema,
  type NodeConfig,
} from '@switchyard/shared';
import { entryPath } from '../../../pages/code-agents/agent-content.ts';

/** The longest timeout a version's policy may pin (an ad-hoc execution's bound; a node may allow longer). */
const MAX_POLICY_TIMEOUT_MS = ExecutionPolicySchema.shape.timeoutMs.unwrap().maxValue ?? 300_000;

/** A code node's config with its defaults filled, or null when it does not parse (fix the node first). */
export function parseCodeConfig(config: Record<string, unknown>): NodeConfig<'code'> | null {
  const parsed = codeNode.config.safeParse(config);
  return parsed.success ? parsed.data : null;
}

/**
 * What "Save as code agent" sends as version 1: the node's code as the one entry file (named for its language),
 * its input and output schemas, runtime choice and policy (the timeout capped at what a version may pin).
 */
export function agentContentFromNode(config: NodeConfig<'code'>): CreateCodeAgentBody['content'] {
  const entry = entryPath(config.language);
  return {
    language: config.language,
    entry,
    files: [{ path: entry, content: config.code }],
    ...(config.inputSchema ? { inputSchema: config.inputSchema } : {}),
    ...(config.outputSchema ? { outputSchema: config.outputSchema } : {}),
    runtime: config.runtime,
    policy: {
      timeoutMs: Math.min(config.timeoutMs, MAX_POLICY_TIMEOUT_MS),
      memoryMb: config.memoryMb,
      network: config.network,
      allowedHosts: config.allowedHosts,
      filesystem: config.filesystem,
      env: config.env,
      maxOutputBytes: config.maxOutputBytes,
      maxLogBytes: config.maxLogBytes,
    },
  };
}

/**
 * The config patch that makes a node run the agent's version 1 instead of its own code. The executor then ignores
 * the node's code and policy (its timeout still bounds the run) but checks the node's schemas as well as the
 * version's: they moved into the version, so they are removed here rather than checked twice (and kept stale when
 * the node is later moved to a newer version). The code stays, inert, so "Use inline code" has it back.
 */
export const rewireToAgent = (agentId: string): Record<string, unknown> => ({
  agent: { agentId, version: 1 },
  inputSchema: undefined,
  outputSchema: undefined,
});

/**
 * The patch that makes a node run its own code again. With the pinned version at hand and a single file, its code,
 * language and schemas come back inline (what the node ran); a multi-file version cannot be one inline file, so the
 * node returns to the code it kept.
 */
export function backToInline(version: CodeAgentVersion | undefined): Record<string, unknown> {
  const content = version?.content;
  const [only] = content?.files ?? [];
  if (!content || !only || content.files.length !== 1) return { agent: undefined };
  return {
    agent: undefined,
    code: only.content,
    language: content.language,
    inputSchema: content.inputSchema,
    outputSchema: content.outputSchema,
  };
}
