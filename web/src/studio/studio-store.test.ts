import type { CodeAgentVersion } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { createStudioStore, sameDraft } from './studio-store.ts';

const version = (n: number, files: { path: string; content: string }[], extra: Partial<CodeAgentVersion['content']> = {}) =>
  ({
    agentId: 'ca_1',
    version: n,
    hash: `h${n}`,
    content: { language: 'typescript', entry: 'main.ts', files, runtime: 'auto', policy: { timeoutMs: 1000 }, ...extra },
    changelog: '',
    author: 'a',
    createdAt: '2026-11-23T00:00:00Z',
  }) as CodeAgentVersion;

const v1 = version(1, [
  { path: 'main.ts', content: 'export default () => 1' },
  { path: 'lib/a.ts', content: 'export const a = 1' },
]);

describe('the Studio draft', () => {
  it('adds, renames and deletes files, keeping the entry and the tabs consistent', () => {
    const store = createStudioStore(v1);
    const s = () => store.getState();
    expect(s().addFile('lib/b.ts', 'export const b = 2')).toBeNull();
    expect(s().activePath).toBe('lib/b.ts');
    expect(s().addFile('lib/b.ts')).toMatch(/already exists/);
    expect(s().addFile('../escape.ts')).toMatch(/relative/);

    expect(s().renameFile('main.ts', 'src/main.ts')).toBeNull();
    expect(s().draft.entry).toBe('src/main.ts');
    expect(s().openPaths).toContain('src/main.ts');
    expect(s().renameFile('lib/a.ts', 'lib/b.ts')).toMatch(/already exists/);

    expect(s().deleteFile('src/main.ts')).toMatch(/entry/);
    expect(s().deleteFile('lib/b.ts')).toBeNull();
    expect(
      s()
        .draft.files.map((f) => f.path)
        .sort(),
    ).toEqual(['lib/a.ts', 'src/main.ts']);
    expect(s().openPaths).not.toContain('lib/b.ts');
    expect(s().activePath).toBe('src/main.ts');
  });

  it('is dirty until saved or discarded, ignoring file order', () => {
    const store = createStudioStore(v1);
    const s = () => store.getState();
    const dirty = () => !sameDraft(s().draft, s().base.draft);
    expect(dirty()).toBe(false);
    s().setFileContent('main.ts', 'export default () => 2');
    expect(dirty()).toBe(true);
    s().discard();
    expect(dirty()).toBe(false);
    expect(sameDraft({ ...s().draft, files: [...s().draft.files].reverse() }, s().base.draft)).toBe(true);

    s().setSchema('inputSchema', { type: 'object' });
    expect(dirty()).toBe(true);
    s().setSchema('inputSchema', undefined);
    expect(dirty()).toBe(false);

    s().setPolicy({ timeoutMs: 2000 });
    const saved = version(2, s().draft.files, { policy: { timeoutMs: 2000 } });
    s().saved(saved);
    expect(s().base.version).toBe(2);
    expect(dirty()).toBe(false);
  });

  it('restores an old version into the draft without changing the base', () => {
    const store = createStudioStore(version(3, [{ path: 'main.ts', content: 'v3' }]));
    store.getState().restore(v1);
    expect(store.getState().restoredFrom).toBe(1);
    expect(store.getState().base.version).toBe(3);
    expect(store.getState().draft.files).toHaveLength(2);
    expect(sameDraft(store.getState().draft, store.getState().base.draft)).toBe(false);
  });
});
