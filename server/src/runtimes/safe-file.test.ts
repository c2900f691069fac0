import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readUntrustedFile, writeUntrustedFile } from './safe-file.ts';

/** What sandboxed code can leave at a path the host opens: links, FIFOs, directories, huge files. */
const dir = mkdtempSync(path.join(tmpdir(), 'safe-file-'));
const at = (name: string) => path.join(dir, name);
const canary = at('canary.txt');
writeFileSync(canary, 'host-secret');
writeFileSync(at('plain.txt'), 'hello');
symlinkSync(canary, at('link'));
execFileSync('mkfifo', [at('fifo')]);
mkdirSync(at('dir'));
writeFileSync(at('big'), Buffer.alloc(2048));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const opts = { maxBytes: 1024, deadlineMs: 5_000 };

describe('readUntrustedFile / writeUntrustedFile', () => {
  it('reads a regular file within the cap', async () => {
    expect(await readUntrustedFile(at('plain.txt'), opts)).toEqual({ ok: true, value: Buffer.from('hello') });
  });

  it('never follows a link, blocks on a FIFO, or reads a directory or an oversized file', async () => {
    const results = await Promise.all(['link', 'fifo', 'dir', 'big', 'missing'].map((n) => readUntrustedFile(at(n), opts)));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
      'not_a_file',
      'not_a_file',
      'not_a_file',
      'too_large',
      'missing',
    ]);
    expect(JSON.stringify(results)).not.toContain('host-secret');
  });

  it('never writes through a link or into a FIFO; replaces a regular file', async () => {
    expect((await writeUntrustedFile(at('link'), Buffer.from('overwritten'), opts)).ok).toBe(false);
    expect(readFileSync(canary, 'utf8')).toBe('host-secret');
    expect(await writeUntrustedFile(at('fifo'), Buffer.from('x'), opts)).toMatchObject({ ok: false, reason: 'not_a_file' });
    expect((await writeUntrustedFile(at('plain.txt'), Buffer.from('hi'), opts)).ok).toBe(true);
    expect(readFileSync(at('plain.txt'), 'utf8')).toBe('hi');
  });
});
