import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { secrets } from '../db/schema.ts';

/** A secret as the API shows it: never its value. */
export interface SecretInfo {
  name: string;
  createdAt: string;
  updatedAt: string;
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

/** Sealed secrets in the database. Values go in through `put` and out only through `reveal`, to runtimes. */
export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {}

  async list(): Promise<SecretInfo[]> {
    const rows = await this.db
      .select({ name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt })
      .from(secrets)
      .orderBy(asc(secrets.name));
    return rows.map(info);
  }

  /** Creates or replaces a secret. */
  async put(name: string, value: string): Promise<SecretInfo> {
    const sealed = this.seal(name, value);
    const [row] = await this.db
      .insert(secrets)
      .values({ name, sealed })
      .onConflictDoUpdate({ target: secrets.name, set: { sealed, updatedAt: sql`now()` } })
      .returning({ name: secrets.name, createdAt: secrets.createdAt, updatedAt: secrets.updatedAt });
    return info(row as { name: string; createdAt: Date; updatedAt: Date });
  }

  /** True when the secret existed. */
  async delete(name: string): Promise<boolean> {
    const rows = await this.db.delete(secrets).where(eq(secrets.name, name)).returning({ name: secrets.name });
    return rows.length > 0;
  }

  /** The values of `names`; throws `SecretsMissingError` naming every one that is absent or unreadable. */
  async reveal(names: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(names)];
    const values = new Map<string, string>();
    if (wanted.length === 0) return values;
    const rows = await this.db.select().from(secrets).where(inArray(secrets.name, wanted));
    for (const row of rows) {
      const value = this.open(row.name, row.sealed);
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
  private open(name: string, sealed: string): string | undefined {
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
