import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { engineOverhead } from './engine-overhead.bench.ts';
import { eventLatency } from './event-latency.bench.ts';
import type { DbKind } from './lib.ts';
import { throughput } from './throughput.bench.ts';

/**
 * `pnpm bench`: engine overhead, throughput and event latency on PGlite and on Postgres
 * (DATABASE_URL or the local server). Prints a table and writes bench/results/engine.json + .md.
 * Numbers are medians/percentiles on a noisy shared machine: compare ratios, never assert.
 */
const kinds: DbKind[] = process.env.BENCH_DB ? [process.env.BENCH_DB as DbKind] : ['pglite', 'postgres'];
const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
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
const dir = new URL('./results/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('engine.json', dir), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
process.exit(0);
