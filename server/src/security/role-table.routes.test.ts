import { ROLES, type Role } from '@switchyard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credential, createTestContext, type TestContext } from '../testing/test-context.ts';

/**
 * The role × route table of issue 12, written out here independently of `apiContract`: who may call each
 * operation. `public` needs no credential; `user` any account; a role is the weakest that may. A new
 * operation fails this test until someone decides who may call it.
 */
const EXPECTED: Record<string, 'public' | 'user' | Role> = {
  health: 'public',
  authStatus: 'public',
  setup: 'public',
  login: 'public',
  previewInvite: 'public',
  acceptInvite: 'public',
  logout: 'user',
  me: 'user',
  changePassword: 'user',
  listWorkspaces: 'user',
  createWorkspace: 'user',
  // viewer: read everything but secrets, make own read-only tokens, see own audit entries
  listNodeTypes: 'viewer',
  listRuntimes: 'viewer',
  runtimeMetrics: 'viewer',
  decideRuntime: 'viewer',
  validateGraph: 'viewer',
  listWorkflows: 'viewer',
  getWorkflow: 'viewer',
  listWorkflowVersions: 'viewer',
  getWorkflowVersion: 'viewer',
  listWorkflowWebhooks: 'viewer',
  listRuns: 'viewer',
  getRun: 'viewer',
  runEvents: 'viewer',
  listCodeAgents: 'viewer',
  getCodeAgent: 'viewer',
  listCodeAgentVersions: 'viewer',
  getCodeAgentVersion: 'viewer',
  codeAgentUsage: 'viewer',
  codeAgentTool: 'viewer',
  diffCodeAgentVersions: 'viewer',
  listMembers: 'viewer',
  listTokens: 'viewer',
  createToken: 'viewer',
  revokeToken: 'viewer',
  listAudit: 'viewer',
  // runner: run what exists
  startRun: 'runner',
  cancelRun: 'runner',
  executeCodeAgentVersion: 'runner',
  // editor: change workflows and agents, run arbitrary code, use secrets by name
  createWorkflow: 'editor',
  updateWorkflow: 'editor',
  deleteWorkflow: 'editor',
  createCodeAgent: 'editor',
  patchCodeAgent: 'editor',
  deleteCodeAgent: 'editor',
  publishCodeAgent: 'editor',
  unpublishCodeAgent: 'editor',
  createCodeAgentVersion: 'editor',
  runCodeAgentDraft: 'editor',
  decideCodeAgentDraft: 'editor',
  executeCode: 'editor',
  listSecrets: 'editor',
  // admin: members, secrets, tokens, settings
  putSecret: 'admin',
  deleteSecret: 'admin',
  listInvites: 'admin',
  createInvite: 'admin',
  revokeInvite: 'admin',
  setMemberRole: 'admin',
  removeMember: 'admin',
  resetMemberPassword: 'admin',
  updateWorkspace: 'admin',
  // owner
  deleteWorkspace: 'owner',
  transferWorkspace: 'owner',
};

interface Operation {
  operationId: string;
  method: string;
  path: string;
}

/** Placeholder values: ids that exist nowhere, so an allowed call ends in 400/404/409, never in a change. */
const fill = (path: string) =>
  path
    .replace(/^\/api/, '/api')
    .replace('{name}', 'NOPE_SECRET')
    .replace('{version}', '1')
    .replace('{token}', 'syi_nope')
    .replace(/\{\w+\}/g, 'nope_0000');

let ctx: TestContext;
let operations: Operation[];
const callers = new Map<string, Credential>();

beforeAll(async () => {
  ctx = await createTestContext({ worker: false });
  callers.set('owner', ctx.owner);
  for (const role of ROLES.filter((r) => r !== 'owner') as Exclude<Role, 'owner'>[])
    callers.set(role, (await ctx.addMember(role)).credential);
  const doc = await ctx.call<{ paths: Record<string, Record<string, { operationId: string }>> }>('GET', '/api/openapi.json');
  expect(doc.status).toBe(200);
  operations = Object.entries(doc.body.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ operationId: op.operationId, method: method.toUpperCase(), path })),
  );
});
afterAll(async () => ctx?.close());

describe('every route × every role × no credential', () => {
  it('classifies every operation the API describes, and nothing it does not', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('answers each caller as the table says', async () => {
    const rank = (r: Role) => ROLES.length - ROLES.indexOf(r);
    const wrong: string[] = [];
    // Logging out ends the caller's session: last.
    const ordered = [...operations].sort((a, b) => Number(a.operationId === 'logout') - Number(b.operationId === 'logout'));
    for (const op of ordered) {
      const need = EXPECTED[op.operationId];
      const path = fill(op.path);
      const body = ['GET', 'DELETE'].includes(op.method) ? undefined : {};
      const anonymous = await ctx.call(op.method, path, body, { cookie: '' });
      const anonymousAllowed = need === 'public';
      if (anonymousAllowed === [401].includes(anonymous.status) && op.operationId !== 'setup')
        wrong.push(`${op.operationId} without credential: ${anonymous.status}`);
      if (!anonymousAllowed && (anonymous.body as { error?: { code?: string } })?.error?.code !== 'unauthorized')
        wrong.push(`${op.operationId} without credential: ${JSON.stringify(anonymous.body)}`);
      for (const role of ROLES) {
        const res = await ctx.as(callers.get(role) as Credential).call(op.method, path, body);
        const allowed = need === undefined || need === 'public' || need === 'user' || rank(role) >= rank(need);
        const refused = res.status === 403 && (res.body as { error?: { code?: string } })?.error?.code === 'forbidden';
        if (res.status === 401 || allowed === refused)
          wrong.push(`${op.operationId} as ${role}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
