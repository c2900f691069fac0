/** Copy-paste snippets for using one agent version as a tool from outside Switchyard. */
export interface SnippetTarget {
  origin: string;
  slug: string;
  agentId: string;
  version: number;
}

/** Where a snippet reads its token when none was created on this page. */
const TOKEN_ENV = 'SWITCHYARD_TOKEN';

/** An outside LangChain app, through the `@switchyard/tools` client, with an API token (runner or above). */
export function langchainSnippet({ origin, slug, version }: SnippetTarget, token: string | null): string {
  const key = token ? `'${token}', // better: process.env.${TOKEN_ENV}` : `process.env.${TOKEN_ENV}, // an API token, sy_…`;
  return `// npm i @switchyard/tools @langchain/core
import { switchyardTool } from '@switchyard/tools';

const ${camel(slug)} = await switchyardTool({
  baseUrl: '${origin}',
  token: ${key}
  agent: '${slug}',
  version: ${version}, // pinned; leave it out for the latest published version
});
// Give it to any LangChain agent: createAgent({ model, tools: [${camel(slug)}] })
const reply = await ${camel(slug)}.invoke({ /* input per the schema */ });`;
}

/** An MCP client configuration for the Streamable HTTP endpoint, with an MCP token. */
export function mcpSnippet({ origin }: SnippetTarget, token: string | null): string {
  return JSON.stringify(
    {
      mcpServers: {
        switchyard: {
          type: 'http',
          url: `${origin}/mcp`,
          headers: { Authorization: `Bearer ${token ?? '<MCP token: Settings → API tokens, access MCP>'}` },
        },
      },
    },
    null,
    2,
  );
}

/** The pinned version over plain HTTP, with an API token (runner or above). */
export function curlSnippet({ origin, agentId, version }: SnippetTarget, token: string | null): string {
  return `curl -s -X POST ${origin}/api/code-agents/${agentId}/versions/${version}/execute \\
  -H 'Authorization: Bearer ${token ?? `$${TOKEN_ENV}`}' \\
  -H 'content-type: application/json' \\
  -d '{"inputs": {}}'`;
}

function camel(slug: string): string {
  const name = slug.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return /^[a-z]/.test(name) ? name : `tool${name}`;
}
