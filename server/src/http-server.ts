import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from './app.ts';

/** Serves the app on a port (0 = any free one); resolves once listening. */
export async function startHttpServer(app: App, options: { port: number; hostname: string }) {
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
