import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../testing/stub-fetch.ts';
import { ApiRequestError, call } from './client.ts';
import { type AuthLoss, onAuthLost, setCurrentWorkspaceId } from './session.ts';

const reply = (status: number, body: unknown) =>
  vi
    .spyOn(globalThis, 'fetch')
    .mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

const failedRun = {
  status: 'failed',
  error: { code: 'invalid_input', message: 'the inputs do not match the input schema' },
  logs: [],
  logsTruncated: false,
  runtime: null,
  backend: null,
  decision: { runtime: null, reason: 'x', fallbacks: [] },
  durationMs: 0,
  cold: false,
};

describe('call', () => {
  afterEach(() => vi.restoreAllMocks());

  it('returns a 200 whose body has an error of its own (a failed execution) as the result', async () => {
    reply(200, failedRun);
    const result = await call('runCodeAgentDraft', {
      body: { content: { language: 'javascript', entry: 'a.js', files: [{ path: 'a.js', content: '' }] } },
    });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'invalid_input' } });
  });

  it('throws the envelope of a failed reply with its code, status and details', async () => {
    reply(422, { error: { code: 'secrets_missing', message: 'set API_KEY', details: { missing: ['API_KEY'] } } });
    const error = await call('listSecrets').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ code: 'secrets_missing', status: 422, details: { missing: ['API_KEY'] } });
  });
});

describe('call: session', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    // biome-ignore lint/suspicious/noDocumentCookie: the test plays the server, which sets this readable cookie
    document.cookie = 'sy_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    setCurrentWorkspaceId(null);
  });

  it('sends the cookie, the selected workspace, and the CSRF token on writes only', async () => {
    // biome-ignore lint/suspicious/noDocumentCookie: the test plays the server, which sets this readable cookie
    document.cookie = 'sy_csrf=tok123';
    setCurrentWorkspaceId('ws_b');
    const seen = stubFetch({
      'GET /api/workflows': { status: 200, body: { workflows: [] } },
      'DELETE /api/workflows/wf_1': { status: 204, body: null },
    });
    await call('listWorkflows', { query: {} });
    await call('deleteWorkflow', { params: { id: 'wf_1' } });

    const [read, write] = seen;
    expect(read?.credentials).toBe('same-origin');
    expect(read?.headers.get('x-switchyard-workspace')).toBe('ws_b');
    expect(read?.headers.get('x-csrf-token')).toBeNull();
    expect(write?.credentials).toBe('same-origin');
    expect(write?.headers.get('x-switchyard-workspace')).toBe('ws_b');
    expect(write?.headers.get('x-csrf-token')).toBe('tok123');
  });

  it('announces a lost session or a missing owner, but not a wrong password', async () => {
    const losses: AuthLoss[] = [];
    const stop = onAuthLost((loss) => losses.push(loss));
    const refuse = (code: string) => ({ status: 401, body: { error: { code, message: code } } });
    stubFetch({
      'GET /api/workflows': refuse('session_expired'),
      'GET /api/code-agents': refuse('setup_required'),
      'POST /api/auth/login': refuse('unauthorized'),
      'POST /api/auth/password': refuse('unauthorized'),
    });
    await call('listWorkflows', { query: {} }).catch(() => null);
    await call('listCodeAgents', { query: {} }).catch(() => null);
    await call('login', { body: { email: 'a@b.c', password: 'x' } }).catch(() => null);
    await call('changePassword', { body: { currentPassword: 'x', newPassword: 'y'.repeat(10) } }).catch(() => null);
    stop();
    expect(losses).toEqual(['signed-out', 'setup-required']);
  });

  it('reads Retry-After of a refused login', async () => {
    stubFetch({
      'POST /api/auth/login': {
        status: 429,
        body: { error: { code: 'rate_limited', message: 'too many attempts' } },
        headers: { 'retry-after': '42' },
      },
    });
    const error = await call('login', { body: { email: 'a@b.c', password: 'x' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 42 });
  });
});
