import type { RunError } from '@switchyard/shared';
import { and, eq } from 'drizzle-orm';
import { runs } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';

/** A finished run as a `respond: result` webhook answers it. */
export interface FinishedRun {
  status: 'succeeded' | 'failed' | 'cancelled';
  output: unknown;
  error: RunError | null;
}

/** How often the run row is read besides the hub's wake-ups, in case a notification is lost (ms). */
const RECHECK_MS = 1_000;

/**
 * Waits until the run finishes, at most `timeoutMs` (or until `signal` aborts): null when it has not. Woken by
 * the run's `run.finished` event through the event hub, which hears runs executed by any worker process (LISTEN
 * on Postgres); the run row is then read for its output. The row is also read once at the start (the run may
 * already be over) and every RECHECK_MS.
 */
export async function waitForRun(
  deps: Deps,
  workspaceId: string,
  runId: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<FinishedRun | null> {
  return new Promise((resolve) => {
    let settled = false;
    let reading = false;
    let again = false;
    const cleanups: (() => void)[] = [];
    const settle = (result: FinishedRun | null) => {
      if (settled) return;
      settled = true;
      for (const fn of cleanups) fn();
      resolve(result);
    };
    const check = async () => {
      if (settled) return;
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        const [row] = await deps.database.db
          .select({ status: runs.status, output: runs.output, error: runs.error })
          .from(runs)
          .where(and(eq(runs.workspaceId, workspaceId), eq(runs.id, runId)));
        if (row && row.status !== 'queued' && row.status !== 'running')
          settle({ status: row.status, output: row.output, error: (row.error as RunError | null) ?? null });
      } catch (err) {
        deps.logger.warn('could not read a webhook run', { runId, error: err instanceof Error ? err.message : String(err) });
      } finally {
        reading = false;
        if (again) {
          again = false;
          void check();
        }
      }
    };
    cleanups.push(deps.hub.subscribe(runId, (event) => event.type === 'run.finished' && void check()));
    const timer = setTimeout(() => settle(null), timeoutMs);
    const poll = setInterval(() => void check(), RECHECK_MS);
    cleanups.push(
      () => clearTimeout(timer),
      () => clearInterval(poll),
    );
    if (signal) {
      const abort = () => settle(null);
      if (signal.aborted) abort();
      signal.addEventListener('abort', abort, { once: true });
      cleanups.push(() => signal.removeEventListener('abort', abort));
    }
    void check();
  });
}
