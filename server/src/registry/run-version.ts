import {
  type CodeAgent,
  type CodeAgentVersion,
  describeIssues,
  type ExecuteCodeResult,
  ExecutionPolicySchema,
  schemaFromJson,
  type ToolManifest,
} from '@switchyard/shared';
import type { AdhocExecutor, AdhocMeta } from '../runtimes/adhoc.ts';
import type { WorkspaceScope } from '../workspace/scope.ts';
import { assembleOnce } from './assemble.ts';

const failed = (code: string, message: string): ExecuteCodeResult => ({
  status: 'failed',
  error: { code, message },
  logs: [],
  logsTruncated: false,
  runtime: null,
  backend: null,
  decision: { runtime: null, reason: message, fallbacks: [] },
  durationMs: 0,
  cold: false,
});

/**
 * Runs one pinned version: inputs checked against its input schema before anything starts (`invalid_input`),
 * its files assembled into one source, executed through the router under its own runtime preference and
 * policy, and the output checked against its output schema (`invalid_output`). Never throws for the code's
 * failures: they come back as the result's status and error, which a tool caller can show to a model.
 * It runs in the scope's workspace (its secrets, its quota), audited as `agent.execute` with `via`.
 */
export function runVersion(
  execute: AdhocExecutor,
  scope: WorkspaceScope,
  version: CodeAgentVersion,
  inputs: Record<string, unknown>,
  trusted: boolean,
  signal: AbortSignal,
  via: AdhocMeta['via'] = 'api',
): Promise<ExecuteCodeResult> {
  return runContent(execute, scope, version.content, inputs, trusted, signal, {
    source: 'adhoc',
    agentId: version.agentId,
    agentVersion: version.version,
    via,
  });
}

/** What `runContent` runs: a saved version's content, or a draft not saved yet (Sandbox Studio's test panel). */
type RunnableContent = Pick<
  CodeAgentVersion['content'],
  'language' | 'files' | 'entry' | 'inputSchema' | 'outputSchema' | 'runtime'
> & {
  policy: Record<string, unknown>;
};

/** `runVersion` for any content; `meta` says what the execution is recorded as (a draft is not an agent's usage). */
export async function runContent(
  execute: AdhocExecutor,
  scope: WorkspaceScope,
  content: RunnableContent,
  inputs: Record<string, unknown>,
  trusted: boolean,
  signal: AbortSignal,
  meta: AdhocMeta = { source: 'adhoc' },
): Promise<ExecuteCodeResult> {
  if (content.inputSchema) {
    const checked = schemaFromJson(content.inputSchema).safeParse(inputs);
    if (!checked.success)
      return failed('invalid_input', `the inputs do not match the input schema: ${describeIssues(checked.error)}`);
  }
  const assembled = await assembleOnce(content);
  if (!assembled.ok) return failed('assembly_failed', `the agent's files do not build: ${assembled.message}`);
  const result = await execute(
    scope,
    {
      language: content.language,
      code: assembled.code,
      inputs,
      runtime: content.runtime,
      policy: ExecutionPolicySchema.parse(content.policy),
      trusted,
    },
    signal,
    meta,
    assembled.localModules,
  );
  if (result.status === 'succeeded' && content.outputSchema) {
    const checked = schemaFromJson(content.outputSchema).safeParse(result.output ?? null);
    if (!checked.success) {
      const { output: _dropped, ...rest } = result;
      return {
        ...rest,
        status: 'failed',
        error: {
          code: 'invalid_output',
          message: `the output does not match the output schema: ${describeIssues(checked.error)}`,
        },
      };
    }
  }
  return result;
}

/** A version as a tool manifest (the input schema defaults to "any object"). */
export function toolManifest(agent: Pick<CodeAgent, 'slug' | 'name' | 'description'>, version: CodeAgentVersion): ToolManifest {
  return {
    name: agent.slug,
    description: agent.description || agent.name,
    inputSchema: version.content.inputSchema ?? { type: 'object', properties: {}, additionalProperties: true },
    ...(version.content.outputSchema ? { outputSchema: version.content.outputSchema } : {}),
    agentId: version.agentId,
    version: version.version,
    hash: version.hash,
  };
}
