import type { AuditEntry } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError } from '../testing/api-expect.ts';
import { type Credential, createTestContext, OWNER, type TestContext, testDbKind } from '../testing/test-context.ts';
import { pruneAudit } from './audit.ts';

/**
 * The audit log through the real surface: each action writes exactly its row (who, what, on which resource,
 * with which outcome) and a refused action writes none; `GET /api/audit` filters, orders and pages; rows
 * cannot be changed; retention deletes only old rows. Every step reads the rows it added straight from
 * the table, so a stray or missing row shows up at the step that caused it.
 */

/** An audit_log row with camelCase keys (`actorUserId`, `resourceId`, …). */
type Row = Record<string, unknown> & { id: number; action: string; outcome: string };

let t: TestContext;
let ws: string;
let seen = 0;
/** Values that must never appear in an audit row: secret values and passwords. */
const NEVER = [OWNER.password, 'wrong password 1234', 'member password 1234', 'reset password 1234', 'changed password 1234'];

const sql = async (text: string, values?: unknown[]) => (await t.deps.database.executeSql(text, values)).rows;
const camel = (r: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), k === 'id' ? Number(v) : v]),
  ) as Row;
const allRows = async () => (await sql('select * from audit_log order by id')).map(camel);
/** The rows written since the last call. */
async function newRows(): Promise<Row[]> {
  const rows = (await allRows()).filter((r) => r.id > seen);
  seen = Math.max(seen, ...rows.map((r) => r.id));
  return rows;
}
const anonymous = { cookie: '' };
const page = async (query: string, as: Credential = t.owner) =>
  (await t.as(as).call<{ entries: AuditEntry[]; nextCursor: string | null }>('GET', `/api/audit?${query}`)).body;

const graph = {
  nodes: [trigger(), code('use', 'export default () => process.env.S.length', { env: { S: { secret: 'RUN_KEY' } } }), output()],
  edges: [edge('trigger', 'use'), edge('use', 'output')],
};
const content = (n: number) => ({
  language: 'javascript',
  entry: 'main.js',
  files: [{ path: 'main.js', content: `export default () => ${n}` }],
});

/** The member who joins, changes role, signs in, has their password reset, and is removed. */
const member = { id: '', email: 'audited-member@example.test' };
let viewer: Awaited<ReturnType<TestContext['addMember']>>;

beforeAll(async () => {
  t = await createTestContext();
  ws = (await t.call<{ workspace: { id: string } }>('GET', '/api/auth/me')).body.workspace.id;
});
afterAll(async () => t?.close());

describe('one row per action, none for a refused one', () => {
  it('setup: the first row, by the new owner, in the default workspace', async () => {
    const by = { actorUserId: t.ownerId, workspaceId: ws, outcome: 'success' };
    expect(await newRows()).toMatchObject([{ action: 'auth.setup', resourceType: 'user', resourceId: t.ownerId, ...by }]);
  });

  it('invite and join; a refused invite writes nothing', async () => {
    const invite = await t.call<{ id: string; token: string }>('POST', '/api/invites', { email: member.email, role: 'viewer' });
    expect(await newRows()).toMatchObject([
      { action: 'member.invite', resourceType: 'invite', resourceId: invite.body.id, actorUserId: t.ownerId, outcome: 'success' },
    ]);
    const body = { name: 'Audited', password: 'member password 1234' };
    const accepted = await t.call<{ user: { id: string } }>(
      'POST',
      `/api/auth/invites/${invite.body.token}/accept`,
      body,
      anonymous,
    );
    expect(accepted.status).toBe(200);
    member.id = accepted.body.user.id;
    expect(await newRows()).toMatchObject([
      { action: 'member.join', resourceId: invite.body.id, actorUserId: member.id, workspaceId: ws, details: { role: 'viewer' } },
    ]);
    expectApiError(await t.call('POST', '/api/invites', { email: member.email, role: 'editor' }), 409, 'already_member');
    expectApiError(await t.call('POST', '/api/invites', { email: 'not an email', role: 'editor' }), 400, 'validation_failed');
    expect(await newRows()).toEqual([]);
  });

  it('login success, failure with a bad password, failure for an unknown email', async () => {
    await t.signIn(member.email, 'member password 1234');
    for (const email of [member.email, 'nobody@example.test'])
      expectApiError(
        await t.call('POST', '/api/auth/login', { email, password: 'wrong password 1234' }, anonymous),
        401,
        'invalid_credentials',
      );
    const login = { action: 'auth.login', workspaceId: null };
    expect(await newRows()).toMatchObject([
      { ...login, outcome: 'success', actorUserId: member.id, resourceId: member.id },
      { ...login, outcome: 'failure', actorUserId: member.id, resourceId: member.id, details: { email: member.email } },
      { ...login, outcome: 'failure', actorUserId: null, resourceId: null, details: { email: 'nobody@example.test' } },
    ]);
  });

  it('role change and password reset by the owner; the owner’s own role and unknown members write nothing', async () => {
    expect((await t.call('PATCH', `/api/members/${member.id}`, { role: 'editor' })).status).toBe(200);
    expect((await t.call('POST', `/api/members/${member.id}/password`, { newPassword: 'reset password 1234' })).status).toBe(204);
    expect(await newRows()).toMatchObject([
      { action: 'member.role_change', resourceId: member.id, actorUserId: t.ownerId, details: { from: 'viewer', to: 'editor' } },
      { action: 'member.password_reset', resourceId: member.id, actorUserId: t.ownerId, outcome: 'success' },
    ]);
    expectApiError(await t.call('PATCH', `/api/members/${t.ownerId}`, { role: 'viewer' }), 403, 'forbidden');
    expectApiError(await t.call('PATCH', '/api/members/usr_nope', { role: 'viewer' }), 404, 'not_found');
    const reset = { newPassword: 'reset password 1234' };
    expectApiError(await t.call('POST', '/api/members/usr_nope/password', reset), 404, 'not_found');
    expect(await newRows()).toEqual([]);
  });

  it('token create and revoke; revoking an unknown token writes nothing', async () => {
    const token = await t.call<{ id: string }>('POST', '/api/tokens', { name: 'audited token' });
    expect((await t.call('DELETE', `/api/tokens/${token.body.id}`)).status).toBe(204);
    expectApiError(await t.call('DELETE', `/api/tokens/${token.body.id}`), 404, 'not_found');
    expectApiError(await t.call('POST', '/api/tokens', { name: '' }), 400, 'validation_failed');
    expect(await newRows()).toMatchObject([
      {
        action: 'token.create',
        resourceType: 'token',
        resourceId: token.body.id,
        actorUserId: t.ownerId,
        details: { name: 'audited token' },
      },
      { action: 'token.revoke', resourceType: 'token', resourceId: token.body.id, actorUserId: t.ownerId },
    ]);
  });

  it('secret create, update, delete by name; a bad body or an unknown name writes nothing', async () => {
    NEVER.push('secret-value-one-4444', 'secret-value-two-5555');
    await t.call('PUT', '/api/secrets/AUDIT_KEY', { value: 'secret-value-one-4444' });
    await t.call('PUT', '/api/secrets/AUDIT_KEY', { value: 'secret-value-two-5555' });
    expect((await t.call('DELETE', '/api/secrets/AUDIT_KEY')).status).toBe(204);
    expectApiError(await t.call('DELETE', '/api/secrets/AUDIT_KEY'), 404, 'not_found');
    expectApiError(await t.call('PUT', '/api/secrets/AUDIT_KEY', { value: 42 }), 400, 'validation_failed');
    const secret = { resourceType: 'secret', resourceId: 'AUDIT_KEY', actorUserId: t.ownerId, outcome: 'success' };
    expect(await newRows()).toMatchObject([
      { action: 'secret.create', ...secret },
      { action: 'secret.update', ...secret },
      { action: 'secret.delete', ...secret },
    ]);
  });

  it('workflow create, update, delete; a 404 delete and a 400 create write nothing', async () => {
    const wf = await t.createWorkflow(graph, 'audited');
    await t.call('PUT', `/api/workflows/${wf.id}`, { name: 'renamed' });
    expect((await t.call('DELETE', `/api/workflows/${wf.id}`)).status).toBe(204);
    expectApiError(await t.call('DELETE', `/api/workflows/${wf.id}`), 404, 'not_found');
    expectApiError(await t.call('POST', '/api/workflows', { graph: 'nope' }), 400, 'validation_failed');
    const on = { resourceType: 'workflow', resourceId: wf.id, actorUserId: t.ownerId };
    expect(await newRows()).toMatchObject([
      { action: 'workflow.create', ...on },
      { action: 'workflow.update', ...on },
      { action: 'workflow.delete', ...on },
    ]);
  });

  it('agent create, update, publish, delete; an unknown agent writes nothing', async () => {
    const agent = await t.call<{ id: string }>('POST', '/api/code-agents', {
      slug: 'audited-agent',
      name: 'A',
      content: content(1),
    });
    await t.call('PATCH', `/api/code-agents/${agent.body.id}`, { name: 'B' });
    await t.call('POST', `/api/code-agents/${agent.body.id}/publish`);
    expect((await t.call('DELETE', `/api/code-agents/${agent.body.id}`)).status).toBe(204);
    expectApiError(await t.call('POST', `/api/code-agents/${agent.body.id}/publish`), 404, 'not_found');
    const on = { resourceType: 'agent', resourceId: agent.body.id, actorUserId: t.ownerId };
    expect(await newRows()).toMatchObject([
      { action: 'agent.create', ...on },
      { action: 'agent.update', ...on },
      { action: 'agent.publish', ...on },
      { action: 'agent.delete', ...on },
    ]);
  });

  it('run start (manual for a session, api for a token) and the secret it uses, by name only', async () => {
    NEVER.push('run-secret-value-6666');
    await t.call('PUT', '/api/secrets/RUN_KEY', { value: 'run-secret-value-6666' });
    const wf = await t.createWorkflow(graph, 'uses a secret');
    const bearer = await t.token(t.owner, { name: 'runner token' });
    await newRows();

    const manual = await t.waitForRun(await t.startRun(wf.id, 1));
    expect(manual.status).toBe('succeeded');
    expect(await newRows()).toMatchObject([
      {
        action: 'run.start',
        resourceType: 'run',
        resourceId: manual.id,
        actorUserId: t.ownerId,
        actorTokenId: null,
        details: { via: 'manual', trigger: 'trigger', workflowId: wf.id },
      },
      {
        action: 'secret.use',
        resourceType: 'secret',
        resourceId: 'RUN_KEY',
        actorUserId: t.ownerId,
        details: { runId: manual.id },
      },
    ]);

    const started = await t.as(bearer).call<{ runId: string }>('POST', `/api/workflows/${wf.id}/runs`, { input: 1 });
    expect((await t.waitForRun(started.body.runId)).status).toBe('succeeded');
    const rows = await newRows();
    const byToken = { actorUserId: t.ownerId, actorLabel: 'token runner token', details: { via: 'api' } };
    expect(rows).toMatchObject([{ action: 'run.start', resourceId: started.body.runId, ...byToken }, { action: 'secret.use' }]);
    expect(rows[0]?.actorTokenId).toBeTruthy();
  });

  it('a run refused before it starts writes nothing', async () => {
    //  trigger   lonely (no edge)   output: a compile error
    const broken = await t.createWorkflow({
      nodes: [trigger(), code('lonely', 'export default () => 1'), output()],
      edges: [edge('trigger', 'output')],
    });
    await newRows();
    expectApiError(await t.call('POST', `/api/workflows/${broken.id}/runs`, { input: 1 }), 422, 'compile_failed');
    expectApiError(await t.call('POST', '/api/workflows/wf_nope/runs', { input: 1 }), 404, 'not_found');
    expect(await newRows()).toEqual([]);
  });

  it('code execute with the secret it reads; a missing secret writes nothing', async () => {
    const body = (secret: string) => ({
      language: 'javascript',
      code: 'export default () => 1',
      policy: { env: { S: { secret } } },
    });
    expect((await t.call('POST', '/api/code/execute', body('RUN_KEY'))).status).toBe(200);
    expect(await newRows()).toMatchObject([
      { action: 'secret.use', resourceId: 'RUN_KEY', actorUserId: t.ownerId },
      { action: 'code.execute', resourceType: 'code', actorUserId: t.ownerId, outcome: 'success' },
    ]);
    expectApiError(await t.call('POST', '/api/code/execute', body('NOT_SET')), 422, 'secret_missing');
    expect(await newRows()).toEqual([]);
  });

  it('a denied action (403) writes no success row', async () => {
    viewer = await t.addMember('viewer');
    const wf = await t.createWorkflow(graph, 'kept');
    await newRows();
    const as = t.as(viewer.credential);
    expectApiError(await as.call('DELETE', `/api/workflows/${wf.id}`), 403, 'forbidden');
    expectApiError(await as.call('PUT', '/api/secrets/RUN_KEY', { value: 'viewer-value-7777' }), 403, 'forbidden');
    expectApiError(await as.call('POST', '/api/invites', { email: 'x@example.test', role: 'admin' }), 403, 'forbidden');
    expectApiError(await as.call('POST', '/api/tokens', { name: 'too strong', role: 'admin' }), 403, 'forbidden');
    expect((await newRows()).filter((r) => r.outcome === 'success')).toEqual([]);
  });

  it('password change by the member, then their removal by the owner', async () => {
    const signedIn = await t.signIn(member.email, 'reset password 1234');
    await newRows();
    const changed = await t
      .as(signedIn)
      .call('POST', '/api/auth/password', { currentPassword: 'reset password 1234', newPassword: 'changed password 1234' });
    expect(changed.status).toBe(204);
    expect((await t.call('DELETE', `/api/members/${member.id}`)).status).toBe(204);
    expectApiError(await t.call('DELETE', `/api/members/${member.id}`), 404, 'not_found');
    expect(await newRows()).toMatchObject([
      { action: 'auth.password_change', resourceId: member.id, actorUserId: member.id },
      { action: 'member.remove', resourceId: member.id, actorUserId: t.ownerId, workspaceId: ws },
    ]);
  });

  it('no row anywhere holds a secret value or a password', async () => {
    const text = JSON.stringify(await sql('select * from audit_log'));
    expect(NEVER.filter((value) => text.includes(value))).toEqual([]);
  });
});

describe('GET /api/audit', () => {
  it('newest first, and each filter keeps only what it names', async () => {
    const all = (await page('limit=200')).entries;
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(all.every((e) => e.workspaceId === ws)).toBe(true);

    const byMember = (await page(`limit=200&userId=${member.id}`)).entries;
    // The member's own sign-ins and password change belong to no workspace: not in the workspace's log.
    expect(byMember.map((e) => e.action)).toEqual(['member.join']);

    const memberActions = (await page('limit=200&action=member.')).entries.map((e) => e.action);
    expect(new Set(memberActions)).toEqual(
      new Set(['member.invite', 'member.join', 'member.role_change', 'member.password_reset', 'member.remove']),
    );
    expect((await page('limit=200&action=secret.create')).entries.map((e) => e.resourceId)).toEqual(['RUN_KEY', 'AUDIT_KEY']);
    expect((await page('limit=200&resourceType=token')).entries.every((e) => e.resourceType === 'token')).toBe(true);
    const onKey = (await page('limit=200&resourceId=AUDIT_KEY')).entries.map((e) => e.action);
    expect(onKey).toEqual(['secret.delete', 'secret.update', 'secret.create']);

    const middle = all[Math.floor(all.length / 2)] as AuditEntry;
    const from = (await page(`limit=200&from=${encodeURIComponent(middle.at)}`)).entries;
    const to = (await page(`limit=200&to=${encodeURIComponent(middle.at)}`)).entries;
    expect(from.every((e) => e.at >= middle.at) && to.every((e) => e.at <= middle.at)).toBe(true);
    expect(new Set([...from, ...to].map((e) => e.id))).toEqual(new Set(all.map((e) => e.id)));
    expectApiError(await t.call('GET', '/api/audit?cursor=abc'), 400, 'validation_failed');
  });

  it('pages by cursor with no duplicate and no gap', async () => {
    const all = (await page('limit=200')).entries.map((e) => e.id);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const next: { entries: AuditEntry[]; nextCursor: string | null } = await page(
        `limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(next.entries.length).toBeLessThanOrEqual(4);
      walked.push(...next.entries.map((e) => e.id));
      cursor = next.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all);
  });

  it('admins see the whole workspace; a viewer only their own rows, sign-ins included', async () => {
    const token = await t.as(viewer.credential).call<{ id: string }>('POST', '/api/tokens', { name: 'viewer token' });
    const signedIn = await t.signIn(viewer.email, viewer.password);
    const own = (await page('limit=200', signedIn)).entries;
    expect(own.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.login', 'token.create', 'member.join']));
    expect(own.every((e) => e.actor.userId === viewer.userId)).toBe(true);
    expect((await page(`limit=200&userId=${t.ownerId}`, signedIn)).entries).toEqual([]);
    expect((await page(`limit=200&resourceId=${token.body.id}`)).entries.map((e) => e.actor.userId)).toEqual([viewer.userId]);
  });

  it('workspace A’s rows are invisible from workspace B', async () => {
    const inB = await t.workspace('audit elsewhere');
    const rows = (await page('limit=200', inB)).entries;
    expect(rows.map((e) => e.action)).toEqual(['workspace.create']);
    expect((await page('limit=200&resourceId=RUN_KEY', inB)).entries).toEqual([]);
  });
});

describe('immutability and retention', () => {
  it('refuses UPDATE of any row, even through raw SQL', async () => {
    const before = await allRows();
    await expect(sql(`update audit_log set action = 'tampered' where id = $1`, [before[0]?.id])).rejects.toThrow();
    await expect(sql(`update audit_log set details = '{}' where id > $1`, [0])).rejects.toThrow();
    expect(await allRows()).toEqual(before);
  });

  const insertAged = (days: number, action: string) =>
    sql(
      `insert into audit_log (at, workspace_id, actor_label, action, outcome, details)
       values (now() - make_interval(days => $1), $2, 'system', $3, 'success', '{}')`,
      [days, ws, action],
    );

  it('pruneAudit(90) deletes the rows older than 90 days and only those', async () => {
    const recent = (await allRows()).length;
    await insertAged(100, 'test.aged_100');
    await insertAged(400, 'test.aged_400');
    await insertAged(89, 'test.aged_89');
    expect(await pruneAudit(t.deps.database.db, 90)).toBe(2);
    const left = await allRows();
    expect(left.filter((r) => r.action.startsWith('test.')).map((r) => r.action)).toEqual(['test.aged_89']);
    expect(left).toHaveLength(recent + 1);
  });

  it.skipIf(testDbKind !== 'postgres')('a server starting on the database prunes at once', async () => {
    await insertAged(120, 'test.aged_120');
    const second = await createTestContext({ databaseUrl: t.databaseUrl, noOwner: true, worker: false });
    try {
      const gone = async () => (await sql(`select 1 from audit_log where action = 'test.aged_120'`)).length === 0;
      for (const deadline = Date.now() + 10_000; !(await gone()) && Date.now() < deadline; )
        await new Promise((r) => setTimeout(r, 50));
      expect(await gone()).toBe(true);
      expect((await allRows()).some((r) => r.action === 'test.aged_89')).toBe(true);
    } finally {
      await second.close();
    }
  });
});
