import type { Role, Run, RunEvent } from '@switchyard/shared';
import pg from 'pg';
import { createApp } from '../app.ts';
import type { AuthOptions } from '../auth/auth-service.ts';
import { createDeps } from '../deps.ts';
import { Worker } from '../engine/worker.ts';
import type { NodeKit } from '../executors/index.ts';
import { createLogger } from '../logger.ts';
import type { WorkspaceQuotas } from '../workspace/quotas.ts';

export type TestDb = 'pglite' | 'postgres';

/** Which database this test project runs on (set per vitest project). */
export const testDbKind = (process.env.SWITCHYARD_TEST_DB ?? 'pglite') as TestDb;

/** A throwaway Postgres database on the local server, dropped by `drop()`. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `sy_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestContextOptions {
  worker?: boolean;
  leaseMs?: number;
  heartbeatMs?: number;
  maxBodyBytes?: number;
  /** Reuse an existing database (e.g. one shared with a worker process). */
  databaseUrl?: string;
  /** Sign-in and session settings (e.g. a short `sessionTtlMs`, tight `login` limits). */
  auth?: AuthOptions;
  quotas?: Partial<WorkspaceQuotas>;
  /** Leave the server without an owner (setup tests); `call` then sends no credential. */
  noOwner?: boolean;
  /** Node types beyond the built-in ones (`extendNodeKit`). */
  nodes?: NodeKit;
  /** `HTTP_ALLOW_PRIVATE_HOSTS` (e.g. the address of a server the test started). */
  httpAllowPrivateHosts?: readonly string[];
}

/** Headers that authenticate a request: a session cookie with its CSRF token, or a bearer token; plus a workspace. */
export type Credential = Record<string, string>;

export const OWNER = { name: 'Test Owner', email: 'owner@example.test', password: 'correct horse battery' } as const;

/** The `Cookie` and `X-CSRF-Token` headers of a sign-in response. */
export function sessionCredential(res: Response): Credential {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0] as string);
  const csrf = cookies.find((c) => c.startsWith('sy_csrf='))?.slice('sy_csrf='.length) ?? '';
  return { cookie: cookies.join('; '), 'x-csrf-token': csrf };
}

/**
 * The real app on a real database with a real worker and runtime, for tests through `app.request()`. The
 * owner is set up through `POST /api/auth/setup` and every `call` is signed in as them (session cookie and
 * CSRF token), unless `noOwner`; `as`, `addMember`, `token` and `workspace` make other callers.
 */
export async function createTestContext(options: TestContextOptions = {}) {
  const scratch = options.databaseUrl || testDbKind !== 'postgres' ? null : await createScratchDatabase();
  const databaseUrl = options.databaseUrl ?? scratch?.url;
  const deps = await createDeps({
    databaseUrl,
    warmProcesses: 1,
    // A warm Pyodide costs ~2.5 s of CPU per context; Python tests pay the load when they need it.
    wasmWarm: { quickjs: 1, pyodide: 0 },
    logger: createLogger('silent'),
    maxBodyBytes: options.maxBodyBytes,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.quotas ? { quotas: options.quotas } : {}),
    ...(options.nodes ? { nodes: options.nodes } : {}),
    ...(options.httpAllowPrivateHosts ? { httpAllowPrivateHosts: options.httpAllowPrivateHosts } : {}),
  });
  const worker =
    options.worker === false
      ? null
      : Worker.create(deps, {
          concurrency: 8,
          pollMs: 200,
          sweepMs: 500,
          leaseMs: options.leaseMs,
          heartbeatMs: options.heartbeatMs,
        });
  await worker?.start();
  const app = createApp(deps);

  /** Sends a request as `credential` (default: the owner); an explicit `cookie` or `authorization` header replaces it. */
  async function send<T>(
    credential: Credential,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const own = 'cookie' in headers || 'authorization' in headers ? {} : credential;
    const all = Object.fromEntries(Object.entries({ ...own, ...headers }).filter(([, v]) => v !== ''));
    const res = await app.request(path, {
      method,
      headers: body === undefined ? all : { 'content-type': 'application/json', ...all },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: T;
    try {
      json = (text ? JSON.parse(text) : null) as T;
    } catch {
      json = text as T;
    }
    return { status: res.status, body: json, headers: res.headers };
  }

  let owner: Credential = {};
  let ownerId = '';
  if (!options.noOwner) {
    const res = await app.request('/api/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OWNER),
    });
    if (res.status !== 201) throw new Error(`owner setup failed: ${res.status} ${await res.text()}`);
    ownerId = ((await res.json()) as { user: { id: string } }).user.id;
    owner = sessionCredential(res);
  }

  /** A request as the owner (the default credential of every test). */
  const call = <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => send<T>(owner, method, path, body, headers);

  /** A caller with `credential`, e.g. `ctx.as(viewer).call('GET', '/api/workflows')`. */
  const as = (credential: Credential) => ({
    call: <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      send<T>(credential, method, path, body, headers),
  });

  /** Signs in with email and password; the session's credential. */
  async function signIn(email: string, password: string): Promise<Credential> {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    return sessionCredential(res);
  }

  let members = 0;
  /**
   * A new account with `role` in the owner's workspace (or `by`'s current one), through a real invite:
   * its session credential and user id.
   */
  async function addMember(role: Exclude<Role, 'owner'>, by: Credential = owner) {
    members += 1;
    const email = `${role}-${members}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const password = `password for ${email}`;
    const invite = await send<{ token: string }>(by, 'POST', '/api/invites', { email, role });
    if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
    const res = await app.request(`/api/auth/invites/${invite.body.token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `${role} ${members}`, password }),
    });
    if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${await res.text()}`);
    const me = (await res.json()) as { user: { id: string } };
    const workspace = by['x-switchyard-workspace'];
    return {
      credential: { ...sessionCredential(res), ...(workspace ? { 'x-switchyard-workspace': workspace } : {}) },
      userId: me.user.id,
      email,
      password,
    };
  }

  /** An API token of `credential`'s user (at most their role): the bearer credential. */
  async function token(
    credential: Credential = owner,
    body: Record<string, unknown> = { name: 'test token' },
  ): Promise<Credential> {
    const res = await send<{ token: string }>(credential, 'POST', '/api/tokens', body);
    if (res.status !== 201) throw new Error(`token failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { authorization: `Bearer ${res.body.token}` };
  }

  /** A second workspace owned by the owner; the owner's credential pointed at it. */
  async function workspace(
    name = 'second workspace',
    by: Credential = owner,
  ): Promise<Credential & { 'x-switchyard-workspace': string }> {
    const res = await send<{ id: string }>(by, 'POST', '/api/workspaces', { name });
    if (res.status !== 201) throw new Error(`workspace failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...by, 'x-switchyard-workspace': res.body.id };
  }

  /** Polls until the run reaches a terminal status. */
  async function waitForRun(runId: string, timeoutMs = 20_000): Promise<Run> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await call<Run>('GET', `/api/runs/${runId}`);
      if (['succeeded', 'failed', 'cancelled'].includes(body.status)) return body;
      if (Date.now() > deadline) throw new Error(`run ${runId} still ${body.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Reads the SSE stream until it ends; returns the parsed events with their SSE ids. */
  async function readEvents(
    runId: string,
    headers: Record<string, string> = {},
    query = '',
  ): Promise<(RunEvent & { sseId: string })[]> {
    const res = await app.request(`/api/runs/${runId}/events${query}`, {
      headers: 'cookie' in headers || 'authorization' in headers ? headers : { ...owner, ...headers },
    });
    const text = await res.text();
    return parseSse(text);
  }

  async function createWorkflow(graph: unknown, name = 'test workflow') {
    const res = await call<{ id: string; version: number }>('POST', '/api/workflows', { name, graph });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function startRun(workflowId: string, input?: unknown) {
    const res = await call<{ runId: string }>('POST', `/api/workflows/${workflowId}/runs`, { input });
    if (res.status !== 202) throw new Error(`run failed to start: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.runId;
  }

  return {
    app,
    deps,
    worker,
    databaseUrl,
    call,
    as,
    owner,
    ownerId,
    signIn,
    addMember,
    token,
    workspace,
    waitForRun,
    readEvents,
    createWorkflow,
    startRun,
    async close() {
      await worker?.stop();
      await deps.close();
      await scratch?.drop();
    },
  };
}

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

export function parseSse(text: string): (RunEvent & { sseId: string })[] {
  const events: (RunEvent & { sseId: string })[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n');
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
    if (data.length === 0) continue;
    const id =
      lines
        .find((l) => l.startsWith('id:'))
        ?.slice(3)
        .trim() ?? '';
    events.push({ ...(JSON.parse(data.join('\n')) as RunEvent), sseId: id });
  }
  return events;
}
