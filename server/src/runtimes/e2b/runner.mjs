// Runner for JavaScript/TypeScript in an E2B sandbox, uploaded next to the call's files and run as
// `node runner.mjs <maxOutputBytes>` in the call's directory (one process per call). The server has already
// transpiled TypeScript. It imports main.mjs, calls `main(inputs, ctx)` and writes exactly one file:
//   output.json  the return value as JSON (`undefined` becomes null), at most maxOutputBytes bytes; or
//   error.json   {code, message, stack?} with the node runtime's codes: syntax_error, invalid_module,
//                user_error, output_not_serializable, output_too_large.
// User output (console.*, ctx.log) goes to stdout/stderr, which the server streams as logs.
// call.json holds {envKeys}: the names of the policy's variables, which form `ctx.env`.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import util from 'node:util';

const DIR = process.cwd();
const DIR_URL = `${pathToFileURL(DIR).href}/`;
const RUNNER_URL = import.meta.url;
const MODULE_URL = pathToFileURL(`${DIR}/main.mjs`).href;
const MAIN_HINT = 'the module must export default function main(inputs, ctx)';
const maxOutputBytes = Number(process.argv[2]);
let done = false;

function finish(file, text) {
  if (done) return;
  done = true;
  fs.writeFileSync(`${DIR}/${file}`, text);
  process.exit(0); // Pipes are synchronous on Linux: everything written before is out.
}

function fail(code, message, stack) {
  finish('error.json', JSON.stringify({ code, message: clip(message, 8_000), ...(stack ? { stack: clip(stack, 16_000) } : {}) }));
}

function clip(text, max) {
  return text.length > max ? `${text.slice(0, max)}…[truncated]` : text;
}

/** Drops runner and node-internal frames and the call directory from a message or stack. */
function scrub(text) {
  return text
    .split('\n')
    .filter((l) => !(/^\s+at /.test(l) && (l.includes('node:internal') || l.includes(RUNNER_URL))))
    .join('\n')
    .replaceAll(DIR_URL, '')
    .replaceAll(`${DIR}/`, '')
    .replaceAll('main.mjs', 'main.js');
}

function userError(value) {
  if (value instanceof Error) {
    const stack = typeof value.stack === 'string' ? scrub(value.stack) : undefined;
    return fail('user_error', scrub(String(value.message || value.name)), stack);
  }
  let text;
  try {
    text = typeof value === 'string' ? value : util.inspect(value, { depth: 2 });
  } catch {
    text = 'a value that could not be inspected was thrown';
  }
  return fail('user_error', text);
}

process.on('uncaughtException', userError);
process.on('unhandledRejection', userError);

async function run() {
  const inputs = JSON.parse(fs.readFileSync(`${DIR}/inputs.json`, 'utf8'));
  const { envKeys = [], typescript = false } = JSON.parse(fs.readFileSync(`${DIR}/call.json`, 'utf8'));
  if (typescript) process.setSourceMapsEnabled?.(true);
  let mod;
  try {
    mod = await import(MODULE_URL);
  } catch (err) {
    // V8 reports module parse errors without a frame in the module itself.
    if (err instanceof SyntaxError && !String(err.stack ?? '').includes(`${MODULE_URL}:`)) {
      return fail('syntax_error', `SyntaxError: ${scrub(err.message)}`);
    }
    return userError(err);
  }
  const main = mod.default;
  if (typeof main !== 'function') {
    const found = main === undefined ? 'there is no default export' : `the default export is ${typeof main}`;
    return fail('invalid_module', `${MAIN_HINT} (${found})`);
  }
  const env = {};
  for (const key of envKeys) if (process.env[key] !== undefined) env[key] = process.env[key];
  const ctx = { log: (...args) => void process.stdout.write(`${util.format(...args)}\n`), env };
  let value;
  try {
    value = await main(inputs, ctx);
  } catch (err) {
    return userError(err);
  }
  let json;
  try {
    json = value === undefined ? 'null' : JSON.stringify(value);
  } catch (err) {
    return fail('output_not_serializable', `the return value is not JSON-serializable: ${err.message}`);
  }
  if (json === undefined) {
    return fail('output_not_serializable', `the return value is not JSON-serializable: a ${typeof value} has no JSON form`);
  }
  const bytes = Buffer.byteLength(json);
  if (bytes > maxOutputBytes) {
    return fail('output_too_large', `the return value is ${bytes} bytes, over the ${maxOutputBytes}-byte limit`);
  }
  finish('output.json', json);
}

run().catch(userError);
