import { describe, expect, it } from 'vitest';
import { codeNeeds, pythonImports } from './code-needs.ts';
import { decideRuntime, type RouteRequest, type RuntimeStatus } from './router.ts';
import type { Language, RuntimeId } from './runtime.ts';

const ALL: Language[] = ['javascript', 'typescript', 'python', 'bash', 'wasi'];
const sandboxed = (id: RuntimeId, languages: Language[] = ALL): RuntimeStatus => ({
  available: true,
  isolation: 'sandbox',
  backend: id === 'node' ? 'node-process+bwrap' : id === 'wasm' ? 'quickjs+bwrap' : 'e2b',
  languages,
});
/** This machine: bwrap works, no E2B key. */
const HERE = {
  wasm: sandboxed('wasm', ['javascript', 'typescript', 'python', 'wasi']),
  node: sandboxed('node', ['javascript', 'typescript', 'python', 'bash']),
  e2b: {
    available: false,
    isolation: 'sandbox',
    backend: 'e2b',
    reason: 'set E2B_API_KEY to use E2B cloud sandboxes',
    languages: ['javascript', 'typescript', 'python', 'bash'],
  },
} satisfies Record<RuntimeId, RuntimeStatus>;
/** Everything configured. */
const FULL = { ...HERE, e2b: sandboxed('e2b', ['javascript', 'typescript', 'python', 'bash']) };
/** No bubblewrap: node isolates by process only and runs no Python/Bash; wasm too is process-only. */
const BARE = {
  wasm: { ...HERE.wasm, isolation: 'process', reason: 'no OS sandbox: bubblewrap (bwrap) is not installed' },
  node: {
    available: true,
    isolation: 'process',
    backend: 'node-process',
    reason: 'no OS sandbox: bubblewrap (bwrap) is not installed',
    languages: ['javascript', 'typescript'],
  },
  e2b: HERE.e2b,
} satisfies Record<RuntimeId, RuntimeStatus>;

const req = (over: Partial<RouteRequest>): RouteRequest => ({
  requested: 'auto',
  language: 'javascript',
  code: 'export default (i) => i.input * 2',
  network: 'off',
  trusted: false,
  ...over,
});

describe('decideRuntime', () => {
  // [case, request, statuses, chosen runtime, fallbacks, reason pattern]
  const table: [string, Partial<RouteRequest>, Record<string, RuntimeStatus>, RuntimeId | null, RuntimeId[], RegExp][] = [
    [
      'pure JS goes to wasm',
      {},
      HERE,
      'wasm',
      ['node'],
      /^wasm: pure JavaScript, no network \(quickjs\+bwrap, sandboxed\); passed over e2b: set E2B_API_KEY/,
    ],
    [
      'pure TS likewise',
      { language: 'typescript', code: 'export default (): number => 1' },
      FULL,
      'wasm',
      ['node', 'e2b'],
      /^wasm: pure TypeScript/,
    ],
    [
      'fetch needs Node',
      { code: 'export default async () => (await fetch("https://x")).status', network: 'on' },
      FULL,
      'node',
      ['e2b'],
      /^node: JavaScript using fetch, network on/,
    ],
    [
      'an import needs Node',
      { code: 'import fs from "node:fs";\nexport default () => fs.existsSync("/")' },
      HERE,
      'node',
      [],
      /^node: JavaScript using import "node:fs", no network/,
    ],
    [
      'Buffer in a comment does not count',
      { code: '// Buffer.from(x)\nexport default () => 1' },
      HERE,
      'wasm',
      ['node'],
      /^wasm:/,
    ],
    [
      'an allow-list only node enforces',
      { network: 'allowlist' },
      FULL,
      'node',
      [],
      /^node: JavaScript, network through the allow-list.*passed over e2b: cannot enforce a host allow-list/,
    ],
    [
      'stdlib Python goes to Pyodide',
      { language: 'python', code: 'import json, math\ndef main(inputs, ctx):\n  return math.pi' },
      HERE,
      'wasm',
      ['node'],
      /^wasm: Python, standard library only, no network/,
    ],
    [
      'Python packages need e2b',
      { language: 'python', code: 'import numpy as np\ndef main(i, c): return 1' },
      FULL,
      'e2b',
      [],
      /^e2b: Python using numpy/,
    ],
    [
      '... and without a key nothing qualifies',
      { language: 'python', code: 'from pandas import DataFrame' },
      HERE,
      null,
      [],
      /^no runtime here can run this Python: e2b: set E2B_API_KEY/,
    ],
    [
      'subprocess needs an OS',
      { language: 'python', code: 'import subprocess' },
      HERE,
      'node',
      [],
      /^node: Python using subprocess, no network.*passed over e2b/,
    ],
    [
      'Python with network skips wasm',
      { language: 'python', code: 'def main(i, c): pass', network: 'on' },
      FULL,
      'node',
      ['e2b'],
      /^node: Python, network on/,
    ],
    [
      'Bash runs in the node sandbox',
      { language: 'bash', code: 'echo hi' },
      FULL,
      'node',
      ['e2b'],
      /^node: Bash, no network \(node-process\+bwrap, sandboxed\)$/,
    ],
    ['WASI only on wasm', { language: 'wasi', code: 'AGFzbQEAAAA=' }, FULL, 'wasm', [], /^wasm: WASI module, no network/],
    [
      'no sandbox: refused, saying what to do',
      {},
      BARE,
      null,
      [],
      /no runtime here can run this JavaScript: wasm: isolates by process only here .*install bubblewrap, or opt the workflow into trusted execution; node: isolates by process only/,
    ],
    [
      'no sandbox but trusted: process isolation, said so',
      { trusted: true },
      BARE,
      'wasm',
      ['node'],
      /^wasm: pure JavaScript, no network \(quickjs\+bwrap, process isolation only \(trusted execution\)\)/,
    ],
    [
      'no sandbox: Bash never runs bare, even trusted',
      { language: 'bash', code: 'ls', trusted: true },
      BARE,
      null,
      [],
      /node: runs Bash only inside its OS sandbox, which is unavailable here/,
    ],
    [
      'explicit node even for pure JS',
      { requested: 'node' },
      HERE,
      'node',
      [],
      /^node: JavaScript, no network .*, as requested$/,
    ],
    [
      'explicit wasm for fetch code: the user knows best',
      { requested: 'wasm', code: 'fetch("x")' },
      HERE,
      'wasm',
      [],
      /^wasm: pure JavaScript.*as requested/,
    ],
    [
      'explicit wasm with network: refused',
      { requested: 'wasm', network: 'on' },
      HERE,
      null,
      [],
      /wasm: has no network \(use node or e2b\)/,
    ],
    ['explicit e2b without a key: what to configure', { requested: 'e2b' }, HERE, null, [], /e2b: set E2B_API_KEY/],
    [
      'a runtime this server does not host',
      { requested: 'e2b' },
      { node: HERE.node },
      null,
      [],
      /e2b: not configured on this server/,
    ],
  ];
  it.each(table)('%s', (_name, over, statuses, runtime, fallbacks, reason) => {
    const decision = decideRuntime(req(over), statuses);
    expect(decision.runtime).toBe(runtime);
    expect(decision.fallbacks).toEqual(fallbacks);
    expect(decision.reason).toMatch(reason);
  });
});

describe('codeNeeds', () => {
  it('reads Python imports, ignoring relative ones', () => {
    expect(
      pythonImports('import os, sys as s\nfrom a.b import c\n  import requests\nfrom . import x\nx = "import nope"'),
    ).toEqual(['os', 'sys', 'a', 'requests']);
    expect(codeNeeds('python', 'import requests\nimport socket')).toEqual({ packages: 'requests', osModules: 'socket' });
  });
  it('sees Node APIs but not process.env', () => {
    expect(codeNeeds('javascript', 'export default () => process.env.TOKEN')).toEqual({});
    expect(codeNeeds('javascript', 'export default () => process.cwd()')).toEqual({ nodeApis: 'process.cwd' });
    expect(codeNeeds('typescript', 'const m = await import("x")')).toEqual({ nodeApis: 'import()' });
    expect(codeNeeds('bash', 'curl x')).toEqual({});
  });
});
