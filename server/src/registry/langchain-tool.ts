import type { CodeAgent, CodeAgentVersion } from '@switchyard/shared';
import { toLangChainTool } from '@switchyard/tools';
import type { AdhocExecutor } from '../runtimes/adhoc.ts';
import type { WorkspaceScope } from '../workspace/scope.ts';
import { runVersion, toolManifest } from './run-version.ts';

/** The tool wrapper (forgiving input parsing, failures as text) is the client package's; the server reuses it. */
export { toLangChainTool, toolReply } from '@switchyard/tools';

/**
 * A stored version as a LangChain tool that runs in this server's runtimes, without HTTP: the same tool
 * `@switchyard/tools` builds for a remote client, with the server's `runVersion` underneath, in `scope`'s workspace.
 */
export function versionTool(
  execute: AdhocExecutor,
  scope: WorkspaceScope,
  agent: Pick<CodeAgent, 'slug' | 'name' | 'description'>,
  version: CodeAgentVersion,
  trusted: boolean,
) {
  return toLangChainTool(toolManifest(agent, version), (inputs, signal) =>
    runVersion(execute, scope, version, inputs, trusted, signal ?? new AbortController().signal),
  );
}
