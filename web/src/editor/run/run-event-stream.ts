import { apiContract, RUN_EVENT_TYPES, type RunEvent } from '@switchyard/shared';
import { operationUrl } from '../../api/client.ts';
import { parseRunEvent } from './parse-run-event.ts';

export interface RunEventStreamOptions {
  /** Highest seq already applied; every (re)connection asks for the events after it. */
  lastSeq(): number;
  /** A batch of events in seq order: at most one call per animation frame, so one store update per frame. */
  onEvents(events: RunEvent[]): void;
}

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 15_000;

/**
 * Follows one run's events over SSE (`GET /api/runs/:id/events?after=`) until `run.finished`, whose
 * batch is delivered at once (not on the next frame) so the final status never waits for a paint.
 * Reconnects: EventSource retries a dropped connection itself (sending Last-Event-ID); when it gives
 * up (HTTP error, server gone) a new one is opened with `after=` the last seq seen, backing off to
 * 15 s. Duplicates cannot double-apply: the reducer ignores seq ≤ lastSeq. Returns `close`.
 */
export function openRunEventStream(runId: string, options: RunEventStreamOptions): () => void {
  let source: EventSource | null = null;
  let pending: RunEvent[] = [];
  let frame: number | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let closed = false;
  let seen = 0;

  const flush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    options.onEvents(batch);
  };

  const close = () => {
    closed = true;
    source?.close();
    source = null;
    if (retryTimer !== null) clearTimeout(retryTimer);
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
  };

  const onMessage = (message: MessageEvent<string>) => {
    const event = parseRunEvent(message.data);
    if (!event || event.runId !== runId || event.seq <= seen) return;
    seen = event.seq;
    failures = 0;
    pending.push(event);
    if (event.type === 'run.finished') {
      // Close before the server ends the response, or EventSource would reconnect and replay.
      source?.close();
      flush();
      close();
      return;
    }
    frame ??= requestAnimationFrame(flush);
  };

  const connect = () => {
    retryTimer = null;
    if (closed) return;
    seen = Math.max(seen, options.lastSeq());
    const next = new EventSource(operationUrl(apiContract.runEvents, { id: runId }, { after: seen }));
    for (const type of RUN_EVENT_TYPES) next.addEventListener(type, onMessage as EventListener);
    next.onerror = () => {
      // CONNECTING means EventSource is already retrying on its own; CLOSED means it gave up.
      if (closed || next.readyState !== EventSource.CLOSED) return;
      next.close();
      source = null;
      failures += 1;
      retryTimer = setTimeout(connect, Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)));
    };
    source = next;
  };

  connect();
  return close;
}
