import type { NodeStatus, RunStatus } from '@switchyard/shared';
import { formatDuration } from '../../format.ts';

const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hour12: false,
});

/** "14:03:07.215": the local wall-clock time of a log line or event. */
export function formatClock(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : clock.format(t);
}

/** Words users read for run and node states ("pending" reads as "queued", as on the canvas). */
export const STATUS_LABEL: Record<RunStatus | NodeStatus, string> = {
  queued: 'queued',
  pending: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

/** A finished duration, or the time elapsed so far while `startedAt` is set and it is still going. */
export function runDuration(durationMs: number | null, startedAt: string | null, now: number): string | null {
  if (durationMs !== null) return formatDuration(durationMs);
  if (startedAt) return formatDuration(Math.max(0, now - Date.parse(startedAt)));
  return null;
}

/** The first characters of a run id: enough to tell runs apart in a list. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 12)}…` : id;
}
