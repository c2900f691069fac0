import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../server/src/http-server.ts';
import { probeSandbox } from '../../server/src/runtimes/sandbox.ts';
import { createTestContext, type TestContext } from '../../server/src/testing/test-context.ts';
import { loadSwitchyardTools, SwitchyardToolsError, switchyardTool } from './index.ts';

// The client against the real app on a real port, with real runtimes: what an outside LangChain app sees.
// The owner is set up through POST /api/auth/setup (the test context) and the client sends an API token.
const trusted = !probeSandbox().ok;
const suffix = Date.now().toString(36);
let t: TestContext;
let server: Awaited<ReturnType<typeof startHttpServer>>;
let baseUrl: string;
/** An owner's API token: what every client below connects with. */
let token: string;
const ids: Record<string, string> = {};

const files = (code: string) => ({ language: 'javascript', entry: 'main.js', files: [{ path: 'main.js', content: code }] });
const numbers = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] };

/** Saves an agent (and further versions), published unless told otherwise; its slug ends with this run's suffix. */
async function agent(name: string, versions: string[], publish = true, policy = {}) {
  const slug = `${name}-${suffix}`;
  const [first, ...later] = versions.map((code) => ({ ...files(code), inputSchema: numbers, policy }));
  const created = await t.call<{ id: string }>('POST', '/api/code-agents', {
    slug,
    name,
    description: `The ${name} tool`,
    content: first,
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  for (const content of later) await t.call('POST', `/api/code-agents/${created.body.id}/versions`, { content });
  if (publish) await t.call('POST', `/api/code-agents/${created.body.id}/publish`);
  ids[name] = created.body.id;
  return slug;
}
const bearer = (credential: Record<string, string>) => (credential.authorization ?? '').replace(/^Bearer /, '');
const ours = <T extends { name: string }>(tools: T[]) => tools.filter((x) => x.name.endsWith(suffix));
const loadError = (p: Promise<unknown>) =>
  p.then(
    () => 'loaded',
    (e: unknown) => (e instanceof SwitchyardToolsError ? `${e.code}: ${e.message}` : `threw ${String(e)}`),
  );

beforeAll(async () => {
  t = await createTestContext({ worker: false });
  server = await startHttpServer(t.app, { port: 0, hostname: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${server.port}`;
  token = bearer(await t.token(t.owner, { name: 'tools client' }));
  await agent('add', ['export default ({ a, b }) => ({ sum: a + b })', 'export default ({ a, b }) => ({ sum: a + b, v: 2 })']);
  await agent('fail', ['export default () => { throw new Error("division by zero") }']);
  await agent('draft', ['export default ({ a }) => "draft " + a'], false);
  await agent('spin', ['export default () => { for (;;) {} }'], true, { timeoutMs: 2_000 });
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

describe('loadSwitchyardTools', () => {
  it('loads every published agent at its latest version, with the schema models see, and runs it', async () => {
    const tools = ours(await loadSwitchyardTools({ baseUrl, token, trusted }));
    expect(tools.map((x) => x.name).sort()).toEqual([`add-${suffix}`, `fail-${suffix}`, `spin-${suffix}`]);
    const add = tools.find((x) => x.name === `add-${suffix}`);
    expect(add?.description).toBe('The add tool');
    expect(add?.metadata).toMatchObject({ agentId: ids.add, version: 2, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(toJsonSchema(add?.schema as never)).toMatchObject({ properties: { a: { type: 'number' } }, required: ['a', 'b'] });
    expect(await add?.invoke({ a: 2, b: 40 })).toBe('{"sum":42,"v":2}');
  });

  it('pins the version asked for, published or not; a slug alone means the latest published version', async () => {
    const [pinned, latest, draft] = await loadSwitchyardTools({
      baseUrl,
      token,
      trusted,
      agents: [{ agent: `add-${suffix}`, version: 1 }, `add-${suffix}`, { agent: ids.draft as string, version: 1 }],
    });
    expect(await pinned?.invoke({ a: 1, b: 2 })).toBe('{"sum":3}');
    expect(await latest?.invoke({ a: 1, b: 2 })).toBe('{"sum":3,"v":2}');
    expect(await draft?.invoke({ a: 7, b: 0 })).toBe('draft 7');
  });

  it('says at load time what is wrong: unknown agent or version, not published, server unreachable', async () => {
    expect(await loadError(loadSwitchyardTools({ baseUrl, token, agents: [`nope-${suffix}`] }))).toMatch(
      /^agent_not_found: there is no code agent "nope-/,
    );
    expect(await loadError(switchyardTool({ baseUrl, token, agent: `draft-${suffix}` }))).toMatch(
      /^agent_not_published: .*publish it, or pin a version: \{ agent: "draft-.*", version: 1 \}/,
    );
    expect(await loadError(switchyardTool({ baseUrl, token, agent: `add-${suffix}`, version: 9 }))).toMatch(
      /^version_not_found: .* has no version 9 \(its latest is 2\)/,
    );
    const closed = await startHttpServer(t.app, { port: 0, hostname: '127.0.0.1' });
    await closed.close();
    expect(await loadError(loadSwitchyardTools({ baseUrl: `http://127.0.0.1:${closed.port}`, token }))).toMatch(
      /^unreachable: could not load .*: could not reach Switchyard at .* \(ECONNREFUSED\)/,
    );
  });
});

describe('a Switchyard tool in an agent run', () => {
  it('answers bad input and the code’s own failure with text the model can act on', async () => {
    const add = await switchyardTool({ baseUrl, token, trusted, agent: `add-${suffix}` });
    expect(await add.invoke({ a: 'two', b: 40 })).toMatch(/^Invalid input for tool "add-.*": .*expected number/i);
    const fail = await switchyardTool({ baseUrl, token, trusted, agent: `fail-${suffix}` });
    expect(await fail.invoke({ a: 1, b: 0 })).toBe('Error (user_error): division by zero');
  });

  it('never throws for the server: gone, unreachable, or too slow', async () => {
    const second = await startHttpServer(t.app, { port: 0, hostname: '127.0.0.1' });
    const viaSecond = await switchyardTool({
      baseUrl: `http://127.0.0.1:${second.port}`,
      token,
      trusted,
      agent: `add-${suffix}`,
    });
    await second.close();
    // The kept-alive connection is closed under it (UND_ERR_SOCKET), or a new one is refused.
    expect(await viaSecond.invoke({ a: 1, b: 2 })).toMatch(
      /^Error \(unreachable\): could not reach Switchyard at .* \((UND_ERR_SOCKET|ECONNREFUSED)\); the tool is unavailable right now/,
    );
    const spin = await switchyardTool({ baseUrl, token, trusted, agent: `spin-${suffix}`, timeoutMs: 300 });
    expect(await spin.invoke({ a: 1, b: 2 })).toMatch(/^Error \(timeout\): no answer from Switchyard .* within 300 ms/);
    const doomed = await switchyardTool({ baseUrl, token, trusted, agent: `fail-${suffix}` });
    await t.call('DELETE', `/api/code-agents/${ids.fail}`);
    expect(await doomed.invoke({ a: 1, b: 2 })).toMatch(/^Error \(not_found\): code agent ".*" does not exist/);
  });
});

describe('the API token', () => {
  it('is required: none, or one the server does not know, fails at load time as `unauthorized`', async () => {
    expect(await loadError(loadSwitchyardTools({ baseUrl }))).toMatch(
      /^unauthorized: could not load .*: Switchyard at .* needs an API token: pass `token`/,
    );
    expect(await loadError(switchyardTool({ baseUrl, token: 'sy_not_a_token', agent: `add-${suffix}` }))).toMatch(
      /^unauthorized: could not load .*: Switchyard at .* refused the token \(the token is unknown, expired or revoked\)/,
    );
    // `apiKey` is the deprecated spelling of `token`.
    expect(ours(await loadSwitchyardTools({ baseUrl, apiKey: token })).length).toBeGreaterThan(0);
  });

  it('acts with its role: a viewer token loads tools but may not run them; a revoked one stops at once', async () => {
    const viewer = bearer(await t.token(t.owner, { name: 'viewer client', role: 'viewer' }));
    const asViewer = await switchyardTool({ baseUrl, token: viewer, trusted, agent: `add-${suffix}` });
    expect(await asViewer.invoke({ a: 1, b: 2 })).toBe(
      'Error (forbidden): your role here (viewer) does not allow this (needs agents:execute)',
    );

    const created = await t.call<{ id: string; token: string }>('POST', '/api/tokens', { name: 'soon revoked' });
    const add = await switchyardTool({ baseUrl, token: created.body.token, trusted, agent: `add-${suffix}` });
    expect(await add.invoke({ a: 1, b: 2 })).toBe('{"sum":3,"v":2}');
    expect((await t.call('DELETE', `/api/tokens/${created.body.id}`)).status).toBe(204);
    expect(await add.invoke({ a: 1, b: 2 })).toMatch(/^Error \(unauthorized\): Switchyard at .* refused the token/);
  });
});
