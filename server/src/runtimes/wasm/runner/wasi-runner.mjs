// WASI runner: a WASI (preview1) module per call, base64 in `code`. stdin is the inputs as JSON, args
// ['main.wasm'], env the policy env, a fresh private directory preopened as /tmp; stdout and stderr stream as
// log lines, and the output is the last non-empty stdout line (parsed as JSON, or that text). With no argv the
// engine is node:wasi in this process; with argv[2] (a wasmedge binary) each call runs `wasmedge` instead.
// node:wasi's file access is not covered by Node's permission model (--allow-wasi): the preopen confines
// well-behaved paths, the OS sandbox is what holds.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { WASI } from 'node:wasi';
import { failure, result, serve, writeErr, writeOut } from './protocol.mjs';

const [wasmedgePath] = process.argv.slice(2);
const DIR = process.cwd();
const PAGE = 64 * 1024;
const MiB = 1024 * 1024;
let calls = 0;

/** Remembers the last non-empty stdout line (bounded: a line over `max` bytes only counts as too large). */
class LastLine {
  constructor(max) {
    this.max = max;
    this.partial = [];
    this.partialBytes = 0;
    this.last = undefined;
    this.lastTooLarge = false;
  }
  push(chunk) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, nl === -1 ? chunk.length : nl);
      if (this.partialBytes <= this.max) this.partial.push(Buffer.from(piece));
      this.partialBytes += piece.length;
      if (nl === -1) return;
      this.endLine();
      start = nl + 1;
    }
  }
  endLine() {
    const text = this.partialBytes > this.max ? undefined : Buffer.concat(this.partial).toString('utf8').replace(/\r$/, '');
    if (text === undefined || text.trim() !== '') {
      this.last = text;
      this.lastTooLarge = text === undefined;
    }
    this.partial = [];
    this.partialBytes = 0;
  }
  /** The call's output as JSON text, or a failure. */
  output(maxOutputBytes) {
    if (this.partialBytes > 0) this.endLine();
    if (this.lastTooLarge) {
      return failure('output_too_large', `the last stdout line is over the ${maxOutputBytes}-byte output limit`);
    }
    if (this.last === undefined) return result('null', maxOutputBytes);
    const text = this.last.trim();
    try {
      JSON.parse(text);
      return result(text, maxOutputBytes);
    } catch {
      return result(JSON.stringify(this.last), maxOutputBytes);
    }
  }
}

function readLeb(buf, pos) {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = buf[pos++];
    if (byte === undefined) throw new Error('truncated LEB128');
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return [value, pos];
  }
}

function leb(value) {
  const out = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

/**
 * Rewrites the module's own memories so their maximum is at most `maxPages` (adding one where none is declared):
 * memory.grow past the cap then fails inside the module, as it would on a machine without more memory.
 * Returns the new bytes, or { tooLarge } when a memory's initial size alone is over the cap.
 */
function capMemory(bytes, maxPages) {
  const parts = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, contentStart] = readLeb(bytes, pos + 1);
    const end = contentStart + size;
    if (id !== 5) {
      parts.push(bytes.subarray(pos, end));
      pos = end;
      continue;
    }
    let [count, p] = readLeb(bytes, contentStart);
    const content = [...leb(count)];
    for (let i = 0; i < count; i++) {
      const flags = bytes[p++];
      let min;
      let max;
      [min, p] = readLeb(bytes, p);
      if (flags & 1) [max, p] = readLeb(bytes, p);
      if (min > maxPages) return { tooLarge: min };
      content.push(flags | 1, ...leb(min), ...leb(Math.min(max ?? maxPages, maxPages)));
    }
    parts.push(Buffer.from([5, ...leb(content.length), ...content]));
    pos = end;
  }
  return { bytes: Buffer.concat(parts) };
}

async function runNode(request, callDir, stdinPath) {
  const last = new LastLine(request.maxOutputBytes);
  const bytes = Buffer.from(String(request.code), 'base64');
  if (!WebAssembly.validate(bytes)) {
    return failure('invalid_module', 'the code is not a valid WebAssembly module (expected the module as base64)');
  }
  const maxPages = Math.max(1, Math.floor((request.memoryMb * MiB) / PAGE));
  const capped = capMemory(bytes, maxPages);
  if (capped.tooLarge !== undefined) {
    return failure(
      'out_of_memory',
      `the module's memory starts at ${(capped.tooLarge * PAGE) / MiB} MiB, over the ${request.memoryMb} MiB limit`,
    );
  }
  let module;
  try {
    module = await WebAssembly.compile(capped.bytes);
  } catch (err) {
    return failure('invalid_module', `the module does not compile: ${err.message}`);
  }
  if (!WebAssembly.Module.exports(module).some((e) => e.name === '_start' && e.kind === 'function')) {
    return failure('invalid_module', 'a WASI module must export a _start function (a command module)');
  }
  const stdin = fs.openSync(stdinPath, 'r');
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: ['main.wasm'],
      env: request.env ?? {},
      preopens: { '/tmp': callDir },
      stdin,
      returnOnExit: true,
    });
    const imports = wasi.getImportObject();
    const host = imports.wasi_snapshot_preview1;
    let memory;
    // stdout and stderr go straight to the pipes (live), and stdout also feeds the last-line tracker.
    const fdWrite = host.fd_write;
    imports.wasi_snapshot_preview1 = {
      ...host,
      fd_write(fd, iovs, iovsLen, nwritten) {
        if ((fd !== 1 && fd !== 2) || !memory) return fdWrite(fd, iovs, iovsLen, nwritten);
        const buffer = memory.buffer;
        const view = new DataView(buffer);
        let total = 0;
        try {
          for (let i = 0; i < iovsLen; i++) {
            const ptr = view.getUint32(iovs + i * 8, true);
            const len = view.getUint32(iovs + i * 8 + 4, true);
            if (ptr + len > buffer.byteLength) return 21; // EFAULT
            const chunk = Buffer.from(buffer, ptr, len);
            if (fd === 1) {
              last.push(chunk);
              writeOut(Buffer.from(chunk));
            } else writeErr(Buffer.from(chunk));
            total += len;
          }
          view.setUint32(nwritten, total, true);
        } catch {
          return 21;
        }
        return 0;
      },
    };
    let instance;
    try {
      instance = await WebAssembly.instantiate(module, imports);
    } catch (err) {
      if (err instanceof RangeError)
        return failure('out_of_memory', `the module's memory could not be allocated: ${err.message}`);
      return failure('invalid_module', `the module cannot be instantiated: ${err.message}`);
    }
    memory = instance.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) return failure('invalid_module', 'a WASI module must export its memory');
    let code;
    try {
      code = wasi.start(instance);
    } catch (err) {
      // A module that trapped with its memory near the cap most likely died of it (memory.grow failed, malloc
      // returned NULL, then abort): less than an eighth of the cap left counts as running out of memory.
      const atCap = memory.buffer.byteLength / PAGE > (maxPages * 7) / 8;
      const heapUsed = memory.buffer.byteLength;
      if (atCap) {
        return {
          ...failure('out_of_memory', `the module ran out of memory (limit ${request.memoryMb} MiB): ${err.message}`),
          heapUsed,
        };
      }
      const message = `${err.name}: ${err.message}`;
      return { ...failure('wasm_trap', message, String(err.stack ?? '')), heapUsed };
    }
    const heapUsed = memory.buffer.byteLength;
    if (code !== undefined && code !== 0) {
      return { ...failure('exit_code', `the module exited with code ${code}`), heapUsed };
    }
    return { ...last.output(request.maxOutputBytes), heapUsed };
  } finally {
    fs.closeSync(stdin);
  }
}

async function runWasmedge(request, callDir, stdinPath) {
  const last = new LastLine(request.maxOutputBytes);
  const bytes = Buffer.from(String(request.code), 'base64');
  if (!WebAssembly.validate(bytes)) {
    return failure('invalid_module', 'the code is not a valid WebAssembly module (expected the module as base64)');
  }
  const moduleDir = `${callDir}.module`;
  fs.mkdirSync(moduleDir);
  try {
    fs.writeFileSync(path.join(moduleDir, 'main.wasm'), bytes);
    const pages = Math.max(1, Math.floor((request.memoryMb * MiB) / PAGE));
    const args = ['--time-limit', String(request.timeoutMs), '--memory-page-limit', String(pages), '--dir', `/tmp:${callDir}`];
    for (const [k, v] of Object.entries(request.env ?? {})) args.push('--env', `${k}=${v}`);
    args.push('main.wasm');
    const stdin = fs.openSync(stdinPath, 'r');
    const started = Date.now();
    const exit = await new Promise((resolve) => {
      const child = spawn(wasmedgePath, args, { cwd: moduleDir, env: {}, stdio: [stdin, 'pipe', 'pipe'] });
      child.stdout.on('data', (chunk) => {
        last.push(chunk);
        writeOut(chunk);
      });
      child.stderr.on('data', (chunk) => writeErr(chunk));
      child.on('error', (err) => resolve({ error: err }));
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    fs.closeSync(stdin);
    if (exit.error) return failure('engine_error', `wasmedge could not start: ${exit.error.message}`);
    if (exit.code !== 0) {
      if (Date.now() - started >= request.timeoutMs) return failure('timeout', `timed out after ${request.timeoutMs} ms`);
      return failure('exit_code', `the module exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`);
    }
    return last.output(request.maxOutputBytes);
  } finally {
    fs.rmSync(moduleDir, { recursive: true, force: true });
  }
}

async function run(request) {
  calls += 1;
  const callDir = path.join(DIR, `call-${calls}`);
  fs.mkdirSync(callDir);
  const stdinPath = path.join(DIR, `stdin-${calls}.json`);
  fs.writeFileSync(stdinPath, JSON.stringify(request.inputs ?? {}));
  try {
    return await (wasmedgePath ? runWasmedge : runNode)(request, callDir, stdinPath);
  } finally {
    fs.rmSync(callDir, { recursive: true, force: true });
    fs.rmSync(stdinPath, { force: true });
  }
}

await serve(async () => true, run);
