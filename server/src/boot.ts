import { hostname } from 'node:os';
import { join } from 'node:path';
import { createDeps } from './deps.ts';
import { Worker } from './engine/worker.ts';
import type { Env } from './env.ts';
import type { Logger } from './logger.ts';

/** The services and a started worker, configured from the environment: shared by `pnpm start` and `pnpm worker`. */
export async function bootWorker(env: Env, logger: Logger, role: 'server' | 'worker' = 'server') {
  const deps = await createDeps({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : join(env.DATA_DIR, 'pgdata'),
    warmProcesses: env.RUNTIME_WARM_PROCESSES,
    wasmWarm: { pyodide: env.RUNTIME_WARM_PYTHON },
    reuseMaxIdle: env.RUNTIME_REUSE_MAX_IDLE,
    sandbox: env.RUNTIME_SANDBOX,
    maxBodyBytes: env.MAX_BODY_BYTES,
    secretsKey: env.SECRETS_KEY,
    // Each process sweeps only its own orphaned sandboxes: the API server and each worker need their own tag.
    e2b: {
      apiKey: env.E2B_API_KEY,
      template: env.E2B_TEMPLATE,
      domain: env.E2B_DOMAIN,
      instanceTag: `switchyard-${hostname()}-${role}`,
    },
    secretsKeyDir: env.DATA_DIR,
    auth: {
      sessionTtlMs: env.SESSION_TTL_HOURS * 3_600_000,
      trustProxy: env.TRUST_PROXY,
      secureCookies: env.COOKIE_SECURE,
    },
    quotas: { activeRuns: env.WORKSPACE_MAX_ACTIVE_RUNS, concurrentExecutions: env.WORKSPACE_MAX_CONCURRENT_EXECUTIONS },
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    httpAllowPrivateHosts: env.HTTP_ALLOW_PRIVATE_HOSTS,
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL.replace(/\/$/, '') } : {}),
    logger,
  });
  const worker = Worker.create(deps, {
    concurrency: env.WORKER_CONCURRENCY,
    leaseMs: env.LEASE_MS,
    heartbeatMs: env.HEARTBEAT_MS,
  });
  await worker.start();
  return { deps, worker };
}
