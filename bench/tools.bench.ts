import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createApp } from '../server/src/app.ts';
import { getVersion } from '../server/src/db/queries/code-agents.ts';
import { createDeps } from '../server/src/deps.ts';
import { startHttpServer } from '../server/src/http-server.ts';
import { createLogger } from '../server/src/logger.ts';
import { versionTool } from '../server/src/registry/langchain-tool.ts';
import { adhocExecutor } from '../server/src/runtimes/adhoc.ts';
import { createRuntimes, mapRuntimes, pickRuntime, type Runtime } from '../server/src/runtimes/index.ts';
import type { ExecuteRequest, ExecuteResult } from '../server/src/runtimes/runtime.ts';
import { probeSandbox } from '../server/src/runtimes/sandbox.ts';
import { runOn } from '../server/src/runtimes/test-support.ts';
import type { WasmRuntime } from '../server/src/runtimes/wasm/wasm.runtime.ts';
import { createScratchDatabase } from '../server/src/testing/test-context.ts';
import { systemScope } from '../server/src/workspace/scope.ts';
import type { CodeAgent } from '../shared/src/index.ts';
import { loadSwitchyardTools } from '../tools/src/index.ts';
import { api, signUp, stats } from './lib.ts';

/**
 * Tool-call overhead of a trivial published agent, over the same runtime the router picks for it, called
 * directly: the execute endpoint over HTTP, a LangChain tool from `@switchyard/tools` (HTTP), the server-side
 * LangChain tool (`versionTool`, no HTTP), and an MCP `tools/call` with the official client. The server runs in
 * this process on Postgres (so the benchmark can wait for the runtime's warm pool before each call: every path
 * gets a warm process, as the direct call does); the paths take turns so they share the machine's noise.
 * Overhead is per call: wall time minus the runtime's own `execute`. A second phase swaps the runtime for one
 * that answers at once, which leaves what each way out adds alone, without the warm pool's refill (a process
 * start, spawned as each call takes its process) competing for the CPU with the rest of the call.
 */
const CODE = 'export default ({ n }) => ({ n: n + 1 })';

export async function toolsBench(calls = 40) {
  const scratch = await createScratchDatabase();
  const trusted = !probeSandbox().ok;
  const hosted = createRuntimes({
    node: { warmPoolSize: 1, sandbox: 'auto' },
    wasm: { warmPoolSize: { quickjs: 1, pyodide: 0 }, sandbox: 'auto' },
  });
  // The runtime's own share of each call, measured around `execute`, so overhead is per call (wall − runtime)
  // rather than a difference of medians of two noisy series.
  let runtimeMs = 0;
  // Second phase: the runtime answers at once (`{ n: n + 1 }`), leaving only what each way out adds.
  let stubbed = false;
  const stub = async (request: ExecuteRequest): Promise<ExecuteResult> => {
    const { n } = request.inputs as { n: number };
    // Shaped like a real runtime's result: without `runtime`, the execution log's insert fails, and that failure
    // alone cost ~8 ms per call (it was half of what this phase first measured).
    return {
      status: 'succeeded',
      output: { n: n + 1 },
      logsTruncated: false,
      durationMs: 0,
      cold: false,
      runtime: 'wasm',
      backend: 'stub',
    } as ExecuteResult;
  };
  const timed = (runtime: Runtime): Runtime => ({
    id: runtime.id,
    supports: (language) => runtime.supports(language),
    availability: () => runtime.availability(),
    close: () => runtime.close(),
    async execute(request, signal) {
      const started = performance.now();
      try {
        return await (stubbed ? stub(request) : runtime.execute(request, signal));
      } finally {
        runtimeMs = performance.now() - started;
      }
    },
  });
  const runtimes = mapRuntimes(hosted, timed);
  const deps = await createDeps({ databaseUrl: scratch.url, runtimes, logger: createLogger('silent') });
  const server = await startHttpServer(createApp(deps), { port: 0, hostname: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  // Every way in carries the owner's API token, as a user's client would.
  const { token, mcpToken } = await signUp(baseUrl);

  const agent = await api<CodeAgent>(baseUrl, 'POST', '/api/code-agents', {
    slug: 'bench-inc',
    name: 'Increment',
    description: 'Adds one to n',
    content: {
      language: 'javascript',
      entry: 'main.js',
      files: [{ path: 'main.js', content: CODE }],
      inputSchema: { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
    },
  });
  await api(baseUrl, 'POST', `/api/code-agents/${agent.id}/publish`);
  const version = await getVersion(deps.database.db, agent.id, 1);
  if (!version) throw new Error('no version');

  const pick = pickRuntime({ requested: 'auto', language: 'javascript', code: CODE, network: 'off', trusted }, runtimes);
  const runtime = pick.runtime as Runtime;
  const warm = hosted[pick.decision.runtime ?? 'wasm'] as WasmRuntime;
  const [clientTool] = await loadSwitchyardTools({ baseUrl, agents: [agent.slug], trusted, token });
  const serverTool = versionTool(adhocExecutor(deps), systemScope(), agent, version, trusted);
  const mcp = new Client({ name: 'switchyard-bench', version: '1.0.0' });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${mcpToken}` } },
    }),
  );

  const expectOk = (reply: unknown, n: number) => {
    const text = (typeof reply === 'string' ? reply : JSON.stringify(reply)).replaceAll('\\', '');
    if (!text.includes(`"n":${n + 1}`)) throw new Error(`bench call failed: ${text}`);
  };
  const paths: Record<string, (n: number) => Promise<unknown>> = {
    direct: async (n) => {
      const r = await runOn(runtime, CODE, { inputs: { n }, timeoutMs: 30_000 });
      return r.status === 'succeeded' ? r.output : r.error;
    },
    executeHttp: (n) => api(baseUrl, 'POST', `/api/code-agents/${agent.id}/versions/1/execute`, { inputs: { n }, trusted }),
    clientTool: (n) => (clientTool ? clientTool.invoke({ n }) : Promise.reject(new Error('no tool'))),
    serverTool: (n) => serverTool.invoke({ n }),
    mcp: async (n) => (await mcp.callTool({ name: agent.slug, arguments: { n } })).content,
  };
  const names = Object.keys(paths);
  /** `rounds` calls per path, taking turns (rotated so no path always follows another), after 3 warm-up rounds. */
  const measure = async (rounds: number, beforeEach: () => Promise<void>) => {
    const wall: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    const over: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
    for (let i = -3; i < rounds; i++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + Math.max(i, 0)) % names.length] as string;
        await beforeEach();
        const started = performance.now();
        const reply = await (paths[name] as (n: number) => Promise<unknown>)(i + 100);
        const took = performance.now() - started;
        expectOk(reply, i + 100);
        if (i >= 0) {
          wall[name]?.push(took);
          over[name]?.push(took - runtimeMs);
        }
      }
    }
    return {
      /** Wall-clock ms per call, as the caller sees it. */
      wallMs: Object.fromEntries(names.map((name) => [name, stats(wall[name] ?? [])])),
      /** Per call: wall-clock ms minus the runtime's own `execute` (for `direct`, the timing wrapper alone). */
      overheadMs: Object.fromEntries(names.map((name) => [name, stats(over[name] ?? [])])),
    };
  };
  console.error('[tools] with the runtime (a warm process before every call)…');
  const withRuntime = await measure(calls, () => warm.whenWarm());
  console.error('[tools] with an instant runtime (the layers alone)…');
  stubbed = true;
  const layersOnly = await measure(200, async () => {});
  await mcp.close();
  await server.close();
  await deps.close();
  await scratch.drop();

  return { agent: CODE, runtime: pick.decision.reason, calls, withRuntime, layersOnly };
}
