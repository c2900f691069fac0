import { type ApiTokenInfo, newId, type Role, roleAtLeast } from '@switchyard/shared';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { apiTokens, codeAgents, users } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { WorkspaceScope } from '../workspace/scope.ts';
import { newSecretToken, tokenHash } from './secret-token.ts';

type Row = typeof apiTokens.$inferSelect;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const info = (r: Row, creator: { id: string; name: string } | null): ApiTokenInfo => ({
  id: r.id,
  name: r.name,
  role: r.role,
  access: r.access,
  agentIds: r.agentIds,
  prefix: r.prefix,
  createdBy: creator,
  createdAt: r.createdAt.toISOString(),
  expiresAt: iso(r.expiresAt),
  lastUsedAt: iso(r.lastUsedAt),
});

export interface CreateTokenInput {
  name: string;
  role?: Role;
  expiresInDays?: number;
  access: 'api' | 'mcp';
  agentIds?: string[];
}

/** A token for the caller in the current workspace, never above the caller's role; the value is returned once. */
export async function createApiToken(db: Db, scope: WorkspaceScope, body: CreateTokenInput) {
  const userId = scope.actor.userId;
  if (!userId) throw new ApiError(403, 'forbidden', 'tokens belong to a user');
  if (scope.actor.tokenId) throw new ApiError(403, 'forbidden', 'a token cannot create tokens; sign in to create one');
  const role = body.role ?? (body.access === 'mcp' && roleAtLeast(scope.role, 'runner') ? 'runner' : scope.role);
  if (!roleAtLeast(scope.role, role))
    throw new ApiError(403, 'forbidden', `a token cannot have a role above yours (${scope.role})`, { role, yours: scope.role });
  if (body.access === 'api' && body.agentIds)
    throw new ApiError(400, 'validation_failed', 'agentIds apply only to mcp tokens', {
      issues: [{ path: ['agentIds'], message: 'only for access: mcp' }],
    });
  if (body.agentIds?.length) {
    const found = await db
      .select({ id: codeAgents.id })
      .from(codeAgents)
      .where(
        and(eq(codeAgents.workspaceId, scope.workspaceId), inArray(codeAgents.id, body.agentIds), isNull(codeAgents.deletedAt)),
      );
    const unknown = body.agentIds.filter((id) => !found.some((a) => a.id === id));
    if (unknown.length > 0)
      throw new ApiError(
        400,
        'validation_failed',
        `no code agent ${unknown.map((id) => `"${id}"`).join(', ')} in this workspace`,
        {
          issues: [{ path: ['agentIds'], message: 'unknown agents', unknown }],
        },
      );
  }
  const token = newSecretToken('sy');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        id: newId('tok'),
        workspaceId: scope.workspaceId,
        userId,
        name: body.name,
        role,
        access: body.access,
        agentIds: body.agentIds ?? null,
        tokenHash: tokenHash(token),
        prefix: token.slice(0, 7),
        expiresAt: body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null,
      })
      .returning();
    const created = row as Row;
    await audit(tx, scope, {
      action: 'token.create',
      resourceType: 'token',
      resourceId: created.id,
      details: { name: body.name, role, access: body.access, expiresAt: iso(created.expiresAt) },
    });
    const [me] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId));
    return { ...info(created, me ?? null), token };
  });
}

/** Live tokens of the workspace: all of them for `everyone`, else only the caller's. */
export async function listApiTokens(db: Db, scope: WorkspaceScope, everyone: boolean): Promise<ApiTokenInfo[]> {
  const rows = await db
    .select({ token: apiTokens, creator: { id: users.id, name: users.name } })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.workspaceId, scope.workspaceId),
        isNull(apiTokens.revokedAt),
        everyone ? undefined : eq(apiTokens.userId, scope.actor.userId ?? ''),
      ),
    )
    .orderBy(asc(apiTokens.createdAt));
  return rows.map((r) => info(r.token, r.creator));
}

export async function revokeApiToken(db: Db, scope: WorkspaceScope, id: string, everyone: boolean): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(apiTokens.id, id),
          eq(apiTokens.workspaceId, scope.workspaceId),
          isNull(apiTokens.revokedAt),
          everyone ? undefined : eq(apiTokens.userId, scope.actor.userId ?? ''),
        ),
      )
      .returning({ name: apiTokens.name });
    if (rows.length === 0) return false;
    await audit(tx, scope, { action: 'token.revoke', resourceType: 'token', resourceId: id, details: { name: rows[0]?.name } });
    return true;
  });
}
