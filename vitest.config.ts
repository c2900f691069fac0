import { defineConfig } from 'vitest/config';

/**
 * One runner for the workspace. The server suite runs twice: on embedded PGlite and on the real
 * Postgres at DATABASE_URL (or the local default), so both storage paths stay honest.
 */
const pgUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', root: 'shared', include: ['src/**/*.test.ts'] } },
      // The LangChain client against the real server app on a real port.
      { test: { name: 'tools', root: 'tools', include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'web', root: 'web', include: ['src/**/*.test.{ts,tsx}'], environment: 'happy-dom' } },
      {
        test: {
          name: 'server:pglite',
          root: 'server',
          include: ['src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          env: { SWITCHYARD_TEST_DB: 'pglite' },
        },
      },
      {
        test: {
          name: 'server:postgres',
          root: 'server',
          include: ['src/**/*.db.test.ts', 'src/**/*.routes.test.ts', 'src/engine/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          env: { SWITCHYARD_TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl },
        },
      },
    ],
  },
});
