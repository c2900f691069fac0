import type { CodeAgent, CodeAgentListItem, CodeAgentVersion } from '@switchyard/shared';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeExecLogs } from '../db/schema.ts';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => t?.close());

let seq = 0;
const slug = (base: string) => `${base}-${Date.now().toString(36)}-${++seq}`;
const MAIN = 'import { shout } from "./util.js";\nexport default ({ text }) => shout(text);';
const UTIL = 'export const shout = (s) => s.toUpperCase();';
const content = (over: Record<string, unknown> = {}) => ({
  language: 'javascript',
  entry: 'main.js',
  files: [
    { path: 'main.js', content: MAIN },
    { path: 'util.js', content: UTIL },
  ],
  inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  ...over,
});
const create = (over: Record<string, unknown> = {}) =>
  t.call<CodeAgent>('POST', '/api/code-agents', {
    slug: slug('shout'),
    name: 'Shout',
    description: 'Upper-cases text',
    tags: ['text'],
    content: content(),
    changelog: 'first',
    author: 'ada',
    ...over,
  });
const rows = async (query: ReturnType<typeof sql>) => {
  const result = (await t.deps.database.db.execute(query)) as unknown as { rows?: Record<string, unknown>[] };
  return result.rows ?? (result as unknown as Record<string, unknown>[]);
};

describe('code agents: create and read', () => {
  it('creates an agent with version 1, pinned by a sha256 over its content', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Shout',
      language: 'javascript',
      runtime: 'auto',
      published: false,
      latestVersion: 1,
    });
    expect(res.body.latest).toMatchObject({
      version: 1,
      changelog: 'first',
      author: 'owner@example.test',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(res.body.latest.content.files).toEqual([
      { path: 'main.js', content: MAIN },
      { path: 'util.js', content: UTIL },
    ]);
    // The policy is stored with its defaults filled in: the version pins exactly what will run.
    expect(res.body.latest.content.policy).toMatchObject({ timeoutMs: 30_000, network: 'off', filesystem: 'tmp' });
    const got = await t.call<CodeAgent>('GET', `/api/code-agents/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });

  it('refuses bad input with the field named, and a taken slug with 409', async () => {
    expectApiError(await create({ content: content({ entry: 'missing.js' }) }), 400, 'validation_failed');
    expectApiError(
      await create({ content: content({ files: [{ path: '../etc/passwd', content: '' }], entry: '../etc/passwd' }) }),
      400,
      'validation_failed',
    );
    expectApiError(await create({ slug: 'Not A Slug' }), 400, 'validation_failed');
    const dup = content({
      files: [
        { path: 'main.js', content: 'a' },
        { path: 'main.js', content: 'b' },
      ],
    });
    expectApiError(await create({ content: dup }), 400, 'validation_failed');
    const first = await create();
    expectApiError(await create({ slug: first.body.slug }), 409, 'slug_taken');
    expectApiError(await t.call('GET', '/api/code-agents/ca_nope'), 404, 'not_found');
  });
});

describe('code agents: versions are immutable', () => {
  it('saves changed content as the next version and never rewrites an old one', async () => {
    const agent = (await create()).body;
    const v1 = agent.latest;
    const v2 = await t.call<CodeAgentVersion>('POST', `/api/code-agents/${agent.id}/versions`, {
      content: content({ files: [{ path: 'main.js', content: 'export default ({ text }) => text + "!"' }], runtime: 'wasm' }),
      changelog: 'exclaim instead',
      author: 'grace',
    });
    expect(v2.status).toBe(201);
    // The author is the signed-in caller, whatever the body claims.
    expect(v2.body).toMatchObject({ version: 2, changelog: 'exclaim instead', author: 'owner@example.test' });
    expect(v2.body.hash).not.toBe(v1.hash);
    expect((await t.call<CodeAgentVersion>('GET', `/api/code-agents/${agent.id}/versions/1`)).body).toEqual(v1);
    const list = await t.call<{ versions: { version: number; hash: string }[] }>('GET', `/api/code-agents/${agent.id}/versions`);
    expect(list.body.versions.map((v) => v.version)).toEqual([2, 1]);
    expect((await t.call<CodeAgent>('GET', `/api/code-agents/${agent.id}`)).body).toMatchObject({
      latestVersion: 2,
      runtime: 'wasm',
    });
  });

  it('PATCH changes metadata only: no version’s content or hash moves', async () => {
    const agent = (await create()).body;
    const patched = await t.call<CodeAgent>('PATCH', `/api/code-agents/${agent.id}`, { name: 'Shouter', tags: ['text', 'case'] });
    expect(patched.body).toMatchObject({ name: 'Shouter', tags: ['text', 'case'], latestVersion: 1 });
    expect(patched.body.latest).toEqual(agent.latest);
    expectApiError(await t.call('PATCH', `/api/code-agents/${agent.id}`, { content: content() }), 400, 'validation_failed');
    expectApiError(await t.call('PATCH', `/api/code-agents/${agent.id}`, {}), 400, 'validation_failed');
  });

  it('the database itself refuses to update a version or a file blob', async () => {
    const agent = (await create()).body;
    /** The database's own message (drizzle wraps it as the error's cause). */
    const refusal = async (query: ReturnType<typeof sql>) => {
      try {
        await t.deps.database.db.execute(query);
        return 'updated';
      } catch (err) {
        const e = err as { message: string; cause?: { message?: string } };
        return e.cause?.message ?? e.message;
      }
    };
    expect(await refusal(sql`update code_agent_versions set changelog = 'rewritten' where agent_id = ${agent.id}`)).toMatch(
      /code_agent_versions rows are immutable/,
    );
    expect(await refusal(sql`update code_blobs set content = 'x'`)).toMatch(/code_blobs rows are immutable/);
    expect((await t.call<CodeAgent>('GET', `/api/code-agents/${agent.id}`)).body.latest.changelog).toBe('first');
  });

  it('hashes the same content the same, whatever the order of files and keys: saving it again is a 409', async () => {
    const agent = (await create()).body;
    const reordered = {
      policy: { network: 'off', timeoutMs: 30_000 },
      files: [
        { content: UTIL, path: 'util.js' },
        { path: 'main.js', content: MAIN },
      ],
      inputSchema: { required: ['text'], properties: { text: { type: 'string' } }, type: 'object' },
      entry: 'main.js',
      language: 'javascript',
    };
    const again = await t.call<{ error: { details: { version: number; hash: string } } }>(
      'POST',
      `/api/code-agents/${agent.id}/versions`,
      { content: reordered },
    );
    expectApiError(again, 409, 'version_unchanged');
    expect(again.body.error.details).toEqual({ version: 1, hash: agent.latest.hash });
  });

  it('stores each distinct file once, however many versions and agents hold it', async () => {
    const marker = `// shared ${slug('blob')}`;
    const files = [{ path: 'main.js', content: `${marker}\nexport default () => 1` }];
    const a = (await create({ content: content({ files }) })).body;
    await create({ content: content({ files }) });
    await t.call('POST', `/api/code-agents/${a.id}/versions`, { content: content({ files, runtime: 'node' }) });
    const blobs = await rows(sql`select count(*)::int as n from code_blobs where content like ${`${marker}%`}`);
    expect(Number(blobs[0]?.n)).toBe(1);
  });

  it('gives consecutive numbers to saves that race', async () => {
    const agent = (await create()).body;
    const saves = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        t.call<CodeAgentVersion>('POST', `/api/code-agents/${agent.id}/versions`, {
          content: content({ files: [{ path: 'main.js', content: `export default () => ${n}` }] }),
        }),
      ),
    );
    expect(saves.map((s) => s.status)).toEqual([201, 201, 201, 201]);
    expect(saves.map((s) => s.body.version).sort()).toEqual([2, 3, 4, 5]);
  });
});

describe('code agents: diff, publish, search, delete', () => {
  it('diffs two versions: files added, removed, changed (with contents) and other pinned fields', async () => {
    const agent = (await create()).body;
    await t.call('POST', `/api/code-agents/${agent.id}/versions`, {
      content: content({
        files: [
          { path: 'main.js', content: 'export default ({ text }) => text' },
          { path: 'extra.js', content: 'export const x = 1;' },
        ],
        runtime: 'node',
      }),
    });
    const diff = await t.call<{ files: { path: string; status: string; before?: string; after?: string }[]; changed: string[] }>(
      'GET',
      `/api/code-agents/${agent.id}/diff?from=1&to=2`,
    );
    expect(diff.status).toBe(200);
    expect(diff.body.files).toEqual([
      { path: 'extra.js', status: 'added', after: 'export const x = 1;' },
      { path: 'main.js', status: 'changed', before: MAIN, after: 'export default ({ text }) => text' },
      { path: 'util.js', status: 'removed', before: UTIL },
    ]);
    expect(diff.body.changed).toEqual(['runtime']);
    expectApiError(await t.call('GET', `/api/code-agents/${agent.id}/diff?from=1&to=9`), 404, 'not_found');
    expectApiError(await t.call('GET', `/api/code-agents/${agent.id}/diff?from=x&to=2`), 400, 'validation_failed');
  });

  it('publishes and unpublishes, and filters by text, tag, language, runtime and published', async () => {
    const tag = slug('tag').slice(0, 30);
    const py = (
      await create({
        name: 'Tokenizer',
        tags: [tag],
        content: { language: 'python', entry: 'main.py', files: [{ path: 'main.py', content: 'def main(i, c):\n    return 1' }] },
      })
    ).body;
    const js = (await create({ name: 'Slugify text', tags: [tag], content: content({ runtime: 'node' }) })).body;
    expect((await t.call<CodeAgent>('POST', `/api/code-agents/${js.id}/publish`)).body.published).toBe(true);
    const ids = async (query: string) =>
      (await t.call<{ agents: CodeAgentListItem[] }>('GET', `/api/code-agents?tag=${tag}&${query}`)).body.agents
        .map((a) => a.id)
        .sort();
    expect(await ids('')).toEqual([py.id, js.id].sort());
    expect(await ids('language=python')).toEqual([py.id]);
    expect(await ids('runtime=node')).toEqual([js.id]);
    expect(await ids('published=true')).toEqual([js.id]);
    expect(await ids('q=SLUGIFY')).toEqual([js.id]);
    expect(await ids('q=100%25')).toEqual([]);
    await t.call('POST', `/api/code-agents/${js.id}/unpublish`);
    expect(await ids('published=true')).toEqual([]);
    expectApiError(await t.call('GET', '/api/code-agents?language=cobol'), 400, 'validation_failed');
  });

  it('deletes an agent but keeps its versions and its slug', async () => {
    const agent = (await create()).body;
    expect((await t.call('DELETE', `/api/code-agents/${agent.id}`)).status).toBe(204);
    expectApiError(await t.call('GET', `/api/code-agents/${agent.id}`), 404, 'not_found');
    expectApiError(await t.call('DELETE', `/api/code-agents/${agent.id}`), 404, 'not_found');
    expectApiError(await create({ slug: agent.slug }), 409, 'slug_taken');
    const kept = await rows(sql`select count(*)::int as n from code_agent_versions where agent_id = ${agent.id}`);
    expect(Number(kept[0]?.n)).toBe(1);
  });
});

describe('code agents: usage in the list', () => {
  it('gives every listed agent its calls, failure rate, p50 and last use (zeros for one never run)', async () => {
    const tag = slug('used').slice(0, 30);
    const used = (await create({ tags: [tag] })).body;
    const idle = (await create({ tags: [tag] })).body;
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
    const exec = (durationMs: number, status: string, createdAt: Date) => ({
      createdAt,
      source: 'adhoc' as const,
      runtime: 'node',
      backend: 'node-process',
      language: 'javascript',
      cold: false,
      durationMs,
      status,
      bytesOut: 1,
      agentId: used.id,
      agentVersion: 1,
    });
    await t.deps.database.db
      .insert(codeExecLogs)
      .values([
        exec(10, 'succeeded', at(30)),
        exec(20, 'failed', at(20)),
        exec(30, 'succeeded', at(10)),
        exec(40, 'timeout', at(5)),
      ]);
    const res = await t.call<{ agents: CodeAgentListItem[] }>('GET', `/api/code-agents?tag=${tag}`);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.agents.map((a) => [a.id, a.usage]));
    expect(byId.get(used.id)).toEqual({
      calls: 4,
      failures: 2,
      failureRate: 0.5,
      p50Ms: 25,
      lastUsedAt: at(5).toISOString(),
    });
    expect(byId.get(idle.id)).toEqual({ calls: 0, failures: 0, failureRate: 0, p50Ms: null, lastUsedAt: null });
    // The list and the agent's own usage page agree.
    const own = await t.call<{ calls: number; p50Ms: number | null }>('GET', `/api/code-agents/${used.id}/usage`);
    expect(own.body).toMatchObject({ calls: 4, p50Ms: 25 });
  });
});
