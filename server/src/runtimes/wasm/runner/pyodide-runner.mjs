// Pyodide runner: Python (CPython compiled to wasm) loaded once per process, before the ready line, so a warm
// process answers without the ~2.5 s load. Each call gets a fresh globals dict, os.environ set to the policy env
// and its value JSON-dumped inside Python. `import js` sees an empty object, but Python can still reach this
// process's JavaScript through Pyodide's FFI: the OS sandbox and Node's permission model are what hold.
// argv: the Pyodide package directory.
import fs from 'node:fs';
import { capWasmMemory, failure, result, serve, writeErr, writeOut } from './protocol.mjs';

const [pyodideDir] = process.argv.slice(2);
const MiB = 1024 * 1024;

// Defined once in a private module; the user's code runs in a fresh dict per call.
const DRIVER = `
import builtins, inspect, json, os, sys, traceback

class _Ctx:
    def __init__(self, env):
        self.env = dict(env)
    def log(self, *args):
        print(*args, flush=True)

def _frames(exc):
    # Only the user's own frames (main.py); the driver and Pyodide's internals are not the user's business.
    tb = traceback.extract_tb(exc.__traceback__)
    keep = [f for f in tb if f.filename == 'main.py']
    lines = ['Traceback (most recent call last):'] + [l.rstrip('\\n') for l in traceback.format_list(keep)]
    lines += [l.rstrip('\\n') for l in traceback.format_exception_only(type(exc), exc)]
    return '\\n'.join(lines)

def _thrown(exc):
    if isinstance(exc, MemoryError):
        return ['error', 'out_of_memory', 'MemoryError: the code ran out of memory', _frames(exc)]
    if isinstance(exc, OverflowError) and 'index-sized' in str(exc):
        return ['error', 'out_of_memory', 'OverflowError: ' + str(exc) + ' (a size beyond what 32-bit wasm Python can allocate)', _frames(exc)]
    message = ''.join(traceback.format_exception_only(type(exc), exc)).strip()
    return ['error', 'user_error', message, _frames(exc)]

async def call(code, inputs_json, env_json, max_bytes):
    env = json.loads(env_json)
    os.environ.clear()
    os.environ.update(env)
    try:
        try:
            compiled = compile(code, 'main.py', 'exec')
        except SyntaxError as e:
            where = ' (main.py:%s:%s)' % (e.lineno, e.offset) if e.lineno else ''
            return ['error', 'syntax_error', '%s: %s%s' % (type(e).__name__, e.msg, where), None]
        scope = {'__name__': 'main', '__builtins__': builtins}
        try:
            exec(compiled, scope)
            main = scope.get('main')
            if not callable(main):
                found = 'there is no main' if main is None else 'main is a ' + type(main).__name__
                return ['error', 'invalid_module', 'the code must define def main(inputs, ctx) (%s)' % found, None]
            value = main(json.loads(inputs_json), _Ctx(env))
            if inspect.isawaitable(value):
                value = await value
        except BaseException as e:
            return _thrown(e)
        try:
            out = json.dumps(value, allow_nan=False)
        except MemoryError as e:
            return _thrown(e)
        except (TypeError, ValueError, RecursionError) as e:
            return ['error', 'output_not_serializable', 'the return value is not JSON-serializable: %s' % e, None]
        if len(out) > max_bytes or len(out.encode('utf-8')) > max_bytes:
            return ['error', 'output_too_large', 'the return value is over the %d-byte limit' % max_bytes, None]
        return ['result', out]
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
`;

async function load() {
  // Pyodide's NODEFS reads file-system constants through process.binding, which the permission model refuses.
  const binding = process.binding;
  process.binding = (name) => (name === 'constants' ? { fs: fs.constants } : binding.call(process, name));
  const { loadPyodide } = await import(`${pyodideDir}/pyodide.mjs`);
  const py = await loadPyodide({
    indexURL: `${pyodideDir}/`,
    jsglobals: Object.create(null),
    env: {},
    stdin: () => null,
    // Chatter while loading is not any call's output (it would taint the first call's logs).
    stdout: () => {},
    stderr: () => {},
  });
  const write = (to) => ({
    write: (bytes) => {
      to(Buffer.from(bytes));
      return bytes.length;
    },
  });
  py.setStdout(write(writeOut));
  py.setStderr(write(writeErr));
  py.setStdin({ stdin: () => null });
  const scope = py.globals.get('dict')();
  py.runPython(DRIVER, { globals: scope, filename: '<switchyard>' });
  const call = scope.get('call');
  const heap = () => py._module.HEAP8.buffer.byteLength;
  return { call, heap, loaded: heap() };
}

async function run(request, engine) {
  // The code may grow the heap by memoryMb beyond what it was when the call started. The cap stays after the
  // call until the next one sets its own: tasks and timers the code left behind run after its result (until
  // the host ends this process, which it then never reuses) and must not grow the heap either.
  capWasmMemory(engine.heap() + request.memoryMb * MiB);
  const proxy = await engine.call(
    request.code,
    JSON.stringify(request.inputs ?? {}),
    JSON.stringify(request.env ?? {}),
    request.maxOutputBytes,
  );
  const outcome = proxy.toJs();
  proxy.destroy();
  const heapUsed = engine.heap() - engine.loaded;
  const [kind, a, b, c] = outcome;
  if (kind === 'result') return { ...result(a, request.maxOutputBytes), heapUsed };
  return { ...failure(a, b, c ?? undefined), heapUsed };
}

await serve(load, run);
