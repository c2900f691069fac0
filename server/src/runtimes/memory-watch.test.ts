import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { anonBytes, walkTree } from './memory-watch.ts';

const MiB = 1024 * 1024;

describe('memory watch', () => {
  it('counts the memory of every descendant of a runner, not only of the process it spawned', async () => {
    // sh → node: the grandchild holds 96 MiB of touched Buffer memory (outside V8's heap).
    const sh = spawn(
      '/bin/sh',
      [
        '-c',
        `"${process.execPath}" -e "globalThis.keep = Buffer.alloc(96 << 20, 1); console.log('ready'); setInterval(() => {}, 1000)"; :`,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      await once(sh.stdout, 'data');
      const pid = sh.pid as number;
      const tree = walkTree(pid, true);
      expect(tree.length).toBeGreaterThanOrEqual(2);
      expect(walkTree(pid, false)).toEqual(tree);
      expect(anonBytes([pid])).toBeLessThan(16 * MiB);
      expect(anonBytes(tree)).toBeGreaterThan(96 * MiB);
    } finally {
      for (const pid of walkTree(sh.pid as number, true)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
    }
  });
});
