import { ApiErrorSchema, apiContract, RUN_EVENT_TYPES, type RunEvent } from '@switchyard/shared';
import { operationUrl } from '../../api/client.ts';
import { reportUnauthorized, sessionHeaders } from '../../api/session.ts';
import { parseRunEvent } from './parse-run-event.ts';
import { readSse } from './sse-reader.ts';

export interface RunEventStreamOptions {
  /** Highest seq already applied; every (re)connection asks for the events after it. */
  lastSeq(): number;
  /** A batch of events in seq order: at most one call per animation frame, so one store update per frame. */
  onEvents(events: RunEvent[]): void;
}

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 15_000;
const EVENT_TYPES = new Set<string>(RUN_EVENT_TYPES);

/**
 * Follows one run's events over SSE (`GET /api/runs/:id/events?after=`) until `run.finished`, whose
 * batch is delivered at once (not on the next frame) so the final status never waits for a paint.
 * A `fetch` stream, not EventSource, so the request carries the workspace header like every other call.
 * Reconnects with `after=` the last seq seen: after a second when the server ended the response, backing
 * off to 15 s after failures. A refused credential (401) goes to the auth gate and an unknown run (404)
 * ends it. Duplicates cannot double-apply: the reducer ignores seq ≤ lastSeq. Returns `close`.
 */
export function openRunEventStream(runId: string, options: RunEventStreamOptions): () => void {
  let request: AbortController | null = null;
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
    request?.abort();
    request = null;
    if (retryTimer !== null) clearTimeout(retryTimer);
    if (frame !== null) cancelAnimationFrame(frame);
    frame = null;
  };

  const onMessage = (data: string) => {
    const event = parseRunEvent(data);
    if (!event || event.runId !== runId || event.seq <= seen) return;
    seen = event.seq;
    failures = 0;
    pending.push(event);
    if (event.type === 'run.finished') {
      flush();
      close();
      return;
    }
    frame ??= requestAnimationFrame(flush);
  };

  const retry = (failed: boolean) => {
    if (closed) return;
    if (failed) failures += 1;
    const delay = failed ? Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)) : RETRY_MIN_MS;
    retryTimer = setTimeout(() => void connect(), delay);
  };

  const connect = async () => {
    retryTimer = null;
    if (closed) return;
    seen = Math.max(seen, options.lastSeq());
    const controller = new AbortController();
    request = controller;
    try {
      const response = await fetch(operationUrl(apiContract.runEvents, { id: runId }, { after: seen }), {
        credentials: 'same-origin',
        headers: { accept: 'text/event-stream', ...sessionHeaders('GET') },
        signal: controller.signal,
      });
      if (response.status === 401 || response.status === 404) {
        const envelope = ApiErrorSchema.safeParse(await response.json().catch(() => null));
        reportUnauthorized(response.status, envelope.success ? envelope.data.error.code : 'unauthorized');
        return close();
      }
      if (!response.ok || !response.body) return retry(true);
      await readSse(response.body, (message) => {
        if (EVENT_TYPES.has(message.event)) onMessage(message.data);
      });
      retry(false);
    } catch {
      // Aborted by `close`, or the connection broke.
      retry(true);
    }
  };

  void connect();
  return close;
}
