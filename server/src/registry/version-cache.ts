import type { CodeAgentVersion } from '@switchyard/shared';
import type { Db } from '../db/client.ts';
import { getVersion } from '../db/queries/code-agents.ts';

/** File contents kept per database, in UTF-16 code units (about bytes for code). */
const MAX_CHARS = 32 * 1024 * 1024;
const caches = new WeakMap<Db, Map<string, { version: CodeAgentVersion; size: number }>>();

/**
 * `getVersion` for hot paths (executions, tool calls). A version never changes (UPDATE is refused by a trigger),
 * so one read is kept, by agent and number, up to MAX_CHARS of files, least recently used out first. The same
 * object comes back every time, so what is cached per object (the input schema as zod, the assembled source)
 * is reused too. Deleting an agent leaves its versions: callers still check that the agent exists.
 */
export async function cachedVersion(db: Db, agentId: string, number: number): Promise<CodeAgentVersion | undefined> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const key = `${agentId}@${number}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.version;
  }
  const version = await getVersion(db, agentId, number);
  if (!version) return undefined;
  const size = version.content.files.reduce((sum, f) => sum + f.content.length, 0);
  cache.set(key, { version, size });
  let total = 0;
  for (const entry of cache.values()) total += entry.size;
  for (const [oldest, entry] of cache) {
    if (total <= MAX_CHARS || oldest === key) break;
    cache.delete(oldest);
    total -= entry.size;
  }
  return version;
}
