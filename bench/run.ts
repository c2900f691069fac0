import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { authBench } from './auth.bench.ts';
import { canvasBench } from './canvas.bench.ts';
import { engineOverhead } from './engine-overhead.bench.ts';
import { eventLatency } from './event-latency.bench.ts';
import type { DbKind } from './lib.ts';
import { runtimesBench } from './runtimes.bench.ts';
import { throughput } from './throughput.bench.ts';
import { toolsBench } from './tools.bench.ts';
import { triggersBench } from './triggers.bench.ts';

/**
 * `pnpm bench`: the engine (overhead, throughput, event latency on PGlite and Postgres) and the
 * runtimes (per runtime and backend: cold / warm / reused latency, warm memory, concurrency, the 40-node chain) and the canvas (TTI, frame rate,
 * in-browser compile in headless Chromium) and tools (tool-call overhead per way out: HTTP, LangChain client and
 * server-side, MCP) and auth (what a session or a token adds to a request) and triggers (webhook round trips with
 * `respond: result`, the cost of `if` branches). `pnpm bench engine|runtimes|canvas|tools|auth|triggers`
 * runs one suite. Writes bench/results/<suite>.json.
 * Numbers are medians/percentiles on a noisy shared machine: compare ratios, never assert.
 */
const suites =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['engine', 'runtimes', 'tools', 'auth', 'triggers', 'canvas'];
const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version };
const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
const write = (name: string, results: unknown) => {
  writeFileSync(new URL(`${name}.json`, dir), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
};

if (suites.includes('engine')) {
  const kinds: DbKind[] = process.env.BENCH_DB ? [process.env.BENCH_DB as DbKind] : ['pglite', 'postgres'];
  const results = {
    date: new Date().toISOString(),
    machine,
    engineOverhead: [] as unknown[],
    throughput: [] as unknown[],
    eventLatency: [] as unknown[],
  };
  for (const kind of kinds) {
    console.error(`[${kind}] engine overhead…`);
    results.engineOverhead.push(await engineOverhead(kind));
    console.error(`[${kind}] throughput…`);
    results.throughput.push(await throughput(kind));
    console.error(`[${kind}] event latency…`);
    results.eventLatency.push(await eventLatency(kind));
  }
  write('engine', results);
}
if (suites.includes('runtimes')) {
  write('runtimes', { date: new Date().toISOString(), machine, ...(await runtimesBench()) });
}
if (suites.includes('tools')) {
  console.error('[tools] tool-call overhead per path…');
  write('tools', { date: new Date().toISOString(), machine, ...(await toolsBench()) });
}
if (suites.includes('triggers')) {
  const kinds: DbKind[] = process.env.BENCH_DB ? [process.env.BENCH_DB as DbKind] : ['pglite', 'postgres'];
  const results = { date: new Date().toISOString(), machine, triggers: [] as unknown[] };
  for (const kind of kinds) {
    console.error(`[${kind}] webhook round trips and the cost of branches…`);
    results.triggers.push(await triggersBench(kind));
  }
  write('triggers', results);
}
if (suites.includes('auth')) {
  const kinds: DbKind[] = process.env.BENCH_DB ? [process.env.BENCH_DB as DbKind] : ['pglite', 'postgres'];
  const results = { date: new Date().toISOString(), machine, auth: [] as unknown[] };
  for (const kind of kinds) {
    console.error(`[${kind}] authentication cost per request…`);
    results.auth.push(await authBench(kind));
  }
  write('auth', results);
}
if (suites.includes('canvas')) {
  console.error('[canvas] headless Chromium…');
  write('canvas', { date: new Date().toISOString(), machine, ...(await canvasBench()) });
}
process.exit(0);
