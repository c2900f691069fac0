import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { createTestContext, type TestContext } from '../testing/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const SECRET = 'sk-live-4242-never-show';

describe('/api/secrets', () => {
  it('stores a value write-only: listed by name, sealed at rest, replaced and deleted', async () => {
    const put = await t.call('PUT', '/api/secrets/API_TOKEN', { value: SECRET });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'API_TOKEN' });
    expect(JSON.stringify(put.body)).not.toContain(SECRET);
    const list = await t.call<{ secrets: { name: string }[] }>('GET', '/api/secrets');
    expect(list.body.secrets.map((s) => s.name)).toContain('API_TOKEN');
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    const rows = await t.deps.database.db.execute(sql`select sealed from secrets where name = 'API_TOKEN'`);
    const sealed = JSON.stringify((rows as unknown as { rows?: unknown[] }).rows ?? rows);
    expect(sealed).not.toContain(SECRET);
    expect(sealed).not.toContain(Buffer.from(SECRET).toString('base64'));

    await t.call('PUT', '/api/secrets/TEMP', { value: 'one' });
    expect((await t.call('DELETE', '/api/secrets/TEMP')).status).toBe(204);
    expectApiError(await t.call('DELETE', '/api/secrets/TEMP'), 404, 'not_found');
  });

  it('refuses bad names and empty values', async () => {
    expectApiError(await t.call('PUT', '/api/secrets/1bad', { value: 'x' }), 400, 'validation_failed');
    expectApiError(await t.call('PUT', '/api/secrets/OK', { value: '' }), 400, 'validation_failed');
  });
});

describe('secret references in a code node’s environment', () => {
  it('reach the code as values, and are redacted from logs, output and events', async () => {
    await t.call('PUT', '/api/secrets/API_TOKEN', { value: SECRET });
    const wf = await t.createWorkflow({
      nodes: [
        trigger(),
        code(
          'leak',
          'export default () => { console.log("token is", process.env.TOKEN); return { echoed: process.env.TOKEN, length: process.env.TOKEN.length } }',
          {
            env: { TOKEN: { secret: 'API_TOKEN' }, PLAIN: 'visible' },
          },
        ),
        output(),
      ],
      edges: [edge('trigger', 'leak'), edge('leak', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, null));
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ echoed: '[secret]', length: SECRET.length });
    const events = await t.readEvents(run.id);
    expect(events.length).toBeGreaterThan(3);
    expect(JSON.stringify(events)).not.toContain(SECRET);
    expect(JSON.stringify(run)).not.toContain(SECRET);
  });

  it('a missing secret fails the node before the code starts, naming it', async () => {
    const wf = await t.createWorkflow({
      nodes: [trigger(), code('needs', 'export default () => 1', { env: { KEY: { secret: 'NOT_SET' } } }), output()],
      edges: [edge('trigger', 'needs'), edge('needs', 'output')],
    });
    const run = await t.waitForRun(await t.startRun(wf.id, null));
    expect(run.nodes.find((n) => n.nodeId === 'needs')?.error).toMatchObject({
      code: 'secret_missing',
      message: expect.stringContaining('"NOT_SET"'),
    });
  });

  it('ad-hoc executions resolve and redact them too; a missing one is a 422', async () => {
    await t.call('PUT', '/api/secrets/API_TOKEN', { value: SECRET });
    const res = await t.call<{ output: unknown; logs: { line: string }[] }>('POST', '/api/code/execute', {
      language: 'javascript',
      code: 'export default () => { console.log(process.env.T); return process.env.T.slice(0, 7) }',
      policy: { env: { T: { secret: 'API_TOKEN' } } },
    });
    expect(res.body.output).toBe('sk-live');
    expect(res.body.logs[0]?.line).toBe('[secret]');
    expectApiError(
      await t.call('POST', '/api/code/execute', {
        language: 'javascript',
        code: 'export default () => 1',
        policy: { env: { T: { secret: 'NOPE' } } },
      }),
      422,
      'secret_missing',
    );
  });
});
