// `pnpm start`: builds the web app when web/dist is missing or older than its sources, then runs the
// server's own `start` script in the foreground. Signals are forwarded so Ctrl-C and `kill` shut the
// server down cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';
const shell = process.platform === 'win32';

/** Everything the bundle is built from: the web sources and the shared package it imports. */
const SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'shared/src'];

/** Newest modification time (ms) under `path`, or 0 when it does not exist. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function webBuildIsStale() {
  const index = join(root, 'web/dist/index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

// 1. Build the web app unless a custom WEB_DIST is served or the build is current.
if (!process.env.WEB_DIST && webBuildIsStale()) {
  console.log('web/dist is missing or stale; building the web app…');
  const build = spawnSync(pnpm, ['--filter', '@switchyard/web', 'build'], { cwd: root, stdio: 'inherit', shell });
  if (build.status !== 0) {
    console.error('web build failed; not starting the server');
    process.exit(build.status ?? 1);
  }
}

// 2. Run server/package.json's `start` as pnpm would (same cwd, same bin PATH), but not through pnpm:
//    pnpm does not forward SIGTERM to its script, so `kill <pid>` would orphan the server. `exec`
//    replaces the shell, leaving the server as our direct child, which receives forwarded signals.
const serverDir = join(root, 'server');
const { scripts } = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8'));
const bins = [join(serverDir, 'node_modules', '.bin'), join(root, 'node_modules', '.bin')];
const env = { ...process.env, PATH: [...bins, process.env.PATH].join(delimiter) };
const server = shell
  ? spawn(scripts.start, { cwd: serverDir, stdio: 'inherit', shell, env })
  : spawn('sh', ['-c', `exec ${scripts.start}`], { cwd: serverDir, stdio: 'inherit', env });
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const forward = (signal) => server.kill(signal);
for (const signal of SIGNALS) process.on(signal, forward);

server.on('exit', (code, signal) => {
  for (const s of SIGNALS) process.off(s, forward);
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
