import { DecideAgentDraftBodySchema, RunAgentDraftBodySchema } from '@switchyard/shared';
import { Hono } from 'hono';
import type { Deps } from '../deps.ts';
import { validate } from '../middleware/validate.ts';
import { assemble } from '../registry/assemble.ts';
import { runContent } from '../registry/run-version.ts';
import type { AdhocExecutor } from '../runtimes/adhoc.ts';
import { describeDecision, pickRuntime } from '../runtimes/index.ts';
import { scopeOf } from '../workspace/scope.ts';

/**
 * Content that is not saved yet, as Sandbox Studio edits it: where it would run and a test run. Both go through
 * the same assembly, router and policy as a saved version, so a draft that works here works once saved.
 */
export function codeAgentDraftRoutes(deps: Deps, execute: AdhocExecutor) {
  return new Hono()
    .post('/drafts/decide', validate('json', DecideAgentDraftBodySchema), async (c) => {
      const { content, trusted } = c.req.valid('json');
      const assembled = await assemble(content);
      if (!assembled.ok)
        return c.json({ runtime: null, reason: `the agent's files do not build: ${assembled.message}`, fallbacks: [] });
      const pick = pickRuntime(
        {
          requested: content.runtime,
          language: content.language,
          code: assembled.code,
          network: content.policy.network,
          trusted,
          localModules: assembled.localModules,
        },
        deps.runtimes,
      );
      return c.json(describeDecision(pick));
    })
    .post('/drafts/run', validate('json', RunAgentDraftBodySchema), async (c) => {
      const { content, inputs, trusted } = c.req.valid('json');
      return c.json(
        await runContent(execute, scopeOf(c), content, inputs, trusted, c.req.raw.signal, { source: 'adhoc', via: 'studio' }),
      );
    });
}
