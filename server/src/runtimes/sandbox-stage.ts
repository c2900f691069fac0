import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A host user the sandboxes run as (a root server's: `nobody`). */
export interface HostUser {
  uid: number;
  gid: number;
}

/**
 * A root server spawns its sandboxes as host `nobody` (sandbox-hardening.ts), and bubblewrap resolves every bind
 * source as that user. An app checked out where `nobody` cannot reach (`/root/app`, a 0700 home) would then lose
 * the hardening. Instead, each read-only source `nobody` cannot reach is copied once per process into a private
 * stage (created with a random name, owned by root, readable by all, writable by none but root) and bound from
 * there at its original path: inside the sandbox nothing changes. The copies are the runners and the engine
 * packages (~20 MB), made when a runtime first spawns and removed when the process exits.
 */
let stageRoot: string | undefined;
const staged = new Map<string, string>();

/** `source` itself when `user` can read it, else its copy in the stage (made now, once). */
export function reachableSource(source: string, user: HostUser | undefined): string {
  if (!user || readableBy(source, user)) return source;
  const known = staged.get(source);
  // Temp-dir cleaners may remove the stage under a running server: then it is made again.
  if (known && existsSync(known)) return known;
  const root = stage();
  const copy = path.join(root, source);
  mkdirSync(path.dirname(copy), { recursive: true, mode: 0o755 });
  cpSync(source, copy, { recursive: true, verbatimSymlinks: true, dereference: false });
  openUp(copy);
  for (let dir = path.dirname(copy); dir.startsWith(root); dir = path.dirname(dir)) chmodSync(dir, 0o755);
  staged.set(source, copy);
  return copy;
}

/** True when `user` may traverse every directory above `target` and read it (and list it, for a directory). */
export function readableBy(target: string, user: HostUser): boolean {
  const allowed = (p: string, bits: number): boolean => {
    const info = statSync(p, { throwIfNoEntry: false });
    if (!info) return false;
    const shift = info.uid === user.uid ? 6 : info.gid === user.gid ? 3 : 0;
    return ((info.mode >> shift) & bits) === bits;
  };
  const absolute = path.resolve(target);
  for (let dir = path.dirname(absolute); ; dir = path.dirname(dir)) {
    if (!allowed(dir, 0o1)) return false;
    if (dir === path.dirname(dir)) break;
  }
  const info = statSync(absolute, { throwIfNoEntry: false });
  return info !== undefined && allowed(absolute, info.isDirectory() ? 0o5 : 0o4);
}

function stage(): string {
  if (stageRoot && existsSync(stageRoot)) return stageRoot;
  const root = mkdtempSync(path.join(tmpdir(), 'switchyard-stage-'));
  chmodSync(root, 0o755);
  if (!stageRoot) process.once('exit', () => stageRoot && rmSync(stageRoot, { recursive: true, force: true }));
  stageRoot = root;
  return root;
}

/** Makes a copied tree readable by all (files a+r, directories a+rx), writable by its owner only. */
function openUp(target: string): void {
  const info = lstatSync(target);
  if (info.isSymbolicLink()) return;
  if (info.isDirectory()) {
    chmodSync(target, 0o755);
    for (const entry of readdirSync(target)) openUp(path.join(target, entry));
  } else chmodSync(target, info.mode & 0o111 ? 0o755 : 0o644);
}
