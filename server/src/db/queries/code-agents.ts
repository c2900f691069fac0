import {
  type AgentContent,
  type CodeAgent,
  type CodeAgentSummary,
  type CodeAgentVersion,
  type CreateCodeAgentBody,
  newId,
} from '@switchyard/shared';
import { and, arrayContains, desc, eq, getTableColumns, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { audit } from '../../audit/audit.ts';
import { type FileRef, hashContent } from '../../registry/content-hash.ts';
import type { WorkspaceScope } from '../../workspace/scope.ts';
import type { Db, Tx } from '../client.ts';
import { codeAgents, codeAgentVersions, codeBlobs } from '../schema.ts';

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

/** Thrown when a slug is already taken in the workspace (by a live or deleted agent: slugs are never reused). */
export class SlugTakenError extends Error {}

/** Agent `id` of workspace `ws`, not deleted: every agent lookup below goes through this filter. */
const live = (ws: string, id: string) => and(eq(codeAgents.workspaceId, ws), eq(codeAgents.id, id), isNull(codeAgents.deletedAt));

/** Creates an agent with its version 1 and its `agent.create` audit row, atomically. */
export async function createAgent(db: Db, scope: WorkspaceScope, body: CreateCodeAgentBody & VersionInput): Promise<CodeAgent> {
  const id = newId('ca');
  try {
    await db.transaction(async (tx) => {
      await tx.insert(codeAgents).values({
        id,
        workspaceId: scope.workspaceId,
        slug: body.slug,
        name: body.name,
        description: body.description ?? '',
        tags: body.tags ?? [],
        latestVersion: 1,
      });
      await insertVersion(tx, id, 1, body);
      await audit(tx, scope, { action: 'agent.create', resourceType: 'agent', resourceId: id, details: { slug: body.slug } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new SlugTakenError(`the slug "${body.slug}" is taken`);
    throw err;
  }
  return (await getAgent(db, scope.workspaceId, id)) as CodeAgent;
}

/**
 * Saves `input` as the next version, with its `agent.version_create` audit row; `{ unchanged }` when it hashes
 * the same as the latest (nothing is written); undefined when the agent is not one of this workspace's.
 */
export async function createVersion(
  db: Db,
  scope: WorkspaceScope,
  agentId: string,
  input: VersionInput,
): Promise<{ version: CodeAgentVersion } | { unchanged: CodeAgentVersion } | undefined> {
  const result = await db.transaction(async (tx) => {
    // Lock the agent row: two saves at once get consecutive numbers, never the same one.
    const [agent] = await tx.select().from(codeAgents).where(live(scope.workspaceId, agentId)).for('update');
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
    await audit(tx, scope, {
      action: 'agent.version_create',
      resourceType: 'agent',
      resourceId: agentId,
      details: { version, hash },
    });
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

/** The agent with its latest version; undefined when it is not a live agent of this workspace. */
export async function getAgent(db: Db, workspaceId: string, id: string): Promise<CodeAgent | undefined> {
  const [agent] = await db.select().from(codeAgents).where(live(workspaceId, id));
  if (!agent) return undefined;
  const latest = await getVersion(db, id, agent.latestVersion);
  if (!latest) return undefined;
  return { ...summary(agent, latest.content.language, latest.content.runtime), latest };
}

/** A live, published agent by slug (an MCP tool name): one indexed lookup; the caller takes the version from its cache. */
export async function findPublishedBySlug(
  db: Db,
  workspaceId: string,
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
    .where(
      and(
        eq(codeAgents.workspaceId, workspaceId),
        eq(codeAgents.slug, slug),
        eq(codeAgents.published, true),
        isNull(codeAgents.deletedAt),
      ),
    );
  return row;
}

/**
 * Whether the agent is a live one of this workspace: one indexed lookup, for paths that take its version from
 * the cache (versions are cached by agent id, so they may be read only after this answered true).
 */
export async function agentExists(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const [row] = await db.select({ id: codeAgents.id }).from(codeAgents).where(live(workspaceId, id));
  return row !== undefined;
}

/** Live agents of the workspace matching the filter, most recently updated first. */
export async function listAgents(db: Db, workspaceId: string, filter: ListFilter): Promise<CodeAgentSummary[]> {
  const where: SQL[] = [eq(codeAgents.workspaceId, workspaceId), isNull(codeAgents.deletedAt)];
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

/**
 * Changes a live agent of the workspace with `set`, and writes `event` as its audit row in the same
 * transaction; false (nothing written) when the agent is not one.
 */
async function changeAgent(
  db: Db,
  scope: WorkspaceScope,
  id: string,
  set: Partial<typeof codeAgents.$inferInsert>,
  event: { action: string; details?: Record<string, unknown> },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(codeAgents)
      .set({ ...set, updatedAt: sql`now()` })
      .where(live(scope.workspaceId, id))
      .returning({ id: codeAgents.id });
    if (rows.length === 0) return false;
    await audit(tx, scope, { ...event, resourceType: 'agent', resourceId: id });
    return true;
  });
}

/** Changes metadata only (audited as `agent.update`); versions are untouched. */
export async function patchAgent(
  db: Db,
  scope: WorkspaceScope,
  id: string,
  patch: { name?: string; description?: string; tags?: string[] },
): Promise<CodeAgent | undefined> {
  const changed = await changeAgent(db, scope, id, patch, { action: 'agent.update', details: { fields: Object.keys(patch) } });
  return changed ? getAgent(db, scope.workspaceId, id) : undefined;
}

/** Publishes or unpublishes (`agent.publish` / `agent.unpublish`); undefined when the agent is not in the workspace. */
export async function setPublished(
  db: Db,
  scope: WorkspaceScope,
  id: string,
  published: boolean,
): Promise<CodeAgent | undefined> {
  const changed = await changeAgent(db, scope, id, { published }, { action: published ? 'agent.publish' : 'agent.unpublish' });
  return changed ? getAgent(db, scope.workspaceId, id) : undefined;
}

/** Soft delete (`agent.delete`): the versions stay (runs and workflows may pin them) and the slug stays taken. */
export async function deleteAgent(db: Db, scope: WorkspaceScope, id: string): Promise<boolean> {
  return changeAgent(db, scope, id, { deletedAt: new Date(), published: false }, { action: 'agent.delete' });
}

/** Versions of a live agent of the workspace, newest first, without their files (empty when it is not one). */
export async function listVersions(db: Db, workspaceId: string, agentId: string): Promise<Omit<CodeAgentVersion, 'content'>[]> {
  const rows = await db
    .select(getTableColumns(codeAgentVersions))
    .from(codeAgentVersions)
    .innerJoin(codeAgents, eq(codeAgents.id, codeAgentVersions.agentId))
    .where(live(workspaceId, agentId))
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

/**
 * One version with its files' contents, by agent id (ids are global). Only for an agent already found in the
 * caller's workspace (`getAgent`, `agentExists`): this lookup does not check the workspace itself.
 */
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
