import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, call } from './client.ts';

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
