import { ListRunsQuerySchema, type RunEvent } from '@switchyard/shared';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { cancelRun, EVENT_PAGE, getRun, getRunStatus, listEvents, listRuns } from '../db/queries/runs.ts';
import type { Deps } from '../deps.ts';
import { errors } from '../errors.ts';
import { validate } from '../middleware/validate.ts';
import { scopeOf } from '../workspace/scope.ts';

const IdParam = z.object({ id: z.string().min(1).max(64) });
const EventsQuery = z.object({ after: z.coerce.number().int().min(0).optional() });
const KEEPALIVE_MS = 15_000;

/** Runs of the request's workspace: status, history, cancellation and the live event stream. */
export function runRoutes(deps: Deps) {
  const db = deps.database.db;
  return new Hono()
    .get('/', validate('query', ListRunsQuerySchema), async (c) =>
      c.json({ runs: await listRuns(db, scopeOf(c).workspaceId, c.req.valid('query')) }),
    )
    .get('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const run = await getRun(db, scopeOf(c).workspaceId, id);
      if (!run) throw errors.notFound('run', id);
      return c.json(run);
    })
    .post('/:id/cancel', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const outcome = await cancelRun(deps.database, deps.hub, scopeOf(c), id);
      if (outcome === 'not_found') throw errors.notFound('run', id);
      if (outcome === 'already_finished') throw errors.runFinished(id);
      return c.json({ runId: id, status: outcome }, 202);
    })
    .get('/:id/events', validate('param', IdParam), validate('query', EventsQuery), async (c) => {
      const { id } = c.req.valid('param');
      const ws = scopeOf(c).workspaceId;
      if (!(await getRunStatus(db, ws, id))) throw errors.notFound('run', id);
      const header = Number.parseInt(c.req.header('Last-Event-ID') ?? '', 10);
      const start = Math.max(Number.isFinite(header) && header >= 0 ? header : 0, c.req.valid('query').after ?? 0);
      return streamSSE(c, (stream) => streamRunEvents(deps, ws, id, start, stream));
    });
}

async function isFinished(deps: Deps, workspaceId: string, runId: string): Promise<boolean> {
  const status = await getRunStatus(deps.database.db, workspaceId, runId);
  return status !== null && status !== 'queued' && status !== 'running';
}

type SSEStream = Parameters<Parameters<typeof streamSSE>[1]>[0];

/**
 * Sends every event with seq > `after`, in order, exactly once, then live ones, and ends after
 * `run.finished`. Live events are taken straight from the hub when they follow on; any gap (or a
 * wake-up from another process) is filled from `run_events`, so nothing is missed or repeated.
 */
async function streamRunEvents(deps: Deps, workspaceId: string, runId: string, after: number, stream: SSEStream): Promise<void> {
  let last = after;
  let inbox: RunEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = deps.hub.subscribe(runId, (event) => {
    inbox.push(event);
    wake?.();
  });
  let closed = false;
  stream.onAbort(() => {
    closed = true;
    wake?.();
  });
  const send = async (event: RunEvent) => {
    await stream.writeSSE({ id: String(event.seq), event: event.type, data: JSON.stringify(event) });
    last = event.seq;
    return event.type === 'run.finished';
  };
  try {
    let finished = false;
    let needsRead = true;
    while (!closed && !finished) {
      if (needsRead) {
        needsRead = false;
        const backlog = await listEvents(deps.database.db, workspaceId, runId, last);
        for (const event of backlog) if ((finished = await send(event))) break;
        // A full page means more are stored: read on at once rather than after the next keepalive.
        if (backlog.length === EVENT_PAGE) needsRead = true;
        // Nothing newer and the run is over: the client already has run.finished.
        if (backlog.length === 0 && (await isFinished(deps, workspaceId, runId))) break;
        continue;
      }
      const batch = inbox;
      inbox = [];
      for (const event of batch) {
        if (event.seq <= last) continue;
        if (event.seq !== last + 1) {
          needsRead = true;
          break;
        }
        if ((finished = await send(event))) break;
      }
      if (finished || needsRead || closed) continue;
      if (inbox.length === 0) {
        const timedOut = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), KEEPALIVE_MS);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = null;
        if (timedOut && !closed) {
          await stream.write(': keepalive\n\n');
          needsRead = true; // also catches events whose notification was lost
        }
      }
    }
  } finally {
    unsubscribe();
  }
}
