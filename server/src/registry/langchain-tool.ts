import { DynamicStructuredTool, ToolInputParsingException } from '@langchain/core/tools';
import { type ExecuteCodeResult, schemaFromJson, type ToolManifest } from '@switchyard/shared';
import type { z } from 'zod';

/** Runs the pinned version with validated inputs (the server's `runVersion`, or an HTTP call for a client). */
export type RunTool = (inputs: Record<string, unknown>, signal?: AbortSignal) => Promise<ExecuteCodeResult>;

/**
 * A DynamicStructuredTool whose input errors come back as text instead of an exception: an agent run must not
 * die because a model sent one bad tool call; the message tells the model what to fix.
 */
class ForgivingTool extends DynamicStructuredTool {
  override async call(...args: Parameters<DynamicStructuredTool['call']>): ReturnType<DynamicStructuredTool['call']> {
    try {
      return await super.call(...args);
    } catch (err) {
      if (err instanceof ToolInputParsingException) {
        return `Invalid input for tool "${this.name}": ${err.message.replace(/\s+/g, ' ').trim()}. Fix the arguments to match the tool's schema and call it again.`;
      }
      throw err;
    }
  }
}

/** What a model reads back from one call: the output (text as is, anything else as JSON), or the error. */
export function toolReply(result: ExecuteCodeResult): string {
  if (result.status === 'succeeded')
    return typeof result.output === 'string' ? result.output : JSON.stringify(result.output ?? null);
  const error = result.error ?? { code: result.status, message: `the tool ended with status ${result.status}` };
  return `Error (${error.code}): ${error.message}`;
}

/**
 * A pinned code-agent version as a LangChain tool (`tool()`-style DynamicStructuredTool): the input schema is
 * the version's JSON Schema as zod, so models see the same schema the registry checks; invoking it runs the
 * version through the runtime router under its policy. It never throws for the code's failures or bad input.
 */
export function toLangChainTool(manifest: ToolManifest, run: RunTool): DynamicStructuredTool {
  return new ForgivingTool({
    name: manifest.name,
    description: manifest.description,
    schema: schemaFromJson(manifest.inputSchema) as z.ZodObject<z.ZodRawShape>,
    func: async (input: Record<string, unknown>, _runManager, config) => {
      try {
        return toolReply(await run(input, config?.signal));
      } catch (err) {
        return `Error (tool_failed): ${err instanceof Error ? err.message : String(err)}`;
      }
    },
  });
}
