import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Hono } from 'hono';
import { findPublishedBySlug, listAgents } from '../db/queries/code-agents.ts';
import type { Deps } from '../deps.ts';
import type { AdhocExecutor } from '../runtimes/adhoc.ts';
import { toolReply } from './langchain-tool.ts';
import { runVersion, toolManifest } from './run-version.ts';
import { cachedVersion } from './version-cache.ts';

/**
 * `/mcp`: an MCP server (Streamable HTTP, stateless: one server per request) listing the published code agents
 * of the token's workspace as tools and calling their latest versions through the runtime router. Every request
 * needs `Authorization: Bearer <token>` (an API token with MCP access, POST /api/tokens; `deps.auth.mcpGrant`
 * answers 401 otherwise); a token limited to some agents sees only those.
 */
export function mcpRoutes(deps: Deps, execute: AdhocExecutor) {
  const db = deps.database.db;
  return new Hono().all('/', async (c) => {
    const grant = await deps.auth.mcpGrant(c.req.raw);
    const ws = grant.scope.workspaceId;
    const allowed = (agentId: string) => grant.agentIds === null || grant.agentIds.includes(agentId);
    /** Published agents of the workspace this token may use, by tool name (slug). */
    const visible = async () => (await listAgents(db, ws, { published: 'true' })).filter((a) => allowed(a.id));
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
      const found = await findPublishedBySlug(db, ws, request.params.name);
      const agent = found && allowed(found.id) ? found : undefined;
      if (!agent) return { content: [{ type: 'text' as const, text: `Unknown tool "${request.params.name}"` }], isError: true };
      const version = await cachedVersion(db, agent.id, agent.latestVersion);
      if (!version) return { content: [{ type: 'text' as const, text: 'the tool has no version' }], isError: true };
      const result = await runVersion(execute, grant.scope, version, request.params.arguments ?? {}, false, extra.signal, 'mcp');
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
