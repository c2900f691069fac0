import type { RunEvent } from '@switchyard/shared';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { runEvents } from '../db/schema.ts';

export const EVENTS_CHANNEL = 'switchyard_events';
export const CANCEL_CHANNEL = 'switchyard_cancel';

type Listener = (event: RunEvent) => void;

/**
 * Fans run events out to subscribers in this process. Events written here are delivered directly;
 * events written by other processes arrive as a NOTIFY `{ r: runId, s: lastSeq, o: origin }` and are
 * read from `run_events` once per process, whatever the number of subscribers.
 */
export class EventHub {
  readonly origin = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly delivered = new Map<string, number>();
  private readonly fetching = new Map<string, Promise<void>>();
  private readonly cancelHandlers = new Map<string, Set<() => void>>();
  private unlisten: (() => Promise<void>)[] = [];

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    if (this.database.kind === 'postgres') {
      this.unlisten.push(await this.database.listen(EVENTS_CHANNEL, (p) => this.onNotify(p)));
    }
    this.unlisten.push(
      await this.database.listen(CANCEL_CHANNEL, (runId) => {
        for (const fn of this.cancelHandlers.get(runId) ?? []) fn();
      }),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.unlisten.map((u) => u()));
    this.unlisten = [];
  }

  /** The NOTIFY payload a writer sends so other processes learn of new events. */
  notifyPayload(runId: string, lastSeq: number): string {
    return JSON.stringify({ r: runId, s: lastSeq, o: this.origin });
  }

  /** Delivers events written by this process, in seq order. */
  publish(runId: string, events: RunEvent[]): void {
    const set = this.listeners.get(runId);
    if (!set || events.length === 0) return;
    for (const event of events) for (const fn of set) fn(event);
    this.delivered.set(runId, Math.max(this.delivered.get(runId) ?? 0, events.at(-1)?.seq ?? 0));
  }

  /** Live events of one run; pair with a read of `run_events` for the backlog and dedupe by seq. */
  subscribe(runId: string, listener: Listener): () => void {
    let set = this.listeners.get(runId);
    if (!set) {
      set = new Set();
      this.listeners.set(runId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(runId);
        this.delivered.delete(runId);
      }
    };
  }

  /** Called when someone (any process) asks to cancel the run. */
  onCancel(runId: string, handler: () => void): () => void {
    let set = this.cancelHandlers.get(runId);
    if (!set) {
      set = new Set();
      this.cancelHandlers.set(runId, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.cancelHandlers.delete(runId);
    };
  }

  private onNotify(payload: string): void {
    let msg: { r: string; s: number; o: string };
    try {
      msg = JSON.parse(payload);
    } catch {
      return;
    }
    if (msg.o === this.origin || !this.listeners.has(msg.r)) return;
    if ((this.delivered.get(msg.r) ?? 0) >= msg.s) return;
    const previous = this.fetching.get(msg.r) ?? Promise.resolve();
    const next = previous.then(() => this.catchUp(msg.r)).catch(() => {});
    this.fetching.set(msg.r, next);
    void next.finally(() => {
      if (this.fetching.get(msg.r) === next) this.fetching.delete(msg.r);
    });
  }

  private async catchUp(runId: string): Promise<void> {
    if (!this.listeners.has(runId)) return;
    const after = this.delivered.get(runId) ?? 0;
    const rows = await this.database.db
      .select()
      .from(runEvents)
      .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, after)))
      .orderBy(asc(runEvents.seq));
    this.publish(runId, rows.map(toRunEvent));
  }
}

export function toRunEvent(row: typeof runEvents.$inferSelect): RunEvent {
  return {
    runId: row.runId,
    seq: row.seq,
    type: row.type,
    nodeId: row.nodeId,
    payload: row.payload,
    time: row.createdAt.toISOString(),
  } as RunEvent;
}
