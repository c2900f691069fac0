import { CODE_LANGUAGES, DecideRuntimeBodySchema, type RuntimeInfo } from '@switchyard/shared';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { validate } from '../middleware/validate.ts';
import { describeDecision, pickRuntime } from '../runtimes/index.ts';

/** What the server hosts to run code, and how isolated each runtime is. */
export function runtimeRoutes(deps: Deps) {
  return new Hono()
    .post('/decide', validate('json', DecideRuntimeBodySchema), (c) => {
      const { language, runtime } = c.req.valid('json');
      return c.json(describeDecision(pickRuntime(runtime, language, deps.runtimes)));
    })
    .get('/', (c) => {
      const node = deps.runtimes.node;
      const runtimes: RuntimeInfo[] = [
        { id: 'node', ...node.availability(), languages: CODE_LANGUAGES.filter((l) => node.supports(l)) },
        // Not built yet: the runtime router (issue 4) brings them. Listed so clients can say so.
        {
          id: 'wasm',
          available: false,
          isolation: 'none',
          backend: 'none',
          reason: 'the wasm runtime is not available on this server yet',
          languages: [],
        },
        {
          id: 'e2b',
          available: false,
          isolation: 'none',
          backend: 'none',
          reason: 'the e2b runtime is not available on this server yet',
          languages: [],
        },
      ];
      return c.json({ runtimes });
    });
}
