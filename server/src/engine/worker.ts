import { newId } from '@switchyard/shared';
import type { Deps } from '../deps.ts';
import type { Logger } from '../logger.ts';
import { Scheduler, type SchedulerOptions } from '../triggers/schedules/scheduler.ts';
import { type RunQueue, WAKE_CHANNEL } from './queue.ts';
import type { EngineDeps } from './run-executor.ts';
import { executeRun } from './run-executor.ts';
import { findOrphanedRuns } from './run-store.ts';

export interface WorkerOptions {
  /** Runs executed at once by this worker. */
  concurrency: number;
  /** Fallback poll of the queue when no wake-up arrives (ms). */
  pollMs?: number;
  /** How often to look for runs whose worker died (ms). */
  sweepMs?: number;
  /** The schedule trigger poller every worker runs (see scheduler.ts); polls at `pollMs` unless told otherwise. */
  schedules?: SchedulerOptions;
}

/**
 * Pulls run jobs from the queue and executes them. Any number of workers, in any number of processes
 * on any number of machines, may share one database: the run lease decides who executes a run.
 */
export class Worker {
  private readonly active = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | undefined;
  private fetching = false;
  private refetch = false;
  private readonly scheduler: Scheduler;

  /** A worker on the shared services; `start()` it. */
  static create(deps: Deps, options: WorkerOptions & { leaseMs?: number; heartbeatMs?: number }): Worker {
    const engine: EngineDeps = {
      services: deps,
      workerId: newId('wk'),
      leaseMs: options.leaseMs ?? 15_000,
      heartbeatMs: options.heartbeatMs ?? 3_000,
    };
    return new Worker(engine, deps.queue, deps.logger, options);
  }

  constructor(
    private readonly deps: EngineDeps,
    private readonly queue: RunQueue,
    private readonly logger: Logger,
    private readonly options: WorkerOptions,
  ) {
    this.scheduler = new Scheduler(deps.services, { pollMs: options.pollMs ?? 1_000, ...options.schedules });
  }

  async start(): Promise<void> {
    this.unlisten = await this.deps.services.database.listen(WAKE_CHANNEL, () => this.poke());
    this.timers.push(setInterval(() => this.poke(), this.options.pollMs ?? 1_000));
    this.timers.push(setInterval(() => void this.sweep(), this.options.sweepMs ?? 5_000));
    this.poke();
    void this.sweep();
    this.scheduler.start();
  }

  /** Stops taking work; running runs are handed back (their lease released) for another worker to resume. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.stopping.abort('shutdown');
    await this.scheduler.stop();
    await this.unlisten?.();
    await Promise.allSettled(this.active.values());
  }

  /** Number of runs executing on this worker now. */
  get load(): number {
    return this.active.size;
  }

  /** Fetches as many jobs as there are free slots; coalesces concurrent wake-ups. */
  poke(): void {
    if (this.stopping.signal.aborted) return;
    if (this.fetching) {
      this.refetch = true;
      return;
    }
    const free = this.options.concurrency - this.active.size;
    if (free <= 0) return;
    this.fetching = true;
    this.queue
      .fetch(free)
      .then((jobs) => {
        for (const job of jobs) this.take(job.id, job.runId);
      })
      .catch((err) => this.logger.warn('queue fetch failed', { error: String(err) }))
      .finally(() => {
        this.fetching = false;
        if (this.refetch) {
          this.refetch = false;
          this.poke();
        }
      });
  }

  private take(jobId: string, runId: string): void {
    if (this.active.has(runId)) {
      // A duplicate job for a run this worker already executes: nothing to do.
      void this.queue.complete(jobId).catch(() => {});
      return;
    }
    let completed = false;
    const complete = () => {
      completed = true;
      void this.queue.complete(jobId).catch(() => {});
    };
    const work = executeRun(this.deps, runId, { stop: this.stopping.signal, onClaimed: complete })
      .then((outcome) => {
        if (!completed) complete(); // finished or owned elsewhere: the job has nothing left to do
        this.logger.debug('run done', { runId, outcome });
      })
      .catch((err) => {
        this.logger.error('run crashed', { runId, error: String(err) });
        if (!completed) void this.queue.fail(jobId, String(err)).catch(() => {});
      })
      .finally(() => {
        this.active.delete(runId);
        this.poke();
      });
    this.active.set(runId, work);
  }

  /** Re-enqueues runs whose lease expired (their worker died); the queue keeps one waiting job per run. */
  private async sweep(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    try {
      for (const runId of await findOrphanedRuns(this.deps.services.database.db)) {
        if (this.active.has(runId)) continue;
        if (await this.queue.enqueue(runId)) this.logger.info('resuming orphaned run', { runId });
      }
    } catch (err) {
      this.logger.warn('sweep failed', { error: String(err) });
    }
  }
}
