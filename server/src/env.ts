import { z } from 'zod';

/** The only reader of `process.env`. Everything else receives typed config. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /**
   * Interface to bind: loopback by default. Before listening on another address, create the owner with a strong
   * password, set SECRETS_KEY, and put HTTPS in front (a reverse proxy, with TRUST_PROXY=true).
   */
  HOST: z.string().default('127.0.0.1'),
  /** Extra host names the server answers to (comma-separated; `*.example.com` for subdomains) besides localhost and IP addresses. */
  ALLOWED_HOSTS: z.string().default('').transform(list),
  /** Extra origins whose pages may call the API (comma-separated `https://app.example.com`), besides the server's own. */
  ALLOWED_ORIGINS: z.string().default('').transform(list),
  /** Postgres connection string; when unset, embedded PGlite under DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./.switchyard'),
  /** Runs one worker process executes at once. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Largest accepted request body in bytes. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  /** Pre-started runner processes kept ready by the node runtime. */
  RUNTIME_WARM_PROCESSES: z.coerce.number().int().min(0).max(64).default(2),
  /** Pre-loaded Python (Pyodide) runners of the wasm runtime: ~170 MB and ~2.5 s of CPU each; 0 loads on demand. */
  RUNTIME_WARM_PYTHON: z.coerce.number().int().min(0).max(16).default(1),
  /** A run whose worker stops renewing its lease for this long is resumed by another worker (ms). */
  LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(15_000),
  /** How often a running run renews its lease and checks for cancellation (ms); keep well under LEASE_MS. */
  HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Idle runner processes kept for reuse within a workflow (each ~40 MB); more helps many concurrent runs. */
  RUNTIME_REUSE_MAX_IDLE: z.coerce.number().int().min(0).max(256).default(16),
  /**
   * OS sandbox (bubblewrap) around user code: `auto` uses it where it works, `required` refuses to run code
   * without it, `off` runs runner processes bare (process isolation only).
   */
  RUNTIME_SANDBOX: z.enum(['auto', 'required', 'off']).default('auto'),
  /**
   * Key sealing stored secrets: 32 bytes, base64 (`openssl rand -base64 32`). When unset, one is generated into
   * DATA_DIR/secrets.key on first start; set it explicitly in production and keep it out of the database.
   */
  SECRETS_KEY: z.string().optional(),
  /** E2B cloud sandboxes (the e2b runtime): the API key, and optionally a template and a self-hosted domain. */
  E2B_API_KEY: z.string().min(1).optional(),
  E2B_TEMPLATE: z.string().min(1).optional(),
  E2B_DOMAIN: z.string().min(1).optional(),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For and HTTPS from X-Forwarded-Proto. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** `Secure` on the session cookie: `auto` when the request came over HTTPS (see TRUST_PROXY). */
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** How long a sign-in lasts, in hours (default 7 days). */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(168),
  /** The address users reach the server at (for invite links), e.g. `https://switchyard.example.com`; default: the request's. */
  PUBLIC_URL: z.string().url().optional(),
  /** Audit log rows older than this are pruned hourly. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
  /** Runs one workspace may have queued or running at once (more get 429). */
  WORKSPACE_MAX_ACTIVE_RUNS: z.coerce.number().int().min(1).max(100_000).default(50),
  /** Ad-hoc code executions (code route, code agents, MCP) one workspace may have at once (more get 429). */
  WORKSPACE_MAX_CONCURRENT_EXECUTIONS: z.coerce.number().int().min(1).max(1_000).default(4),
  /**
   * Hosts the HTTP request node may reach although they are loopback, private, link-local or metadata addresses:
   * comma-separated `host` or `host:port` (e.g. `localhost:8080,10.0.0.5`). Empty: none.
   */
  HTTP_ALLOW_PRIVATE_HOSTS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Directory of the built web app served at `/`. */
  WEB_DIST: z.string().optional(),
});
export type Env = z.infer<typeof EnvSchema>;

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid configuration:\n${lines}`);
  }
  return parsed.data;
}
