import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { OWNER_STATE } from './fixtures/auth.ts';

/** Fixed so a stray dev server on 3000 never gets tested by accident; override with E2E_PORT. */
const port = Number(process.env.E2E_PORT ?? 3199);
const baseURL = `http://127.0.0.1:${port}`;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// Every run gets an empty data directory. Workers load this file too; they inherit the variable
// from the runner process, so only the runner creates (and on exit removes) the directory.
if (!process.env.SWITCHYARD_E2E_DATA_DIR) {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  process.env.SWITCHYARD_E2E_DATA_DIR = dataDir;
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}
// The suite runs against embedded PGlite in that directory, never a developer's Postgres.
delete process.env.DATABASE_URL;

/** Debian's chromium, launched by path: the suite never downloads browsers (`playwright install`). */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
};

export default defineConfig({
  testDir: 'specs',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    // The owner is set up through the UI on the fresh server; every spec then runs signed in as them.
    {
      name: 'setup',
      testMatch: '**/*.setup.ts',
      retries: 0, // a second attempt would meet a server that already has its owner
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
    },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: { ...devices['Desktop Chrome'], launchOptions: chromium, storageState: OWNER_STATE },
    },
  ],
  webServer: {
    // What `pnpm start` runs (builds web/dist when stale, then serves API and app on one port), minus the
    // pnpm wrapper, which reports ELIFECYCLE when Playwright stops it.
    command: 'node scripts/start.mjs',
    cwd: repoRoot,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // A cold build (Monaco is most of it) takes about a minute on an idle 2-core machine, several when busy.
    timeout: 420_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    stdout: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: process.env.SWITCHYARD_E2E_DATA_DIR,
      LOG_LEVEL: 'warn',
    },
  },
});
