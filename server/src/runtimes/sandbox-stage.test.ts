import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeSandbox, sandboxArgs } from './sandbox.ts';
import { reachableSource, readableBy } from './sandbox-stage.ts';

/**
 * A root server's sandboxes run as host `nobody`; an app in a directory `nobody` cannot enter (a 0700 home)
 * must keep that hardening: its runner files are staged where `nobody` can read them, bound at their own paths.
 */
const NOBODY = { uid: 65534, gid: 65534 };
const root = process.getuid?.() === 0;
const home = mkdtempSync(path.join(tmpdir(), 'stage-test-home-')); // 0700, owned by the server's user.
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('staging read-only sources for the sandbox’s host user', () => {
  it('tells what nobody can reach, by every directory on the way and the target’s own bits', () => {
    const file = path.join(home, 'runner.mjs');
    writeFileSync(file, 'x', { mode: 0o644 });
    expect(readableBy('/usr/bin', NOBODY)).toBe(true);
    expect(readableBy(file, NOBODY)).toBe(false); // The home above it is 0700.
    expect(readableBy(path.join(home, 'missing'), NOBODY)).toBe(false);
  });

  it.skipIf(!root)('copies an unreachable tree once, readable by all, writable by none but its owner', () => {
    const app = path.join(home, 'app');
    mkdirSync(path.join(app, 'lib'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(app, 'lib', 'entry.mjs'), 'export {}', { mode: 0o600 });
    symlinkSync('lib/entry.mjs', path.join(app, 'link.mjs'));
    const copy = reachableSource(app, NOBODY);
    expect(copy).not.toBe(app);
    expect(copy.endsWith(app)).toBe(true);
    expect(readableBy(path.join(copy, 'lib', 'entry.mjs'), NOBODY)).toBe(true);
    expect(readFileSync(path.join(copy, 'link.mjs'), 'utf8')).toBe('export {}');
    expect(reachableSource(app, NOBODY)).toBe(copy);
    expect(reachableSource('/usr/bin', NOBODY)).toBe('/usr/bin');
    // A temp-dir cleaner removed the stage under a running server: the next spawn stages again.
    rmSync(copy.slice(0, copy.length - app.length), { recursive: true, force: true });
    const again = reachableSource(app, NOBODY);
    expect(readFileSync(path.join(again, 'lib', 'entry.mjs'), 'utf8')).toBe('export {}');
    // bubblewrap, run as nobody, binds the copy where the original lives: the sandbox sees the app's own path.
    const probe = probeSandbox();
    if (!probe.ok) return;
    const work = mkdtempSync(path.join(tmpdir(), 'stage-test-work-'));
    chownSync(work, NOBODY.uid, NOBODY.gid);
    const seen = spawnSync(
      probe.sandbox.path,
      [
        ...sandboxArgs({ hostUser: NOBODY, readOnlyFiles: [app], workDir: work, env: {} }),
        '--',
        '/bin/cat',
        path.join(app, 'link.mjs'),
      ],
      { uid: NOBODY.uid, gid: NOBODY.gid, encoding: 'utf8', cwd: '/' },
    );
    rmSync(work, { recursive: true, force: true });
    expect(seen.stderr).toBe('');
    expect(seen.stdout).toBe('export {}');
  });
});
