import { type Invite, newId, type Role } from '@switchyard/shared';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/client.ts';
import { invites, memberships, users, workspaces } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { WorkspaceScope } from '../workspace/scope.ts';
import { actorOf, findUserByEmail } from './accounts.ts';
import { authErrors } from './auth-errors.ts';
import type { LoginLimiter } from './login-limiter.ts';
import { decoyHash, hashPassword, verifyPassword } from './password.ts';
import { newSecretToken, tokenHash } from './secret-token.ts';

type Row = typeof invites.$inferSelect;
const info = (r: Row): Invite => ({
  id: r.id,
  email: r.email,
  role: r.role,
  invitedBy: r.invitedBy,
  createdAt: r.createdAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
});
const pending = () => and(isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, sql`now()`));
const gone = () =>
  new ApiError(404, 'not_found', 'this invite link is unknown, already used, revoked or expired; ask for a new one');

export async function listInvites(db: Db, workspaceId: string): Promise<Invite[]> {
  const rows = await db
    .select()
    .from(invites)
    .where(and(eq(invites.workspaceId, workspaceId), pending()))
    .orderBy(asc(invites.createdAt));
  return rows.map(info);
}

/** A one-time invite; the token is returned here only (its sha256 is stored). */
export async function createInvite(
  db: Db,
  scope: WorkspaceScope,
  body: { email: string; role: Exclude<Role, 'owner'>; expiresInDays?: number },
) {
  const existing = await findUserByEmail(db, body.email);
  if (existing) {
    const [member] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.workspaceId, scope.workspaceId), eq(memberships.userId, existing.id)));
    if (member) throw new ApiError(409, 'already_member', `${body.email} is already a member of this workspace`);
  }
  const token = newSecretToken('syi');
  const expiresAt = new Date(Date.now() + (body.expiresInDays ?? 7) * 86_400_000);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(invites)
      .values({
        id: newId('inv'),
        workspaceId: scope.workspaceId,
        email: body.email,
        role: body.role,
        tokenHash: tokenHash(token),
        invitedBy: scope.actor.userId,
        expiresAt,
      })
      .returning();
    const invite = info(row as Row);
    await audit(tx, scope, {
      action: 'member.invite',
      resourceType: 'invite',
      resourceId: invite.id,
      details: { email: body.email, role: body.role, expiresAt: invite.expiresAt },
    });
    return { ...invite, token };
  });
}

export async function revokeInvite(db: Db, scope: WorkspaceScope, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(invites)
      .set({ revokedAt: new Date() })
      .where(and(eq(invites.id, id), eq(invites.workspaceId, scope.workspaceId), pending()))
      .returning({ email: invites.email });
    if (rows.length === 0) return false;
    await audit(tx, scope, {
      action: 'member.invite_revoke',
      resourceType: 'invite',
      resourceId: id,
      details: { email: rows[0]?.email },
    });
    return true;
  });
}

async function findPending(db: Db, token: string) {
  const [row] = await db
    .select({ invite: invites, workspaceName: workspaces.name })
    .from(invites)
    .innerJoin(workspaces, eq(workspaces.id, invites.workspaceId))
    .where(and(eq(invites.tokenHash, tokenHash(token)), pending(), isNull(workspaces.deletedAt)));
  return row;
}

export async function previewInvite(db: Db, token: string) {
  const row = await findPending(db, token);
  if (!row) throw gone();
  return {
    workspaceName: row.workspaceName,
    email: row.invite.email,
    role: row.invite.role,
    expiresAt: row.invite.expiresAt.toISOString(),
    existingAccount: (await findUserByEmail(db, row.invite.email)) !== undefined,
  };
}

/**
 * Accepts an invite exactly once: the row is claimed with a conditional update, so a second use (or a
 * concurrent one) finds nothing. A new email gets an account; an existing one must prove its password.
 */
export async function acceptInvite(
  db: Db,
  token: string,
  body: { name?: string; password: string },
  ip: string | null,
  /** Sign-in's limiter: proving an existing account's password here counts like signing in. */
  limiter: LoginLimiter,
) {
  const found = await findPending(db, token);
  if (!found) throw gone();
  const { invite } = found;
  const existing = await findUserByEmail(db, invite.email);
  if (existing) {
    const wait = limiter.retryAfter(invite.email, ip);
    if (wait > 0) throw authErrors.tooManyAttempts(wait);
    if (!(await verifyPassword(body.password, existing.passwordHash))) {
      limiter.fail(invite.email, ip);
      throw new ApiError(401, 'invalid_credentials', `wrong password for the existing account ${invite.email}`);
    }
    limiter.succeed(invite.email);
  } else {
    await decoyHash();
    if (!body.name)
      throw new ApiError(400, 'validation_failed', 'a name is needed to create the account', {
        issues: [{ path: ['name'], message: 'required' }],
      });
    if (body.password.length < 10)
      throw new ApiError(400, 'validation_failed', 'use a password of at least 10 characters', {
        issues: [{ path: ['password'], message: 'too short' }],
      });
  }
  const passwordHash = existing ? null : await hashPassword(body.password);
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(invites)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invites.id, invite.id), pending()))
      .returning({ id: invites.id });
    if (claimed.length === 0) throw gone();
    let user = existing;
    if (!user) {
      const [created] = await tx
        .insert(users)
        .values({ id: newId('usr'), name: body.name as string, email: invite.email, passwordHash: passwordHash as string })
        .onConflictDoNothing()
        .returning();
      if (!created)
        throw new ApiError(409, 'conflict', `an account for ${invite.email} was just created; accept again with its password`);
      user = created;
    }
    await tx
      .insert(memberships)
      .values({ workspaceId: invite.workspaceId, userId: user.id, role: invite.role })
      .onConflictDoNothing();
    await audit(
      tx,
      { workspaceId: invite.workspaceId, actor: actorOf(user, ip) },
      {
        action: 'member.join',
        resourceType: 'invite',
        resourceId: invite.id,
        details: { email: invite.email, role: invite.role, newAccount: !existing },
      },
    );
    return user;
  });
}
