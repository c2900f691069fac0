import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { bootWorker } from './boot.ts';
import { readEnv } from './env.ts';
import { startHttpServer } from './http-server.ts';
import { createLogger } from './logger.ts';

/** `pnpm start`: the API (and the built web app) plus an in-process worker. */
const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
const { deps, worker } = await bootWorker(env, logger);
const webDist = env.WEB_DIST ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
const app = createApp(deps, { webDist, hostGuard: { allowedHosts: env.ALLOWED_HOSTS, allowedOrigins: env.ALLOWED_ORIGINS } });
const server = await startHttpServer(app, { port: env.PORT, hostname: env.HOST });
logger.info('switchyard listening', {
  url: `http://${env.HOST === '127.0.0.1' || env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${server.port}`,
  host: env.HOST,
  database: deps.database.kind,
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  await server.close();
  await worker.stop();
  await deps.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
