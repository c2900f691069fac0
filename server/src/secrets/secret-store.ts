import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/client.ts';
import { secrets } from '../db/schema.ts';
import type { Actor, WorkspaceScope } from '../workspace/scope.ts';

/** A secret as the API shows it: never its value. */
export interface SecretInfo {
  name: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Who values are revealed for: one `secret.use` audit row per name in `record` (default: every name asked
 * for), written in the transaction that reads them, so no value leaves without its row.
 */
export interface SecretUse {
  actor: Actor;
  /** What used them (`{ runId }` for a run); never a value. */
  details: Record<string, unknown>;
  /** The names to record (a run records each name once, however many nodes use it). */
  record?: readonly string[];
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_FILE = 'secrets.key';

/**
 * The server's 32-byte sealing key: `SECRETS_KEY` (base64) when set; otherwise a key generated once into
 * `<dataDir>/secrets.key` (mode 0600), so a fresh `pnpm start` works; without a data dir (tests, the CLI) an
 * ephemeral key that lives as long as the process.
 */
export function loadSecretsKey(options: { key?: string; dataDir?: string }): Buffer {
  if (options.key) {
    const key = Buffer.from(options.key, 'base64');
    if (key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
    return key;
  }
  if (!options.dataDir) return randomBytes(32);
  const file = path.join(options.dataDir, KEY_FILE);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/** Thrown when references name secrets that are not stored (or cannot be opened with this key). */
export class SecretsMissingError extends Error {
  constructor(readonly names: string[]) {
    super(
      `secret${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')} not set on this server; add ${names.length > 1 ? 'them' : 'it'} with PUT /api/secrets/<name>`,
    );
  }
}

/**
 * Sealed secrets in the database, per workspace. Values go in through `put` and out only through `reveal`, to
 * runtimes. Writes and uses are audited by name, never with the value.
 */
export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {}

  async list(workspaceId: string): Promise<SecretInfo[]> {
    const rows = await this.db
      .select({ name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt })
      .from(secrets)
      .where(eq(secrets.workspaceId, workspaceId))
      .orderBy(asc(secrets.name));
    return rows.map(info);
  }

  /** Creates or replaces a secret of the scope's workspace, audited as `secret.create` or `secret.update`. */
  async put(scope: WorkspaceScope, name: string, value: string): Promise<SecretInfo> {
    const sealed = this.seal(name, value);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(secrets)
        .values({ workspaceId: scope.workspaceId, name, sealed })
        .onConflictDoUpdate({ target: [secrets.workspaceId, secrets.name], set: { sealed, updatedAt: sql`now()` } })
        // xmax is 0 on a freshly inserted row version and set on one an upsert updated.
        .returning({
          name: secrets.name,
          createdAt: secrets.createdAt,
          updatedAt: secrets.updatedAt,
          created: sql<boolean>`xmax = 0`,
        });
      const { created, ...shown } = row as { name: string; createdAt: Date; updatedAt: Date; created: boolean };
      await audit(tx, scope, { action: created ? 'secret.create' : 'secret.update', resourceType: 'secret', resourceId: name });
      return info(shown);
    });
  }

  /** True when the secret existed in the scope's workspace (then `secret.delete` is audited). */
  async delete(scope: WorkspaceScope, name: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .delete(secrets)
        .where(and(eq(secrets.workspaceId, scope.workspaceId), eq(secrets.name, name)))
        .returning({ name: secrets.name });
      if (rows.length === 0) return false;
      await audit(tx, scope, { action: 'secret.delete', resourceType: 'secret', resourceId: name });
      return true;
    });
  }

  /**
   * The values of `names` in the workspace; throws `SecretsMissingError` naming every one that is absent or
   * unreadable (then nothing is recorded). With `use`, each recorded name gets its `secret.use` audit row.
   */
  async reveal(workspaceId: string, names: readonly string[], use?: SecretUse): Promise<Map<string, string>> {
    const wanted = [...new Set(names)];
    if (wanted.length === 0) return new Map();
    const record = use ? [...new Set(use.record ?? wanted)] : [];
    if (!use || record.length === 0) return this.open(await this.sealedOf(this.db, workspaceId, wanted), wanted);
    return this.db.transaction(async (tx) => {
      const values = this.open(await this.sealedOf(tx, workspaceId, wanted), wanted);
      for (const name of record) {
        if (!values.has(name)) continue;
        await audit(
          tx,
          { workspaceId, actor: use.actor },
          { action: 'secret.use', resourceType: 'secret', resourceId: name, details: use.details },
        );
      }
      return values;
    });
  }

  private sealedOf(db: Db | Tx, workspaceId: string, names: string[]) {
    return db
      .select({ name: secrets.name, sealed: secrets.sealed })
      .from(secrets)
      .where(and(eq(secrets.workspaceId, workspaceId), inArray(secrets.name, names)));
  }

  /** Opens every row; throws `SecretsMissingError` for the wanted names left without a value. */
  private open(rows: { name: string; sealed: string }[], wanted: string[]): Map<string, string> {
    const values = new Map<string, string>();
    for (const row of rows) {
      const value = this.unseal(row.name, row.sealed);
      if (value !== undefined) values.set(row.name, value);
    }
    const missing = wanted.filter((n) => !values.has(n));
    if (missing.length > 0) throw new SecretsMissingError(missing);
    return values;
  }

  private seal(name: string, value: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The value, or undefined when it was sealed under another key or for another name. */
  private unseal(name: string, sealed: string): string | undefined {
    try {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function info(row: { name: string; createdAt: Date; updatedAt: Date }): SecretInfo {
  return { name: row.name, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
