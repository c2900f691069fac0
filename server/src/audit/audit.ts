import type { AuditEntry } from '@switchyard/shared';
import { and, desc, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import type { Actor, WorkspaceScope } from '../workspace/scope.ts';

/** Everything the audit log records about one action. Never a secret's value: names only. */
export interface AuditEvent {
  action: string;
  resourceType?: string;
  resourceId?: string;
  outcome?: 'success' | 'failure';
  details?: Record<string, unknown>;
}

/**
 * Writes one audit row. Pass the transaction of the action itself, so the row exists exactly when the action
 * happened (a rolled-back action leaves no row, a committed one always has its row).
 */
export async function audit(db: Db | Tx, who: WorkspaceScope | { workspaceId: string | null; actor: Actor }, event: AuditEvent) {
  await db.insert(auditLog).values({
    workspaceId: who.workspaceId,
    actorUserId: who.actor.userId,
    actorTokenId: who.actor.tokenId,
    actorLabel: who.actor.label,
    ip: who.actor.ip,
    action: event.action,
    resourceType: event.resourceType ?? null,
    resourceId: event.resourceId ?? null,
    outcome: event.outcome ?? 'success',
    details: event.details ?? {},
  });
}

export interface AuditFilter {
  userId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/**
 * A page of the log, newest first. `onlyUser` set: that user's own actions (in this workspace, plus their
 * account-level rows such as logins); unset: the whole workspace plus `viewer`'s own account-level rows (admins).
 */
export async function listAudit(db: Db, workspaceId: string, viewer: string, onlyUser: string | null, filter: AuditFilter) {
  const where = and(
    onlyUser
      ? and(eq(auditLog.actorUserId, onlyUser), or(eq(auditLog.workspaceId, workspaceId), isNull(auditLog.workspaceId)))
      : // An admin sees the workspace's rows, and their own account-level ones (their sign-ins, password changes).
        or(eq(auditLog.workspaceId, workspaceId), and(isNull(auditLog.workspaceId), eq(auditLog.actorUserId, viewer))),
    filter.userId ? eq(auditLog.actorUserId, filter.userId) : undefined,
    filter.action
      ? filter.action.endsWith('.')
        ? sql`${auditLog.action} like ${`${filter.action}%`}`
        : eq(auditLog.action, filter.action)
      : undefined,
    filter.resourceType ? eq(auditLog.resourceType, filter.resourceType) : undefined,
    filter.resourceId ? eq(auditLog.resourceId, filter.resourceId) : undefined,
    filter.from ? gte(auditLog.at, new Date(filter.from)) : undefined,
    filter.to ? lte(auditLog.at, new Date(filter.to)) : undefined,
    filter.cursor ? lt(auditLog.id, Number(filter.cursor)) : undefined,
  );
  const rows = await db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const entries: AuditEntry[] = page.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    workspaceId: r.workspaceId,
    actor: { userId: r.actorUserId, label: r.actorLabel, tokenId: r.actorTokenId },
    action: r.action,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    outcome: r.outcome,
    ip: r.ip,
    details: (r.details ?? {}) as Record<string, unknown>,
  }));
  return { entries, nextCursor: rows.length > filter.limit ? String(page.at(-1)?.id) : null };
}

/** Deletes rows older than `days`; returns how many went. */
export async function pruneAudit(db: Db, days: number): Promise<number> {
  const rows = await db
    .delete(auditLog)
    .where(lt(auditLog.at, sql`now() - make_interval(days => ${days})`))
    .returning({ id: auditLog.id });
  return rows.length;
}
