import type { RunEvent } from '@switchyard/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCurrentWorkspaceId } from '../../api/session.ts';
import { openRunEventStream } from './run-event-stream.ts';

const event = (seq: number, type: string, payload: object) => ({
  runId: 'run_1',
  seq,
  type,
  nodeId: null,
  payload,
  time: '2026-01-01T00:00:00.000Z',
});
const frame = (e: ReturnType<typeof event>) => `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;

afterEach(() => {
  vi.unstubAllGlobals();
  setCurrentWorkspaceId(null);
});

describe('openRunEventStream', () => {
  it('asks in the selected workspace with the session cookie, and delivers every event up to run.finished', async () => {
    setCurrentWorkspaceId('ws_b');
    const requests: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        requests.push({ url, init });
        const body =
          frame(event(1, 'run.started', { attempt: 1, resumed: false })) +
          ': keepalive\n\n' +
          frame(event(2, 'run.finished', { status: 'succeeded', durationMs: 5, error: null }));
        return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
      }),
    );
    const received: RunEvent[] = [];
    const finished = new Promise<void>((resolve) => {
      openRunEventStream('run_1', {
        lastSeq: () => 0,
        onEvents: (events) => {
          received.push(...events);
          if (events.some((e) => e.type === 'run.finished')) resolve();
        },
      });
    });
    await finished;

    expect(received.map((e) => e.type)).toEqual(['run.started', 'run.finished']);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('/api/runs/run_1/events?after=0');
    expect(requests[0]?.init.credentials).toBe('same-origin');
    expect(new Headers(requests[0]?.init.headers).get('x-switchyard-workspace')).toBe('ws_b');
  });
});
