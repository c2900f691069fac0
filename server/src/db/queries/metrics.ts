import { and, eq, gt, sql } from 'drizzle-orm';
import type { ExecutionRecord } from '../../runtimes/metered.ts';
import type { Db } from '../client.ts';
import { codeExecLogs } from '../schema.ts';

export async function recordExecution(db: Db, row: ExecutionRecord): Promise<void> {
  await db.insert(codeExecLogs).values(row);
}

/** Per-runtime figures over the last `windowMinutes`. Durations are the runtime's own, in ms. */
export interface RuntimeMetrics {
  runtime: string;
  executions: number;
  /** Executions that did not succeed (user errors, timeouts, limits, cancellations). */
  failures: number;
  failureRate: number;
  p50Ms: number;
  p95Ms: number;
  /** Share of executions that paid for a process start. */
  coldRate: number;
  byStatus: Record<string, number>;
}

/** The workspace's executions only (rows written before workspaces existed belong to none and are left out). */
export async function runtimeMetrics(db: Db, workspaceId: string, windowMinutes: number): Promise<RuntimeMetrics[]> {
  const recent = and(
    eq(codeExecLogs.workspaceId, workspaceId),
    gt(codeExecLogs.createdAt, sql`now() - make_interval(mins => ${windowMinutes})`),
  );
  const rows = await db
    .select({
      runtime: codeExecLogs.runtime,
      executions: sql<number>`count(*)::int`,
      failures: sql<number>`(count(*) filter (where ${codeExecLogs.status} <> 'succeeded'))::int`,
      p50: sql<number>`percentile_cont(0.5) within group (order by ${codeExecLogs.durationMs})::float8`,
      p95: sql<number>`percentile_cont(0.95) within group (order by ${codeExecLogs.durationMs})::float8`,
      cold: sql<number>`avg(case when ${codeExecLogs.cold} then 1 else 0 end)::float8`,
    })
    .from(codeExecLogs)
    .where(recent)
    .groupBy(codeExecLogs.runtime)
    .orderBy(codeExecLogs.runtime);
  const statuses = await db
    .select({ runtime: codeExecLogs.runtime, status: codeExecLogs.status, n: sql<number>`count(*)::int` })
    .from(codeExecLogs)
    .where(recent)
    .groupBy(codeExecLogs.runtime, codeExecLogs.status);
  const round = (n: number) => Math.round(n * 100) / 100;
  return rows.map((r) => ({
    runtime: r.runtime,
    executions: r.executions,
    failures: r.failures,
    failureRate: round(r.failures / r.executions),
    p50Ms: round(r.p50),
    p95Ms: round(r.p95),
    coldRate: round(r.cold),
    byStatus: Object.fromEntries(statuses.filter((s) => s.runtime === r.runtime).map((s) => [s.status, s.n])),
  }));
}
