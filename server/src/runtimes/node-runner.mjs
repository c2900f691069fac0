// Child-side runner for the node-process runtime. Plain .mjs so the child starts without tsx.
// One process runs exactly ONE user module, then exits. Protocol with the parent:
//   fd 3 (write): "ready\n" once booted; later one meta JSON line ({kind:'result', bytes} or
//                 {kind:'error', code, message, stack?}), for results followed by the output JSON text; then EOF.
//   stdin (read): one JSON line {language, code, inputs, env, maxOutputBytes}. EOF means the parent is gone: exit.
//   stdout/stderr: user output only (console.*, ctx.log, raw writes).
// Only node: builtins are imported: the permission model lets this process read nothing but this file and its cwd.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import util from 'node:util';

const RUNNER_URL = import.meta.url;
const RUNNER_PATH = fileURLToPath(RUNNER_URL);
const DIR = process.cwd();
const DIR_URL = `${pathToFileURL(DIR).href}/`;
const BASE_PATH = process.env.PATH ?? '/usr/bin:/bin';
const MAIN_HINT = 'the module must export default function main(inputs, ctx)';

const channel = new net.Socket({ fd: 3, readable: false });
channel.on('error', () => process.exit(70));

let started = false;
let sent = false;
let stdinText = '';

/**
 * Sends the single outcome on fd 3 and exits once it is flushed; later calls are ignored.
 * stdout/stderr are closed first (their writes are synchronous on Linux pipes, so every earlier line is
 * already in the pipe): their EOF tells the parent all logs are in, without waiting for the process to die.
 */
function send(meta, body = '') {
  if (sent) return;
  sent = true;
  for (const fd of [1, 2]) {
    try {
      fs.closeSync(fd);
    } catch {
      // Already closed.
    }
  }
  channel.end(`${JSON.stringify(meta)}\n${body}`, () => process.exit(0));
}

/** Removes runner/internal frames and the private temp dir from a message or stack. */
function scrub(text) {
  return text
    .split('\n')
    .filter((l) => !(/^\s+at /.test(l) && (l.includes('node:internal') || l.includes(RUNNER_URL) || l.includes(RUNNER_PATH))))
    .join('\n')
    .replaceAll(`${DIR_URL}main.mjs`, 'main.js')
    .replaceAll(DIR_URL, '')
    .replaceAll(`${DIR}/`, '');
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
function isParseError(err) {
  return err instanceof SyntaxError && !String(err.stack ?? '').includes(`${DIR_URL}main.mjs:`);
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

async function run(request) {
  resetEnv(request.env ?? {});
  if (request.language === 'typescript') process.setSourceMapsEnabled(true);
  const file = path.join(DIR, 'main.mjs');
  fs.writeFileSync(file, request.code);
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    if (isParseError(err)) return send({ kind: 'error', code: 'syntax_error', message: `SyntaxError: ${scrub(err.message)}` });
    return send(userError(err));
  }
  const main = mod.default;
  if (typeof main !== 'function') {
    const found = main === undefined ? 'there is no default export' : `the default export is ${typeof main}`;
    return send({ kind: 'error', code: 'invalid_module', message: `${MAIN_HINT} (${found})` });
  }
  const ctx = {
    log: (...args) => void process.stdout.write(`${util.format(...args)}\n`),
    env: { ...(request.env ?? {}) },
  };
  let value;
  try {
    value = await main(request.inputs ?? {}, ctx);
  } catch (err) {
    return send(userError(err));
  }
  let json;
  try {
    json = value === undefined ? 'null' : JSON.stringify(value);
  } catch (err) {
    return send({
      kind: 'error',
      code: 'output_not_serializable',
      message: `the return value is not JSON-serializable: ${err.message}`,
    });
  }
  if (json === undefined) {
    return send({
      kind: 'error',
      code: 'output_not_serializable',
      message: `the return value is not JSON-serializable: a ${typeof value} has no JSON form`,
    });
  }
  const bytes = Buffer.byteLength(json);
  if (bytes > request.maxOutputBytes) {
    return send({
      kind: 'error',
      code: 'output_too_large',
      message: `the return value is ${bytes} bytes, over the ${request.maxOutputBytes}-byte limit`,
    });
  }
  send({ kind: 'result', bytes }, json);
}

// Errors escaping main (timers, unawaited promises) end the run as user errors.
process.on('uncaughtException', (err) => send(userError(err)));
process.on('unhandledRejection', (reason) => send(userError(reason)));

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  if (started) return;
  stdinText += chunk;
  const newline = stdinText.indexOf('\n');
  if (newline === -1) return;
  started = true;
  let request;
  try {
    request = JSON.parse(stdinText.slice(0, newline));
  } catch (err) {
    return send({ kind: 'error', code: 'bad_request', message: `runner could not parse its request: ${err.message}` });
  }
  stdinText = '';
  run(request).catch((err) => send(userError(err)));
});
/** The parent is gone: nobody will remove our temp dir, so remove it ourselves, then exit. */
function orphaned() {
  try {
    fs.rmSync(DIR, { recursive: true, force: true });
  } catch {
    // Best effort.
  }
  process.exit(71);
}

// The parent holds stdin open for the whole run; EOF means it died, so nothing may outlive it.
process.stdin.on('end', orphaned);
process.stdin.on('error', orphaned);

lockProcessControls();
channel.write('ready\n');
