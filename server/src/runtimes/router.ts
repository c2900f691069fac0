import { type CodeNeeds, codeNeeds } from './code-needs.ts';
import type { Language, NetworkMode, RuntimeAvailability, RuntimeId } from './runtime.ts';

/** What a code node asks for: a specific runtime, or `auto` to let the router choose. */
export type RequestedRuntime = 'auto' | RuntimeId;

/** Everything the router looks at. */
export interface RouteRequest {
  requested: RequestedRuntime;
  language: Language;
  /** The source, read for what it needs (modules, Node APIs, Python packages). */
  code: string;
  network: NetworkMode;
  /** Python modules the code brings along (a code agent's helper files): imports of them are not packages. */
  localModules?: readonly string[];
  /** The workflow (or ad-hoc caller) accepts process-only isolation when no OS sandbox is available. */
  trusted: boolean;
}

/** One runtime as the router sees it: its availability and the languages it runs here. */
export interface RuntimeStatus extends RuntimeAvailability {
  languages: readonly Language[];
}

/** The router's choice and why, recorded with the run and shown before running. */
export interface RuntimeDecision {
  runtime: RuntimeId | null;
  /** One line: "wasm: pure JavaScript, no network". When nothing can run the code, what to configure. */
  reason: string;
  /** Runtimes that could also run this code, in the order they would be tried if the chosen one went away. */
  fallbacks: RuntimeId[];
}

/** What each runtime can offer beyond its languages; the same on every server. */
const TRAITS: Record<RuntimeId, { network: readonly NetworkMode[]; nodeApis: boolean; packages: boolean; osModules: boolean }> = {
  // QuickJS and Pyodide: pure language engines. No sockets, no Node APIs, no OS, no packages beyond the stdlib.
  wasm: { network: ['off'], nodeApis: false, packages: false, osModules: false },
  // Node with its APIs; Python and Bash are the system's (no extra packages), all inside the OS sandbox.
  node: { network: ['off', 'allowlist', 'on'], nodeApis: true, packages: false, osModules: true },
  // A whole VM with the template's packages; its network is all or nothing.
  e2b: { network: ['off', 'on'], nodeApis: true, packages: true, osModules: true },
};

const LANGUAGE_NAMES: Record<Language, string> = {
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  python: 'Python',
  bash: 'Bash',
  wasi: 'WASI module',
};

/**
 * Picks the runtime for one piece of code. `auto` prefers the lightest runtime that can honour the code's needs
 * and policy (wasm, then node, then e2b), among those available here with an OS sandbox, or with process-only
 * isolation when `trusted`. It never silently downgrades: when nothing qualifies, the decision has no runtime
 * and its reason says what each candidate lacks and what to configure. A named runtime is used as asked, or
 * refused with the reason; it has no fallbacks.
 */
export function decideRuntime(request: RouteRequest, statuses: Partial<Record<RuntimeId, RuntimeStatus>>): RuntimeDecision {
  const needs = codeNeeds(request.language, request.code, request.localModules);
  const candidates = request.requested === 'auto' ? preference(request.language, request.network, needs) : [request.requested];
  const eligible: RuntimeId[] = [];
  const refusals: string[] = [];
  for (const id of candidates) {
    const why = refusal(id, statuses[id], request, needs, request.requested !== 'auto');
    if (why) refusals.push(`${id}: ${why}`);
    else eligible.push(id);
  }
  const [chosen, ...fallbacks] = eligible;
  if (!chosen) {
    const what = `${LANGUAGE_NAMES[request.language]}${request.network === 'off' ? '' : ` with network "${request.network}"`}`;
    return { runtime: null, reason: `no runtime here can run this ${what}: ${refusals.join('; ')}`, fallbacks: [] };
  }
  const status = statuses[chosen] as RuntimeStatus;
  const skipped = refusals.length > 0 ? `; passed over ${refusals.join('; ')}` : '';
  return { runtime: chosen, reason: `${chosen}: ${because(chosen, request, needs, status)}${skipped}`, fallbacks };
}

/** Candidate runtimes for `auto`, best first. */
function preference(language: Language, network: NetworkMode, needs: CodeNeeds): RuntimeId[] {
  switch (language) {
    case 'wasi':
      return ['wasm'];
    case 'bash':
      return ['node', 'e2b'];
    case 'python':
      if (needs.packages) return ['e2b'];
      return network === 'off' && !needs.osModules ? ['wasm', 'node', 'e2b'] : ['node', 'e2b'];
    default:
      return network === 'off' && !needs.nodeApis ? ['wasm', 'node', 'e2b'] : ['node', 'e2b'];
  }
}

/** Why `id` cannot take this code, or undefined when it can. `explicit`: the user named it (needs are hints only). */
function refusal(
  id: RuntimeId,
  status: RuntimeStatus | undefined,
  request: RouteRequest,
  needs: CodeNeeds,
  explicit: boolean,
): string | undefined {
  if (!status) return 'not configured on this server';
  if (!status.available) return status.reason ?? 'unavailable';
  if (!status.languages.includes(request.language)) {
    const sandboxOnly = id === 'node' && (request.language === 'python' || request.language === 'bash');
    return sandboxOnly && status.isolation !== 'sandbox'
      ? `runs ${LANGUAGE_NAMES[request.language]} only inside its OS sandbox, which is unavailable here (${status.reason ?? 'install bubblewrap'})`
      : `does not run ${LANGUAGE_NAMES[request.language]}`;
  }
  const traits = TRAITS[id];
  const jsLike = request.language === 'javascript' || request.language === 'typescript';
  if (id === 'node' && request.network === 'allowlist' && !jsLike)
    return `enforces a host allow-list for JavaScript's fetch only (use network "on" for ${LANGUAGE_NAMES[request.language]})`;
  if (!traits.network.includes(request.network))
    return request.network === 'allowlist'
      ? 'cannot enforce a host allow-list (use node, or network "on")'
      : `has no network (use ${id === 'wasm' ? 'node or e2b' : 'another runtime'})`;
  if (status.isolation === 'none') return 'gives no isolation';
  if (status.isolation === 'process' && !request.trusted)
    return `isolates by process only here (${status.reason ?? 'no OS sandbox'}); install bubblewrap, or opt the workflow into trusted execution`;
  if (explicit) return undefined;
  if (needs.nodeApis && !traits.nodeApis) return `the code uses ${needs.nodeApis}, which needs Node`;
  if (needs.osModules && !traits.osModules) return `the code imports ${needs.osModules}, which needs an OS`;
  if (needs.packages && !traits.packages) return `the code imports ${needs.packages}, which is not in the standard library`;
  return undefined;
}

/** The positive half of the reason: what the chosen runtime offers this code. */
function because(id: RuntimeId, request: RouteRequest, needs: CodeNeeds, status: RuntimeStatus): string {
  const lang = LANGUAGE_NAMES[request.language];
  const isolation = status.isolation === 'sandbox' ? 'sandboxed' : 'process isolation only (trusted execution)';
  const asked = request.requested === 'auto' ? '' : ', as requested';
  if (id === 'wasm') {
    const kind =
      request.language === 'python' ? 'Python, standard library only' : request.language === 'wasi' ? lang : `pure ${lang}`;
    return `${kind}, no network (${status.backend}, ${isolation})${asked}`;
  }
  const network =
    request.network === 'off' ? 'no network' : request.network === 'allowlist' ? 'network through the allow-list' : 'network on';
  const uses = needs.packages ?? needs.osModules ?? needs.nodeApis;
  const why = uses ? `${lang} using ${uses}` : lang;
  return `${why}, ${network} (${status.backend}, ${isolation})${asked}`;
}
