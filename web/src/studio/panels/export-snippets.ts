/** Copy-paste snippets for using one agent version as a tool from outside Switchyard. */
export interface SnippetTarget {
  origin: string;
  slug: string;
  agentId: string;
  version: number;
}

/** An outside LangChain app, through the `@switchyard/tools` client. */
export function langchainSnippet({ origin, slug, version }: SnippetTarget): string {
  return `// npm i @switchyard/tools @langchain/core
import { switchyardTool } from '@switchyard/tools';

const ${camel(slug)} = await switchyardTool({
  baseUrl: '${origin}',
  agent: '${slug}',
  version: ${version}, // pinned; leave it out for the latest published version
});
// Give it to any LangChain agent: createAgent({ model, tools: [${camel(slug)}] })
const reply = await ${camel(slug)}.invoke({ /* input per the schema */ });`;
}

/** An MCP client configuration for the Streamable HTTP endpoint. */
export function mcpSnippet({ origin }: SnippetTarget, token: string | null): string {
  return JSON.stringify(
    {
      mcpServers: {
        switchyard: {
          type: 'http',
          url: `${origin}/mcp`,
          headers: { Authorization: `Bearer ${token ?? '<token from POST /api/mcp-tokens>'}` },
        },
      },
    },
    null,
    2,
  );
}

/** The pinned version over plain HTTP. */
export function curlSnippet({ origin, agentId, version }: SnippetTarget): string {
  return `curl -s -X POST ${origin}/api/code-agents/${agentId}/versions/${version}/execute \\
  -H 'content-type: application/json' \\
  -d '{"inputs": {}}'`;
}

function camel(slug: string): string {
  const name = slug.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return /^[a-z]/.test(name) ? name : `tool${name}`;
}
