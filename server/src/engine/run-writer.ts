import type { RunEvent, RunEventType } from '@switchyard/shared';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { runEvents } from '../db/schema.ts';
import { EVENTS_CHANNEL, type EventHub } from './event-hub.ts';
import { fence } from './run-store.ts';

export type EventDraft = {
  [T in RunEventType]: { type: T; nodeId: string | null; payload: Extract<RunEvent, { type: T }>['payload'] };
}[RunEventType];

/**
 * The single writer of one run's state and events while this worker holds its lease.
 * Writes are serialized, so `seq` is assigned in commit order and readers never see seq n+1 before n.
 * Every write is fenced by the lease (and renews it), so a worker that lost the run cannot write.
 * Log lines are batched: they wait for the next write instead of costing a transaction each.
 */
export class RunWriter {
  private seq: number;
  private chain: Promise<unknown> = Promise.resolve();
  private logs: EventDraft[] = [];
  private logFlushQueued = false;
  /** First write error (e.g. lease lost); later writes fail fast with it. */
  failure: Error | null = null;

  constructor(
    private readonly database: Database,
    private readonly hub: EventHub,
    readonly runId: string,
    private readonly workerId: string,
    private readonly leaseMs: number,
    lastSeq: number,
    private readonly onCancelRequested: () => void,
  ) {
    this.seq = lastSeq;
  }

  /** Queues a log line; it is written with the next batch (at most one write behind). */
  log(nodeId: string, stream: 'stdout' | 'stderr', line: string): void {
    this.logs.push({ type: 'node.log', nodeId, payload: { stream, line } });
    if (this.logFlushQueued) return;
    this.logFlushQueued = true;
    void this.commit([]).catch(() => {});
  }

  /** Applies `mutate` and appends `events` in one transaction, after every earlier write. */
  commit(events: EventDraft[], mutate?: (tx: Tx) => Promise<unknown>): Promise<RunEvent[]> {
    const task = this.chain.then(() => this.write(events, mutate));
    this.chain = task.catch(() => {});
    return task;
  }

  /** Resolves when everything queued so far is written. */
  async drain(): Promise<void> {
    await this.chain;
  }

  private async write(drafts: EventDraft[], mutate?: (tx: Tx) => Promise<unknown>): Promise<RunEvent[]> {
    if (this.failure) throw this.failure;
    this.logFlushQueued = false;
    const batch = this.logs.length > 0 ? [...this.logs, ...drafts] : drafts;
    this.logs = [];
    const startSeq = this.seq;
    const now = new Date();
    const rows = batch.map((d, i) => ({
      runId: this.runId,
      seq: startSeq + i + 1,
      type: d.type,
      nodeId: d.nodeId,
      payload: d.payload,
      createdAt: now,
    }));
    try {
      const { cancelRequested } = await this.database.db.transaction(async (tx) => {
        const state = await fence(tx, this.runId, this.workerId, this.leaseMs);
        if (mutate) await mutate(tx);
        if (rows.length > 0) {
          await tx.insert(runEvents).values(rows);
          if (this.database.kind === 'postgres') {
            await tx.execute(
              sql`select pg_notify(${EVENTS_CHANNEL}, ${this.hub.notifyPayload(this.runId, startSeq + rows.length)})`,
            );
          }
        }
        return state;
      });
      this.seq = startSeq + rows.length;
      const events = rows.map(
        (r) =>
          ({
            runId: r.runId,
            seq: r.seq,
            type: r.type,
            nodeId: r.nodeId,
            payload: r.payload,
            time: now.toISOString(),
          }) as RunEvent,
      );
      this.hub.publish(this.runId, events);
      if (cancelRequested) this.onCancelRequested();
      return events;
    } catch (err) {
      this.failure = err as Error;
      throw err;
    }
  }
}
