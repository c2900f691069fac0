// Child side of the runner protocol for the wasm engines (the same protocol as ../../node-runner.mjs):
//   stdin (read): newline-delimited JSON requests {nonce, language, code, inputs, env, maxOutputBytes, memoryMb,
//                 timeoutMs}; the next one comes only after the previous call's frame. EOF: the parent is gone.
//   stdout/stderr: user output only; each call's output ends with "\x1e<nonce>\n" on both streams, flushed
//                 before the call's frame is written on fd 3.
//   fd 3 (write): "ready\n" once the engine is loaded; then one frame per call: a meta JSON line carrying the
//                 nonce, stats and `reusable`, for results followed by exactly `bytes` bytes of output JSON.
// The engine module supplies `run(request, io)`, which resolves with {kind:'result', json} or
// {kind:'error', code, message, stack?}, plus `heapUsed` (engine memory the call left in use) and `clean`.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import os from 'node:os';

const DIR = process.cwd();

// Taken before any user code runs, so code of an earlier call cannot patch what the runner itself uses.
const stringify = JSON.stringify;
const parse = JSON.parse;
const byteLength = Buffer.byteLength;
const cpuUsage = process.cpuUsage.bind(process);
const activeResources = process.getActiveResourcesInfo.bind(process);
export const writeOut = process.stdout.write.bind(process.stdout);
export const writeErr = process.stderr.write.bind(process.stderr);

/** Keeps error text small: the parent refuses an oversized result message. */
export function clip(text, max = 8_000) {
  const s = String(text);
  return s.length > max ? `${s.slice(0, max)}…[truncated]` : s;
}

/** An error frame. */
export function failure(code, message, stack) {
  return { kind: 'error', code, message: clip(message), ...(stack ? { stack: clip(stack, 16_000) } : {}) };
}

/** A result frame for `json`, or output_too_large when it is over the limit. */
export function result(json, maxOutputBytes) {
  const bytes = byteLength(json);
  if (bytes > maxOutputBytes) {
    return failure('output_too_large', `the return value is ${bytes} bytes, over the ${maxOutputBytes}-byte limit`);
  }
  return { kind: 'result', json, bytes };
}

const PAGE = 64 * 1024;
const realGrow = WebAssembly.Memory.prototype.grow;
let capPages = Number.POSITIVE_INFINITY;

/**
 * Emscripten grows an engine's heap through WebAssembly.Memory.prototype.grow. Refusing growth past a cap makes
 * malloc fail inside the engine, which then raises its own out-of-memory error (QuickJS's InternalError,
 * Python's MemoryError) instead of growing the process. Code that reaches the runner's JavaScript could undo
 * this, and its own allocations (ArrayBuffers made through Pyodide's FFI) are outside any wasm heap: the host's
 * memory watch (../../memory-watch.ts) and the kernel address-space limit are the backstops.
 */
WebAssembly.Memory.prototype.grow = function grow(delta) {
  if (this.buffer.byteLength / PAGE + Number(delta) > capPages) throw new RangeError('memory limit reached');
  return realGrow.call(this, delta);
};

/** Lets wasm memories grow to at most `bytes` (undefined: no cap) until the next call. */
export function capWasmMemory(bytes) {
  capPages = bytes === undefined ? Number.POSITIVE_INFINITY : Math.floor(bytes / PAGE);
}

/** Resources that exist between calls in a clean runner, counted once the engine is loaded. */
let baseline;
const IGNORED = new Set(['WriteWrap', 'SimpleWriteWrap', 'ShutdownWrap', 'CloseReq']);

function resourceCounts() {
  const counts = new Map();
  for (const name of activeResources()) if (!IGNORED.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function lingering() {
  for (const [name, count] of resourceCounts()) if (count > (baseline.get(name) ?? 0)) return true;
  return process.stdin.listenerCount('data') !== 1 || process.stdin.listenerCount('readable') !== 0;
}

/**
 * Node 20's permission model does not cover signals or priorities: without this, code that reaches the runner's
 * JavaScript (Pyodide's FFI can) and runs as the server's user could signal the server or open its inspector.
 */
function lockProcessControls() {
  const self = process.pid;
  const own = (pid) => pid === 0 || pid === self || pid === -self;
  const denied = (what) => Object.assign(new Error(`${what} is not allowed in the wasm runtime`), { code: 'ERR_ACCESS_DENIED' });
  const lock = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: false, configurable: false, enumerable: true });
  const kill = process._kill.bind(process);
  lock(process, '_kill', (pid, signal) => {
    if (!own(pid)) throw denied('signalling another process');
    return kill(pid, signal);
  });
  lock(process, '_debugProcess', () => {
    throw denied('process._debugProcess');
  });
  lock(process, '_debugEnd', () => {
    throw denied('process._debugEnd');
  });
  const setPriority = os.setPriority;
  lock(os, 'setPriority', (pid, priority) => {
    if (priority === undefined) return setPriority(pid);
    if (!own(pid)) throw denied('changing the priority of another process');
    return setPriority(pid, priority);
  });
  syncBuiltinESMExports();
}

function flushed(write, text) {
  return new Promise((resolve) => {
    try {
      write(text, () => resolve());
    } catch {
      resolve();
    }
  });
}

/**
 * Boots the engine (`load`), then serves requests one at a time with `run(request, engine)`. `load` runs
 * before the ready line, so a warm process has its engine loaded before any request arrives.
 */
export async function serve(load, run) {
  const channel = new net.Socket({ fd: 3, readable: false });
  channel.on('error', () => process.exit(70));
  let inbox = '';
  let busy = false;
  let engine;

  const finish = async (nonce, outcome) => {
    const marker = `\x1e${nonce}\n`;
    await Promise.all([flushed(writeOut, marker), flushed(writeErr, marker)]);
    const cpu = cpuUsage();
    const { json, heapUsed, clean, ...meta } = outcome;
    const reusable = meta.kind === 'result' && clean !== false && !lingering();
    const frame = { ...meta, nonce, cpuUs: cpu.user + cpu.system, heapUsed: heapUsed ?? 0, reusable };
    channel.write(`${stringify(frame)}\n${meta.kind === 'result' ? json : ''}`);
  };

  const next = async () => {
    if (busy || engine === undefined) return;
    const newline = inbox.indexOf('\n');
    if (newline === -1) return;
    const line = inbox.slice(0, newline);
    inbox = inbox.slice(newline + 1);
    let request;
    try {
      request = parse(line);
    } catch (err) {
      process.stderr.write(`runner could not parse its request: ${err.message}\n`);
      process.exit(70);
    }
    busy = true;
    const nonce = String(request.nonce);
    let outcome;
    try {
      outcome = await run(request, engine);
    } catch (err) {
      // The engine itself broke (e.g. the host stack overflowed inside wasm): report, never reuse.
      outcome = { ...failure('engine_error', `${err?.name ?? 'Error'}: ${err?.message ?? err}`), clean: false };
      if (err instanceof RangeError && /call stack/i.test(String(err.message))) {
        outcome = { ...failure('user_error', 'stack overflow: the code recursed too deeply'), clean: false };
      }
    }
    await finish(nonce, outcome);
    busy = false;
    void next();
  };

  /** The parent is gone: nobody will remove our temp dir, so remove it ourselves, then exit. */
  const orphaned = () => {
    try {
      fs.rmSync(DIR, { recursive: true, force: true });
    } catch {
      // Best effort.
    }
    process.exit(71);
  };
  // Errors escaping the engine between calls: nobody can be told, so the process exits and is dropped.
  process.on('uncaughtException', () => process.exit(70));
  process.on('unhandledRejection', () => process.exit(70));
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    inbox += chunk;
    void next();
  });
  process.stdin.on('end', orphaned);
  process.stdin.on('error', orphaned);

  lockProcessControls();
  engine = await load();
  baseline = resourceCounts();
  channel.write('ready\n');
  void next();
}
