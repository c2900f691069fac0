import { randomUUID } from 'node:crypto';
import type { Run, RunSummary } from '@switchyard/shared';
import { code, edge, output, trigger } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from '../../engine/worker.ts';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { fireSchedule } from './fire-schedule.ts';
import { makeDue, scheduleNode, scheduleRow, secondsAgo, untilSettled } from './schedule-testing.ts';

/**
 * Schedules through the real save path and the real worker; time is simulated by moving a schedule's next fire
 * time into the past and sending its fire job (what pg-boss would hand out at that time), never by waiting.
 * The cron is RARELY, so no real fire time falls inside a test: every run comes from a simulated one.
 */
const RARELY = '0 0 1 1 *';

/** tick (schedule) → output          the run's output is the schedule's output, the run input */
const ticking = (config: Record<string, unknown> = {}) => ({
  nodes: [scheduleNode('tick', { cron: RARELY, ...config }), output()],
  edges: [edge('tick', 'output')],
});

/** tick (schedule) → say (code: returns `label`) → output */
const saying = (label: string, config: Record<string, unknown> = {}) => ({
  nodes: [
    scheduleNode('tick', { cron: RARELY, ...config }),
    code('say', `export default () => ${JSON.stringify(label)}`),
    output(),
  ],
  edges: [edge('tick', 'say'), edge('say', 'output')],
});

// One context; its worker is started and stopped by the tests, so a due job can wait while the workflow changes.
let t: TestContext;
let worker: Worker | null = null;
beforeAll(async () => {
  t = await createTestContext({ worker: false });
});
afterAll(async () => {
  await worker?.stop();
  await t?.close();
});

const startWorker = async () => {
  worker = Worker.create(t.deps, { concurrency: 4, pollMs: 100, sweepMs: 500, schedules: { sweepMs: 500 } });
  await worker.start();
};
/** A stopped worker cannot start again: the next start makes a new one. */
const stopWorker = async () => {
  await worker?.stop();
  worker = null;
};
const save = async (id: string, graph: unknown) => {
  const res = await t.call<{ version: number }>('PUT', `/api/workflows/${id}`, { graph });
  expect(res.status).toBe(200);
  return res.body.version;
};
const runsOf = async (workflowId: string) =>
  (await t.call<{ runs: RunSummary[] }>('GET', `/api/runs?workflowId=${workflowId}`)).body.runs;

describe('schedules with a worker', () => {
  beforeAll(startWorker);
  afterAll(stopWorker);

  it('saving makes the schedule live at its next fire time, for the saved version', async () => {
    const before = Date.now();
    const wf = await t.createWorkflow(ticking({ cron: '*/5 * * * *', timezone: 'Europe/Berlin', catchUp: 'once' }));
    const row = await scheduleRow(t.deps.database, wf.id, 'tick');
    expect(row).toMatchObject({
      workflowVersion: 1,
      cron: '*/5 * * * *',
      timezone: 'Europe/Berlin',
      catchUp: 'once',
      lastFiredAt: null,
    });
    const next = row?.nextFireAt.getTime() ?? 0;
    expect(next).toBeGreaterThan(before);
    expect(next % 300_000).toBe(0);
  });

  it('fires once per fire time: a run of the latest version, recorded as started by the schedule', async () => {
    const wf = await t.createWorkflow(ticking());
    const fireAt = secondsAgo(20);
    await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt }, 2);
    await untilSettled(t.deps.database, async () => (await runsOf(wf.id)).length > 0);

    const runs = await runsOf(wf.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ workflowVersion: 1, startedVia: 'schedule', trigger: { type: 'schedule', nodeId: 'tick' } });
    const run: Run = await t.waitForRun(runs[0]?.id as string);
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ scheduledAt: fireAt.toISOString(), cron: RARELY, timezone: 'UTC' });
    const firedAt = Date.parse((run.output as { firedAt: string }).firedAt);
    expect(firedAt).toBeGreaterThanOrEqual(fireAt.getTime());

    const row = await scheduleRow(t.deps.database, wf.id, 'tick');
    expect(row?.nextFireAt.getTime()).toBeGreaterThan(firedAt);
    expect(row?.lastFiredAt?.getTime()).toBe(firedAt);
  });

  it('after downtime, catchUp skip starts nothing and moves on to the next future fire time', async () => {
    const wf = await t.createWorkflow(ticking({ catchUp: 'skip' }));
    await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt: secondsAgo(600) });
    const moved = async () => ((await scheduleRow(t.deps.database, wf.id, 'tick'))?.nextFireAt.getTime() ?? 0) > Date.now();
    await untilSettled(t.deps.database, moved);

    expect(await runsOf(wf.id)).toEqual([]);
    expect((await scheduleRow(t.deps.database, wf.id, 'tick'))?.lastFiredAt).toBeNull();
  });

  it('after downtime, catchUp once starts exactly one run for the missed fire times, then moves on', async () => {
    const wf = await t.createWorkflow(ticking({ catchUp: 'once' }));
    const missed = secondsAgo(600);
    await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt: missed }, 1);
    await untilSettled(t.deps.database, async () => (await runsOf(wf.id)).length > 0);

    const runs = await runsOf(wf.id);
    expect(runs).toHaveLength(1);
    const run = await t.waitForRun(runs[0]?.id as string);
    expect(run.output).toMatchObject({ scheduledAt: missed.toISOString() });
    expect((await scheduleRow(t.deps.database, wf.id, 'tick'))?.nextFireAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('a schedule whose job was lost gets it again from the sweep', async () => {
    const wf = await t.createWorkflow(ticking({ catchUp: 'once' }));
    const missed = secondsAgo(300);
    // Only the row moves: no job for this fire time exists until the sweep sends it.
    await t.deps.database.executeSql('update schedules set next_fire_at = $1 where workflow_id = $2', [
      missed.toISOString(),
      wf.id,
    ]);
    await untilSettled(t.deps.database, async () => (await runsOf(wf.id)).length > 0);

    const runs = await runsOf(wf.id);
    expect(runs).toHaveLength(1);
    expect((await t.waitForRun(runs[0]?.id as string)).output).toMatchObject({ scheduledAt: missed.toISOString() });
  });

  it('a workflow that also has a manual trigger starts from the schedule alone', async () => {
    //   trigger → manual (output)        the run the schedule starts skips this side: not_triggered
    //   tick    → scheduled (output)
    const wf = await t.createWorkflow({
      nodes: [trigger(), scheduleNode('tick', { cron: RARELY }), output('manual', 'manual'), output('scheduled', 'scheduled')],
      edges: [edge('trigger', 'manual'), edge('tick', 'scheduled')],
    });
    await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt: secondsAgo(10) });
    await untilSettled(t.deps.database, async () => (await runsOf(wf.id)).length > 0);

    const run = await t.waitForRun((await runsOf(wf.id))[0]?.id as string);
    expect(run.status).toBe('succeeded');
    expect(run.nodes.find((n) => n.nodeId === 'trigger')?.error?.code).toBe('not_triggered');
    expect(run.nodes.find((n) => n.nodeId === 'scheduled')?.status).toBe('succeeded');
    expect(run.trigger).toEqual({ type: 'schedule', nodeId: 'tick' });
  });
});

describe('a fire the workspace quota refuses', () => {
  it('starts no run but still moves the schedule on', async () => {
    const wf = await t.createWorkflow(ticking());
    const fireAt = secondsAgo(20);
    await t.deps.database.executeSql('update schedules set next_fire_at = $1 where workflow_id = $2', [
      fireAt.toISOString(),
      wf.id,
    ]);
    const full = { ...t.deps, quotas: { ...t.deps.quotas, activeRuns: 0 } };

    const job = { workflowId: wf.id, nodeId: 'tick', fireAt: fireAt.toISOString() };
    expect(await fireSchedule(full, randomUUID(), job, { lateMs: 90_000 })).toEqual({ outcome: 'refused' });
    expect(await runsOf(wf.id)).toEqual([]);
    expect((await scheduleRow(t.deps.database, wf.id, 'tick'))?.nextFireAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('schedules follow saves', () => {
  // No worker until a test starts one: a due job waits while the workflow changes under it.
  afterAll(stopWorker);

  it('a disabled schedule has no row; enabling, disabling and removing the node follow each save', async () => {
    const wf = await t.createWorkflow(ticking({ enabled: false }));
    expect(await scheduleRow(t.deps.database, wf.id, 'tick')).toBeUndefined();
    await save(wf.id, ticking());
    expect(await scheduleRow(t.deps.database, wf.id, 'tick')).toMatchObject({ workflowVersion: 2 });
    await save(wf.id, ticking({ enabled: false }));
    expect(await scheduleRow(t.deps.database, wf.id, 'tick')).toBeUndefined();
    await save(wf.id, ticking());
    await save(wf.id, { nodes: [trigger(), output()], edges: [edge('trigger', 'output')] });
    expect(await scheduleRow(t.deps.database, wf.id, 'tick')).toBeUndefined();
  });

  it('a schedule with an invalid cron is not live (the canvas shows the compile error)', async () => {
    const wf = await t.createWorkflow(ticking({ cron: '0 0 * * * *' }));
    expect(await scheduleRow(t.deps.database, wf.id, 'tick')).toBeUndefined();
  });

  it('saving a new version replaces the schedule: the old due job is dropped, the new version runs', async () => {
    const wf = await t.createWorkflow(saying('v1'));
    await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt: secondsAgo(30) });
    // v2 changes the cron: its schedule starts afresh, the job above no longer matches it.
    expect(await save(wf.id, saying('v2', { cron: '*/2 * * * *' }))).toBe(2);
    const row = await scheduleRow(t.deps.database, wf.id, 'tick');
    expect(row).toMatchObject({ workflowVersion: 2, cron: '*/2 * * * *' });
    expect(row?.nextFireAt.getTime()).toBeGreaterThan(Date.now());

    await startWorker();
    await untilSettled(t.deps.database);
    expect(await runsOf(wf.id)).toEqual([]);

    await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt: secondsAgo(10) });
    await untilSettled(t.deps.database, async () => (await runsOf(wf.id)).length > 0);
    const runs = await runsOf(wf.id);
    expect(runs.map((r) => r.workflowVersion)).toEqual([2]);
    expect((await t.waitForRun(runs[0]?.id as string)).output).toBe('v2');
  });

  it('a save that keeps the cron keeps the due fire time, and that fire runs the new version', async () => {
    await stopWorker();
    const wf = await t.createWorkflow(saying('v1'));
    const fireAt = secondsAgo(15);
    await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt });
    await save(wf.id, saying('v2'));
    expect((await scheduleRow(t.deps.database, wf.id, 'tick'))?.nextFireAt.toISOString()).toBe(fireAt.toISOString());

    await startWorker();
    await untilSettled(t.deps.database, async () => (await runsOf(wf.id)).length > 0);
    const runs = await runsOf(wf.id);
    expect(runs.map((r) => r.workflowVersion)).toEqual([2]);
    expect((await t.waitForRun(runs[0]?.id as string)).output).toBe('v2');
  });

  it('deleting the workflow removes its schedule; its due job starts nothing', async () => {
    await stopWorker();
    const wf = await t.createWorkflow(ticking());
    await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt: secondsAgo(20) });
    expect((await t.call('DELETE', `/api/workflows/${wf.id}`)).status).toBe(204);
    expect(await scheduleRow(t.deps.database, wf.id, 'tick')).toBeUndefined();

    await startWorker();
    await untilSettled(t.deps.database);
    const { rows } = await t.deps.database.executeSql('select count(*)::int as n from runs where workflow_id = $1', [wf.id]);
    expect(rows[0]?.n).toBe(0);
  });
});
