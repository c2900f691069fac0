import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compile, type RunEvent, WorkflowGraphSchema } from '@switchyard/shared';
import { createRun, getRun } from './db/queries/runs.ts';
import { createWorkflow } from './db/queries/workflows.ts';
import { createDeps } from './deps.ts';
import { executeRun } from './engine/run-executor.ts';
import { createLogger } from './logger.ts';
import { pickTrigger } from './triggers/pick-trigger.ts';
import { systemScope } from './workspace/scope.ts';

const USAGE = `usage:
  switchyard run <workflow.json> [--input '<json>'] [--json]   run a workflow file, print node results and logs
  switchyard validate <workflow.json>                           compile only; exit 1 on errors

A workflow file is a graph { nodes, edges } or an export { name, graph }.`;

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
const red = paint(31);
const green = paint(32);
const yellow = paint(33);
const dim = paint(2);
const bold = paint(1);

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function loadGraph(path: string) {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    fail(`cannot read ${path}: ${(err as Error).message}`);
  }
  const candidate = doc && typeof doc === 'object' && 'graph' in doc ? (doc as { graph: unknown }).graph : doc;
  const name = doc && typeof doc === 'object' && 'name' in doc ? String((doc as { name: unknown }).name) : path;
  const result = compile(candidate);
  if (!result.ok) {
    process.stderr.write(red(`${path}: ${result.errors.length} error(s)\n`));
    for (const e of result.errors) process.stderr.write(`  ${yellow(e.code)}  ${e.message}\n`);
    process.exit(1);
  }
  return { name, graph: WorkflowGraphSchema.parse(candidate), plan: result.plan };
}

function printEvent(e: RunEvent) {
  const node = e.nodeId ? bold(e.nodeId) : '';
  switch (e.type) {
    case 'node.started':
      return console.log(`${dim('▶')} ${node}${e.payload.attempt > 1 ? dim(` (attempt ${e.payload.attempt})`) : ''}`);
    case 'node.runtime':
      return console.log(
        `  ${dim(`${e.nodeId} │ ${e.payload.reason}${e.payload.isolation ? ` [${e.payload.isolation}]` : ''}`)}`,
      );
    case 'node.log':
      return console.log(`  ${dim(`${e.nodeId} │`)} ${e.payload.stream === 'stderr' ? yellow(e.payload.line) : e.payload.line}`);
    case 'node.succeeded':
      return console.log(`${green('✓')} ${node} ${dim(`${e.payload.durationMs} ms`)}`);
    case 'node.failed':
      return console.log(
        `${red('✗')} ${node} ${e.payload.error.code}: ${e.payload.error.message}${e.payload.willRetry ? dim(` (retrying in ${e.payload.retryInMs} ms)`) : ''}`,
      );
    case 'node.skipped':
      return console.log(`${dim('–')} ${node} ${dim(`skipped: ${e.payload.reason}`)}`);
    case 'node.cancelled':
      return console.log(`${dim('■')} ${node} ${dim('cancelled')}`);
    default:
      return;
  }
}

async function run(path: string, inputText: string | undefined, asJson: boolean) {
  let input: unknown = null;
  if (inputText !== undefined) {
    try {
      input = JSON.parse(inputText);
    } catch (err) {
      fail(`--input is not valid JSON: ${(err as Error).message}`);
    }
  }
  const { name, graph, plan } = loadGraph(path);
  // In-memory PGlite: nothing to install, nothing left behind.
  const deps = await createDeps({ warmProcesses: 2, wasmWarm: { quickjs: 1, pyodide: 0 }, logger: createLogger('silent') });
  const { database, hub } = deps;
  // No account: the CLI acts as the system in the default workspace of its own throwaway database (trigger `cli`).
  const scope = systemScope();
  try {
    const wf = await createWorkflow(database.db, scope, { name, graph });
    const runId = await createRun(database, null, scope, {
      workflowId: wf.id,
      version: wf.version,
      input,
      nodeIds: plan.order,
      trigger: pickTrigger(plan),
    });
    if (!asJson) hub.subscribe(runId, printEvent);
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort('cancelled')); // Ctrl+C cancels: running code is killed
    await executeRun({ services: deps, workerId: 'cli', leaseMs: 60_000, heartbeatMs: 10_000 }, runId, {
      stop: stop.signal,
    });
    const result = await getRun(database.db, scope.workspaceId, runId);
    if (!result) fail('run disappeared');
    if (asJson) console.log(JSON.stringify(result, null, 2));
    else {
      const status = result.status === 'succeeded' ? green(result.status) : red(result.status);
      console.log(`\nrun ${status}${result.error ? `: ${result.error.message}` : ''}`);
      if (result.status === 'succeeded') console.log(JSON.stringify(result.output, null, 2));
    }
    return result.status === 'succeeded' ? 0 : 1;
  } finally {
    await deps.close();
  }
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { input: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
});
const [command, file] = positionals;
if (values.help || !command) fail(USAGE, values.help ? 0 : 2);
if (!file) fail(USAGE);
if (command === 'validate') {
  const { plan } = loadGraph(file);
  console.log(`${green('ok')}: ${plan.order.length} nodes in ${plan.levels.length} steps`);
  process.exit(0);
}
if (command !== 'run') fail(USAGE);
process.exit(await run(file, values.input, values.json));
