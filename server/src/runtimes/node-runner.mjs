// Child-side runner for the node-process runtime. Plain .mjs so the child starts without tsx.
// One process serves one call at a time, possibly several in a row (reuse within one trust domain).
// Protocol with the parent:
//   stdin (read): newline-delimited JSON requests {nonce, language, code, inputs, env, maxOutputBytes}; the parent
//                 sends the next one only after the previous call's frame. EOF means the parent is gone: exit.
//   stdout/stderr: user output only (console.*, ctx.log, raw writes); each call's output ends with the marker
//                 "\x1e<nonce>\n" on both streams, flushed before the call's frame is written on fd 3.
//   fd 3 (write): "ready\n" once booted; then per call one frame: a meta JSON line carrying the nonce, process stats
//                 and `reusable` ({kind:'result', bytes} or {kind:'error', code, message, stack?}), for results
//                 followed by exactly `bytes` bytes of output JSON.
// Only node: builtins are imported: the permission model lets this process read nothing but this file and its cwd.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath, pathToFileURL } from 'node:url';
import util from 'node:util';

const RUNNER_URL = import.meta.url;
const RUNNER_PATH = fileURLToPath(RUNNER_URL);
const DIR = process.cwd();
const DIR_URL = `${pathToFileURL(DIR).href}/`;
const BASE_PATH = process.env.PATH ?? '/usr/bin:/bin';
/** Policy `filesystem: none`: nothing is writable, so code is imported from data: URLs instead of files. */
const NO_FILES = process.env.SWITCHYARD_FS === 'none';
/** Policy `network: allowlist` or `on`: the egress proxy's socket, and where undici (fetch through it) lives. */
const PROXY = process.env.SWITCHYARD_PROXY;
const UNDICI = process.env.SWITCHYARD_UNDICI;
const DATA_URL = /data:text\/javascript;base64,[A-Za-z0-9+/=]+/g;
const MAIN_HINT = 'the module must export default function main(inputs, ctx)';
/** Per-call module files (`main.<seq>.<hex>.mjs`); stacks show them as main.js. */
const MODULE_NAME = /main\.\d+\.[0-9a-f]+\.mjs/g;

// Taken before any user code runs, so code of an earlier call cannot patch what the runner itself uses.
const stringify = JSON.stringify;
const parse = JSON.parse;
const byteLength = Buffer.byteLength;
const cpuUsage = process.cpuUsage.bind(process);
const memoryUsage = process.memoryUsage.bind(process);
const activeResources = process.getActiveResourcesInfo.bind(process);
const writeOut = process.stdout.write.bind(process.stdout);
const writeErr = process.stderr.write.bind(process.stderr);

const channel = new net.Socket({ fd: 3, readable: false });
channel.on('error', () => process.exit(70));

/** Requests received but not yet started (module-private: user code cannot read later requests from here). */
let inbox = '';
let calls = 0;
/** The call in progress: { nonce, file, url, done, dirty }; undefined between calls. */
let current;

/**
 * Ends `call` with `meta` (and `body` for results), once; later calls are ignored. The markers go first and
 * are awaited, so every earlier write of the call is in the pipes before the frame tells the parent it is done.
 */
async function finish(call, meta, body = '') {
  if (call.done) return;
  call.done = true;
  const marker = `\x1e${call.nonce}\n`;
  await Promise.all([flushed(writeOut, marker), flushed(writeErr, marker)]);
  const cpu = cpuUsage();
  const reusable = meta.kind === 'result' && !call.dirty && !lingering();
  const frame = { ...meta, nonce: call.nonce, cpuUs: cpu.user + cpu.system, heapUsed: memoryUsage().heapUsed, reusable };
  try {
    if (!NO_FILES) fs.rmSync(call.file, { force: true });
  } catch {
    // Best effort: the temp dir goes with the process.
  }
  current = undefined;
  channel.write(`${stringify(frame)}\n${body}`);
  next();
}

function flushed(write, text) {
  return new Promise((resolve) => {
    try {
      write(text, () => resolve());
    } catch {
      resolve(); // The user closed or broke the stream; the parent sees no marker and will not reuse us.
    }
  });
}

/**
 * Resources that exist between calls in a clean runner (stdin, fd 3, stdout, stderr), counted at boot.
 * Anything more after a call (timers, sockets, servers, file requests) could act during a later call.
 */
let baseline;
const IGNORED = new Set(['WriteWrap', 'SimpleWriteWrap', 'ShutdownWrap', 'CloseReq']);

function resourceCounts() {
  const counts = new Map();
  for (const name of activeResources()) if (!IGNORED.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function lingering() {
  const now = resourceCounts();
  for (const [name, count] of now) if (count > (baseline.get(name) ?? 0)) return true;
  // A stdin listener left by user code would see the next request.
  return process.stdin.listenerCount('data') !== 1 || process.stdin.listenerCount('readable') !== 0;
}

/** Removes runner/internal frames and the private temp dir from a message or stack. */
function scrub(text) {
  return text
    .split('\n')
    .filter(
      (l) =>
        !(
          /^\s+at /.test(l) &&
          (l.includes('node:internal') || l.includes(RUNNER_URL) || l.includes(RUNNER_PATH) || l.includes('/node_modules/'))
        ),
    )
    .join('\n')
    .replaceAll(DIR_URL, '')
    .replaceAll(`${DIR}/`, '')
    .replace(MODULE_NAME, 'main.js')
    .replace(DATA_URL, 'main.js');
}

/** Keeps error text small: the parent refuses an oversized result message. */
function clip(text, max) {
  return text.length > max ? `${text.slice(0, max)}…[truncated]` : text;
}

const SANDBOX_HINT = 'code in the node runtime may only use its own temp directory and cannot start processes or workers';

function describeThrown(value) {
  if (value instanceof Error) {
    let message = String(value.message || value.name);
    // Permission-model denials name neither what was denied nor why; say both.
    if (value.code === 'ERR_ACCESS_DENIED' && !value.explained) {
      const what = [value.permission, value.resource].filter(Boolean).join(' ');
      message += ` (${what ? `${what}: ` : ''}${SANDBOX_HINT})`;
    }
    const stack = typeof value.stack === 'string' ? clip(scrub(value.stack), 16_000) : undefined;
    return { message: clip(scrub(message), 8_000), stack };
  }
  let text;
  try {
    text = typeof value === 'string' ? value : util.inspect(value, { depth: 2 });
  } catch {
    text = 'a value that could not be inspected was thrown';
  }
  return { message: clip(text, 8_000) };
}

function userError(value) {
  return { kind: 'error', code: 'user_error', ...describeThrown(value) };
}

/** V8 reports ESM parse errors without a location and without a frame in the module itself. */
function isParseError(err, call) {
  return err instanceof SyntaxError && !String(err.stack ?? '').includes(`${call.url}:`);
}

function resetEnv(env) {
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, { PATH: BASE_PATH }, env);
}

/**
 * Node 20's permission model does not cover signals or priorities. Without this, code running as the
 * server's user could kill the server, or open its inspector with process._debugProcess(ppid) and take it
 * over through the (unrestricted) network. Done at boot, before any user code can keep a reference.
 */
function lockProcessControls() {
  const self = process.pid;
  const own = (pid) => pid === 0 || pid === self || pid === -self;
  const denied = (what) =>
    Object.assign(new Error(`${what} is not allowed in the node runtime`), { code: 'ERR_ACCESS_DENIED', explained: true });
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
  syncBuiltinESMExports(); // `import { kill } from 'node:process'` and friends see the locked versions.
}

/** Runs one request: a fresh module file, env, inputs and ctx; always ends in `finish`. */
async function run(call, request) {
  resetEnv(request.env ?? {});
  if (request.language === 'typescript') process.setSourceMapsEnabled(true);
  // A new file per call: the ESM loader caches modules by URL, and 'wx' refuses a file planted by earlier code.
  // Without files, a data: URL made unique by the call's nonce.
  if (NO_FILES) {
    const source = `${request.code}\n// ${call.nonce}\n`;
    call.url = `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`;
  } else fs.writeFileSync(call.file, request.code, { flag: 'wx' });
  let mod;
  try {
    mod = await import(call.url);
  } catch (err) {
    if (isParseError(err, call)) {
      return finish(call, { kind: 'error', code: 'syntax_error', message: `SyntaxError: ${scrub(err.message)}` });
    }
    return finish(call, userError(err));
  }
  const main = mod.default;
  if (typeof main !== 'function') {
    const found = main === undefined ? 'there is no default export' : `the default export is ${typeof main}`;
    return finish(call, { kind: 'error', code: 'invalid_module', message: `${MAIN_HINT} (${found})` });
  }
  const ctx = {
    log: (...args) => void process.stdout.write(`${util.format(...args)}\n`),
    env: { ...(request.env ?? {}) },
  };
  let value;
  try {
    value = await main(request.inputs ?? {}, ctx);
  } catch (err) {
    return finish(call, userError(err));
  }
  let json;
  try {
    json = value === undefined ? 'null' : stringify(value);
  } catch (err) {
    return finish(call, {
      kind: 'error',
      code: 'output_not_serializable',
      message: `the return value is not JSON-serializable: ${err.message}`,
    });
  }
  if (json === undefined) {
    return finish(call, {
      kind: 'error',
      code: 'output_not_serializable',
      message: `the return value is not JSON-serializable: a ${typeof value} has no JSON form`,
    });
  }
  const bytes = byteLength(json);
  if (bytes > request.maxOutputBytes) {
    return finish(call, {
      kind: 'error',
      code: 'output_too_large',
      message: `the return value is ${bytes} bytes, over the ${request.maxOutputBytes}-byte limit`,
    });
  }
  return finish(call, { kind: 'result', bytes }, json);
}

/** Starts the next queued request, if no call is in progress. */
function next() {
  if (current) return;
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
  calls += 1;
  const file = path.join(DIR, `main.${calls}.${randomBytes(4).toString('hex')}.mjs`);
  const call = { nonce: String(request.nonce), file, url: pathToFileURL(file).href, done: false, dirty: false };
  delete request.nonce;
  current = call;
  run(call, request).catch((err) => finish(call, userError(err)));
}

/**
 * Errors escaping main (timers, unawaited promises) end the call as user errors. After the call has ended
 * they make it non-reusable; between calls nobody can be told, so the process exits and is dropped.
 */
function onEscaped(err) {
  if (current && !current.done) return void finish(current, userError(err));
  if (current) {
    current.dirty = true;
    return;
  }
  process.exit(70);
}
process.on('uncaughtException', onEscaped);
process.on('unhandledRejection', onEscaped);

/** The parent is gone: nobody will remove our temp dir, so remove it ourselves, then exit. */
function orphaned() {
  try {
    fs.rmSync(DIR, { recursive: true, force: true });
  } catch {
    // Best effort.
  }
  process.exit(71);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  inbox += chunk;
  next();
});
// The parent holds stdin open for the process's whole life; EOF means it died, so nothing may outlive it.
process.stdin.on('end', orphaned);
process.stdin.on('error', orphaned);

/**
 * Opens a CONNECT tunnel to host:port through the egress proxy and calls back with the raw socket, or with
 * the proxy's reason for refusing it.
 */
function tunnel(host, port, callback) {
  const socket = net.connect(PROXY);
  const target = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  let head = Buffer.alloc(0);
  let settled = false;
  const settle = (err) => {
    if (settled) return;
    settled = true;
    socket.off('data', onData);
    socket.off('error', settle);
    if (!err) return callback(null, socket);
    socket.destroy();
    callback(err);
  };
  function onData(chunk) {
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) {
      if (head.length > 16_384) settle(new Error('the egress proxy sent an oversized answer'));
      return;
    }
    const text = head.subarray(0, end).toString('latin1');
    const rest = head.subarray(end + 4);
    if (/^HTTP\/1\.[01] 200 /.test(text)) {
      if (rest.length > 0) socket.unshift(rest);
      return settle();
    }
    const why = /\r\nX-Switchyard-Denied: ([^\r\n]*)/i.exec(text)?.[1] ?? text.split('\r\n')[0];
    settle(Object.assign(new Error(`the egress proxy refused ${target}: ${why}`), { code: 'ECONNREFUSED' }));
  }
  socket.on('data', onData);
  socket.on('error', settle);
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
}

/** Node's http: every connection of the default agent is a tunnel through the egress proxy. */
class TunnelAgent extends http.Agent {
  createConnection(options, callback) {
    tunnel(options.host ?? 'localhost', options.port ?? 80, callback);
  }
}

/** Node's https: a tunnel through the egress proxy, then TLS to the host inside it. */
class TunnelTlsAgent extends https.Agent {
  createConnection(options, callback) {
    tunnel(options.host ?? 'localhost', options.port ?? 443, (err, socket) => {
      if (err) return callback(err);
      callback(null, tls.connect({ ...options, socket }));
    });
  }
}

/**
 * With `allowlist` or `on`, the network namespace is still empty: the only way out is the egress proxy's
 * socket, which checks every connection against the policy. fetch (and Request/Response/Headers with it) is
 * replaced by undici's, tunnelling through that socket, and so are the default agents of node:http and
 * node:https (what most libraries use); code that bypasses them has no route anywhere.
 */
async function useEgressProxy() {
  const undici = await import(pathToFileURL(UNDICI).href);
  const dispatcher = new undici.ProxyAgent({
    uri: 'http://egress.proxy',
    clientFactory: (origin) => new undici.Pool(origin, { socketPath: PROXY }),
  });
  const proxied = (input, init) => undici.fetch(input, { ...init, dispatcher });
  for (const [name, value] of Object.entries({
    fetch: proxied,
    Request: undici.Request,
    Response: undici.Response,
    Headers: undici.Headers,
    FormData: undici.FormData,
  }))
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  http.globalAgent = new TunnelAgent({ keepAlive: true });
  https.globalAgent = new TunnelTlsAgent({ keepAlive: true });
}

if (PROXY && UNDICI) await useEgressProxy();
lockProcessControls();
baseline = resourceCounts();
channel.write('ready\n');
