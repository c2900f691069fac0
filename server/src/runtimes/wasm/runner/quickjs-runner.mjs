// QuickJS runner: JavaScript (and TypeScript transpiled by the server) in QuickJS compiled to wasm, one fresh
// QuickJS runtime and context per call. Nothing of the host crosses into QuickJS but strings and numbers: the
// inputs go in as JSON text, the return value comes out as JSON text serialized inside QuickJS, logs come out
// as strings. argv: the file URLs of quickjs-emscripten-core and of the wasm variant.
import { capWasmMemory, failure, result, serve, writeErr, writeOut } from './protocol.mjs';

const [coreUrl, variantUrl, mode] = process.argv.slice(2);
const MiB = 1024 * 1024;
/** QuickJS's own stack limit; below the host's, so ordinary runaway recursion is QuickJS's catchable error. */
const MAX_STACK_BYTES = 256 * 1024;
/** Calls a runner makes on itself before it reports ready: many for a pooled one, one when a call waits. */
const WARMUP_CALLS = mode === 'warm' ? 30 : 1;
const MAIN_HINT = 'the module must export default function main(inputs, ctx)';

// Runs first in every fresh context: console, timers, process.env and the driver that calls main. The host
// functions it receives are kept in this closure only; user code never sees them.
const BOOTSTRAP = `(function (write, armTimer, disarmTimer, envJson) {
  'use strict';
  const stringify = JSON.stringify, parse = JSON.parse, IE = InternalError;
  const show = (v, depth) => {
    if (typeof v === 'string') return depth ? stringify(v) : v;
    if (v instanceof Error) return v.name + ': ' + v.message + (v.stack ? '\\n' + v.stack.replace(/\\n$/, '') : '');
    if (typeof v === 'function') return '[Function: ' + (v.name || 'anonymous') + ']';
    if (typeof v === 'bigint') return v + 'n';
    if (typeof v === 'symbol' || v === undefined) return String(v);
    if (typeof v === 'object' && v !== null) {
      try { const s = stringify(v); if (s !== undefined) return s; } catch (e) { if (e instanceof IE) throw e; }
      return Object.prototype.toString.call(v);
    }
    return String(v);
  };
  // util.format's placeholders (%s %d %i %f %j %o %O %%) when the first argument is a string.
  const format = (args) => {
    let rest = args;
    let head = '';
    if (typeof args[0] === 'string' && args.length > 1 && args[0].includes('%')) {
      let i = 1;
      head = args[0].replace(/%([sdifjoO%])/g, (m, c) => {
        if (c === '%') return '%';
        if (i >= args.length) return m;
        const v = args[i++];
        if (c === 'd' || c === 'i') return typeof v === 'bigint' ? v + 'n' : String(c === 'i' ? parseInt(v) : Number(v));
        if (c === 'f') return String(parseFloat(v));
        if (c === 's') return typeof v === 'string' ? v : show(v, true);
        return show(v, true);
      });
      rest = args.slice(i);
      return [head, ...rest.map((a) => show(a, false))].join(' ') + '\\n';
    }
    return rest.map((a) => show(a, false)).join(' ') + '\\n';
  };
  // As JSON: the host reads strings up to their first NUL, and user output may contain one.
  const out = (...args) => { write(1, stringify(format(args))); };
  const err = (...args) => { write(2, stringify(format(args))); };
  const console = { log: out, info: out, debug: out, trace: out, warn: err, error: err };
  const timers = new Map();
  let seq = 0;
  const schedule = (fn, ms, args, every) => {
    if (typeof fn !== 'function') throw new TypeError('the callback must be a function');
    const id = ++seq;
    const delay = Math.max(0, Number(ms) || 0);
    timers.set(id, { fn, args, every: every ? delay : undefined });
    armTimer(id, delay);
    return id;
  };
  const clear = (id) => { if (timers.delete(id)) disarmTimer(id); };
  const env = parse(envJson);
  globalThis.console = console;
  globalThis.setTimeout = (fn, ms, ...args) => schedule(fn, ms, args, false);
  globalThis.setInterval = (fn, ms, ...args) => schedule(fn, ms, args, true);
  globalThis.clearTimeout = clear;
  globalThis.clearInterval = clear;
  globalThis.queueMicrotask = (fn) => { Promise.resolve().then(fn); };
  globalThis.process = { env: { ...env } };
  // Reads one field of a thrown value: getters and proxy traps on it are user code, so this runs here, under
  // the call's memory limit and deadline, and only a clipped string or a number leaves.
  const field = (e, key, max, seen) => {
    try {
      const v = e[key];
      if (typeof v === 'string') return v.length > max ? v.slice(0, max) + '…[truncated]' : v;
      return typeof v === 'number' ? '' + v : undefined;
    } catch (x) {
      if (x === null || (x instanceof IE && x.message === 'out of memory')) seen.oom = true;
      return undefined;
    }
  };
  return {
    fire(id) {
      const t = timers.get(id);
      if (!t) return;
      if (t.every === undefined) timers.delete(id); else armTimer(id, t.every);
      t.fn(...t.args);
    },
    async call(main, inputsJson) {
      const value = await main(parse(inputsJson), { log: out, env: { ...env } });
      let json;
      try { json = value === undefined ? 'null' : stringify(value); }
      catch (e) { if (e instanceof IE) throw e; return { unserializable: String(e && e.message || e) }; }
      if (json === undefined) return { unserializable: 'a ' + typeof value + ' has no JSON form' };
      return { __proto__: null, json, length: json.length };
    },
    /** A thrown value as plain strings: {object, name?, message, stack?, line?, column?, oom?}. */
    describe(e) {
      const d = { __proto__: null, object: (typeof e === 'object' && e !== null) || typeof e === 'function' };
      if (!d.object) {
        d.message = e === null ? 'null' : String(e).slice(0, 8000);
        d.nul = e === null;
        return d;
      }
      d.name = field(e, 'name', 200, d);
      d.message = field(e, 'message', 8000, d);
      d.stack = field(e, 'stack', 16000, d);
      d.line = field(e, 'lineNumber', 20, d);
      d.column = field(e, 'columnNumber', 20, d);
      return d;
    },
  };
})`;

async function load() {
  // Emscripten reports its own failures through console.error; they are not the user's output.
  console.error = () => {};
  console.warn = () => {};
  const core = await import(coreUrl);
  const variant = (await import(variantUrl)).default;
  const QuickJS = await core.newQuickJSWASMModuleFromVariant(variant);
  // Throwaway calls before the ready line: V8 compiles wasm functions lazily and tiers hot ones up only after
  // they ran a while; a warm process should not make its first real calls pay for that (~25 ms → a few ms).
  for (let i = 0; i < WARMUP_CALLS; i++) {
    await run(
      {
        code: 'function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2) }\nexport default async (i) => { console.log; return JSON.stringify(i) + f(8) }',
        inputs: { i },
        env: {},
        maxOutputBytes: 1024,
        memoryMb: 16,
        timeoutMs: 5000,
      },
      QuickJS,
    );
  }
  return QuickJS;
}

/** One call in a fresh QuickJS runtime; resolves with the outcome for the protocol. */
async function run(request, QuickJS) {
  const deadline = Date.now() + request.timeoutMs;
  const rt = QuickJS.newRuntime();
  rt.setMemoryLimit(request.memoryMb * MiB);
  rt.setMaxStackSize(MAX_STACK_BYTES);
  let interrupted = false;
  rt.setInterruptHandler(() => {
    if (Date.now() > deadline) interrupted = true;
    return interrupted;
  });
  rt.setModuleLoader((name) => ({ error: new Error(`imports are not available in the wasm runtime: '${name}'`) }));
  const vm = rt.newContext();
  // QuickJS's limit misses some allocations (JSON.stringify's buffers): the heap itself is capped as well.
  capWasmMemory(heapBytes(QuickJS) + request.memoryMb * MiB);
  const hostTimers = new Map();
  /** Wakes the pump when a host timer fires. */
  let wake = () => {};
  let fired = [];
  const handles = [];
  const keep = (h) => {
    handles.push(h);
    return h;
  };
  let clean = true;
  let heapUsed = 0;
  /** Reads a thrown value inside QuickJS (set once the bootstrap ran). */
  let describeIn = () => ({ failed: true });
  /**
   * The outcome for a thrown value. The memory limits stay in force while it is read: its getters and proxy
   * traps are user code, and lifting the limits for them let a getter allocate without bound.
   */
  const thrown = (handle) => {
    const described = describeIn(handle);
    // Running out of memory while creating the error itself leaves a null exception. (Code that throws null
    // itself is reported the same way: a rare price for naming the common case right.) Running out while the
    // error is read means the code's memory is still at the limit.
    if (!interrupted && (described.failed || described.nul || described.oom)) {
      const why = described.nul ? '; null was thrown' : '; reading its error ran out too';
      return failure('out_of_memory', `the code ran out of memory (QuickJS memory limit ${request.memoryMb} MiB${why})`);
    }
    if (described.failed) return failure('timeout', `timed out after ${request.timeoutMs} ms`);
    return verdict(described, interrupted, request);
  };
  try {
    // 1. Host functions, then the bootstrap, which closes over them.
    const write = keep(
      vm.newFunction('write', (fd, text) => {
        const s = JSON.parse(vm.getString(text));
        (vm.getNumber(fd) === 2 ? writeErr : writeOut)(s);
      }),
    );
    const arm = keep(
      vm.newFunction('armTimer', (id, ms) => {
        const key = vm.getNumber(id);
        clearTimeout(hostTimers.get(key));
        hostTimers.set(
          key,
          setTimeout(() => {
            hostTimers.delete(key);
            fired.push(key);
            wake();
          }, vm.getNumber(ms)),
        );
      }),
    );
    const disarm = keep(
      vm.newFunction('disarmTimer', (id) => {
        const key = vm.getNumber(id);
        clearTimeout(hostTimers.get(key));
        hostTimers.delete(key);
      }),
    );
    const envJson = keep(vm.newString(JSON.stringify(request.env ?? {})));
    const boot = keep(vm.unwrapResult(vm.evalCode(BOOTSTRAP, 'bootstrap.js')));
    const sys = keep(vm.unwrapResult(vm.callFunction(boot, vm.undefined, write, arm, disarm, envJson)));
    const fire = keep(vm.getProp(sys, 'fire'));
    const call = keep(vm.getProp(sys, 'call'));
    const describeFn = keep(vm.getProp(sys, 'describe'));
    describeIn = (handle) => describe(vm, describeFn, handle);

    /** Runs jobs and timers until `promise` settles: { value } or { error } handles (kept), or a verdict. */
    const settle = async (promise) => {
      for (;;) {
        const jobs = rt.executePendingJobs();
        if (jobs.error) return { error: keep(jobs.error) };
        const state = vm.getPromiseState(promise);
        if (state.type === 'fulfilled') return { value: keep(state.value) };
        if (state.type === 'rejected') return { error: keep(state.error) };
        if (fired.length === 0) {
          // Nothing runnable: wait for a timer (a promise that never settles waits for the deadline).
          await new Promise((resolve) => {
            wake = resolve;
          });
        }
        const due = fired;
        fired = [];
        for (const id of due) {
          const idHandle = vm.newNumber(id);
          const r = vm.callFunction(fire, vm.undefined, idHandle);
          idHandle.dispose();
          if (r.error) return { error: keep(r.error) };
          r.value.dispose();
        }
      }
    };

    // 2. The user's module (its namespace, or a promise for it with top-level await).
    const evaluated = vm.evalCode(request.code, 'main.js', { type: 'module' });
    if (evaluated.error) {
      const error = keep(evaluated.error);
      const described = describeIn(error);
      if (described.name === 'SyntaxError' && !interrupted) {
        return { ...failure('syntax_error', `SyntaxError: ${described.message}${at(described)}`) };
      }
      return thrown(error);
    }
    let ns = keep(evaluated.value);
    const nsState = vm.getPromiseState(ns);
    if (!nsState.notAPromise) {
      if (nsState.type === 'fulfilled') nsState.value.dispose();
      if (nsState.type === 'rejected') nsState.error.dispose();
      const settled = await settle(ns);
      if (settled.error) return thrown(settled.error);
      ns = settled.value;
    }
    const main = keep(vm.getProp(ns, 'default'));
    const kind = vm.typeof(main);
    if (kind !== 'function') {
      const found = kind === 'undefined' ? 'there is no default export' : `the default export is ${kind}`;
      return failure('invalid_module', `${MAIN_HINT} (${found})`);
    }

    // 3. main(inputs, ctx), awaited with jobs and timers pumped, and its value serialized inside QuickJS.
    const inputs = keep(vm.newString(JSON.stringify(request.inputs ?? {})));
    const started = vm.callFunction(call, vm.undefined, main, inputs);
    if (started.error) return thrown(keep(started.error));
    const settled = await settle(keep(started.value));
    if (settled.error) return thrown(settled.error);
    const envelope = settled.value;
    const unserializable = keep(vm.getProp(envelope, 'unserializable'));
    if (vm.typeof(unserializable) === 'string') {
      return failure('output_not_serializable', `the return value is not JSON-serializable: ${vm.getString(unserializable)}`);
    }
    // UTF-8 takes at least one byte per UTF-16 unit: a longer string is over the limit without copying it out.
    const length = vm.getNumber(keep(vm.getProp(envelope, 'length')));
    if (length > request.maxOutputBytes) {
      return failure('output_too_large', `the return value is over the ${request.maxOutputBytes}-byte limit`);
    }
    const json = vm.getString(keep(vm.getProp(envelope, 'json')));
    heapUsed = memoryInUse(vm, rt);
    return { ...result(json, request.maxOutputBytes), heapUsed };
  } catch (err) {
    // A host-side failure inside the engine (e.g. the host stack overflowed in wasm): the VM may be broken.
    clean = false;
    throw err;
  } finally {
    capWasmMemory(undefined);
    for (const t of hostTimers.values()) clearTimeout(t);
    wake();
    if (clean) {
      try {
        for (const h of handles.reverse()) if (h.alive) h.dispose();
        vm.dispose();
        rt.dispose();
      } catch {
        clean = false; // A leak inside QuickJS: do not reuse this process.
      }
    }
  }
}

/** The outcome for a thrown or rejected value, named by what it was. */
function verdict(described, interrupted, request) {
  if (interrupted) return failure('timeout', `timed out after ${request.timeoutMs} ms`);
  if (described.name === 'InternalError' && /out of memory/.test(described.message)) {
    return failure('out_of_memory', `the code ran out of memory (QuickJS memory limit ${request.memoryMb} MiB)`);
  }
  if (described.name === 'InternalError' && /stack overflow/.test(described.message)) {
    return failure('user_error', `stack overflow: the code recursed too deeply (${described.message})`, described.stack);
  }
  const message = described.isError ? described.message || described.name : described.message;
  return failure('user_error', message, described.stack);
}

/**
 * Name, message and stack of a thrown value, read inside QuickJS by the bootstrap's `describe` (under the call's
 * limits and deadline); only its plain result is read here. `failed`: describing it threw (out of memory, or
 * the deadline passed).
 */
function describe(vm, describeFn, handle) {
  const r = vm.callFunction(describeFn, vm.undefined, handle);
  if (r.error) {
    r.error.dispose();
    return { failed: true };
  }
  const d = r.value;
  const str = (key) => {
    const h = vm.getProp(d, key);
    const s = vm.typeof(h) === 'string' ? vm.getString(h) : undefined;
    h.dispose();
    return s;
  };
  const flag = (key) => {
    const h = vm.getProp(d, key);
    const on = vm.eq(h, vm.true);
    h.dispose();
    return on;
  };
  try {
    if (!flag('object')) return { isError: false, name: '', message: str('message') ?? '', nul: flag('nul') };
    const name = str('name') ?? 'Error';
    const message = str('message') ?? '';
    const trace = str('stack');
    return {
      isError: true,
      name,
      message,
      stack: trace ? `${name}: ${message}\n${trace.replace(/\n$/, '')}` : undefined,
      line: str('line'),
      column: str('column'),
      oom: flag('oom'),
    };
  } finally {
    d.dispose();
  }
}

function at(described) {
  if (described.line === undefined) return '';
  return ` (main.js:${described.line}${described.column !== undefined ? `:${described.column}` : ''})`;
}

/** Size of QuickJS's wasm heap now. */
function heapBytes(QuickJS) {
  return QuickJS.getWasmMemory().buffer.byteLength;
}

/** Bytes QuickJS has allocated for this runtime. */
function memoryInUse(vm, rt) {
  let usage;
  try {
    usage = rt.computeMemoryUsage();
    return Number(vm.dump(usage)?.memory_used_size ?? 0);
  } catch {
    return 0;
  } finally {
    usage?.dispose();
  }
}

await serve(load, run);
