import type { AgentContent } from '@switchyard/shared';
import { build, type Plugin } from 'esbuild';

/** A version's files as the one piece of source a runtime takes, or why they cannot be put together. */
export type Assembled = { ok: true; code: string; localModules: string[] } | { ok: false; message: string };

/**
 * Joins a multi-file agent into one source for the runtime it will run on. JS/TS: esbuild bundles the entry and
 * its relative imports from the version's files (other imports, `node:fs` or packages, stay imports for the
 * runtime to resolve or refuse). Python: helper files become importable modules, registered before the entry
 * runs. Bash: helper files are sourced before the entry, in path order. A single file is used as it is.
 */
export async function assemble(content: Pick<AgentContent, 'language' | 'files' | 'entry'>): Promise<Assembled> {
  const entry = content.files.find((f) => f.path === content.entry);
  if (!entry) return { ok: false, message: `the entry "${content.entry}" is not one of the files` };
  const helpers = content.files.filter((f) => f.path !== content.entry);
  const jsLike = content.language === 'javascript' || content.language === 'typescript';
  // A lone file without relative imports runs as written; otherwise the files are put together.
  if (helpers.length === 0 && !(jsLike && RELATIVE_IMPORT.test(entry.content)))
    return { ok: true, code: entry.content, localModules: [] };
  switch (content.language) {
    case 'python': {
      const modules = pythonModules(helpers);
      return { ok: true, code: `${pythonPrelude(modules)}\n${entry.content}`, localModules: modules.map((m) => m.name) };
    }
    case 'bash': {
      const sourced = [...helpers].sort((x, y) => (x.path < y.path ? -1 : 1)).map((f) => `# --- ${f.path}\n${f.content}`);
      return { ok: true, code: [...sourced, `# --- ${entry.path}`, entry.content].join('\n'), localModules: [] };
    }
    default:
      return bundle(content.files, content.entry);
  }
}

const assembled = new WeakMap<object, Promise<Assembled>>();

/**
 * `assemble`, once per content object: a cached version (`cachedVersion`) is the same object on every call, so
 * its bundle is built once; a draft is a new object each time and is assembled anew.
 */
export function assembleOnce(content: Pick<AgentContent, 'language' | 'files' | 'entry'>): Promise<Assembled> {
  let result = assembled.get(content);
  if (!result) assembled.set(content, (result = assemble(content)));
  return result;
}

const RELATIVE_IMPORT = /(?:from\s*|import\s*\(?\s*)['"]\.{1,2}\//;
const JS_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '.jsx', '/index.ts', '/index.js'];

async function bundle(files: AgentContent['files'], entry: string): Promise<Assembled> {
  const byPath = new Map(files.map((f) => [f.path, f.content]));
  const resolveIn = (importer: string, spec: string): string | undefined => {
    const base = importer.includes('/') ? importer.slice(0, importer.lastIndexOf('/')) : '';
    const joined = normalize(base ? `${base}/${spec}` : spec);
    if (joined === undefined) return undefined;
    const stem = joined.replace(/\.(m?js|jsx)$/, '');
    for (const candidate of [joined, ...JS_EXTENSIONS.map((ext) => stem + ext)]) if (byPath.has(candidate)) return candidate;
    return undefined;
  };
  const plugin: Plugin = {
    name: 'agent-files',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: args.path, namespace: 'agent' };
        if (!args.path.startsWith('./') && !args.path.startsWith('../')) return { path: args.path, external: true };
        const found = resolveIn(args.importer, args.path);
        return found
          ? { path: found, namespace: 'agent' }
          : { errors: [{ text: `"${args.path}" is not one of the agent's files` }] };
      });
      b.onLoad({ filter: /.*/, namespace: 'agent' }, (args) => ({
        contents: byPath.get(args.path) ?? '',
        loader: /\.tsx?$/.test(args.path) ? 'ts' : 'js',
      }));
    },
  };
  try {
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'silent',
      plugins: [plugin],
    });
    return { ok: true, code: out.outputFiles[0]?.text ?? '', localModules: [] };
  } catch (err) {
    const failures = (err as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors ?? [];
    const message = failures
      .map((e) => (e.location ? `${e.location.file.replace(/^agent:/, '')}:${e.location.line}: ${e.text}` : e.text))
      .join('; ');
    return { ok: false, message: message || (err instanceof Error ? err.message : String(err)) };
  }
}

/** `a/./b/../c` → `a/c`; undefined when it climbs out of the agent. */
function normalize(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** Helper `.py` files as modules: `util.py` → `util`, `pkg/mod.py` → `pkg.mod`, `pkg/__init__.py` → `pkg`. */
function pythonModules(helpers: AgentContent['files']) {
  return helpers
    .filter((f) => f.path.endsWith('.py'))
    .map((f) => ({
      name: f.path
        .replace(/\.py$/, '')
        .replace(/\/__init__$/, '')
        .replaceAll('/', '.'),
      source: f.content,
      file: f.path,
    }));
}

/** Registers each helper module before the entry runs. */
function pythonPrelude(modules: ReturnType<typeof pythonModules>): string {
  return `def __switchyard_register(modules):
    import sys, types
    for name, file, source in modules:
        parts = name.split(".")
        for i in range(1, len(parts)):
            pkg = ".".join(parts[:i])
            if pkg not in sys.modules:
                m = types.ModuleType(pkg)
                m.__path__ = []
                sys.modules[pkg] = m
        module = types.ModuleType(name)
        module.__file__ = file
        sys.modules[name] = module
    for name, file, source in modules:
        exec(compile(source, file, "exec"), sys.modules[name].__dict__)
__switchyard_register(${JSON.stringify(modules.map((m) => [m.name, m.file, m.source]))})
del __switchyard_register
`;
}
