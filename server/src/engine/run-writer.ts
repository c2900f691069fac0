import type { RunError, RunEvent, RunEventType } from '@switchyard/shared';
import type { Database } from '../db/client.ts';
import { EVENTS_CHANNEL, type EventHub } from './event-hub.ts';
import type { NodeState } from './port-values.ts';
import { LeaseLostError } from './run-store.ts';

export type EventDraft = {
  [T in RunEventType]: { type: T; nodeId: string | null; payload: Extract<RunEvent, { type: T }>['payload'] };
}[RunEventType];

/** The run's final state, written together with `run.finished`. */
export interface RunFinish {
  status: 'succeeded' | 'failed' | 'cancelled';
  output: unknown;
  error: RunError | null;
}

/** One durable change: events to append, node rows to overwrite, optionally the run's end. */
export interface Change {
  events?: EventDraft[];
  nodes?: NodeState[];
  finish?: RunFinish;
}

interface Pending {
  /** Flush now, not after the lazy delay. */
  urgent: boolean;
  /** Holds a checkpoint or the run's end: commit synchronously (fsync). Logs, starts, skips and heartbeats need not. */
  durable: boolean;
  events: EventDraft[];
  nodes: Map<string, NodeState>;
  finish?: RunFinish;
  waiters: { resolve: () => void; reject: (err: Error) => void }[];
}

const empty = (): Pending => ({ urgent: false, durable: false, events: [], nodes: new Map(), waiters: [] });

/**
 * How long a write holding only logs, `node.started` or a heartbeat waits for company. A node that
 * finishes within it shares one statement with its start; chatty code gets its lines batched.
 */
const LAZY_MS = 5;

/**
 * The single writer of one run's state and events while this worker holds its lease.
 *
 * Group commit: changes queue up while a write is in flight and the next write takes all of them, as
 * one SQL statement (fence + node rows + events + NOTIFY in data-modifying CTEs: atomic, one round
 * trip). Writes never overlap, so `seq` is assigned in commit order and readers never see n+1 before n.
 * The fence (`lease_owner = me`) makes a worker that lost the run unable to write; it also renews the
 * lease, so an empty write is the heartbeat.
 */
export class RunWriter {
  private seq: number;
  private pending = empty();
  private flushing: Promise<void> | null = null;
  private lazyTimer: NodeJS.Timeout | null = null;
  /** First write error (e.g. lease lost); later writes fail with it. */
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

  /** Queues a log line; it rides along with the next write. */
  log(nodeId: string, stream: 'stdout' | 'stderr', line: string): void {
    this.pending.events.push({ type: 'node.log', nodeId, payload: { stream, line } });
    this.kick();
  }

  /**
   * Makes `change` durable, after everything queued before it; node states are copied now. `lazy`
   * changes (informative ones nobody waits on) may wait a few ms to share a statement.
   */
  write(change: Change = {}, options: { lazy?: boolean } = {}): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const p = this.pending;
    if (change.events) p.events.push(...change.events);
    for (const node of change.nodes ?? []) p.nodes.set(node.nodeId, { ...node });
    if (change.finish) p.finish = change.finish;
    if (!options.lazy) {
      p.urgent = true;
      p.durable = true;
    }
    const done = new Promise<void>((resolve, reject) => p.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  /** Resolves when everything queued so far is written (or the writer failed). */
  async drain(): Promise<void> {
    if (this.hasPending()) {
      this.pending.urgent = true;
      this.kick();
    }
    while (this.flushing) await this.flushing.catch(() => {});
  }

  private kick(): void {
    if (this.flushing || this.failure) return;
    if (!this.pending.urgent) {
      this.lazyTimer ??= setTimeout(() => {
        this.lazyTimer = null;
        this.pending.urgent = true;
        this.kick();
      }, LAZY_MS);
      return;
    }
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = null;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.hasPending()) this.kick();
    });
  }

  private hasPending(): boolean {
    const p = this.pending;
    return p.events.length > 0 || p.nodes.size > 0 || p.finish !== undefined || p.waiters.length > 0;
  }

  private async flushLoop(): Promise<void> {
    while (
      !this.failure &&
      (this.pending.events.length > 0 || this.pending.nodes.size > 0 || this.pending.finish || this.pending.waiters.length > 0)
    ) {
      const batch = this.pending;
      this.pending = empty();
      try {
        await this.flush(batch);
        for (const w of batch.waiters) w.resolve();
      } catch (err) {
        this.failure = err as Error;
        for (const w of [...batch.waiters, ...this.pending.waiters]) w.reject(this.failure);
        this.pending = empty();
      }
    }
  }

  private async flush(batch: Pending): Promise<void> {
    const time = new Date().toISOString();
    const first = this.seq + 1;
    const events = batch.events.map((e, i) => ({
      seq: first + i,
      type: e.type,
      node_id: e.nodeId,
      payload: e.payload,
      created_at: time,
    }));
    const lastSeq = this.seq + events.length;
    const notify = this.database.kind === 'postgres' && events.length > 0;
    const { rows } = await this.database.executeSql(
      writeSql(notify, batch.durable),
      [
        this.runId,
        this.workerId,
        this.leaseMs,
        jsonParam([...batch.nodes.values()].map(toRow)),
        jsonParam(events),
        batch.finish ? jsonParam(batch.finish) : null,
        ...(notify ? [this.hub.notifyPayload(this.runId, lastSeq), EVENTS_CHANNEL] : []),
      ],
      `switchyard_run_write_${notify ? 'n' : ''}${batch.durable ? 'd' : ''}`,
    );
    if (rows.length === 0) throw new LeaseLostError(this.runId);
    this.seq = lastSeq;
    this.hub.publish(
      this.runId,
      events.map(
        (e) => ({ runId: this.runId, seq: e.seq, type: e.type, nodeId: e.node_id, payload: e.payload, time }) as RunEvent,
      ),
    );
    if (rows[0]?.cancel_requested_at) this.onCancelRequested();
  }
}

const toRow = (n: NodeState) => ({
  node_id: n.nodeId,
  status: n.status,
  attempts: n.attempts,
  runtime: n.runtime,
  output: n.output ?? null,
  error: n.error,
  started_at: n.startedAt,
  finished_at: n.finishedAt,
});

/**
 * JSON for a jsonb parameter. Postgres refuses the NUL character in jsonb text, and user code may
 * print or return one; it becomes U+FFFD instead of failing the run. Escape pairs are consumed left to
 * right, so an escaped backslash followed by `u0000` is left alone.
 */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value).replace(/\\\\|\\u0000/g, (m) => (m === '\\u0000' ? '\\ufffd' : m));
}

const cache = new Map<string, string>();
const ASYNC_COMMIT_CTE = "commit_mode AS (SELECT set_config('synchronous_commit', 'off', true)),\n";

/**
 * The whole write as one statement (so one round trip and atomic without BEGIN/COMMIT). Non-durable
 * writes turn off synchronous commit for their own transaction only: WAL is sequential, so the next
 * durable write also makes every earlier one durable; a Postgres crash can lose only a tail of
 * informative events, never a checkpoint that successors started from.
 */
function writeSql(notify: boolean, durable: boolean): string {
  const key = `${notify}:${durable}`;
  let text = cache.get(key);
  if (text) return text;
  text = `
WITH ${durable ? '' : ASYNC_COMMIT_CTE}fence AS (
  UPDATE runs SET
    lease_expires_at = CASE WHEN $6::jsonb IS NULL THEN now() + $3::int * interval '1 millisecond' ELSE NULL END,
    lease_owner = CASE WHEN $6::jsonb IS NULL THEN lease_owner ELSE NULL END,
    status = COALESCE($6::jsonb ->> 'status', status),
    output = CASE WHEN $6::jsonb IS NULL THEN output ELSE $6::jsonb -> 'output' END,
    error = CASE WHEN $6::jsonb IS NULL THEN error ELSE NULLIF($6::jsonb -> 'error', 'null'::jsonb) END,
    finished_at = CASE WHEN $6::jsonb IS NULL THEN finished_at ELSE now() END
  WHERE id = $1 AND lease_owner = $2
  RETURNING cancel_requested_at
), node_rows AS (
  UPDATE run_nodes AS n SET
    status = v.status, attempts = v.attempts, runtime = v.runtime, output = v.output,
    error = NULLIF(v.error, 'null'::jsonb), started_at = v.started_at, finished_at = v.finished_at
  FROM jsonb_to_recordset($4::jsonb) AS v(node_id text, status text, attempts int, runtime text, output jsonb,
    error jsonb, started_at timestamptz, finished_at timestamptz)
  WHERE n.run_id = $1 AND n.node_id = v.node_id AND EXISTS (SELECT 1 FROM fence)
), event_rows AS (
  INSERT INTO run_events (run_id, seq, type, node_id, payload, created_at)
  SELECT $1, e.seq, e.type, e.node_id, e.payload, e.created_at
  FROM jsonb_to_recordset($5::jsonb) AS e(seq int, type text, node_id text, payload jsonb, created_at timestamptz)
  WHERE EXISTS (SELECT 1 FROM fence)
)
SELECT cancel_requested_at${notify ? ', pg_notify($8, $7)' : ''} FROM fence${durable ? '' : ', commit_mode'}`;
  cache.set(key, text);
  return text;
}
