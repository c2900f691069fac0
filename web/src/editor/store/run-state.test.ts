import type { Run, RunEvent } from '@switchyard/shared';
import { describe, expect, it } from 'vitest';
import { applyRunEvents, emptyRun, LOG_LIMIT, withRunSnapshot } from './run-state.ts';

const RUN = 'run_1';
let clock = Date.parse('2025-01-01T10:00:00Z');
/** One event of run_1; the time advances 10 ms per event. */
function ev<T extends RunEvent['type']>(
  seq: number,
  type: T,
  nodeId: string | null,
  payload: Extract<RunEvent, { type: T }>['payload'],
): RunEvent {
  clock += 10;
  return { runId: RUN, seq, type, nodeId, payload, time: new Date(clock).toISOString() } as RunEvent;
}
const log = (seq: number, nodeId: string, line: string, stream: 'stdout' | 'stderr' = 'stdout') =>
  ev(seq, 'node.log', nodeId, { stream, line });
const failure = { code: 'code_threw', message: 'boom' };

describe('run state: applying events', () => {
  it('follows a run from start to finish', () => {
    const run = applyRunEvents(emptyRun(RUN, ['a', 'b']), [
      ev(1, 'run.started', null, { attempt: 1, resumed: false }),
      ev(2, 'node.started', 'a', { attempt: 1, runtime: 'node' }),
      log(3, 'a', 'hello'),
      ev(4, 'node.succeeded', 'a', { attempt: 1, durationMs: 12 }),
      ev(5, 'node.skipped', 'b', { reason: 'upstream failed' }),
      ev(6, 'run.finished', null, { status: 'succeeded', durationMs: 40, error: null }),
    ]);
    expect(run.status).toBe('succeeded');
    expect(run.durationMs).toBe(40);
    expect(run.lastSeq).toBe(6);
    expect(run.nodes.a).toMatchObject({ status: 'succeeded', attempts: 1, runtime: 'node', durationMs: 12 });
    expect(run.nodes.b?.status).toBe('skipped');
    expect(run.logs.map((l) => l.line)).toEqual(['hello']);
  });

  it("keeps the router's decision (runtime, isolation, reason) through a retry's node.started", () => {
    const decision = {
      runtime: 'node' as const,
      reason: 'node: JavaScript in a sandboxed child process',
      fallbacks: [],
      isolation: 'sandbox' as const,
      backend: 'node-process+bwrap',
    };
    const run = applyRunEvents(emptyRun(RUN, ['a']), [
      ev(1, 'node.started', 'a', { attempt: 1, runtime: null }),
      ev(2, 'node.runtime', 'a', decision),
      ev(3, 'node.started', 'a', { attempt: 2, runtime: null }),
    ] as RunEvent[]);
    expect(run.nodes.a).toMatchObject({
      runtime: 'node',
      attempts: 2,
      decision: { reason: decision.reason, isolation: 'sandbox', backend: 'node-process+bwrap' },
    });
  });

  it('applies a batch in seq order even when it arrives shuffled', () => {
    const events = [
      ev(1, 'node.started', 'a', { attempt: 1, runtime: null }),
      log(2, 'a', 'one'),
      log(3, 'a', 'two'),
      ev(4, 'node.succeeded', 'a', { attempt: 1, durationMs: 5 }),
    ];
    const run = applyRunEvents(emptyRun(RUN, ['a']), [events[3], events[1], events[0], events[2]] as RunEvent[]);
    expect(run.nodes.a?.status).toBe('succeeded');
    expect(run.logs.map((l) => l.line)).toEqual(['one', 'two']);
  });

  it('ignores the replay a reconnect brings (seq at or below lastSeq)', () => {
    const first = [ev(1, 'node.started', 'a', { attempt: 1, runtime: null }), log(2, 'a', 'one')];
    const before = applyRunEvents(emptyRun(RUN, ['a']), first);
    // The server resumes from Last-Event-ID, but a stale `after=` may resend events 1–2.
    const after = applyRunEvents(before, [...first, log(3, 'a', 'two')]);
    expect(after.logs.map((l) => l.line)).toEqual(['one', 'two']);
    expect(applyRunEvents(after, first)).toEqual(after);
  });

  it('keeps a node running through a failed attempt that will be retried', () => {
    let run = applyRunEvents(emptyRun(RUN, ['a']), [
      ev(1, 'node.started', 'a', { attempt: 1, runtime: 'node' }),
      ev(2, 'node.failed', 'a', { attempt: 1, durationMs: 3, error: failure, willRetry: true, retryInMs: 100 }),
    ]);
    expect(run.nodes.a).toMatchObject({ status: 'running', attempts: 1, error: failure });
    run = applyRunEvents(run, [ev(3, 'node.started', 'a', { attempt: 2, runtime: 'node' })]);
    expect(run.nodes.a).toMatchObject({ status: 'running', attempts: 2, error: null });
    run = applyRunEvents(run, [ev(4, 'node.failed', 'a', { attempt: 2, durationMs: 4, error: failure, willRetry: false })]);
    expect(run.nodes.a).toMatchObject({ status: 'failed', attempts: 2, error: failure });
  });

  it('settles a node still running (waiting to retry) when its run is cancelled', () => {
    const run = applyRunEvents(emptyRun(RUN, ['a', 'b']), [
      ev(1, 'node.started', 'a', { attempt: 1, runtime: 'node' }),
      ev(2, 'node.failed', 'a', { attempt: 1, durationMs: 3, error: failure, willRetry: true, retryInMs: 1000 }),
      ev(3, 'node.cancelled', 'b', { reason: 'run cancelled' }),
      ev(4, 'run.finished', null, { status: 'cancelled', durationMs: 50, error: null }),
    ]);
    expect(run.nodes.a?.status).toBe('cancelled');
    expect(run.nodes.a?.durationMs).toBe(30); // from node.started to run.finished, 10 ms per event
    expect(run.nodes.b?.status).toBe('cancelled');
  });

  it('records why a node was skipped, as the run snapshot has it (older events: an upstream failure)', () => {
    const run = applyRunEvents(emptyRun(RUN, ['no', 'after', 'old']), [
      ev(1, 'node.skipped', 'no', { reason: 'its branch was not taken', code: 'branch_not_taken' }),
      ev(2, 'node.skipped', 'after', { reason: 'upstream "x" failed', code: 'upstream_failed' }),
      ev(3, 'node.skipped', 'old', { reason: 'upstream failed' }),
    ]);
    expect(run.nodes.no).toMatchObject({
      status: 'skipped',
      error: { code: 'branch_not_taken', message: 'its branch was not taken' },
    });
    expect(run.nodes.after?.error?.code).toBe('upstream_failed');
    expect(run.nodes.old?.error).toEqual({ code: 'upstream_failed', message: 'upstream failed' });
  });

  it('keeps only the newest LOG_LIMIT lines and counts the dropped ones', () => {
    const lines = Array.from({ length: LOG_LIMIT + 25 }, (_, i) => log(i + 1, 'a', `line ${i + 1}`));
    const run = applyRunEvents(emptyRun(RUN, ['a']), lines);
    expect(run.logs).toHaveLength(LOG_LIMIT);
    expect(run.logs[0]?.line).toBe('line 26');
    expect(run.logs.at(-1)?.line).toBe(`line ${LOG_LIMIT + 25}`);
    expect(run.droppedLogs).toBe(25);
    const more = applyRunEvents(run, [log(LOG_LIMIT + 26, 'a', 'last')]);
    expect(more.logs).toHaveLength(LOG_LIMIT);
    expect(more.droppedLogs).toBe(26);
  });

  it('leaves untouched nodes as the same objects (their canvas nodes do not re-render)', () => {
    const start = emptyRun(RUN, ['a', 'b']);
    const run = applyRunEvents(start, [ev(1, 'node.started', 'a', { attempt: 1, runtime: null })]);
    expect(run.nodes.b).toBe(start.nodes.b);
    expect(applyRunEvents(run, [log(2, 'a', 'x')]).nodes).toBe(run.nodes);
  });
});

describe('run state: snapshot', () => {
  it('folds in outputs, final statuses and the run input', () => {
    const view = applyRunEvents(emptyRun(RUN, ['a']), [ev(1, 'node.started', 'a', { attempt: 1, runtime: null })]);
    const run: Run = {
      id: RUN,
      workflowId: 'wf_1',
      workflowVersion: 3,
      status: 'succeeded',
      error: null,
      createdAt: '2025-01-01T10:00:00.000Z',
      startedAt: '2025-01-01T10:00:00.000Z',
      finishedAt: '2025-01-01T10:00:01.500Z',
      input: { n: 1 },
      output: 2,
      nodes: [
        {
          nodeId: 'a',
          status: 'succeeded',
          attempts: 1,
          runtime: 'node',
          output: 2,
          error: null,
          startedAt: '2025-01-01T10:00:00.100Z',
          finishedAt: '2025-01-01T10:00:00.350Z',
        },
      ],
    };
    const next = withRunSnapshot(view, run);
    expect(next).toMatchObject({ status: 'succeeded', durationMs: 1500, workflowVersion: 3, input: { n: 1 }, hasSnapshot: true });
    expect(next.nodes.a).toMatchObject({ status: 'succeeded', output: 2, durationMs: 250 });
    expect(next.lastSeq).toBe(1);
    // Read while the run was still going, a running node stays running.
    const live = withRunSnapshot(view, {
      ...run,
      status: 'running',
      finishedAt: null,
      nodes: [{ ...(run.nodes[0] as Run['nodes'][number]), status: 'running' }],
    });
    expect(live.nodes.a?.status).toBe('running');
    // Read just as it ended, a row that still says running does not restart the node's clock.
    const stale = withRunSnapshot(view, { ...run, nodes: [{ ...(run.nodes[0] as Run['nodes'][number]), status: 'running' }] });
    expect(stale.nodes.a?.status).toBe('cancelled');
  });
});
