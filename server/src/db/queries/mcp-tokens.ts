import { randomBytes } from 'node:crypto';
import { type McpTokenInfo, newId } from '@switchyard/shared';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { sha256 } from '../../registry/content-hash.ts';
import type { Db } from '../client.ts';
import { mcpTokens } from '../schema.ts';

type Row = typeof mcpTokens.$inferSelect;
const info = (r: Row): McpTokenInfo => ({ id: r.id, name: r.name, agentIds: r.agentIds, createdAt: r.createdAt.toISOString() });

/** Creates a token; its value is returned once and only its hash is stored. */
export async function createMcpToken(
  db: Db,
  body: { name: string; agentIds?: string[] },
): Promise<McpTokenInfo & { token: string }> {
  const token = `sy_${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(mcpTokens)
    .values({ id: newId('mt'), name: body.name, tokenHash: sha256(token), agentIds: body.agentIds ?? null })
    .returning();
  return { ...info(row as Row), token };
}

export async function listMcpTokens(db: Db): Promise<McpTokenInfo[]> {
  const rows = await db.select().from(mcpTokens).where(isNull(mcpTokens.revokedAt)).orderBy(asc(mcpTokens.createdAt));
  return rows.map(info);
}

export async function revokeMcpToken(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(mcpTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(mcpTokens.id, id), isNull(mcpTokens.revokedAt)))
    .returning({ id: mcpTokens.id });
  return rows.length > 0;
}

/** The live token with this value, if any. */
export async function findMcpToken(db: Db, token: string): Promise<McpTokenInfo | undefined> {
  const [row] = await db
    .select()
    .from(mcpTokens)
    .where(and(eq(mcpTokens.tokenHash, sha256(token)), isNull(mcpTokens.revokedAt)));
  return row ? info(row) : undefined;
}
