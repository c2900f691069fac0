import type { DynamicStructuredTool } from '@langchain/core/tools';
import { z } from 'zod';
import { type Api, type Connection, connect, type Reply, SwitchyardToolsError } from './http.ts';
import { type ToolManifest, type ToolResult, toLangChainTool } from './langchain-tool.ts';

/** An agent by slug (or id): its latest version, which must be published; or a pinned version, published or not. */
export type AgentRef = string | { agent: string; version?: number };

export interface SwitchyardToolsOptions extends Connection {
  /** The agents to load; absent: every published agent at its latest version. */
  agents?: AgentRef[];
  /** Accept process-only isolation where the server has no OS sandbox (the execute endpoint's `trusted`). */
  trusted?: boolean;
  /** Per tool call, in ms, on top of any signal LangChain passes; default 300000 (the longest policy timeout). */
  timeoutMs?: number;
}

/** The wire shapes the client reads; the server's own schemas are in `@switchyard/shared` (private). */
const AgentSummary = z.object({ id: z.string(), slug: z.string(), published: z.boolean(), latestVersion: z.number().int() });
type AgentSummary = z.infer<typeof AgentSummary>;
const Manifest = z.object({
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  agentId: z.string(),
  version: z.number().int(),
  hash: z.string(),
}) satisfies z.ZodType<ToolManifest>;
const Result = z.object({
  status: z.string(),
  output: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
}) satisfies z.ZodType<ToolResult>;

const LOAD_TIMEOUT_MS = 30_000;
const CALL_TIMEOUT_MS = 300_000;

/** The body of a 2xx reply parsed with `schema`, or a load-time error saying what went wrong. */
function expectBody<T>(reply: Reply, schema: z.ZodType<T>, what: string): T {
  if (!reply.ok) throw new SwitchyardToolsError(reply.code, `could not load ${what}: ${reply.message}`);
  const parsed = schema.safeParse(reply.body);
  if (!parsed.success)
    throw new SwitchyardToolsError('bad_response', `could not load ${what}: the server's answer is not what this client reads`);
  return parsed.data;
}

const get = (api: Api, path: string) => api.request('GET', path, { timeoutMs: LOAD_TIMEOUT_MS });

/** Published agents, most recently updated first. */
async function listPublished(api: Api): Promise<AgentSummary[]> {
  const reply = await get(api, '/api/code-agents?published=true');
  return expectBody(reply, z.object({ agents: z.array(AgentSummary) }), `the published agents from ${api.base}`).agents;
}

/** An agent by slug (exact) or id. */
async function findAgent(api: Api, slugOrId: string): Promise<AgentSummary> {
  const reply = await get(api, `/api/code-agents?q=${encodeURIComponent(slugOrId)}`);
  const { agents } = expectBody(reply, z.object({ agents: z.array(AgentSummary) }), `agent "${slugOrId}"`);
  const bySlug = agents.find((a) => a.slug === slugOrId || a.id === slugOrId);
  if (bySlug) return bySlug;
  const byId = await get(api, `/api/code-agents/${encodeURIComponent(slugOrId)}`);
  if (!byId.ok && byId.status === 404)
    throw new SwitchyardToolsError('agent_not_found', `there is no code agent "${slugOrId}" on ${api.base}`);
  return expectBody(byId, AgentSummary, `agent "${slugOrId}"`);
}

/** The manifest of the version `ref` means: pinned, or the latest of a published agent. */
async function resolve(api: Api, ref: AgentRef, known?: AgentSummary): Promise<ToolManifest> {
  const { agent: name, version } = typeof ref === 'string' ? { agent: ref, version: undefined } : ref;
  const agent = known ?? (await findAgent(api, name));
  if (version === undefined && !agent.published)
    throw new SwitchyardToolsError(
      'agent_not_published',
      `code agent "${agent.slug}" is not published; publish it, or pin a version: { agent: "${agent.slug}", version: ${agent.latestVersion} }`,
    );
  const number = version ?? agent.latestVersion;
  const reply = await get(api, `/api/code-agents/${encodeURIComponent(agent.id)}/versions/${number}/tool`);
  if (!reply.ok && reply.status === 404)
    throw new SwitchyardToolsError(
      'version_not_found',
      `code agent "${agent.slug}" has no version ${number} (its latest is ${agent.latestVersion})`,
    );
  return expectBody(reply, Manifest, `version ${number} of "${agent.slug}"`);
}

/** Runs the manifest's pinned version over HTTP; every failure is a result (what the model reads), never a throw. */
function remoteRun(api: Api, manifest: ToolManifest, options: SwitchyardToolsOptions) {
  const path = `/api/code-agents/${encodeURIComponent(manifest.agentId)}/versions/${manifest.version}/execute`;
  const timeoutMs = options.timeoutMs ?? CALL_TIMEOUT_MS;
  return async (inputs: Record<string, unknown>, signal?: AbortSignal): Promise<ToolResult> => {
    const reply = await api.request('POST', path, { body: { inputs, trusted: options.trusted ?? false }, timeoutMs, signal });
    if (!reply.ok) {
      const unavailable = reply.code === 'unreachable' || (reply.status ?? 0) >= 500;
      const hint = unavailable ? '; the tool is unavailable right now: try again later or go on without it' : '';
      return {
        status: reply.code === 'timeout' ? 'timeout' : 'failed',
        error: { code: reply.code, message: reply.message + hint },
      };
    }
    const parsed = Result.safeParse(reply.body);
    return parsed.success
      ? parsed.data
      : {
          status: 'failed',
          error: { code: 'bad_response', message: 'the server answered with something this client cannot read' },
        };
  };
}

/** One code agent as a LangChain tool: its latest published version, or the version given. */
export async function switchyardTool(options: Omit<SwitchyardToolsOptions, 'agents'> & { agent: string; version?: number }) {
  const api = connect(options);
  const manifest = await resolve(api, { agent: options.agent, version: options.version });
  return toLangChainTool(manifest, remoteRun(api, manifest, options));
}

/**
 * Published Switchyard code agents as LangChain tools, loaded over HTTP: every published agent at its latest
 * version, or the `agents` listed. Each tool is pinned to the version loaded (its `metadata` says which) and
 * calls `POST /api/code-agents/:id/versions/:v/execute` with the connection's `token`. Loading throws
 * `SwitchyardToolsError` (no or a refused token, unreachable, unknown agent or version, not published); calling
 * never does: failures (a role that may not execute included) are text the model can act on.
 */
export async function loadSwitchyardTools(options: SwitchyardToolsOptions): Promise<DynamicStructuredTool[]> {
  const api = connect(options);
  const targets: [AgentRef, AgentSummary?][] = options.agents
    ? options.agents.map((ref) => [ref])
    : (await listPublished(api)).map((agent) => [agent.id, agent]);
  const manifests = await Promise.all(targets.map(([ref, known]) => resolve(api, ref, known)));
  return manifests.map((manifest) => toLangChainTool(manifest, remoteRun(api, manifest, options)));
}
