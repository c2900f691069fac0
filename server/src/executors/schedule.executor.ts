import { scheduleNode } from '@switchyard/shared';
import { defineExecutor } from './executor.ts';

/**
 * Emits the run's input on `output`: `{ scheduledAt, firedAt, cron, timezone }` when the schedule started the run,
 * whatever input was given when it was started by hand.
 */
export const scheduleExecutor = defineExecutor(scheduleNode, async ({ run }) => ({ output: run.input ?? null }));
