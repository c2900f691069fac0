import type { AgentUsage, AgentUsageSummary } from '@switchyard/shared';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { codeExecLogs, workflows } from '../schema.ts';

/** The five usage figures as aggregates over `code_exec_logs`: one definition for one agent and for a whole list. */
const usageColumns = {
  calls: sql<number>`count(*)::int`,
  failures: sql<number>`(count(*) filter (where ${codeExecLogs.status} <> 'succeeded'))::int`,
  p50: sql<number | null>`percentile_cont(0.5) within group (order by ${codeExecLogs.durationMs})::float8`,
  last: sql<Date | string | null>`max(${codeExecLogs.createdAt})`,
};

type UsageRow = { calls: number; failures: number; p50: number | null; last: Date | string | null };

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function usageSummary(row: UsageRow | undefined): AgentUsageSummary {
  const calls = Number(row?.calls ?? 0);
  const failures = Number(row?.failures ?? 0);
  return {
    calls,
    failures,
    failureRate: calls === 0 ? 0 : failures / calls,
    p50Ms: row?.p50 === null || row?.p50 === undefined ? null : Number(row.p50),
    lastUsedAt: iso(row?.last),
  };
}

/**
 * Usage of each of `agentIds` in one grouped query (agents never run get zeros), for lists. Pass agents already
 * listed in the caller's workspace: agent ids are global, so their executions are theirs wherever recorded.
 */
export async function usageByAgent(db: Db, agentIds: readonly string[]): Promise<Map<string, AgentUsageSummary>> {
  const rows =
    agentIds.length === 0
      ? []
      : await db
          .select({ agentId: codeExecLogs.agentId, ...usageColumns })
          .from(codeExecLogs)
          .where(inArray(codeExecLogs.agentId, [...agentIds]))
          .groupBy(codeExecLogs.agentId);
  const found = new Map(rows.map((r) => [r.agentId, r]));
  return new Map(agentIds.map((id) => [id, usageSummary(found.get(id))]));
}

/**
 * Executions of one agent (found in `workspaceId` first): counts, failures, median duration, last use, per
 * version, and the workspace's workflows using it.
 */
export async function agentUsage(db: Db, workspaceId: string, agentId: string): Promise<AgentUsage> {
  const [totals] = await db.select(usageColumns).from(codeExecLogs).where(eq(codeExecLogs.agentId, agentId));
  const versions = await db
    .select({ version: codeExecLogs.agentVersion, calls: sql<number>`count(*)::int` })
    .from(codeExecLogs)
    .where(eq(codeExecLogs.agentId, agentId))
    .groupBy(codeExecLogs.agentVersion)
    .orderBy(desc(codeExecLogs.agentVersion));
  const used = await db
    .select({ id: workflows.id, name: workflows.name, last: sql<Date>`max(${codeExecLogs.createdAt})` })
    .from(codeExecLogs)
    .innerJoin(workflows, and(eq(workflows.id, codeExecLogs.workflowId), eq(workflows.workspaceId, workspaceId)))
    .where(eq(codeExecLogs.agentId, agentId))
    .groupBy(workflows.id, workflows.name)
    .orderBy(desc(sql`max(${codeExecLogs.createdAt})`));
  return {
    ...usageSummary(totals),
    byVersion: versions.map((v) => ({ version: Number(v.version), calls: Number(v.calls) })),
    workflows: used.map((w) => ({ id: w.id, name: w.name, lastUsedAt: iso(w.last) as string })),
  };
}
