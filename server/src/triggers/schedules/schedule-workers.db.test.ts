import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { edge, output } from '@switchyard/shared/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, createTestContext, type TestContext, testDbKind } from '../../testing/test-context.ts';
import { killHard, startWorkerProcess } from '../../testing/worker-process.ts';
import { fireSchedule } from './fire-schedule.ts';
import { makeDue, scheduleNode, scheduleRow, secondsAgo, untilSettled } from './schedule-testing.ts';

/**
 * tick (schedule, every minute) → output, fired by two worker processes (not this one) polling one Postgres.
 * Each simulated fire time gets its job and three duplicates, due over two seconds so both processes take some:
 * exactly one run per fire time, whoever claims it.
 */
describe.skipIf(testDbKind !== 'postgres')('a schedule polled by two worker processes', () => {
  let t: TestContext;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await createTestContext({ databaseUrl: scratch.url, worker: false });
    workers.push(...(await Promise.all([startWorkerProcess(scratch.url), startWorkerProcess(scratch.url)])));
  }, 90_000);
  afterAll(async () => {
    for (const w of workers) await killHard(w);
    await t?.close();
    await scratch?.drop();
  });

  it('fires exactly once per fire time', async () => {
    const wf = await t.createWorkflow({
      nodes: [scheduleNode('tick', { cron: '* * * * *' }), output()],
      edges: [edge('tick', 'output')],
    });
    const simulated: string[] = [];
    // Fire times 80, 70, 60 and 50 s ago: past, but not missed (a job is late after 90 s).
    for (const ago of [80, 70, 60, 50]) {
      const fireAt = secondsAgo(ago);
      simulated.push(fireAt.toISOString());
      await makeDue(t.deps.database, { workflowId: wf.id, nodeId: 'tick', fireAt }, 3, 2_000);
      const moved = async () => (await scheduleRow(t.deps.database, wf.id, 'tick'))?.nextFireAt.getTime() !== fireAt.getTime();
      await untilSettled(t.deps.database, moved, 30_000);
    }

    // A real minute may also have ticked meanwhile: it too must have fired once.
    const { rows } = await t.deps.database.executeSql(
      `select input->>'scheduledAt' as at, count(*)::int as n, min(trigger_node_id) as node, min(started_via) as via
       from runs where workflow_id = $1 group by 1`,
      [wf.id],
    );
    const perFireTime = Object.fromEntries(rows.map((r) => [r.at as string, r.n]));
    for (const at of simulated) expect(perFireTime[at]).toBe(1);
    expect(rows.every((r) => r.n === 1 && r.node === 'tick' && r.via === 'schedule')).toBe(true);
    // Every job of a simulated fire time was handled (the duplicates dropped), none failed.
    const jobs = await t.deps.database.executeSql(
      `select state, count(*)::int as n from pgboss.job where data->>'workflowId' = $1 and data->>'fireAt' = any($2) group by 1`,
      [wf.id, simulated],
    );
    expect(jobs.rows).toEqual([{ state: 'completed', n: simulated.length * 4 }]);
    const row = await scheduleRow(t.deps.database, wf.id, 'tick');
    expect(row?.nextFireAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  }, 120_000);

  it('concurrent claims of one fire time: one starts the run, the others find the schedule moved on', async () => {
    const wf = await t.createWorkflow({
      nodes: [scheduleNode('tick', { cron: '0 0 1 1 *' }), output()],
      edges: [edge('tick', 'output')],
    });
    const fireAt = secondsAgo(20);
    await t.deps.database.executeSql('update schedules set next_fire_at = $1 where workflow_id = $2', [
      fireAt.toISOString(),
      wf.id,
    ]);
    const job = { workflowId: wf.id, nodeId: 'tick', fireAt: fireAt.toISOString() };

    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => fireSchedule(t.deps, randomUUID(), job, { lateMs: 90_000 })),
    );
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['dropped', 'dropped', 'dropped', 'dropped', 'dropped', 'fired']);
  });
});
