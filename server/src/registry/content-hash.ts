import { createHash } from 'node:crypto';
import type { AgentContent } from '@switchyard/shared';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A file as a version stores it: its path and the sha256 of its content (the content lives in code_blobs). */
export interface FileRef {
  path: string;
  sha256: string;
}

/** The files of `content` as sorted refs, and the version's content hash over everything it pins. */
export function hashContent(content: AgentContent): { files: FileRef[]; hash: string } {
  const files = content.files
    .map((f) => ({ path: f.path, sha256: sha256(f.content) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const pinned = {
    language: content.language,
    entry: content.entry,
    files,
    inputSchema: content.inputSchema ?? null,
    outputSchema: content.outputSchema ?? null,
    runtime: content.runtime,
    policy: content.policy,
  };
  return { files, hash: sha256(canonicalJson(pinned)) };
}
