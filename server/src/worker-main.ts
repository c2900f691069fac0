import { bootWorker } from './boot.ts';
import { readEnv } from './env.ts';
import { createLogger } from './logger.ts';

/** `pnpm worker`: a worker alone, sharing the Postgres at DATABASE_URL with any number of others. */
const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
if (!env.DATABASE_URL) {
  logger.error('pnpm worker needs DATABASE_URL: embedded PGlite belongs to one process (pnpm start runs its own worker)');
  process.exit(2);
}
const { deps, worker } = await bootWorker(env, logger, 'worker');
logger.info('worker started', { concurrency: env.WORKER_CONCURRENCY, pid: process.pid });

async function shutdown(signal: string) {
  logger.info('worker stopping; handing runs back', { signal, active: worker.load });
  await worker.stop();
  await deps.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
