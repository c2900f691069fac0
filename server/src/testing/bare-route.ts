import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from '../logger.ts';
import { errorHandler } from '../middleware/error-handler.ts';
import { hostGuard } from '../middleware/host-guard.ts';
import { systemScope } from '../workspace/scope.ts';

/**
 * One route group mounted with no authentication at all (its scope set directly), behind the same host check
 * and body limit as the real app: what the API was before accounts. Only for `pnpm bench auth`, which compares
 * it with the real, authenticated app.
 */
export function bareRoute(prefix: string, routes: Hono, logger: Logger) {
  const app = new Hono()
    .use(hostGuard())
    .use(bodyLimit({ maxSize: 5 * 1024 * 1024 }))
    .use(async (c, next) => {
      c.set('scope' as never, systemScope() as never);
      await next();
    })
    .route(prefix, routes);
  app.onError(errorHandler(logger));
  return app;
}
