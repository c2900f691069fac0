import { hkdfSync } from 'node:crypto';
import { pruneAudit } from './audit/audit.ts';
import { pruneSessions } from './auth/accounts.ts';
import { type AuthOptions, AuthService } from './auth/auth-service.ts';
import { type Database, openDatabase } from './db/client.ts';
import { recordExecution } from './db/queries/metrics.ts';
import { EventHub } from './engine/event-hub.ts';
import { RunQueue } from './engine/queue.ts';
import { defaultNodeKit, type NodeKit } from './executors/index.ts';
import { createLogger, type Logger } from './logger.ts';
import type { E2bRuntimeOptions } from './runtimes/e2b/e2b.runtime.ts';
import { closeRuntimes, createRuntimes, mapRuntimes, type Runtimes } from './runtimes/index.ts';
import { type ExecutionRecord, metered } from './runtimes/metered.ts';
import { loadSecretsKey, SecretStore } from './secrets/secret-store.ts';
import { DEFAULT_QUOTAS, type WorkspaceQuotas } from './workspace/quotas.ts';

/** Every service the app and the engine use, passed explicitly so tests build them for real. */
export interface Deps {
  database: Database;
  queue: RunQueue;
  hub: EventHub;
  runtimes: Runtimes;
  secrets: SecretStore;
  logger: Logger;
  limits: { maxBodyBytes: number };
  /** Sessions, tokens and sign-in limits (the `authorize` middleware and the auth routes). */
  auth: AuthService;
  /** Per-workspace limits on active runs and concurrent executions. */
  quotas: WorkspaceQuotas;
  /** The address users reach the server at (invite links); absent: the request's own origin. */
  publicUrl?: string;
  /** The node types this server knows: definitions for the compiler and API, executors for the engine. */
  nodes: NodeKit;
  /** Outbound HTTP from the server process (the HTTP request node). */
  http: HttpSettings;
}

export interface HttpSettings {
  /**
   * `host` or `host:port` entries (`HTTP_ALLOW_PRIVATE_HOSTS`) the HTTP request node may reach even though they
   * are loopback, private, link-local or metadata addresses; everything else of the kind is `network_denied`.
   */
  allowPrivateHosts: readonly string[];
}

export interface DepsOptions {
  databaseUrl?: string;
  dataDir?: string;
  warmProcesses?: number;
  /** Most idle processes kept for reuse (per-workflow trust domains). */
  reuseMaxIdle?: number;
  /** Warm wasm runners per engine (Pyodide's take ~2.5 s of CPU and ~170 MB each); defaults 1 and 1. */
  wasmWarm?: { quickjs?: number; pyodide?: number };
  /** E2B configuration (`E2B_*` in env.ts); `instanceTag` must differ between processes running at once. */
  e2b?: E2bRuntimeOptions;
  /** See `RUNTIME_SANDBOX` in env.ts. */
  sandbox?: 'auto' | 'required' | 'off';
  maxBodyBytes?: number;
  logger?: Logger;
  /** `SECRETS_KEY` (base64, 32 bytes); see `loadSecretsKey`. */
  secretsKey?: string;
  /** Where a generated sealing key is kept when `secretsKey` is unset; absent = a key for this process only. */
  secretsKeyDir?: string;
  auth?: AuthOptions;
  quotas?: Partial<WorkspaceQuotas>;
  publicUrl?: string;
  /** Audit rows older than this many days are pruned (hourly, and once at start); default 90. */
  auditRetentionDays?: number;
  /** Runtimes built by the caller (a benchmark keeps its handles on them); the warm and sandbox options then do not apply. */
  runtimes?: Runtimes;
  /** Node types beyond the built-in ones (tests; see `extendNodeKit`). */
  nodes?: NodeKit;
  /** See `HTTP_ALLOW_PRIVATE_HOSTS` in env.ts. */
  httpAllowPrivateHosts?: readonly string[];
}

/** Opens the database (migrating it), starts the queue and the event hub, creates the runtimes. */
export async function createDeps(options: DepsOptions): Promise<Deps & { close(): Promise<void> }> {
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  const queue = await RunQueue.start(database);
  const hub = new EventHub(database);
  await hub.start();
  const logger = options.logger ?? createLogger('info');
  const hosted =
    options.runtimes ??
    createRuntimes({
      node: {
        warmPoolSize: options.warmProcesses ?? 2,
        reuseMaxIdle: options.reuseMaxIdle ?? 16,
        sandbox: options.sandbox ?? 'auto',
      },
      wasm: {
        warmPoolSize: { quickjs: options.wasmWarm?.quickjs ?? 1, pyodide: options.wasmWarm?.pyodide ?? 1 },
        reuseMaxIdle: options.reuseMaxIdle ?? 16,
        sandbox: options.sandbox ?? 'auto',
      },
      e2b: options.e2b,
    });
  // Every execution, from a run or ad hoc, lands in code_exec_logs (GET /api/metrics/runtimes).
  const record = (row: ExecutionRecord) =>
    void recordExecution(database.db, row).catch((err: unknown) =>
      logger.warn('could not record an execution', { error: err instanceof Error ? err.message : String(err) }),
    );
  const runtimes: Runtimes = mapRuntimes(hosted, (runtime) => metered(runtime, record));
  const sealingKey = loadSecretsKey({ key: options.secretsKey, dataDir: options.secretsKeyDir });
  // The CSRF key is derived from the sealing key, so it survives restarts exactly as long as the secrets do.
  const csrfKey = Buffer.from(hkdfSync('sha256', sealingKey, Buffer.alloc(0), 'switchyard csrf', 32));
  const auth = new AuthService(database, csrfKey, logger, options.auth);
  await auth.start();
  const retentionDays = options.auditRetentionDays ?? 90;
  // Housekeeping, at start and hourly: audit rows past retention, expired sessions.
  const prune = () =>
    void Promise.all([pruneAudit(database.db, retentionDays), pruneSessions(database.db)])
      .then(([n]) => n > 0 && logger.info('pruned the audit log', { rows: n, olderThanDays: retentionDays }))
      .catch((err: unknown) =>
        logger.warn('could not prune the audit log', { error: err instanceof Error ? err.message : String(err) }),
      );
  prune();
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref();
  const deps: Deps = {
    database,
    queue,
    hub,
    runtimes,
    secrets: new SecretStore(database.db, sealingKey),
    logger,
    limits: { maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024 },
    auth,
    quotas: { ...DEFAULT_QUOTAS, ...options.quotas },
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    nodes: options.nodes ?? defaultNodeKit,
    http: { allowPrivateHosts: options.httpAllowPrivateHosts ?? [] },
  };
  return {
    ...deps,
    close: async () => {
      clearInterval(pruneTimer);
      await auth.stop();
      await closeRuntimes(runtimes);
      await hub.stop();
      await queue.stop();
      await database.close();
    },
  };
}
