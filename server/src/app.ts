import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Deps } from './deps.ts';
import { errors } from './errors.ts';
import { authorize } from './middleware/auth.ts';
import { errorHandler } from './middleware/error-handler.ts';
import { type HostGuardOptions, hostGuard } from './middleware/host-guard.ts';
import { openApiDocument } from './openapi.ts';
import { mcpRoutes } from './registry/mcp.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { codeRoutes } from './routes/code.routes.ts';
import { codeAgentDraftRoutes } from './routes/code-agent-drafts.routes.ts';
import { codeAgentRoutes } from './routes/code-agents.routes.ts';
import { graphRoutes } from './routes/graphs.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { nodeTypeRoutes } from './routes/node-types.routes.ts';
import { runRoutes } from './routes/runs.routes.ts';
import { runtimeRoutes } from './routes/runtimes.routes.ts';
import { secretRoutes } from './routes/secrets.routes.ts';
import { auditRoutes, tokenRoutes } from './routes/tokens.routes.ts';
import { workflowRoutes } from './routes/workflows.routes.ts';
import { inviteRoutes, memberRoutes, workspaceRoutes, workspacesRoutes } from './routes/workspaces.routes.ts';
import { adhocExecutor } from './runtimes/adhoc.ts';
import { webhookRoutes } from './triggers/webhooks/webhook.routes.ts';
import { webhooksApiRoutes } from './triggers/webhooks/webhooks-api.routes.ts';

export interface AppOptions {
  /** Directory of the built web app; served at `/` with SPA fallback when it exists. */
  webDist?: string;
  /** Extra names and origins the server answers (see `hostGuard`); loopback and IP literals always pass. */
  hostGuard?: HostGuardOptions;
}

/** Builds the HTTP app from its services; tests call `app.request()` on it directly. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const document = openApiDocument();
  // One ad-hoc executor: its concurrency limit holds across snippets and code-agent calls together.
  const adhoc = adhocExecutor(deps);
  const api = new Hono()
    // Every operation's access (public, any account, or a scope in the current workspace) is checked here, once,
    // before the body is read.
    .use(authorize(deps.auth))
    .use(
      bodyLimit({
        maxSize: deps.limits.maxBodyBytes,
        onError: () => {
          throw errors.payloadTooLarge(deps.limits.maxBodyBytes);
        },
      }),
    )
    .route('/health', healthRoutes(deps))
    .route('/auth', authRoutes(deps))
    .route('/workspaces', workspacesRoutes(deps))
    .route('/workspace', workspaceRoutes(deps))
    .route('/members', memberRoutes(deps))
    .route('/invites', inviteRoutes(deps))
    .route('/tokens', tokenRoutes(deps))
    .route('/audit', auditRoutes(deps))
    .route('/node-types', nodeTypeRoutes(deps))
    .route('/graphs', graphRoutes(deps))
    .route('/code', codeRoutes(adhoc))
    .route('/workflows', workflowRoutes(deps))
    .route('/workflows', webhooksApiRoutes(deps))
    .route('/runs', runRoutes(deps))
    .route('/runtimes', runtimeRoutes(deps))
    .route('/metrics', metricsRoutes(deps))
    .route('/secrets', secretRoutes(deps))
    .route('/code-agents', codeAgentDraftRoutes(deps, adhoc))
    .route('/code-agents', codeAgentRoutes(deps, adhoc))
    .get('/openapi.json', (c) => c.json(document));

  // MCP clients expect their endpoint at /mcp, beside the API rather than in it.
  // Host and Origin are checked before anything else answers (DNS rebinding, cross-site requests).
  // Webhooks are public (no account; each checks its own token or signature) and sit outside /api.
  const app = new Hono()
    .use(hostGuard(options.hostGuard))
    .route('/api', api)
    .route('/mcp', mcpRoutes(deps, adhoc))
    .route('/webhooks', webhookRoutes(deps));
  app.notFound((c) => {
    if (c.req.path.startsWith('/api') || c.req.path.startsWith('/mcp')) throw errors.routeNotFound(c.req.method, c.req.path);
    return c.text('not found', 404);
  });
  app.onError(errorHandler(deps.logger));

  const dist = options.webDist;
  if (dist && existsSync(join(dist, 'index.html'))) {
    const index = readFileSync(join(dist, 'index.html'), 'utf8');
    app.use('/*', serveStatic({ root: dist }));
    app.get('*', (c) => (c.req.path.startsWith('/api') || c.req.path.startsWith('/mcp') ? c.notFound() : c.html(index)));
  }
  return app;
}

export type App = ReturnType<typeof createApp>;
