import type { CodeAgentVersion } from '@switchyard/shared';
import { canonicalJson } from './content-hash.ts';

export type FileChange =
  | { path: string; status: 'added'; after: string }
  | { path: string; status: 'removed'; before: string }
  | { path: string; status: 'changed'; before: string; after: string }
  | { path: string; status: 'unchanged' };

export interface VersionDiff {
  from: number;
  to: number;
  /** Every path in either version, sorted; contents for the sides that exist and differ. */
  files: FileChange[];
  /** Pinned fields besides files whose value differs: `entry`, `language`, `inputSchema`, `outputSchema`, `runtime`, `policy`. */
  changed: string[];
}

const FIELDS = ['entry', 'language', 'inputSchema', 'outputSchema', 'runtime', 'policy'] as const;

/** What changed from version `a` to version `b` of one agent. */
export function diffVersions(a: CodeAgentVersion, b: CodeAgentVersion): VersionDiff {
  const before = new Map(a.content.files.map((f) => [f.path, f.content]));
  const after = new Map(b.content.files.map((f) => [f.path, f.content]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const files = paths.map((path): FileChange => {
    const x = before.get(path);
    const y = after.get(path);
    if (x === undefined) return { path, status: 'added', after: y as string };
    if (y === undefined) return { path, status: 'removed', before: x };
    return x === y ? { path, status: 'unchanged' } : { path, status: 'changed', before: x, after: y };
  });
  const changed = FIELDS.filter((k) => canonicalJson(a.content[k] ?? null) !== canonicalJson(b.content[k] ?? null));
  return { from: a.version, to: b.version, files, changed };
}
