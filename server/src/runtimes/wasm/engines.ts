import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The engines of the wasm runtime: each runs in its own kind of runner process. */
export type WasmEngine = 'quickjs' | 'pyodide' | 'wasi';

/** Where an engine's runner and packages are, or why it cannot run here. */
export type EngineSetup =
  | {
      ok: true;
      runnerPath: string;
      /** Directories the runner reads (its own directory, the engine's packages), bound read-only. */
      readOnlyPaths: string[];
      runnerArgs: string[];
      nodeFlags: string[];
      /** What `backend` names (before `+bwrap`). */
      name: string;
    }
  | { ok: false; reason: string };

export const RUNNER_DIR = fileURLToPath(new URL('./runner/', import.meta.url)).replace(/\/$/, '');
const requireHere = createRequire(import.meta.url);

/** The root of the package `specifier` resolves to from `from` (real path), and the node_modules it sits in. */
function packageRoot(specifier: string, from: NodeJS.Require = requireHere): { root: string; area: string } {
  let dir = path.dirname(realpathSync(from.resolve(specifier)));
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) break;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json for ${specifier}`);
    dir = up;
  }
  // The node_modules holding the package also holds (pnpm: links to) its dependencies.
  const area = path.dirname(name.startsWith('@') ? path.dirname(dir) : dir);
  return { root: dir, area: path.basename(area) === 'node_modules' ? area : dir };
}

function runner(file: string): string {
  return path.join(RUNNER_DIR, file);
}

/** QuickJS: quickjs-emscripten-core and the release-sync wasm variant. */
export function quickjsSetup(): EngineSetup {
  try {
    const core = packageRoot('quickjs-emscripten-core');
    const variant = packageRoot('@jitl/quickjs-wasmfile-release-sync');
    const ffi = packageRoot('@jitl/quickjs-ffi-types', createRequire(path.join(core.root, 'package.json')));
    const coreEntry = path.join(core.root, 'dist/index.mjs');
    const variantEntry = path.join(variant.root, 'dist/index.mjs');
    for (const file of [coreEntry, variantEntry]) if (!existsSync(file)) return { ok: false, reason: `${file} is missing` };
    return {
      ok: true,
      runnerPath: runner('quickjs-runner.mjs'),
      readOnlyPaths: unique([RUNNER_DIR, core.area, variant.area, ffi.area]),
      runnerArgs: [pathToFileURL(coreEntry).href, pathToFileURL(variantEntry).href],
      nodeFlags: [],
      name: 'quickjs',
    };
  } catch (err) {
    return { ok: false, reason: `QuickJS packages not found (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** Pyodide: the package directory (wasm, stdlib zip, lock file), loaded offline. */
export function pyodideSetup(): EngineSetup {
  try {
    const { root } = packageRoot('pyodide');
    for (const file of ['pyodide.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip']) {
      if (!existsSync(path.join(root, file))) return { ok: false, reason: `${path.join(root, file)} is missing` };
    }
    return {
      ok: true,
      runnerPath: runner('pyodide-runner.mjs'),
      readOnlyPaths: [RUNNER_DIR, root],
      runnerArgs: [root],
      nodeFlags: [],
      name: 'pyodide',
    };
  } catch (err) {
    return { ok: false, reason: `the pyodide package is not installed (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** The wasmedge binary on PATH (real path), if any. */
export function findWasmedge(searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(':')) {
    if (!dir) continue;
    const candidate = path.join(dir, 'wasmedge');
    if (existsSync(candidate)) return realpathSync(candidate);
  }
  return undefined;
}

/** WASI modules: node:wasi in the runner, or the wasmedge CLI run by it. */
export function wasiSetup(engine: 'auto' | 'node' | 'wasmedge', wasmedgePath?: string): EngineSetup {
  const wasmedge = engine === 'node' ? undefined : (wasmedgePath ?? findWasmedge());
  if (engine === 'wasmedge' && !wasmedge) return { ok: false, reason: 'wasmedge is not on PATH' };
  if (!wasmedge) {
    return {
      ok: true,
      runnerPath: runner('wasi-runner.mjs'),
      readOnlyPaths: [RUNNER_DIR],
      runnerArgs: [],
      // node:wasi needs --allow-wasi under the permission model (and warns about it on every start).
      nodeFlags: ['--allow-wasi', '--disable-warning=SecurityWarning'],
      name: 'wasi',
    };
  }
  // The wasmedge installation (bin/ and lib/ under one prefix, e.g. ~/.wasmedge or /usr/local), read-only.
  const prefix = path.dirname(path.dirname(wasmedge));
  return {
    ok: true,
    runnerPath: runner('wasi-runner.mjs'),
    readOnlyPaths: unique([RUNNER_DIR, ...(prefix.startsWith('/usr') ? [] : [prefix])]),
    runnerArgs: [wasmedge],
    nodeFlags: ['--allow-child-process'],
    name: 'wasmedge',
  };
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
