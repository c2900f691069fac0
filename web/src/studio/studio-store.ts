import { type AgentFile, AgentFilePathSchema, type CodeAgentVersion, type CreateCodeAgentBody } from '@switchyard/shared';
import { createStore } from 'zustand/vanilla';

/** What Sandbox Studio edits: the content of the next version (files, schemas, runtime, policy). */
export type StudioDraft = CreateCodeAgentBody['content'] & { policy: Record<string, unknown> };

/** The saved version the draft started from; `dirty` is the draft differing from it. */
export interface DraftBase {
  version: number;
  hash: string;
  draft: StudioDraft;
}

export interface StudioState {
  draft: StudioDraft;
  base: DraftBase;
  /** Files open in tabs, in tab order. */
  openPaths: string[];
  activePath: string | null;
  /** Restoring an old version fills the draft with it; saving then makes it the newest version. */
  restoredFrom: number | null;
  /** Accept process-only isolation for test runs where this server has no OS sandbox (never saved). */
  trusted: boolean;

  setFileContent(path: string, content: string): void;
  /** Each returns why it was refused, or null. */
  addFile(path: string, content?: string): string | null;
  renameFile(from: string, to: string): string | null;
  deleteFile(path: string): string | null;
  setEntry(path: string): void;
  openFile(path: string): void;
  closeFile(path: string): void;
  setSchema(which: 'inputSchema' | 'outputSchema', schema: Record<string, unknown> | undefined): void;
  setRuntime(runtime: StudioDraft['runtime']): void;
  setPolicy(patch: Record<string, unknown>): void;
  setTrusted(trusted: boolean): void;
  /** Puts an old version's content in the draft (nothing is saved until the user saves). */
  restore(version: CodeAgentVersion): void;
  /** The draft was saved as `version`: it is the new base. */
  saved(version: CodeAgentVersion): void;
  /** Drops unsaved changes. */
  discard(): void;
}

export type StudioStore = ReturnType<typeof createStudioStore>;

/** The draft of a saved version's content. */
export function draftOf(version: CodeAgentVersion): StudioDraft {
  const { content } = version;
  return {
    language: content.language,
    entry: content.entry,
    files: content.files.map((f) => ({ path: f.path, content: f.content })),
    ...(content.inputSchema ? { inputSchema: content.inputSchema } : {}),
    ...(content.outputSchema ? { outputSchema: content.outputSchema } : {}),
    runtime: content.runtime,
    policy: { ...content.policy },
  };
}

/** Whether two drafts would hash alike: file order and key order do not matter (as on the server). */
export function sameDraft(a: StudioDraft, b: StudioDraft): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    // Files are a set keyed by path; other arrays (hosts, required) keep their order.
    if (value.every((v) => v && typeof v === 'object' && 'path' in v)) items.sort();
    return `[${items.join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function pathProblem(path: string, files: AgentFile[], except?: string): string | null {
  const parsed = AgentFilePathSchema.safeParse(path);
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'not a valid file path';
  if (path !== except && files.some((f) => f.path === path)) return `"${path}" already exists`;
  return null;
}

/** One store per open agent (see StudioStoreProvider); the draft lives here, server state in TanStack Query. */
export function createStudioStore(version: CodeAgentVersion) {
  const draft = draftOf(version);
  return createStore<StudioState>()((set, get) => ({
    draft,
    base: { version: version.version, hash: version.hash, draft },
    openPaths: [draft.entry],
    activePath: draft.entry,
    restoredFrom: null,
    trusted: false,

    setFileContent(path, content) {
      set(({ draft }) => ({
        draft: { ...draft, files: draft.files.map((f) => (f.path === path ? { ...f, content } : f)) },
      }));
    },
    addFile(path, content = '') {
      const { draft, openPaths } = get();
      const problem = pathProblem(path, draft.files);
      if (problem) return problem;
      set({
        draft: { ...draft, files: [...draft.files, { path, content }] },
        openPaths: [...openPaths, path],
        activePath: path,
      });
      return null;
    },
    renameFile(from, to) {
      const { draft, openPaths, activePath } = get();
      if (from === to) return null;
      const problem = pathProblem(to, draft.files, from);
      if (problem) return problem;
      set({
        draft: {
          ...draft,
          entry: draft.entry === from ? to : draft.entry,
          files: draft.files.map((f) => (f.path === from ? { ...f, path: to } : f)),
        },
        openPaths: openPaths.map((p) => (p === from ? to : p)),
        activePath: activePath === from ? to : activePath,
      });
      return null;
    },
    deleteFile(path) {
      const { draft, openPaths, activePath } = get();
      if (path === draft.entry) return 'the entry file cannot be deleted; make another file the entry first';
      const open = openPaths.filter((p) => p !== path);
      set({
        draft: { ...draft, files: draft.files.filter((f) => f.path !== path) },
        openPaths: open,
        activePath: activePath === path ? (open.at(-1) ?? null) : activePath,
      });
      return null;
    },
    setEntry(path) {
      set(({ draft }) => ({ draft: { ...draft, entry: path } }));
    },
    openFile(path) {
      set(({ openPaths }) => ({ openPaths: openPaths.includes(path) ? openPaths : [...openPaths, path], activePath: path }));
    },
    closeFile(path) {
      set(({ openPaths, activePath }) => {
        const index = openPaths.indexOf(path);
        const open = openPaths.filter((p) => p !== path);
        const next = activePath === path ? (open[Math.min(index, open.length - 1)] ?? null) : activePath;
        return { openPaths: open, activePath: next };
      });
    },
    setSchema(which, schema) {
      set(({ draft }) => {
        const { [which]: _old, ...rest } = draft;
        return { draft: schema ? { ...rest, [which]: schema } : rest };
      });
    },
    setRuntime(runtime) {
      set(({ draft }) => ({ draft: { ...draft, runtime } }));
    },
    setPolicy(patch) {
      set(({ draft }) => ({ draft: { ...draft, policy: { ...draft.policy, ...patch } } }));
    },
    setTrusted(trusted) {
      set({ trusted });
    },
    restore(version) {
      const restored = draftOf(version);
      set({ draft: restored, openPaths: [restored.entry], activePath: restored.entry, restoredFrom: version.version });
    },
    saved(version) {
      const saved = draftOf(version);
      set(({ openPaths, activePath }) => ({
        base: { version: version.version, hash: version.hash, draft: saved },
        draft: saved,
        restoredFrom: null,
        openPaths: openPaths.filter((p) => saved.files.some((f) => f.path === p)),
        activePath: activePath && saved.files.some((f) => f.path === activePath) ? activePath : saved.entry,
      }));
    },
    discard() {
      const { base } = get();
      set({ draft: base.draft, restoredFrom: null, openPaths: [base.draft.entry], activePath: base.draft.entry });
    },
  }));
}
