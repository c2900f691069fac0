import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Hono } from 'hono';
import { findPublishedBySlug, listAgents } from '../db/queries/code-agents.ts';
import { findMcpToken } from '../db/queries/mcp-tokens.ts';
import type { Deps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import type { AdhocExecutor } from '../runtimes/adhoc.ts';
import { toolReply } from './langchain-tool.ts';
import { runVersion, toolManifest } from './run-version.ts';
import { cachedVersion } from './version-cache.ts';

/**
 * `/mcp`: an MCP server (Streamable HTTP, stateless: one server per request) listing published code agents as
 * tools and calling their latest versions through the runtime router. Every request needs
 * `Authorization: Bearer <token>` (POST /api/mcp-tokens); a token limited to some agents sees only those.
 */
export function mcpRoutes(deps: Deps, execute: AdhocExecutor) {
  const db = deps.database.db;
  return new Hono().all('/', async (c) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const grant = token ? await findMcpToken(db, token) : undefined;
    if (!grant) {
      throw new ApiError(
        401,
        'unauthorized',
        token
          ? 'the MCP token is unknown or revoked'
          : 'send Authorization: Bearer <token> (create one with POST /api/mcp-tokens)',
      );
    }
    /** Published agents this token may use, by tool name (slug). */
    const visible = async () => {
      const agents = await listAgents(db, { published: 'true' });
      return agents.filter((a) => grant.agentIds === null || grant.agentIds.includes(a.id));
    };
    const server = new Server({ name: 'switchyard', version: '0.1.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, async () => {
      const tools = [];
      for (const agent of await visible()) {
        const version = await cachedVersion(db, agent.id, agent.latestVersion);
        if (!version) continue;
        const manifest = toolManifest(agent, version);
        tools.push({
          name: manifest.name,
          description: manifest.description,
          inputSchema: { type: 'object' as const, ...manifest.inputSchema },
          annotations: { title: agent.name },
        });
      }
      return { tools };
    });
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const found = await findPublishedBySlug(db, request.params.name);
      const agent = found && (grant.agentIds === null || grant.agentIds.includes(found.id)) ? found : undefined;
      if (!agent) return { content: [{ type: 'text' as const, text: `Unknown tool "${request.params.name}"` }], isError: true };
      const version = await cachedVersion(db, agent.id, agent.latestVersion);
      if (!version) return { content: [{ type: 'text' as const, text: 'the tool has no version' }], isError: true };
      const result = await runVersion(execute, version, request.params.arguments ?? {}, false, extra.signal);
      return { content: [{ type: 'text' as const, text: toolReply(result) }], isError: result.status !== 'succeeded' };
    });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      void server.close();
    }
  });
}
