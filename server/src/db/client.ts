import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

/** The drizzle API both backends share; queries are written once against it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Raw rows for code that speaks SQL directly (pg-boss). */
export type ExecuteSql = (text: string, values?: unknown[], name?: string) => Promise<{ rows: Record<string, unknown>[] }>;

/** A connected database: drizzle for queries, raw SQL for pg-boss, LISTEN/NOTIFY for live events. */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  executeSql: ExecuteSql;
  /** Subscribes to a NOTIFY channel (across processes on Postgres, within the process on PGlite). */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface OpenDatabaseOptions {
  /** Postgres URL; when absent PGlite is used. */
  url?: string;
  /** PGlite data directory; absent = in memory. */
  dataDir?: string;
}

/** Opens the database and applies pending migrations (under an advisory lock on Postgres). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir);
}

async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  return {
    kind: 'pglite',
    db: db as unknown as Db,
    executeSql: async (text, values) => {
      if (values && values.length > 0) return (await client.query(text, values)) as { rows: Record<string, unknown>[] };
      // Multi-statement SQL (pg-boss migrations) only works through exec.
      const results = await client.exec(text);
      return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
    },
    listen: async (channel, onPayload) => {
      const unsubscribe = await client.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  pool.on('error', () => {}); // idle client errors surface on the next query instead of crashing
  await withClient(url, async (client) => {
    await client.query('select pg_advisory_lock(7273101)');
    try {
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('select pg_advisory_unlock(7273101)');
    }
  });
  const db = drizzlePg(pool, { schema });
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    db: db as unknown as Db,
    // A name makes pg prepare the statement once per connection (hot engine writes skip re-planning).
    executeSql: async (text, values, name) => pool.query(name ? { name, text, values } : { text, values }),
    listen: async (channel, onPayload) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel && msg.payload !== undefined) onPayload(msg.payload);
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    close: async () => {
      await Promise.all(listeners.map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}

/**
 * Raw SQL inside an open drizzle transaction, for libraries that speak SQL (pg-boss's `send`), so their
 * writes commit or roll back with ours. Both drivers keep the transaction's connection at `session.client`.
 */
export function txSql(tx: Tx): ExecuteSql {
  const client = (tx as unknown as { session?: { client?: { query?: unknown } } }).session?.client;
  if (!client || typeof client.query !== 'function') throw new Error('drizzle transaction exposes no client');
  const query = client.query as (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  return (text, values) => query.call(client, text, values);
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
