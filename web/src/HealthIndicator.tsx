import type { Health } from '@switchyard/shared';
import { useHealth } from './api/useHealth.ts';

const DATABASE_NAMES: Record<Health['database']['kind'], string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/** A status pill: which database the server uses and how fast it answers, or why it is down. */
export function HealthIndicator() {
  const health = useHealth();
  const state = health.isPending ? 'pending' : health.isError ? 'down' : 'ok';
  const text = health.isPending
    ? 'Connecting…'
    : health.isError
      ? 'Server unreachable'
      : `${DATABASE_NAMES[health.data.database.kind]} · ${health.data.database.latencyMs.toFixed(1)} ms`;
  return (
    <output className="health" data-state={state} aria-label="Server health" title={health.error?.message}>
      <span className="health-dot" aria-hidden="true" />
      {text}
    </output>
  );
}
