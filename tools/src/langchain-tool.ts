import { DynamicStructuredTool, ToolInputParsingException } from '@langchain/core/tools';
import { z } from 'zod';

/** A version as a tool, as `GET /api/code-agents/:id/versions/:v/tool` describes it. */
export interface ToolManifest {
  /** The agent's slug: a valid tool name for LangChain and MCP. */
  name: string;
  description: string;
  /** JSON Schema of the tool's input object. */
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  agentId: string;
  version: number;
  /** sha256 of the version's content. */
  hash: string;
}

/** What one call of a version ended with (a subset of the server's execute result). */
export interface ToolResult {
  status: string;
  output?: unknown;
  error?: { code: string; message: string };
}

/** Runs the pinned version with validated inputs (the server's `runVersion`, or an HTTP call for a client). */
export type RunTool = (inputs: Record<string, unknown>, signal?: AbortSignal) => Promise<ToolResult>;

/** Where a tool came from: `tool.metadata` of every Switchyard tool. */
export type SwitchyardToolMetadata = Pick<ToolManifest, 'agentId' | 'version' | 'hash'>;

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
export function toolReply(result: ToolResult): string {
  if (result.status === 'succeeded')
    return typeof result.output === 'string' ? result.output : JSON.stringify(result.output ?? null);
  const error = result.error ?? { code: result.status, message: `the tool ended with status ${result.status}` };
  return `Error (${error.code}): ${error.message}`;
}

/**
 * A pinned code-agent version as a LangChain tool (`tool()`-style DynamicStructuredTool): the input schema is
 * the version's JSON Schema as zod (`z.fromJSONSchema`, the converter the server checks inputs with), so models
 * see the schema the registry enforces. It never throws for bad input or for the code's failures, and `run`
 * throwing (a network failure) comes back as text too.
 */
export function toLangChainTool(manifest: ToolManifest, run: RunTool): DynamicStructuredTool {
  const metadata: SwitchyardToolMetadata = { agentId: manifest.agentId, version: manifest.version, hash: manifest.hash };
  return new ForgivingTool({
    name: manifest.name,
    description: manifest.description,
    schema: z.fromJSONSchema(manifest.inputSchema as Parameters<typeof z.fromJSONSchema>[0]) as z.ZodObject<z.ZodRawShape>,
    metadata,
    func: async (input: Record<string, unknown>, _runManager, config) => {
      try {
        return toolReply(await run(input, config?.signal));
      } catch (err) {
        return `Error (tool_failed): ${err instanceof Error ? err.message : String(err)}`;
      }
    },
  });
}
