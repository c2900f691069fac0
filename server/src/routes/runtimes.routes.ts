import { DecideRuntimeBodySchema, RuntimeIdSchema, type RuntimeInfo } from '@switchyard/shared';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { validate } from '../middleware/validate.ts';
import { describeDecision, pickRuntime, runtimeStatus } from '../runtimes/index.ts';

const NOT_CONFIGURED: Record<'wasm' | 'e2b', string> = {
  wasm: 'the wasm runtime is not configured on this server',
  e2b: 'set E2B_API_KEY to use E2B cloud sandboxes',
};

/** What the server hosts to run code, and how isolated each runtime is. */
export function runtimeRoutes(deps: Deps) {
  return new Hono()
    .post('/decide', validate('json', DecideRuntimeBodySchema), (c) => {
      const body = c.req.valid('json');
      const pick = pickRuntime(
        {
          requested: body.runtime,
          language: body.language,
          code: body.code,
          network: body.policy.network ?? 'off',
          trusted: body.trusted,
        },
        deps.runtimes,
      );
      return c.json(describeDecision(pick));
    })
    .get('/', (c) => {
      const runtimes: RuntimeInfo[] = RuntimeIdSchema.options.map((id) => {
        const runtime = deps.runtimes[id];
        if (runtime) return { id, ...runtimeStatus(runtime), languages: [...runtimeStatus(runtime).languages] };
        return {
          id,
          available: false,
          isolation: 'none',
          backend: 'none',
          reason: NOT_CONFIGURED[id as 'wasm' | 'e2b'],
          languages: [],
        };
      });
      return c.json({ runtimes });
    });
}
