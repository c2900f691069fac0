import { type Member, newId, type Role, type User, type WorkspaceMembership } from '@switchyard/shared';
import { and, asc, eq, isNull, lt, ne, sql } from 'drizzle-orm';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/client.ts';
import { apiTokens, memberships, sessions, users, workflows, workspaces } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import { removeTriggers } from '../triggers/sync.ts';
import { type Actor, DEFAULT_WORKSPACE_ID, type WorkspaceScope } from '../workspace/scope.ts';
import { hashPassword } from './password.ts';
import { newSecretToken, tokenHash } from './secret-token.ts';

type UserRow = typeof users.$inferSelect;
export const userInfo = (u: UserRow): User => ({ id: u.id, name: u.name, email: u.email, createdAt: u.createdAt.toISOString() });
export const actorOf = (u: Pick<UserRow, 'id' | 'email'>, ip: string | null): Actor => ({
  userId: u.id,
  tokenId: null,
  label: u.email,
  ip,
});

export async function anyUserExists(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return row !== undefined;
}

/**
 * The first account: owner of the default workspace. `users` is locked for the transaction, so of two
 * setups at once exactly one finds the table empty; the other gets 409.
 */
export async function setupOwner(db: Db, body: { name: string; email: string; password: string }, ip: string | null) {
  const passwordHash = await hashPassword(body.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table users in exclusive mode`);
    const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
    if (existing) throw new ApiError(409, 'already_set_up', 'this server already has an owner; sign in instead');
    const [user] = await tx
      .insert(users)
      .values({ id: newId('usr'), name: body.name, email: body.email, passwordHash })
      .returning();
    const u = user as UserRow;
    const [ws] = await tx
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.id, DEFAULT_WORKSPACE_ID), isNull(workspaces.deletedAt)));
    const workspaceId = ws?.id ?? (await insertWorkspace(tx, 'Default workspace'));
    await tx.insert(memberships).values({ workspaceId, userId: u.id, role: 'owner' });
    await audit(tx, { workspaceId, actor: actorOf(u, ip) }, { action: 'auth.setup', resourceType: 'user', resourceId: u.id });
    return u;
  });
}

async function insertWorkspace(tx: Tx | Db, name: string): Promise<string> {
  const id = newId('ws');
  await tx.insert(workspaces).values({ id, name });
  return id;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** The user's live workspaces with the role in each, oldest membership first (the default workspace). */
export async function membershipsOf(db: Db, userId: string): Promise<WorkspaceMembership[]> {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), isNull(workspaces.deletedAt)))
    .orderBy(asc(memberships.createdAt), asc(workspaces.id));
}

export async function createSession(db: Db | Tx, userId: string, ttlMs: number, ip: string | null, userAgent: string | null) {
  const token = newSecretToken('sys');
  await db.insert(sessions).values({
    id: newId('ses'),
    tokenHash: tokenHash(token),
    userId,
    expiresAt: new Date(Date.now() + ttlMs),
    ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

/** Deletes sessions past their expiry (they already answer 401); returns how many went. */
export async function pruneSessions(db: Db): Promise<number> {
  const rows = await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ id: sessions.id });
  return rows.length;
}

export async function deleteSession(db: Db, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}

/** Ends every session of a user (but `keepToken`'s), e.g. after a password change. */
export async function endSessions(db: Db | Tx, userId: string, keepToken?: string) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepToken ? ne(sessions.tokenHash, tokenHash(keepToken)) : undefined));
}

export async function setPassword(db: Db | Tx, userId: string, password: string) {
  const passwordHash = await hashPassword(password);
  await db.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
}

export async function createWorkspace(db: Db, name: string, actor: Actor): Promise<WorkspaceMembership> {
  if (!actor.userId) throw new Error('a workspace needs an owner');
  const owner = actor.userId;
  return db.transaction(async (tx) => {
    const id = await insertWorkspace(tx, name);
    await tx.insert(memberships).values({ workspaceId: id, userId: owner, role: 'owner' });
    await audit(
      tx,
      { workspaceId: id, actor },
      { action: 'workspace.create', resourceType: 'workspace', resourceId: id, details: { name } },
    );
    return { id, name, role: 'owner' as const };
  });
}

export async function renameWorkspace(db: Db, scope: WorkspaceScope, name: string): Promise<WorkspaceMembership> {
  return db.transaction(async (tx) => {
    await tx.update(workspaces).set({ name }).where(eq(workspaces.id, scope.workspaceId));
    await audit(tx, scope, {
      action: 'workspace.update',
      resourceType: 'workspace',
      resourceId: scope.workspaceId,
      details: { name },
    });
    return { id: scope.workspaceId, name, role: scope.role };
  });
}

/** Soft delete: the workspace and everything in it become unreachable; its tokens are revoked. */
export async function deleteWorkspace(db: Db, scope: WorkspaceScope) {
  const owner = scope.actor.userId;
  if (!owner) throw new ApiError(409, 'conflict', 'only a signed-in owner can delete a workspace');
  const others = (await membershipsOf(db, owner)).filter((w) => w.id !== scope.workspaceId && w.role === 'owner');
  if (others.length === 0)
    throw new ApiError(409, 'last_workspace', 'this is the only workspace you own; create another one before deleting it');
  await db.transaction(async (tx) => {
    await tx.update(workspaces).set({ deletedAt: new Date() }).where(eq(workspaces.id, scope.workspaceId));
    // Its webhooks and schedules stop with it.
    const live = await tx.select({ id: workflows.id }).from(workflows).where(eq(workflows.workspaceId, scope.workspaceId));
    await removeTriggers(
      tx,
      live.map((w) => w.id),
    );
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.workspaceId, scope.workspaceId), isNull(apiTokens.revokedAt)));
    await audit(tx, scope, { action: 'workspace.delete', resourceType: 'workspace', resourceId: scope.workspaceId });
  });
}

const memberColumns = {
  userId: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  joinedAt: memberships.createdAt,
};
const toMember = (r: { userId: string; name: string; email: string; role: Role; joinedAt: Date }): Member => ({
  ...r,
  joinedAt: r.joinedAt.toISOString(),
});

export async function listMembers(db: Db | Tx, workspaceId: string): Promise<Member[]> {
  const rows = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt));
  return rows.map(toMember);
}

export async function getMember(db: Db | Tx, workspaceId: string, userId: string): Promise<Member | undefined> {
  const [row] = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return row ? toMember(row) : undefined;
}

/** A member an admin may act on: never the owner (ownership moves only by transfer), 404 for a non-member. */
export async function manageableMember(db: Db | Tx, scope: WorkspaceScope, userId: string): Promise<Member> {
  const member = await getMember(db, scope.workspaceId, userId);
  if (!member) throw new ApiError(404, 'not_found', `member "${userId}" does not exist`);
  if (member.role === 'owner')
    throw new ApiError(403, 'forbidden', "the owner's role and account change only through ownership transfer");
  return member;
}

export async function setMemberRole(db: Db, scope: WorkspaceScope, userId: string, role: Exclude<Role, 'owner'>) {
  return db.transaction(async (tx) => {
    const member = await manageableMember(tx, scope, userId);
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.workspaceId, scope.workspaceId), eq(memberships.userId, userId)));
    await audit(tx, scope, {
      action: 'member.role_change',
      resourceType: 'user',
      resourceId: userId,
      details: { from: member.role, to: role, email: member.email },
    });
    return { ...member, role };
  });
}

/** Removes a member and revokes their tokens in this workspace. */
export async function removeMember(db: Db, scope: WorkspaceScope, userId: string) {
  await db.transaction(async (tx) => {
    const member = await manageableMember(tx, scope, userId);
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, scope.workspaceId), eq(memberships.userId, userId)));
    await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.workspaceId, scope.workspaceId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
    await audit(tx, scope, {
      action: 'member.remove',
      resourceType: 'user',
      resourceId: userId,
      details: { email: member.email },
    });
  });
}

/**
 * An admin's reset of a member's password. Refused for an account that also belongs to a workspace the
 * admin does not administer (else one workspace's admin could take over another's member).
 */
export async function resetMemberPassword(db: Db, scope: WorkspaceScope, userId: string, password: string) {
  const member = await manageableMember(db, scope, userId);
  const theirs = await membershipsOf(db, userId);
  const mine = scope.actor.userId ? await membershipsOf(db, scope.actor.userId) : [];
  const outside = theirs.filter((w) => !mine.some((m) => m.id === w.id && (m.role === 'owner' || m.role === 'admin')));
  if (outside.length > 0)
    throw new ApiError(403, 'forbidden', 'this account also belongs to workspaces you do not administer; ask them to change it');
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, userId));
    await endSessions(tx, userId);
    await audit(tx, scope, {
      action: 'member.password_reset',
      resourceType: 'user',
      resourceId: userId,
      details: { email: member.email },
    });
  });
}

/** Makes `userId` the owner; the current owner becomes an admin. */
export async function transferOwnership(db: Db, scope: WorkspaceScope, userId: string): Promise<Member[]> {
  return db.transaction(async (tx) => {
    const target = await getMember(tx, scope.workspaceId, userId);
    if (!target || userId === scope.actor.userId) throw new ApiError(404, 'not_found', `member "${userId}" does not exist`);
    const ws = eq(memberships.workspaceId, scope.workspaceId);
    await tx
      .update(memberships)
      .set({ role: 'admin' })
      .where(and(ws, eq(memberships.role, 'owner')));
    await tx
      .update(memberships)
      .set({ role: 'owner' })
      .where(and(ws, eq(memberships.userId, userId)));
    await audit(tx, scope, {
      action: 'workspace.transfer',
      resourceType: 'user',
      resourceId: userId,
      details: { email: target.email },
    });
    return listMembers(tx, scope.workspaceId);
  });
}
