import {
  type AgentContent,
  type AgentUsage,
  type AgentUsageSummary,
  type CodeAgent,
  type CodeAgentSummary,
  type CodeAgentVersion,
  type CreateCodeAgentBody,
  newId,
} from '@switchyard/shared';
import { and, arrayContains, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type FileRef, hashContent } from '../../registry/content-hash.ts';
import type { Db, Tx } from '../client.ts';
import { codeAgents, codeAgentVersions, codeBlobs, codeExecLogs, workflows } from '../schema.ts';

type AgentRow = typeof codeAgents.$inferSelect;
type VersionRow = typeof codeAgentVersions.$inferSelect;

/** A new version: its content plus who saved it and why. */
export interface VersionInput {
  content: AgentContent;
  changelog: string;
  author: string;
}

export interface ListFilter {
  q?: string;
  tag?: string;
  language?: string;
  runtime?: string;
  published?: 'true' | 'false';
}

/** Thrown when a slug is already taken (by a live or deleted agent: slugs are never reused). */
export class SlugTakenError extends Error {}

/** Creates an agent with its version 1, atomically. */
export async function createAgent(db: Db, body: CreateCodeAgentBody & VersionInput): Promise<CodeAgent> {
  const id = newId('ca');
  try {
    await db.transaction(async (tx) => {
      await tx.insert(codeAgents).values({
        id,
        slug: body.slug,
        name: body.name,
        description: body.description ?? '',
        tags: body.tags ?? [],
        latestVersion: 1,
      });
      await insertVersion(tx, id, 1, body);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTakenError(`the slug "${body.slug}" is taken`);
    throw err;
  }
  return (await getAgent(db, id)) as CodeAgent;
}

/** Saves `input` as the next version; `{ unchanged }` when it hashes the same as the latest (nothing is written). */
export async function createVersion(
  db: Db,
  agentId: string,
  input: VersionInput,
): Promise<{ version: CodeAgentVersion } | { unchanged: CodeAgentVersion } | undefined> {
  const result = await db.transaction(async (tx) => {
    // Lock the agent row: two saves at once get consecutive numbers, never the same one.
    const [agent] = await tx
      .select()
      .from(codeAgents)
      .where(and(eq(codeAgents.id, agentId), isNull(codeAgents.deletedAt)))
      .for('update');
    if (!agent) return undefined;
    const [latest] = await tx
      .select({ hash: codeAgentVersions.hash })
      .from(codeAgentVersions)
      .where(and(eq(codeAgentVersions.agentId, agentId), eq(codeAgentVersions.version, agent.latestVersion)));
    const { hash } = hashContent(input.content);
    if (latest?.hash === hash) return { unchanged: agent.latestVersion, created: undefined };
    const version = agent.latestVersion + 1;
    await insertVersion(tx, agentId, version, input);
    await tx.update(codeAgents).set({ latestVersion: version, updatedAt: sql`now()` }).where(eq(codeAgents.id, agentId));
    return { unchanged: undefined, created: version };
  });
  if (!result) return undefined;
  if (result.created === undefined) return { unchanged: (await getVersion(db, agentId, result.unchanged)) as CodeAgentVersion };
  return { version: (await getVersion(db, agentId, result.created)) as CodeAgentVersion };
}

async function insertVersion(tx: Tx, agentId: string, version: number, input: VersionInput): Promise<void> {
  const { files, hash } = hashContent(input.content);
  const byPath = new Map(input.content.files.map((f) => [f.path, f.content]));
  const blobs = files.map((f) => ({ sha256: f.sha256, content: byPath.get(f.path) ?? '' }));
  await tx.insert(codeBlobs).values(blobs).onConflictDoNothing();
  await tx.insert(codeAgentVersions).values({
    agentId,
    version,
    hash,
    language: input.content.language,
    entry: input.content.entry,
    files,
    inputSchema: input.content.inputSchema ?? null,
    outputSchema: input.content.outputSchema ?? null,
    runtime: input.content.runtime,
    policy: input.content.policy,
    changelog: input.changelog,
    author: input.author,
  });
}

export async function getAgent(db: Db, id: string): Promise<CodeAgent | undefined> {
  const [agent] = await db
    .select()
    .from(codeAgents)
    .where(and(eq(codeAgents.id, id), isNull(codeAgents.deletedAt)));
  if (!agent) return undefined;
  const latest = await getVersion(db, id, agent.latestVersion);
  if (!latest) return undefined;
  return { ...summary(agent, latest.content.language, latest.content.runtime), latest };
}

/** A live, published agent by slug (an MCP tool name): one indexed lookup; the caller takes the version from its cache. */
export async function findPublishedBySlug(
  db: Db,
  slug: string,
): Promise<Pick<CodeAgentSummary, 'id' | 'slug' | 'name' | 'description' | 'latestVersion'> | undefined> {
  const [row] = await db
    .select({
      id: codeAgents.id,
      slug: codeAgents.slug,
      name: codeAgents.name,
      description: codeAgents.description,
      latestVersion: codeAgents.latestVersion,
    })
    .from(codeAgents)
    .where(and(eq(codeAgents.slug, slug), eq(codeAgents.published, true), isNull(codeAgents.deletedAt)));
  return row;
}

/** Whether the agent exists and is not deleted: one indexed lookup, for paths that already hold its version. */
export async function agentExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: codeAgents.id })
    .from(codeAgents)
    .where(and(eq(codeAgents.id, id), isNull(codeAgents.deletedAt)));
  return row !== undefined;
}

/** Live agents matching the filter, most recently updated first. */
export async function listAgents(db: Db, filter: ListFilter): Promise<CodeAgentSummary[]> {
  const where: SQL[] = [isNull(codeAgents.deletedAt)];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(codeAgents.name, like), ilike(codeAgents.slug, like), ilike(codeAgents.description, like)) as SQL);
  }
  if (filter.tag) where.push(arrayContains(codeAgents.tags, [filter.tag]));
  if (filter.published) where.push(eq(codeAgents.published, filter.published === 'true'));
  if (filter.language) where.push(eq(codeAgentVersions.language, filter.language));
  if (filter.runtime) where.push(eq(codeAgentVersions.runtime, filter.runtime));
  const rows = await db
    .select({ agent: codeAgents, language: codeAgentVersions.language, runtime: codeAgentVersions.runtime })
    .from(codeAgents)
    .innerJoin(
      codeAgentVersions,
      and(eq(codeAgentVersions.agentId, codeAgents.id), eq(codeAgentVersions.version, codeAgents.latestVersion)),
    )
    .where(and(...where))
    .orderBy(desc(codeAgents.updatedAt))
    .limit(500);
  return rows.map((r) => summary(r.agent, r.language, r.runtime));
}

/** Changes metadata only; versions are untouched. */
export async function patchAgent(
  db: Db,
  id: string,
  patch: { name?: string; description?: string; tags?: string[] },
): Promise<CodeAgent | undefined> {
  const rows = await db
    .update(codeAgents)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(codeAgents.id, id), isNull(codeAgents.deletedAt)))
    .returning({ id: codeAgents.id });
  return rows.length > 0 ? getAgent(db, id) : undefined;
}

/** Publishes or unpublishes; undefined when the agent does not exist. */
export async function setPublished(db: Db, id: string, published: boolean): Promise<CodeAgent | undefined> {
  const rows = await db
    .update(codeAgents)
    .set({ published, updatedAt: sql`now()` })
    .where(and(eq(codeAgents.id, id), isNull(codeAgents.deletedAt)))
    .returning({ id: codeAgents.id });
  return rows.length > 0 ? getAgent(db, id) : undefined;
}

/** Soft delete: the versions stay (runs and workflows may pin them) and the slug stays taken. */
export async function deleteAgent(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(codeAgents)
    .set({ deletedAt: sql`now()`, published: false })
    .where(and(eq(codeAgents.id, id), isNull(codeAgents.deletedAt)))
    .returning({ id: codeAgents.id });
  return rows.length > 0;
}

/** Versions newest first, without their files. */
export async function listVersions(db: Db, agentId: string): Promise<Omit<CodeAgentVersion, 'content'>[]> {
  const rows = await db
    .select()
    .from(codeAgentVersions)
    .where(eq(codeAgentVersions.agentId, agentId))
    .orderBy(desc(codeAgentVersions.version));
  return rows.map((r) => ({
    agentId: r.agentId,
    version: r.version,
    hash: r.hash,
    changelog: r.changelog,
    author: r.author,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** One version with its files' contents. */
export async function getVersion(db: Db, agentId: string, version: number): Promise<CodeAgentVersion | undefined> {
  const [row] = await db
    .select()
    .from(codeAgentVersions)
    .where(and(eq(codeAgentVersions.agentId, agentId), eq(codeAgentVersions.version, version)));
  if (!row) return undefined;
  const refs = row.files as FileRef[];
  const blobs = await db
    .select()
    .from(codeBlobs)
    .where(
      inArray(
        codeBlobs.sha256,
        refs.map((f) => f.sha256),
      ),
    );
  const contents = new Map(blobs.map((b) => [b.sha256, b.content]));
  return toVersion(
    row,
    refs.map((f) => ({ path: f.path, content: contents.get(f.sha256) ?? '' })),
  );
}

function toVersion(row: VersionRow, files: { path: string; content: string }[]): CodeAgentVersion {
  return {
    agentId: row.agentId,
    version: row.version,
    hash: row.hash,
    content: {
      language: row.language as CodeAgentVersion['content']['language'],
      files,
      entry: row.entry,
      ...(row.inputSchema ? { inputSchema: row.inputSchema as Record<string, unknown> } : {}),
      ...(row.outputSchema ? { outputSchema: row.outputSchema as Record<string, unknown> } : {}),
      runtime: row.runtime as CodeAgentVersion['content']['runtime'],
      policy: row.policy as Record<string, unknown>,
    },
    changelog: row.changelog,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
  };
}

function summary(agent: AgentRow, language: string, runtime: string): CodeAgentSummary {
  return {
    id: agent.id,
    slug: agent.slug,
    name: agent.name,
    description: agent.description,
    tags: agent.tags,
    language: language as CodeAgentSummary['language'],
    runtime: runtime as CodeAgentSummary['runtime'],
    published: agent.published,
    latestVersion: agent.latestVersion,
    createdAt: agent.createdAt.toISOString(),
    updatedAt: agent.updatedAt.toISOString(),
  };
}

/** Postgres unique_violation (PGlite reports the same code). */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string; cause?: { code?: string } })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  return code === '23505';
}

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

/** Usage of each of `agentIds` in one grouped query (agents never run get zeros), for lists. */
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

/** Executions of one agent: counts, failures, median duration, last use, per version, and the workflows using it. */
export async function agentUsage(db: Db, agentId: string): Promise<AgentUsage> {
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
    .innerJoin(workflows, eq(workflows.id, codeExecLogs.workflowId))
    .where(eq(codeExecLogs.agentId, agentId))
    .groupBy(workflows.id, workflows.name)
    .orderBy(desc(sql`max(${codeExecLogs.createdAt})`));
  return {
    ...usageSummary(totals),
    byVersion: versions.map((v) => ({ version: Number(v.version), calls: Number(v.calls) })),
    workflows: used.map((w) => ({ id: w.id, name: w.name, lastUsedAt: iso(w.last) as string })),
  };
}
