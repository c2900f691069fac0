import { randomBytes } from 'node:crypto';
import { createApp } from '../server/src/app.ts';
import { AuthService } from '../server/src/auth/auth-service.ts';
import { createDeps } from '../server/src/deps.ts';
import { startHttpServer } from '../server/src/http-server.ts';
import { createLogger } from '../server/src/logger.ts';
import { workflowRoutes } from '../server/src/routes/workflows.routes.ts';
import { bareRoute } from '../server/src/testing/bare-route.ts';
import { createScratchDatabase } from '../server/src/testing/test-context.ts';
import { type DbKind, stats } from './lib.ts';

/**
 * What authentication adds to a request, as the caller sees it: `GET /api/workflows` (20 workflows) over
 * HTTP, back to back, on one database, through four servers sharing it and taking turns:
 * - `none`: the same route with no authentication at all (the scope set directly), i.e. the API before accounts;
 * - `session`: the real app with a session cookie; `token`: with a bearer token (both resolved from the cache
 *   after the first request, as in steady use);
 * - `tokenUncached`: the real app with the credential cache off, so every request pays the token's query
 *   (what the first request of each credential, and every request right after an auth change, costs).
 */
export async function authBench(kind: DbKind, rounds = 400) {
  const scratch = kind === 'postgres' ? await createScratchDatabase() : null;
  const deps = await createDeps({
    databaseUrl: scratch?.url,
    warmProcesses: 0,
    wasmWarm: { quickjs: 0, pyodide: 0 },
    logger: createLogger('silent'),
  });
  const real = await startHttpServer(createApp(deps), { port: 0, hostname: '127.0.0.1' });
  const base = `http://127.0.0.1:${real.port}`;
  const setup = await fetch(`${base}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', email: 'bench@example.test', password: randomBytes(12).toString('hex') }),
  });
  const cookies = setup.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = (cookies.find((c) => c?.startsWith('sy_csrf=')) ?? '').slice('sy_csrf='.length);
  const session = { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json' };
  const graph = { nodes: [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, config: {} }], edges: [] };
  for (let i = 0; i < 20; i++)
    await fetch(`${base}/api/workflows`, { method: 'POST', headers: session, body: JSON.stringify({ name: `wf ${i}`, graph }) });
  const created = (await (
    await fetch(`${base}/api/tokens`, { method: 'POST', headers: session, body: JSON.stringify({ name: 'bench' }) })
  ).json()) as { token: string };
  const token = { authorization: `Bearer ${created.token}` };

  const uncachedAuth = new AuthService(deps.database, randomBytes(32), deps.logger, { cacheTtlMs: 0 });
  const uncached = await startHttpServer(createApp({ ...deps, auth: uncachedAuth }), { port: 0, hostname: '127.0.0.1' });
  const bare = bareRoute('/api/workflows', workflowRoutes(deps), deps.logger);
  const none = await startHttpServer(bare as never, { port: 0, hostname: '127.0.0.1' });

  const paths: Record<string, () => Promise<Response>> = {
    none: () => fetch(`http://127.0.0.1:${none.port}/api/workflows`),
    session: () => fetch(`${base}/api/workflows`, { headers: session }),
    token: () => fetch(`${base}/api/workflows`, { headers: token }),
    tokenUncached: () => fetch(`http://127.0.0.1:${uncached.port}/api/workflows`, { headers: token }),
  };
  const names = Object.keys(paths);
  const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = -20; i < rounds; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + Math.max(i, 0)) % names.length] as string;
      const started = performance.now();
      const res = await (paths[name] as () => Promise<Response>)();
      const body = (await res.json()) as { workflows?: unknown[] };
      const took = performance.now() - started;
      if (res.status !== 200 || body.workflows?.length !== 20) throw new Error(`${name}: ${res.status}`);
      if (i >= 0) wall[name]?.push(took);
    }
  }
  const byPath = Object.fromEntries(names.map((n) => [n, stats(wall[n] ?? [])]));
  const p50 = (n: string) => byPath[n]?.p50 ?? Number.NaN;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  await Promise.all([real.close(), uncached.close(), none.close()]);
  await deps.close();
  await scratch?.drop();
  return {
    database: kind,
    /** Wall ms per `GET /api/workflows`, as the client sees it. */
    wallMs: byPath,
    /** p50 minus the unauthenticated route's p50: what each way of authenticating adds per request. */
    addedP50Ms: {
      session: round(p50('session') - p50('none')),
      token: round(p50('token') - p50('none')),
      tokenUncached: round(p50('tokenUncached') - p50('none')),
    },
  };
}
