import type { Language } from './runtime.ts';

/**
 * What a piece of code needs from its runtime, read off its source: the router's evidence for `auto`. A
 * heuristic on purpose (no parse): it only decides where code runs best, never what it may do; the policy and
 * the sandbox decide that. Each need carries the word that revealed it, so the decision can say why.
 */
export interface CodeNeeds {
  /** JS/TS: Node APIs or modules (`fetch`, `Buffer`, `process.*`, `import`, `require`...), which QuickJS lacks. */
  nodeApis?: string;
  /** Python: a third-party package (not in the standard library), which only an E2B template can provide. */
  packages?: string;
  /** Python: OS-level modules (processes, sockets, terminals) that Pyodide cannot provide. */
  osModules?: string;
}

/** Globals and statements that exist in Node but not in a bare ECMAScript engine like QuickJS. */
const NODE_API =
  /\b(fetch|Buffer|require|__dirname|__filename|setImmediate|TextEncoder|TextDecoder|URL|URLSearchParams|AbortController|WebSocket|crypto|performance|structuredClone|atob|btoa|Intl|process\.(?!env\b)[A-Za-z_$]+)\b/;
const JS_IMPORT = /(^|[;\n])\s*import\s*(?:[\w*{}\s,$]+\s*from\s*)?['"]([^'"]+)['"]|\bimport\s*\(/;

/** What `language` source `code` needs (empty when it runs anywhere its language does). */
export function codeNeeds(language: Language, code: string, localModules: readonly string[] = []): CodeNeeds {
  if (language === 'javascript' || language === 'typescript') {
    const source = stripJsComments(code);
    const imported = JS_IMPORT.exec(source);
    if (imported) return { nodeApis: imported[2] ? `import "${imported[2]}"` : 'import()' };
    const api = NODE_API.exec(source);
    return api ? { nodeApis: api[1] ?? api[0] } : {};
  }
  if (language === 'python') {
    const needs: CodeNeeds = {};
    const local = new Set(localModules.map((m) => m.split('.')[0]));
    for (const module of pythonImports(code)) {
      if (local.has(module)) continue;
      if (OS_MODULES.has(module)) needs.osModules ??= module;
      else if (!PYTHON_STDLIB.has(module)) needs.packages ??= module;
    }
    return needs;
  }
  return {};
}

/** Top-level module names a Python source imports (`import a.b, c` → a, c; `from d.e import f` → d). */
export function pythonImports(code: string): string[] {
  const modules = new Set<string>();
  for (const match of code.matchAll(/^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w., \t]+))/gm)) {
    const names = match[1] ? [match[1]] : (match[2] ?? '').split(',');
    for (const name of names) {
      const top = name.trim().split(/[.\s]/)[0];
      if (top && !top.startsWith('.')) modules.add(top);
    }
  }
  return [...modules];
}

function stripJsComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Standard-library modules that need the OS (processes, sockets, terminals): Pyodide has none of it. */
const OS_MODULES = new Set([
  'subprocess',
  'multiprocessing',
  'socket',
  'socketserver',
  'ssl',
  'select',
  'selectors',
  'signal',
  'pty',
  'tty',
  'termios',
  'curses',
  'tkinter',
  'resource',
  'fcntl',
  'mmap',
  'ftplib',
  'smtplib',
  'poplib',
  'imaplib',
  'telnetlib',
  'xmlrpc',
  'webbrowser',
  'http',
  'urllib',
]);

/** Python's standard library (3.11's `sys.stdlib_module_names`, public names). */
const PYTHON_STDLIB = new Set(
  `abc aifc argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2
  cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall concurrent
  configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib
  dis distutils doctest email encodings enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib
  functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http imaplib imghdr
  imp importlib inspect io ipaddress itertools json keyword linecache locale logging lzma mailbox mailcap marshal
  math mimetypes mmap modulefinder multiprocessing netrc nntplib numbers opcode operator optparse os pathlib pdb
  pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile
  pyclbr pydoc queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors
  shelve shlex shutil signal site smtplib sndhdr socket socketserver sqlite3 ssl stat statistics string stringprep
  struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap
  threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty types typing unicodedata
  unittest urllib uu uuid warnings wave weakref webbrowser wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib
  zoneinfo __future__`.split(/\s+/),
);
