import { CreateRunBodySchema, CreateWorkflowBodySchema, compile, UpdateWorkflowBodySchema } from '@switchyard/shared';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { createRun } from '../db/queries/runs.ts';
import {
  createWorkflow,
  deleteWorkflow,
  getVersion,
  getWorkflow,
  listVersions,
  listWorkflows,
  updateWorkflow,
} from '../db/queries/workflows.ts';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { validate } from '../middleware/validate.ts';
import { pickTrigger } from '../triggers/pick-trigger.ts';
import { scopeOf } from '../workspace/scope.ts';

const IdParam = z.object({ id: z.string().min(1).max(64) });
const VersionParam = IdParam.extend({ version: z.coerce.number().int().positive().max(2_147_483_647) });
const ListQuery = z.object({ q: z.string().max(200).optional() });

/** Workflows of the request's workspace, their immutable versions, and starting runs. */
export function workflowRoutes(deps: Deps) {
  const db = deps.database.db;
  const found = async (c: Context, id: string) => {
    const wf = await getWorkflow(db, scopeOf(c).workspaceId, id);
    if (!wf) throw errors.notFound('workflow', id);
    return wf;
  };
  return new Hono()
    .get('/', validate('query', ListQuery), async (c) =>
      c.json({ workflows: await listWorkflows(db, scopeOf(c).workspaceId, c.req.valid('query')) }),
    )
    .post('/', validate('json', CreateWorkflowBodySchema), async (c) =>
      c.json(await createWorkflow(db, scopeOf(c), c.req.valid('json'), deps.nodes.definitions), 201),
    )
    .get('/:id', validate('param', IdParam), async (c) => c.json(await found(c, c.req.valid('param').id)))
    .put('/:id', validate('param', IdParam), validate('json', UpdateWorkflowBodySchema), async (c) => {
      const { id } = c.req.valid('param');
      const updated = await updateWorkflow(db, scopeOf(c), id, c.req.valid('json'), deps.nodes.definitions);
      if (!updated) throw errors.notFound('workflow', id);
      return c.json(updated);
    })
    .delete('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await deleteWorkflow(db, scopeOf(c), id))) throw errors.notFound('workflow', id);
      return c.body(null, 204);
    })
    .get('/:id/versions', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await found(c, id);
      return c.json({ versions: await listVersions(db, scopeOf(c).workspaceId, id) });
    })
    .get('/:id/versions/:version', validate('param', VersionParam), async (c) => {
      const { id, version } = c.req.valid('param');
      await found(c, id);
      const row = await getVersion(db, scopeOf(c).workspaceId, id, version);
      if (!row) throw errors.notFound('version', `${id}@${version}`);
      return c.json(row);
    })
    .post('/:id/runs', validate('param', IdParam), validate('json', CreateRunBodySchema), async (c) => {
      const wf = await found(c, c.req.valid('param').id);
      const compiled = compile(wf.graph, { registry: deps.nodes.definitions });
      if (!compiled.ok) throw errors.compileFailed(compiled.errors);
      const body = c.req.valid('json');
      const runId = await createRun(deps.database, deps.queue, scopeOf(c), {
        workflowId: wf.id,
        version: wf.version,
        input: body.input,
        nodeIds: compiled.plan.order,
        maxActiveRuns: deps.quotas.activeRuns,
        trigger: pickTrigger(compiled.plan, body.triggerNodeId),
      });
      return c.json({ runId, workflowVersion: wf.version }, 202, { Location: `/api/runs/${runId}` });
    });
}
