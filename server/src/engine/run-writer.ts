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

/** One queued change, serialized when it was queued (so a value that cannot be written is refused then). */
interface Entry {
  /** Holds a checkpoint or the run's end: commit synchronously (fsync). Logs, starts, skips and heartbeats need not. */
  durable: boolean;
  events: { draft: EventDraft; payload: string }[];
  /** Node rows as jsonb text, by node id. */
  nodes: Map<string, string>;
  finish?: string;
  waiter?: { resolve: () => void; reject: (err: Error) => void };
}

/** Most characters of JSON one statement carries; more waits for the next (jsonb values stop at 256 MiB). */
const MAX_STATEMENT_CHARS = 32 * 1024 * 1024;

/**
 * How long a write holding only logs, `node.started` or a heartbeat waits for company. A node that
 * finishes within it shares one statement with its start; chatty code gets its lines batched.
 */
const LAZY_MS = 5;

/** A change the writer could not store (its value does not serialize, or the database refused it); the run goes on. */
export class UnrecordableError extends Error {
  constructor(cause: unknown) {
    super(clip(cause instanceof Error ? cause.message : String(cause)), { cause });
    this.name = 'UnrecordableError';
  }
}

/**
 * The single writer of one run's state and events while this worker holds its lease.
 *
 * Group commit: changes queue up while a write is in flight and the next write takes all of them, as
 * one SQL statement (fence + node rows + events + NOTIFY in data-modifying CTEs: atomic, one round
 * trip). Writes never overlap, so `seq` is assigned in commit order and readers never see n+1 before n.
 * The fence (`lease_owner = me`) makes a worker that lost the run unable to write; it also renews the
 * lease, so an empty write is the heartbeat.
 *
 * One change cannot take the others down: it is serialized when queued (a value that does not serialize
 * is refused at once), and when the database refuses a shared statement, its changes are written one by
 * one and only those refused alone fail (with `UnrecordableError`). Only a lost lease stops the writer.
 */
export class RunWriter {
  private seq: number;
  private pending: Entry[] = [];
  private urgent = false;
  private flushing: Promise<void> | null = null;
  private lazyTimer: NodeJS.Timeout | null = null;
  /** The lost lease, once seen; every later write fails with it. */
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
    if (this.failure) return;
    const payload = { stream, line };
    const last = this.pending.at(-1);
    const event = { draft: { type: 'node.log' as const, nodeId, payload }, payload: jsonParam(payload) };
    if (last && !last.waiter && !last.durable && last.nodes.size === 0) last.events.push(event);
    else this.pending.push({ durable: false, events: [event], nodes: new Map() });
    this.kick();
  }

  /**
   * Makes `change` durable, after everything queued before it; node states are copied now. `lazy`
   * changes (informative ones nobody waits on) may wait a few ms to share a statement. Rejects with
   * `UnrecordableError` when this change cannot be stored, with `LeaseLostError` when the run is lost.
   */
  write(change: Change = {}, options: { lazy?: boolean } = {}): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    let entry: Entry;
    try {
      entry = {
        durable: !options.lazy,
        events: (change.events ?? []).map((draft) => ({ draft, payload: jsonParam(draft.payload) })),
        nodes: new Map((change.nodes ?? []).map((n) => [n.nodeId, jsonParam(toRow(n))])),
        ...(change.finish ? { finish: jsonParam(change.finish) } : {}),
      };
    } catch (err) {
      return Promise.reject(new UnrecordableError(err));
    }
    const done = new Promise<void>((resolve, reject) => {
      entry.waiter = { resolve, reject };
    });
    this.pending.push(entry);
    if (!options.lazy) this.urgent = true;
    this.kick();
    return done;
  }

  /**
   * Like `write`, but a change that cannot be stored is answered with its `UnrecordableError` instead of a
   * rejection, so the caller can record a failure in its place. A lost lease still rejects.
   */
  async record(change: Change): Promise<UnrecordableError | null> {
    try {
      await this.write(change);
      return null;
    } catch (err) {
      if (err instanceof UnrecordableError) return err;
      throw err;
    }
  }

  /** Resolves when everything queued so far is written (or the writer failed). */
  async drain(): Promise<void> {
    if (this.pending.length > 0) {
      this.urgent = true;
      this.kick();
    }
    while (this.flushing) await this.flushing.catch(() => {});
  }

  private kick(): void {
    if (this.flushing || this.failure) return;
    if (!this.urgent) {
      this.lazyTimer ??= setTimeout(() => {
        this.lazyTimer = null;
        this.urgent = true;
        this.kick();
      }, LAZY_MS);
      return;
    }
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = null;
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.pending.length > 0) this.kick();
    });
  }

  private async flushLoop(): Promise<void> {
    while (!this.failure && this.pending.length > 0) {
      const batch = this.takeBatch();
      if (this.pending.length === 0) this.urgent = false;
      try {
        await this.flush(batch);
        for (const e of batch) e.waiter?.resolve();
      } catch (err) {
        if (this.stopOnLostLease(err, batch)) return;
        // Lazy changes nobody waits on (logs, starts) are dropped when refused; their events get no seq.
        if (batch.length === 1) batch[0]?.waiter?.reject(new UnrecordableError(err));
        else await this.flushOneByOne(batch);
      }
    }
  }

  /** After the database refused a shared statement: one change it refuses must not take the others down. */
  private async flushOneByOne(batch: Entry[]): Promise<void> {
    for (const [i, entry] of batch.entries()) {
      try {
        await this.flush([entry]);
        entry.waiter?.resolve();
      } catch (err) {
        if (this.stopOnLostLease(err, batch.slice(i))) return;
        entry.waiter?.reject(new UnrecordableError(err));
      }
    }
  }

  /** Queued entries up to MAX_STATEMENT_CHARS (at least one), taken off the queue. */
  private takeBatch(): Entry[] {
    let chars = 0;
    let count = 0;
    for (const entry of this.pending) {
      chars += entrySize(entry);
      if (count > 0 && chars > MAX_STATEMENT_CHARS) break;
      count += 1;
    }
    return this.pending.splice(0, count);
  }

  /** A lost lease stops the writer: every waiting change fails with it (true), unlike any other error (false). */
  private stopOnLostLease(err: unknown, unsettled: Entry[]): boolean {
    if (!(err instanceof LeaseLostError)) return false;
    this.failure = err;
    for (const e of [...unsettled, ...this.pending]) e.waiter?.reject(err);
    this.pending = [];
    return true;
  }

  private async flush(batch: Entry[]): Promise<void> {
    const time = new Date().toISOString();
    const first = this.seq + 1;
    const events = batch.flatMap((e) => e.events);
    const rows = events.map(
      (e, i) =>
        `{"seq":${first + i},"type":${JSON.stringify(e.draft.type)},"node_id":${JSON.stringify(e.draft.nodeId)},"payload":${e.payload},"created_at":"${time}"}`,
    );
    const nodes = new Map<string, string>();
    for (const entry of batch) for (const [id, row] of entry.nodes) nodes.set(id, row);
    const finish = batch.findLast((e) => e.finish !== undefined)?.finish;
    const durable = batch.some((e) => e.durable);
    const lastSeq = this.seq + events.length;
    const notify = this.database.kind === 'postgres' && events.length > 0;
    const { rows: result } = await this.database.executeSql(
      writeSql(notify, durable),
      [
        this.runId,
        this.workerId,
        this.leaseMs,
        `[${[...nodes.values()].join(',')}]`,
        `[${rows.join(',')}]`,
        finish ?? null,
        ...(notify ? [this.hub.notifyPayload(this.runId, lastSeq), EVENTS_CHANNEL] : []),
      ],
      `switchyard_run_write_${notify ? 'n' : ''}${durable ? 'd' : ''}`,
    );
    if (result.length === 0) throw new LeaseLostError(this.runId);
    this.seq = lastSeq;
    this.hub.publish(
      this.runId,
      events.map(
        (e, i) =>
          ({
            runId: this.runId,
            seq: first + i,
            type: e.draft.type,
            nodeId: e.draft.nodeId,
            payload: e.draft.payload,
            time,
          }) as RunEvent,
      ),
    );
    if (result[0]?.cancel_requested_at) this.onCancelRequested();
  }
}

function entrySize(entry: Entry): number {
  let size = entry.finish?.length ?? 0;
  for (const e of entry.events) size += e.payload.length + 100;
  for (const row of entry.nodes.values()) size += row.length;
  return size;
}

const MAX_REASON_CHARS = 500;
const clip = (text: string) => (text.length > MAX_REASON_CHARS ? `${text.slice(0, MAX_REASON_CHARS)}…` : text);

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
 * JSON for a jsonb parameter. Postgres refuses the NUL character and lone UTF-16 surrogates in jsonb
 * text, and user code may print or return them; they become U+FFFD instead of failing the write.
 * `JSON.stringify` writes a surrogate as an escape only when it is lone (pairs stay raw characters).
 * Escape pairs are consumed left to right, so an escaped backslash followed by `u0000` is left alone.
 */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value).replace(UNSTORABLE_ESCAPE, (m) => (m === '\\\\' ? m : '\\ufffd'));
}

const UNSTORABLE_ESCAPE = /\\\\|\\u0000|\\ud[89a-f][0-9a-f]{2}/g;

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
