import {
  CreateAgentVersionBodySchema,
  CreateCodeAgentBodySchema,
  ExecuteAgentBodySchema,
  ListCodeAgentsQuerySchema,
  PatchCodeAgentBodySchema,
} from '@switchyard/shared';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { agentUsage, usageByAgent } from '../db/queries/code-agent-usage.ts';
import {
  agentExists,
  createAgent,
  createVersion,
  deleteAgent,
  getAgent,
  getVersion,
  listAgents,
  listVersions,
  patchAgent,
  SlugTakenError,
  setPublished,
} from '../db/queries/code-agents.ts';
import type { Deps } from '../deps.ts';
import { ApiError, errors } from '../errors.ts';
import { validate } from '../middleware/validate.ts';
import { runVersion, toolManifest } from '../registry/run-version.ts';
import { cachedVersion } from '../registry/version-cache.ts';
import { diffVersions } from '../registry/version-diff.ts';
import type { AdhocExecutor } from '../runtimes/adhoc.ts';
import { scopeOf } from '../workspace/scope.ts';

const IdParam = z.object({ id: z.string().min(1).max(64) });
const VersionNumber = z.coerce.number().int().positive().max(2_147_483_647);
const VersionParam = IdParam.extend({ version: VersionNumber });
const DiffQuery = z.object({ from: VersionNumber, to: VersionNumber });

/**
 * The code-agent registry of the request's workspace: agents (metadata, published flag) and their immutable
 * versions. A version is never changed: saving different content makes the next version; saving the same
 * content (same hash) is a 409. Versions are read only after their agent was found in the workspace.
 */
export function codeAgentRoutes(deps: Deps, execute: AdhocExecutor) {
  const db = deps.database.db;
  const found = async (c: Context, id: string) => {
    const agent = await getAgent(db, scopeOf(c).workspaceId, id);
    if (!agent) throw errors.notFound('code agent', id);
    return agent;
  };
  /** A version of an agent `found` just returned (versions are reached through their agent only). */
  const version = async (id: string, number: number) => {
    const row = await getVersion(db, id, number);
    if (!row) throw errors.notFound('version', `${id}@${number}`);
    return row;
  };
  return new Hono()
    .get('/', validate('query', ListCodeAgentsQuerySchema), async (c) => {
      const agents = await listAgents(db, scopeOf(c).workspaceId, c.req.valid('query'));
      const usage = await usageByAgent(
        db,
        agents.map((a) => a.id),
      );
      return c.json({ agents: agents.map((a) => ({ ...a, usage: usage.get(a.id) })) });
    })
    .post('/', validate('json', CreateCodeAgentBodySchema), async (c) => {
      try {
        return c.json(await createAgent(db, scopeOf(c), { ...c.req.valid('json'), author: scopeOf(c).actor.label }), 201);
      } catch (err) {
        if (err instanceof SlugTakenError) throw new ApiError(409, 'slug_taken', err.message);
        throw err;
      }
    })
    .get('/:id', validate('param', IdParam), async (c) => c.json(await found(c, c.req.valid('param').id)))
    .patch('/:id', validate('param', IdParam), validate('json', PatchCodeAgentBodySchema), async (c) => {
      const { id } = c.req.valid('param');
      const agent = await patchAgent(db, scopeOf(c), id, c.req.valid('json'));
      if (!agent) throw errors.notFound('code agent', id);
      return c.json(agent);
    })
    .delete('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await deleteAgent(db, scopeOf(c), id))) throw errors.notFound('code agent', id);
      return c.body(null, 204);
    })
    .post('/:id/publish', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const agent = await setPublished(db, scopeOf(c), id, true);
      if (!agent) throw errors.notFound('code agent', id);
      return c.json(agent);
    })
    .post('/:id/unpublish', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const agent = await setPublished(db, scopeOf(c), id, false);
      if (!agent) throw errors.notFound('code agent', id);
      return c.json(agent);
    })
    .post('/:id/versions', validate('param', IdParam), validate('json', CreateAgentVersionBodySchema), async (c) => {
      const { id } = c.req.valid('param');
      // The author is whoever is signed in, never what the body claims.
      const saved = await createVersion(db, scopeOf(c), id, { ...c.req.valid('json'), author: scopeOf(c).actor.label });
      if (!saved) throw errors.notFound('code agent', id);
      if ('unchanged' in saved)
        throw new ApiError(409, 'version_unchanged', `the content is identical to version ${saved.unchanged.version}`, {
          version: saved.unchanged.version,
          hash: saved.unchanged.hash,
        });
      return c.json(saved.version, 201);
    })
    .get('/:id/versions', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await found(c, id);
      return c.json({ versions: await listVersions(db, scopeOf(c).workspaceId, id) });
    })
    .get('/:id/versions/:version', validate('param', VersionParam), async (c) => {
      const { id, version: number } = c.req.valid('param');
      await found(c, id);
      return c.json(await version(id, number));
    })
    .get('/:id/usage', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await found(c, id);
      return c.json(await agentUsage(db, scopeOf(c).workspaceId, id));
    })
    .get('/:id/versions/:version/tool', validate('param', VersionParam), async (c) => {
      const { id, version: number } = c.req.valid('param');
      const agent = await found(c, id);
      return c.json(toolManifest(agent, await version(id, number)));
    })
    .post(
      '/:id/versions/:version/execute',
      validate('param', VersionParam),
      validate('json', ExecuteAgentBodySchema),
      async (c) => {
        const { id, version: number } = c.req.valid('param');
        const scope = scopeOf(c);
        // The hot path of every tool call: one indexed lookup, and the immutable version from memory after its first call.
        if (!(await agentExists(db, scope.workspaceId, id))) throw errors.notFound('code agent', id);
        const pinned = await cachedVersion(db, id, number);
        if (!pinned) throw errors.notFound('version', `${id}@${number}`);
        const { inputs, trusted } = c.req.valid('json');
        const result = await runVersion(execute, scope, pinned, inputs, trusted, c.req.raw.signal);
        return c.json({ ...result, agentId: id, version: pinned.version, hash: pinned.hash });
      },
    )
    .get('/:id/diff', validate('param', IdParam), validate('query', DiffQuery), async (c) => {
      const { id } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      await found(c, id);
      return c.json(diffVersions(await version(id, from), await version(id, to)));
    });
}
