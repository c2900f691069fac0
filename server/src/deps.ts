import { type Database, openDatabase } from './db/client.ts';
import { recordExecution } from './db/queries/metrics.ts';
import { EventHub } from './engine/event-hub.ts';
import { RunQueue } from './engine/queue.ts';
import { createLogger, type Logger } from './logger.ts';
import type { E2bRuntimeOptions } from './runtimes/e2b/e2b.runtime.ts';
import { closeRuntimes, createRuntimes, mapRuntimes, type Runtimes } from './runtimes/index.ts';
import { type ExecutionRecord, metered } from './runtimes/metered.ts';
import { loadSecretsKey, SecretStore } from './secrets/secret-store.ts';

/** Every service the app and the engine use, passed explicitly so tests build them for real. */
export interface Deps {
  database: Database;
  queue: RunQueue;
  hub: EventHub;
  runtimes: Runtimes;
  secrets: SecretStore;
  logger: Logger;
  limits: { maxBodyBytes: number };
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
  /** Runtimes built by the caller (a benchmark keeps its handles on them); the warm and sandbox options then do not apply. */
  runtimes?: Runtimes;
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
  const deps: Deps = {
    database,
    queue,
    hub,
    runtimes,
    secrets: new SecretStore(database.db, loadSecretsKey({ key: options.secretsKey, dataDir: options.secretsKeyDir })),
    logger,
    limits: { maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024 },
  };
  return {
    ...deps,
    close: async () => {
      await closeRuntimes(runtimes);
      await hub.stop();
      await queue.stop();
      await database.close();
    },
  };
}
